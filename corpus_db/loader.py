"""The load pipeline: files -> readers -> extract -> store, one transaction per article.

An article and everything extracted from it commit together or not at all.
A bad file or line is recorded as a failure and the rest of the batch goes on.
With ``strict=True`` each file is one transaction and the first failure stops
the load: the database is left as it was before that file.

When a load is cut short, what is stored is whole articles (or, strict, whole
files), and loading the same paths again continues, because stored articles
are recognised by their content hash and skipped:

- Ctrl-C rolls back the open transaction and raises :class:`LoadInterrupted`;
- a killed process leaves its open transaction to the database, which drops it;
- a database failure (connection lost, SQLite lock not granted in time)
  raises :class:`LoadStopped`; both carry the summary of what was done;
- a PostgreSQL deadlock or serialization failure between loaders running at
  once retries the article.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from corpus_db.db import sqlite_busy_timeout
from corpus_db.errors import InputError, LoadInterrupted, LoadStopped
from corpus_db.extract import extract, reference
from corpus_db.migrate import prepare_for_writing
from corpus_db.models import Country
from corpus_db.readers import RawArticle, find_files, read_file
from corpus_db.store import article_exists, store_article

T = TypeVar("T")

# PostgreSQL aborts one of two transactions that wait on each other (40P01) or
# cannot be serialised (40001); running it again is the documented answer.
_RETRY_SQLSTATES = frozenset({"40P01", "40001"})
_ATTEMPTS = 5


@dataclass
class LoadSummary:
    """What one load did: files, articles loaded, already present, each failure, facts found."""

    loaded: int = 0
    present: int = 0
    country_mentions: int = 0
    people: int = 0
    agreements: int = 0
    failures: list[InputError] = field(default_factory=list)
    files: int = 0
    files_done: int = 0

    @property
    def failed(self) -> int:
        """How many files or lines could not be loaded."""
        return len(self.failures)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain data, failures with file, line and reason."""
        return {
            "files": self.files,
            "files_done": self.files_done,
            "loaded": self.loaded,
            "present": self.present,
            "failed": self.failed,
            "country_mentions": self.country_mentions,
            "people": self.people,
            "agreements": self.agreements,
            "failures": [
                {"path": f.path, "line": f.line, "reason": f.reason} for f in self.failures
            ],
        }

    def _add(self, other: LoadSummary) -> None:
        """Count a committed unit of work (an article, or a file when strict)."""
        self.loaded += other.loaded
        self.present += other.present
        self.country_mentions += other.country_mentions
        self.people += other.people
        self.agreements += other.agreements


def load(
    engine: Engine,
    paths: Iterable[str | Path],
    *,
    strict: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> LoadSummary:
    """Load every article under ``paths`` into the database behind ``engine``.

    ``strict``: stop at the first failure, storing nothing from the file it is
    in (:class:`LoadStopped`). ``on_progress(files_done, files_total)`` is
    called after each file. Ctrl-C raises :class:`LoadInterrupted`.
    """
    reference.leaders()  # a leaders table that cannot be read stops the load here, named
    files, errors = find_files(paths)
    summary = LoadSummary(files=len(files), failures=list(errors))
    if strict and errors:
        raise LoadStopped(_strict_message(errors[0], None), summary)
    run = _Run(engine, summary, strict)
    try:
        with run:
            for path in files:
                run.load_file(path)
                summary.files_done += 1
                if on_progress is not None:
                    on_progress(summary.files_done, summary.files)
    except KeyboardInterrupt:
        raise LoadInterrupted(summary) from None
    return summary


class _Run:
    """One load: its connection, the country codes the store accepts, the summary so far.

    The whole load uses one connection, one transaction after another: no pool
    checkout and liveness ping per article.
    """

    def __init__(self, engine: Engine, summary: LoadSummary, strict: bool) -> None:
        self.engine = engine
        self.summary = summary
        self.strict = strict
        self.sqlite = engine.dialect.name == "sqlite"
        self.country_codes: frozenset[str] = frozenset()
        self.connection: Connection | None = None

    def __enter__(self) -> _Run:
        """Create the schema if the database is empty; connect; read the country codes."""
        try:
            prepare_for_writing(self.engine)
        except OperationalError as error:
            if self._locked(error):
                raise LoadStopped(self._failure_message(error, None), self.summary) from error
            raise  # cannot connect at all: the CLI names the database
        self.connection = self.engine.connect()
        with self.connection.begin():
            self.country_codes = frozenset(self.connection.scalars(select(Country.code)))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.connection is not None:
            self.connection.close()

    def sessions(self) -> Session:
        return Session(self.connection, expire_on_commit=False)

    def load_file(self, path: Path) -> None:
        if self.strict:
            self._load_file_at_once(path)
            return
        for item in read_file(path):
            if isinstance(item, InputError):
                self.summary.failures.append(item)
                continue
            try:
                self.summary._add(self._transaction(item.path, self._store_one, item))
            except InputError as failure:
                self.summary.failures.append(failure)

    def _load_file_at_once(self, path: Path) -> None:
        """Strict: the whole file in one transaction; its first failure rolls it back."""

        def store_all(session: Session, path: Path) -> LoadSummary:
            done = LoadSummary()
            for item in read_file(path):
                if isinstance(item, InputError):
                    raise item
                done._add(self._store_one(session, item))
            return done

        try:
            self.summary._add(self._transaction(str(path), store_all, path))
        except InputError as failure:
            self.summary.failures.append(failure)
            raise LoadStopped(_strict_message(failure, path), self.summary) from None

    def _store_one(self, session: Session, raw: RawArticle) -> LoadSummary:
        """Extract and store one article inside the caller's transaction."""
        if article_exists(session, raw.content_hash):
            return LoadSummary(present=1)
        try:
            facts = extract(raw.body, raw.published)
        except Exception as error:  # a bug in a rule must not stop the batch
            raise InputError(
                raw.path, f"extraction failed (please report this): {error!r}"
            ) from error
        try:
            stored = store_article(session, raw, facts, self.country_codes)
        except OperationalError:
            raise
        except DBAPIError as error:  # a constraint or value the database refused
            raise InputError(raw.path, f"could not be stored: {_reason(error)}") from error
        if stored is None:  # another loader stored the same text a moment ago
            return LoadSummary(present=1)
        return LoadSummary(
            loaded=1,
            country_mentions=len(facts.countries),
            people=len(facts.people),
            agreements=len(facts.agreements),
        )

    def _transaction(self, where: str, work: Callable[[Session, Any], T], item: Any) -> T:
        """Run ``work(session, item)`` in one transaction, retrying deadlocks.

        A value the database refuses becomes an :class:`InputError` for
        ``where``; a database that fails becomes :class:`LoadStopped`.
        """
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                with self.sessions() as session, session.begin():
                    if self.sqlite:
                        # Take the write lock first, waiting for other writers within the
                        # busy timeout; a deferred transaction that read first could not
                        # wait for it and would fail at once with "database is locked".
                        session.execute(text("BEGIN IMMEDIATE"))
                    return work(session, item)
            except OperationalError as error:
                if _sqlstate(error) in _RETRY_SQLSTATES and attempt < _ATTEMPTS:
                    time.sleep(0.05 * attempt)
                    continue
                raise LoadStopped(self._failure_message(error, where), self.summary) from error
            except DBAPIError as error:
                raise InputError(where, f"could not be stored: {_reason(error)}") from error
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _locked(self, error: OperationalError) -> bool:
        return self.sqlite and "locked" in str(error.orig)

    def _failure_message(self, error: OperationalError, where: str | None) -> str:
        at = f" at {where}" if where else ""
        if self._locked(error):
            return (
                f"the SQLite database {self.engine.url.database} is locked by another writer; "
                f"waited {sqlite_busy_timeout(self.engine.url):g} s{at}. Run the load again "
                "when the other one has finished (articles stored so far are kept), or wait "
                "longer with ?timeout=SECONDS in the database URL"
            )
        return (
            f"the database failed{at}: {_reason(error)}. Articles stored before it are kept; "
            "run the same load again to continue"
        )


def _strict_message(failure: InputError, path: Path | None) -> str:
    kept = f"nothing from {path} was stored, " if path is not None else "nothing was stored, "
    return (
        f"stopped at the first failure (--strict): {failure}; {kept}"
        "the database is as it was before it"
    )


def _sqlstate(error: DBAPIError) -> str | None:
    return getattr(error.orig, "sqlstate", None)


def _reason(error: DBAPIError) -> str:
    return str(error.orig).strip()
