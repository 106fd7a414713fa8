"""corpus_db: news articles in, a database of people, countries and agreements out."""

from corpus_db.errors import CorpusError

__all__ = ["CorpusError"]
