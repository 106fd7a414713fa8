"""The load pipeline: files -> readers -> skip known -> extract -> store, in batches.

Articles are read in order and grouped in batches of up to ``BATCH`` (files
cut across batches). For each batch, articles whose text is already stored
are skipped by content hash before extraction; the rest are extracted on
every core (:mod:`corpus_db.workers`) while the batch before is written, and
the batch commits as one transaction. So an article and everything extracted
from it commit together or not at all, and the time per article does not
grow with the database: each step is one lookup or one insert per row on
indexed keys. A bad file or line is recorded as a failure and the rest of the
batch goes on; a row the database refuses sends its batch back one article
at a time, so only that article is lost. With ``strict=True`` each file is
one batch (held in memory) and the first failure stops the load: the
database is left as it was before that file.

When a load is cut short, what is stored is whole articles (or, strict, whole
files), and loading the same paths again continues, because stored articles
are recognised by their content hash and skipped:

- Ctrl-C rolls back the open batch, stops the workers and raises
  :class:`LoadInterrupted`;
- a killed process leaves its open transaction to the database, which drops it;
- a database failure (connection lost, SQLite lock not granted in time)
  raises :class:`LoadStopped`; both carry the summary of what was done;
- a PostgreSQL deadlock or serialization failure between loaders running at
  once retries the batch.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from corpus_db import curation
from corpus_db.db import sqlite_busy_timeout
from corpus_db.errors import InputError, LoadInterrupted, LoadStopped
from corpus_db.extract import reference
from corpus_db.extract.version import extractor_version
from corpus_db.migrate import prepare_for_writing
from corpus_db.models import Country
from corpus_db.readers import RawArticle, ReadResult, find_files, read_file
from corpus_db.store import (
    Report,
    planned_articles,
    present_hashes,
    refresh_statistics,
    report_keys,
    store_articles,
)
from corpus_db.workers import FILES, Extractors, Pending, outcomes

T = TypeVar("T")

# PostgreSQL aborts one of two transactions that wait on each other (40P01) or
# cannot be serialised (40001); running it again is the documented answer.
_RETRY_SQLSTATES = frozenset({"40P01", "40001"})
_ATTEMPTS = 5
# Articles per transaction: enough that commits and statements cost little per
# article, few enough that Ctrl-C loses little and other writers wait little.
BATCH = 250
# Batches read and sent to extraction ahead of the one being written.
AHEAD = 2
# Chunks of files being read ahead of the batch being formed.
READ_AHEAD = 8


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
    # Curation decisions whose target the database no longer holds, after the last batch.
    unapplied: list[str] = field(default_factory=list)

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
            "decisions_without_target": self.unapplied,
        }

    def _add(self, other: LoadSummary) -> None:
        """Count a committed batch (or an article of a batch stored one by one)."""
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
    workers: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> LoadSummary:
    """Load every article under ``paths`` into the database behind ``engine``.

    ``strict``: stop at the first failure, storing nothing from the file it is
    in (:class:`LoadStopped`). ``workers``: processes that read and extract
    (default: one per core; 1 starts none: all runs in this process). ``on_progress(files_done,
    files_total)`` is called as files are committed. Ctrl-C raises
    :class:`LoadInterrupted`.
    """
    extractors = Extractors(workers)  # refuses workers below 1 before anything is done
    reference.leaders()  # a leaders table that cannot be read stops the load here, named
    files, errors = find_files(paths)
    summary = LoadSummary(files=len(files), failures=list(errors))
    if strict and errors:
        raise LoadStopped(_strict_message(errors[0], None), summary)
    run = _Run(engine, summary, strict, on_progress)
    try:
        with run, extractors:
            pending: deque[_Batch] = deque()
            for batch in _batches(_contents(files, extractors), strict):
                run.start(batch, extractors)
                pending.append(batch)
                if len(pending) > AHEAD:
                    run.finish(pending.popleft())
            while pending:
                run.finish(pending.popleft())
            if summary.loaded:
                summary.unapplied = run.unapplied()
    except KeyboardInterrupt:
        raise LoadInterrupted(summary) from None
    except BrokenProcessPool as error:
        raise LoadStopped(f"an extraction worker died: {error}", summary) from error
    return summary


@dataclass
class _Batch:
    """Articles read in order, with the read failures among them and the files they end."""

    articles: list[RawArticle] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    files_ended: int = 0
    path: Path | None = None  # strict: the one file this batch is
    new: list[RawArticle] = field(default_factory=list)
    present: int = 0
    extracting: Pending = field(default_factory=list)


def _batches(
    contents: Iterable[tuple[Path, Iterable[ReadResult]]], strict: bool
) -> Iterator[_Batch]:
    """Group the files' articles into batches: up to BATCH articles, or (strict) one file each."""
    batch = _Batch()
    for path, items in contents:
        if strict:
            batch.path = path
        for item in items:
            if isinstance(item, InputError):
                batch.failures.append(item)
                continue
            # A full batch goes when the next article comes, so that a file whose
            # last article filled it is counted as ended with it.
            if not strict and len(batch.articles) >= BATCH:
                yield batch
                batch = _Batch()
            batch.articles.append(item)
        batch.files_ended += 1
        if strict:
            yield batch
            batch = _Batch()
    if batch.articles or batch.failures or batch.files_ended:
        yield batch


def _contents(
    files: list[Path], extractors: Extractors
) -> Iterator[tuple[Path, Iterable[ReadResult]]]:
    """Each file with what it holds, in order; text files are read ahead on the workers."""
    chunks = iter([files[i : i + FILES] for i in range(0, len(files), FILES)])
    ahead: deque[tuple[list[Path], Future[list[list[ReadResult]]]]] = deque()

    def read_next() -> None:
        chunk = next(chunks, None)
        if chunk is not None:
            ahead.append((chunk, extractors.read([path for path in chunk if _text(path)])))

    for _ in range(READ_AHEAD):
        read_next()
    while ahead:
        chunk, reading = ahead.popleft()
        read_next()
        texts = iter(reading.result())
        for path in chunk:
            yield path, next(texts) if _text(path) else read_file(path)


def _text(path: Path) -> bool:
    """A file of one article; JSONL files, of any size, are streamed by the loader itself."""
    return path.suffix.lower() != ".jsonl"


class _Run:
    """One load: its connection, the country codes the store accepts, the summary so far.

    The whole load uses one connection, one transaction after another: no pool
    checkout and liveness ping per batch.
    """

    def __init__(
        self,
        engine: Engine,
        summary: LoadSummary,
        strict: bool,
        on_progress: Callable[[int, int], None] | None,
    ) -> None:
        self.engine = engine
        self.summary = summary
        self.strict = strict
        self.on_progress = on_progress
        self.sqlite = engine.dialect.name == "sqlite"
        self.country_codes: frozenset[str] = frozenset()
        self.connection: Connection | None = None
        self.extractor_version = extractor_version()
        # PostgreSQL: articles its planner believes there are, and were before this load.
        self.planned = self.at_start = 0

    def __enter__(self) -> _Run:
        """Create the schema if the database is empty; connect; read the country codes."""
        try:
            prepare_for_writing(self.engine)
        except OperationalError as error:
            if self._locked(error):
                raise LoadStopped(self._failure_message(error, None), self.summary) from error
            raise  # cannot connect at all: the CLI names the database
        self.connection = self.engine.connect()
        with self.sessions() as session, session.begin():
            self.country_codes = frozenset(session.scalars(select(Country.code)))
            if not self.sqlite:
                self.planned = self.at_start = planned_articles(session)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.connection is not None:
            self.connection.close()

    def sessions(self) -> Session:
        return Session(self.connection, expire_on_commit=False)

    def start(self, batch: _Batch, extractors: Extractors) -> None:
        """Skip the articles already stored (and repeats within the batch); extract the rest."""
        if self.strict and batch.failures:
            return  # finish() stops the load at this file; no need to extract it
        hashes = [raw.content_hash for raw in batch.articles]
        where = batch.articles[0].path if batch.articles else ""
        known = self._transaction(
            where, lambda session: present_hashes(session, hashes), writes=False
        )
        for raw, content_hash in zip(batch.articles, hashes, strict=True):
            if content_hash in known:
                batch.present += 1
            else:
                known.add(content_hash)
                batch.new.append(raw)
        if batch.new:
            batch.extracting = extractors.submit([(raw.body, raw.published) for raw in batch.new])

    def finish(self, batch: _Batch) -> None:
        """Store the batch's extracted articles in one transaction; count what was done."""
        if self.strict and batch.failures:
            self.summary.failures.append(batch.failures[0])
            raise LoadStopped(_strict_message(batch.failures[0], batch.path), self.summary)
        reports: list[Report] = []
        failures = list(batch.failures)
        for raw, outcome in zip(batch.new, outcomes(batch.extracting), strict=True):
            if isinstance(outcome, str):
                failures.append(InputError(raw.path, outcome))
            else:
                reports.append((raw, outcome))
        if self.strict and failures:
            self.summary.failures.append(failures[0])
            raise LoadStopped(_strict_message(failures[0], batch.path), self.summary)
        done = LoadSummary(present=batch.present)
        if reports:
            try:
                done._add(self._store(reports))
            except InputError as failure:
                if self.strict:
                    self.summary.failures.append(failure)
                    raise LoadStopped(_strict_message(failure, batch.path), self.summary) from None
                done._add(self._store_one_by_one(reports, failures))
        self.summary._add(done)
        self.summary.failures.extend(failures)
        self.summary.files_done += batch.files_ended
        if batch.files_ended and self.on_progress is not None:
            self.on_progress(self.summary.files_done, self.summary.files)
        if not self.sqlite and self.at_start + self.summary.loaded > 2 * self.planned:
            self._refresh_statistics()  # the planner is a doubling behind

    def _refresh_statistics(self) -> None:
        def refresh(session: Session) -> int:
            refresh_statistics(session)
            return planned_articles(session)

        now = self.at_start + self.summary.loaded
        counted = self._transaction("", refresh)
        # A role that does not own the tables analyses nothing: try again at the
        # next doubling, not after every batch.
        self.planned = max(counted, now)
        self.at_start = self.planned - self.summary.loaded

    def unapplied(self) -> list[str]:
        """Apply the curation decisions once more, after the last batch; those without a target."""
        return self._transaction("", curation.settle)

    def _store(self, reports: list[Report]) -> LoadSummary:
        """Store reports in one transaction; a value the database refuses raises InputError."""

        def store(session: Session) -> list[int | None]:
            curated = curation.take_turns(session)
            ids = store_articles(session, reports, self.country_codes, self.extractor_version)
            if curated and any(ids):
                curation.reapply(session, report_keys(reports))
            return ids

        ids = self._transaction(reports[0][0].path, store)
        done = LoadSummary()
        for article_id, (_, facts) in zip(ids, reports, strict=True):
            if article_id is None:  # another loader stored the same text a moment ago
                done.present += 1
                continue
            done.loaded += 1
            done.country_mentions += len(facts.countries)
            done.people += len(facts.people)
            done.agreements += len(facts.agreements)
        return done

    def _store_one_by_one(self, reports: list[Report], failures: list[InputError]) -> LoadSummary:
        """After a refused batch: each article in its own transaction, to lose only the bad one."""
        done = LoadSummary()
        for report in reports:
            try:
                done._add(self._store([report]))
            except InputError as failure:
                failures.append(failure)
        return done

    def _transaction(self, where: str, work: Callable[[Session], T], *, writes: bool = True) -> T:
        """Run ``work(session)`` in one transaction, retrying deadlocks.

        A value the database refuses becomes an :class:`InputError` for
        ``where``; a database that fails becomes :class:`LoadStopped`.
        """
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                with self.sessions() as session, session.begin():
                    if self.sqlite and writes:
                        # Take the write lock first, waiting for other writers within the
                        # busy timeout; a deferred transaction that read first could not
                        # wait for it and would fail at once with "database is locked".
                        session.execute(text("BEGIN IMMEDIATE"))
                    return work(session)
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
