"""corpus_db: news articles in, a database of people, countries and agreements out.

from corpus_db import Corpus
with Corpus() as corpus:            # ./corpus.db, or CORPUS_DB_URL
    corpus.load(["seeds/"])
    corpus.agreements()
    corpus.search('treaty "allied relations"')
    corpus.sql("SELECT title, parties FROM agreement_overview")
"""

from corpus_db.corpus import Corpus
from corpus_db.errors import (
    CorpusError,
    DatabaseNotFound,
    InputError,
    NotFound,
    QueryError,
    ReadOnlyError,
    SchemaOutOfDate,
)
from corpus_db.fulltext import SearchResult
from corpus_db.loader import LoadSummary
from corpus_db.readonly import SqlResult
from corpus_db.records import AgreementRecord, ArticleRecord, CountryRecord, PersonRecord

__all__ = [
    "AgreementRecord",
    "ArticleRecord",
    "Corpus",
    "CorpusError",
    "CountryRecord",
    "DatabaseNotFound",
    "InputError",
    "LoadSummary",
    "NotFound",
    "PersonRecord",
    "QueryError",
    "ReadOnlyError",
    "SchemaOutOfDate",
    "SearchResult",
    "SqlResult",
]
