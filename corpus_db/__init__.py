"""corpus_db: news articles in, a database of people, countries and agreements out.

from corpus_db import Corpus
with Corpus() as corpus:            # ./corpus.db, or CORPUS_DB_URL
    corpus.load(["seeds/"])
    corpus.agreements(party=["KZ", "KG"], since="2024")
    corpus.person("Tokayev").to_dict()
    corpus.search('treaty "allied relations"')
    corpus.sql("SELECT title, parties FROM agreement_overview")
"""

from corpus_db.corpus import Corpus
from corpus_db.errors import (
    Ambiguous,
    CorpusError,
    DatabaseNotFound,
    EvaluationError,
    GoldFileError,
    InputError,
    InvalidQuery,
    LoadInterrupted,
    LoadStopped,
    NotFound,
    QueryError,
    ReadOnlyError,
    SchemaOutOfDate,
)
from corpus_db.evaluate import Evaluation
from corpus_db.fulltext import SearchResult
from corpus_db.loader import LoadSummary
from corpus_db.readonly import SqlResult
from corpus_db.records import (
    AgreementProfile,
    AgreementRecord,
    ArticleProfile,
    ArticleRecord,
    CountryProfile,
    CountryRecord,
    PersonProfile,
    PersonRecord,
    Stats,
)

__all__ = [
    "AgreementProfile",
    "AgreementRecord",
    "Ambiguous",
    "ArticleProfile",
    "ArticleRecord",
    "Corpus",
    "CorpusError",
    "CountryProfile",
    "CountryRecord",
    "DatabaseNotFound",
    "Evaluation",
    "EvaluationError",
    "GoldFileError",
    "InputError",
    "InvalidQuery",
    "LoadInterrupted",
    "LoadStopped",
    "LoadSummary",
    "NotFound",
    "PersonProfile",
    "PersonRecord",
    "QueryError",
    "ReadOnlyError",
    "SchemaOutOfDate",
    "SearchResult",
    "SqlResult",
    "Stats",
]
