"""Exceptions corpus_db raises on purpose; the CLI turns each into ``Error: ...``.

CorpusError
├── DatabaseNotFound     reading a database that has no corpus schema yet
├── SchemaOutOfDate      the database is at another revision than this code
├── InputError           an article file cannot be read (file, line, reason)
├── LoadStopped          a load stopped early (--strict, the database failed); has .summary
└── NotFound             an id, name or code that matches nothing

KeyboardInterrupt
└── LoadInterrupted      Ctrl-C during a load; has .summary (not a CorpusError: it must
                         not be caught by ``except Exception``)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from corpus_db.loader import LoadSummary


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


class LoadStopped(CorpusError):
    """A load stopped before its end; ``summary`` says what it had done until then."""

    def __init__(self, message: str, summary: LoadSummary) -> None:
        self.summary = summary
        super().__init__(message)


class LoadInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped a load; ``summary`` says how far it got. Rerunning it continues."""

    def __init__(self, summary: LoadSummary) -> None:
        self.summary = summary
        super().__init__(
            f"Interrupted after {summary.files_done} of {summary.files} files: "
            f"{summary.loaded} loaded, {summary.present} already present, "
            f"{summary.failed} failed. Run the same load again to continue."
        )
