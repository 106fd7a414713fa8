"""Exceptions corpus_db raises on purpose; the CLI turns each into ``Error: ...``.

CorpusError
├── DatabaseNotFound     reading a database that has no corpus schema yet
├── SchemaOutOfDate      the database is at another revision than this code
├── InputError           an article file cannot be read (file, line, reason)
│   └── GoldFileError    a gold file cannot be read or breaks the annotation format
├── EvaluationError      evaluate cannot use its files; lists every InputError found
├── LoadStopped          a load stopped early (--strict, the database failed); has .summary
├── NotFound             an id, name or code that matches nothing
├── Ambiguous            a name that matches more than one row
├── InvalidQuery         a query argument that cannot be used (a bad date, an unknown status)
└── QueryError           a search query or SQL statement that cannot run
    └── ReadOnlyError    the sql command was asked to change the database

KeyboardInterrupt
└── LoadInterrupted      Ctrl-C during a load; has .summary (not a CorpusError: it must
                         not be caught by ``except Exception``)
"""

from __future__ import annotations

from collections.abc import Sequence
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

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, int | None]]:
        return InputError, (self.path, self.reason, self.line)  # across processes, whole


class GoldFileError(InputError):
    """A gold file that cannot be read or does not follow tests/data/ANNOTATION.md."""


class EvaluationError(CorpusError):
    """Article or gold files that ``evaluate`` cannot use, every problem listed."""

    def __init__(self, problems: Sequence[InputError]) -> None:
        self.problems = tuple(problems)
        lines = [str(problem) for problem in self.problems]
        if len(lines) > 1:
            lines.insert(0, f"{len(lines)} problems with the evaluation files:")
        super().__init__("\n".join(lines))


class Ambiguous(CorpusError):
    """A name matches more than one row; the message lists them."""


class InvalidQuery(CorpusError):
    """A query argument that cannot be used: a bad date, an unknown status or table."""


class QueryError(CorpusError):
    """A search query or SQL statement that cannot run, with the reason."""


class ReadOnlyError(QueryError):
    """The read-only sql command was asked to change the database; nothing changed."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"the sql command is read-only: {reason}")


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
