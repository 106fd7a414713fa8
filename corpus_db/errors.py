"""Exceptions corpus_db raises on purpose; the CLI turns each into ``Error: ...``.

CorpusError
├── DatabaseNotFound     reading a database that has no corpus schema yet
├── SchemaOutOfDate      the database is at another revision than this code
├── InputError           an article file cannot be read (file, line, reason)
├── NotFound             an id, name or code that matches nothing
└── QueryError           a search query or SQL statement that cannot run
    └── ReadOnlyError    the sql command was asked to change the database
"""

from __future__ import annotations


class CorpusError(Exception):
    """Base class of every error corpus_db raises on purpose."""


class DatabaseURLError(CorpusError):
    """The database URL cannot be parsed or names a backend corpus_db does not support."""


class DatabaseNotFound(CorpusError):
    """The database has no corpus schema yet."""


class SchemaOutOfDate(CorpusError):
    """The database schema is at another revision than this version of corpus_db."""


class NotFound(CorpusError):
    """Nothing matches the id, name or code asked for."""


class InputError(CorpusError):
    """An article file or line that cannot be read."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class QueryError(CorpusError):
    """A search query or SQL statement that cannot run, with the reason."""


class ReadOnlyError(QueryError):
    """The read-only sql command was asked to change the database; nothing changed."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"the sql command is read-only: {reason}")
