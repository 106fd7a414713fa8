"""corpus_db: news articles in, a database of people, countries and agreements out.

from corpus_db import Corpus
with Corpus() as corpus:            # ./corpus.db, or CORPUS_DB_URL
    corpus.load(["seeds/"])
    corpus.agreements()
"""

from corpus_db.corpus import Corpus
from corpus_db.errors import (
    CorpusError,
    DatabaseNotFound,
    InputError,
    LoadInterrupted,
    LoadStopped,
    NotFound,
    SchemaOutOfDate,
)
from corpus_db.loader import LoadSummary
from corpus_db.records import AgreementRecord, ArticleRecord, CountryRecord, PersonRecord

__all__ = [
    "AgreementRecord",
    "ArticleRecord",
    "Corpus",
    "CorpusError",
    "CountryRecord",
    "DatabaseNotFound",
    "InputError",
    "LoadInterrupted",
    "LoadStopped",
    "LoadSummary",
    "NotFound",
    "PersonRecord",
    "SchemaOutOfDate",
]
