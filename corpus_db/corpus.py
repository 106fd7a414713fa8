"""The Corpus API: open a database, load articles, ask what they report.

Every CLI command is a thin wrapper over one method here. Queries return the
plain records of :mod:`corpus_db.records`, never ORM objects tied to a session.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from sqlalchemy import text as sql_text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from corpus_db import curation, fulltext, loader, migrate, profiles, queries, readonly, reextract
from corpus_db.curation import DecisionRecord
from corpus_db.db import make_engine, session_factory, sqlite_path
from corpus_db.errors import DatabaseNotFound, InvalidQuery
from corpus_db.extract.version import extractor_version
from corpus_db.fulltext import SearchResult
from corpus_db.loader import LoadSummary
from corpus_db.readonly import SqlResult
from corpus_db.records import (
    EXPORTS,
    AgreementProfile,
    AgreementRecord,
    ArticleProfile,
    ArticleRecord,
    CountryProfile,
    CountryRecord,
    PersonProfile,
    PersonRecord,
    Record,
    Stats,
)
from corpus_db.reextract import ReextractSummary
from corpus_db.settings import display_url, resolve_url
from corpus_db.workers import Extractors


@dataclass(frozen=True)
class Undone:
    """An undone decision, and the re-extraction that gave its facts back."""

    decision: DecisionRecord
    reextracted: ReextractSummary


@dataclass(frozen=True)
class Imported:
    """What importing decisions did: added, already held, and those without a target here."""

    added: int
    skipped: int
    unapplied: list[str] = field(default_factory=list)


class Corpus:
    """A corpus database: ``Corpus()`` for ``./corpus.db`` (or ``CORPUS_DB_URL``)."""

    def __init__(self, url: str | os.PathLike[str] | URL | None = None) -> None:
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        self._sessions = session_factory(self.engine)
        self._readable = False

    def __repr__(self) -> str:
        return f"Corpus({display_url(self.url)!r})"

    def __enter__(self) -> Corpus:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def migrate(self, revision: str = "head") -> migrate.Migration:
        """Upgrade the schema to ``revision``; return the revisions before and after."""
        return migrate.upgrade(self.engine, revision)

    def revision(self) -> str | None:
        """The schema revision the database is at (None before the first migration)."""
        return migrate.current_revision(self.engine)

    def load(
        self,
        paths: str | Path | Iterable[str | Path],
        *,
        strict: bool = False,
        workers: int | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> LoadSummary:
        """Load article files and directories (one path or several); see :class:`LoadSummary`.

        ``strict``: stop at the first failure, leaving the database as it was
        before that file (raises :class:`LoadStopped`). ``workers``: processes
        that read and extract (default: one per core; 1 starts none).
        """
        if isinstance(paths, str | Path):
            paths = [paths]
        return loader.load(
            self.engine, paths, strict=strict, workers=workers, on_progress=on_progress
        )

    def reextract(
        self,
        *,
        everything: bool = False,
        outdated: bool = False,
        article: int | None = None,
        dry_run: bool = False,
        workers: int | None = None,
    ) -> ReextractSummary:
        """Run the extractor again over stored text (every article, the ``outdated``
        ones, or one by id) and replace their facts; see :mod:`corpus_db.reextract`.
        ``dry_run``: report what would change and write nothing."""
        return reextract.reextract(
            self.engine,
            everything=everything,
            outdated=outdated,
            article=article,
            dry_run=dry_run,
            workers=workers,
        )

    # Curation: each call records a decision, applies it at once and returns it.

    def merge_people(
        self, keep: int | str, other: int | str, *, by: str | None = None, note: str | None = None
    ) -> DecisionRecord:
        """``other`` is the same person as ``keep``: mentions, roles, aliases and signatures
        move to ``keep`` and the other name becomes an alias. ``by``: who decides
        (default ``CORPUS_DB_USER``, else the login name); ``note``: why."""
        return self._decide(curation.merge_people, keep, other, by=by, note=note)

    def split_person(
        self, name: int | str, form: str, *, by: str | None = None, note: str | None = None
    ) -> DecisionRecord:
        """The mentions of ``name`` written as ``form`` are another person: they move to a
        person of that name (a wrong merge, by extraction or by a decision)."""
        return self._decide(curation.split_person, name, form, by=by, note=note)

    def alias_person(
        self, name: int | str, alias: str, *, by: str | None = None, note: str | None = None
    ) -> DecisionRecord:
        """``alias`` is another name of ``name``; a person stored under it joins them."""
        return self._decide(curation.alias_person, name, alias, by=by, note=note)

    def set_person(
        self,
        name: int | str,
        *,
        country: str | None = None,
        role: str | None = None,
        since: date | str | None = None,
        by: str | None = None,
        note: str | None = None,
    ) -> DecisionRecord:
        """The person serves ``country`` (alpha-2, alpha-3 or name) and/or holds ``role``
        from ``since``; the role is kept with no article, its evidence the decision."""
        day = queries.parse_day(since, "since")
        return self._decide(
            curation.set_person, name, country=country, role=role, since=day, by=by, note=note
        )

    def reject_agreement(
        self, ident: int | str, *, by: str | None = None, note: str | None = None
    ) -> DecisionRecord:
        """The agreement is a false extraction: removed now and after every re-extraction."""
        return self._decide(curation.reject_agreement, ident, by=by, note=note)

    def reject_mention(
        self, ref: str, *, by: str | None = None, note: str | None = None
    ) -> DecisionRecord:
        """One mention, as ``show article`` prints it (``person:17``), is a false extraction."""
        return self._decide(curation.reject_mention, ref, by=by, note=note)

    def set_agreement(
        self,
        ident: int | str,
        *,
        title: str | None = None,
        status: str | None = None,
        signed_on: date | str | None = None,
        place: str | None = None,
        by: str | None = None,
        note: str | None = None,
    ) -> DecisionRecord:
        """Correct an agreement's ``title``, ``status``, ``signed_on`` date or ``place``."""
        day = queries.parse_day(signed_on, "signed_on")
        return self._decide(
            curation.set_agreement,
            ident,
            title=title,
            status=status,
            signed_on=day,
            place=place,
            by=by,
            note=note,
        )

    def decisions(self, *, holding: bool = False) -> list[DecisionRecord]:
        """Every curation decision, oldest first, with what its last application found
        (``holding``: only those not undone)."""
        with self._read() as session:
            return curation.listing(session, holding=holding)

    def undo(self, decision_id: int, *, by: str | None = None) -> Undone:
        """Revert a decision: what it shaped is extracted again from the articles involved,
        and the decisions that still hold are applied again, all in one transaction."""
        with self._write() as session:
            undoing = curation.undo(session, decision_id, by)
            summary = ReextractSummary(extractor_version())
            with Extractors(1) as extractors:
                reextract.redo(
                    session,
                    undoing.articles,
                    extractors,
                    summary,
                    prepare=lambda: undoing.drop(session),
                )
            for kind, count in undoing.gone(session).items():
                summary.dropped[kind] += count
            return Undone(curation.record(undoing.decision), summary)

    def export_decisions(self) -> list[dict[str, Any]]:
        """Every decision as plain data (JSON-ready), for :meth:`import_decisions`."""
        with self._read() as session:
            return curation.export(session)

    def import_decisions(
        self, source: str | os.PathLike[str] | IO[str] | Iterable[dict[str, Any]]
    ) -> Imported:
        """Add decisions exported from another database (a file of ``export decisions``, or
        its rows) and apply them; those held already are skipped. Their targets are
        found by name and key, not by id."""
        readable = isinstance(source, str | os.PathLike) or hasattr(source, "read")
        rows = curation.read_decisions(source) if readable else source  # type: ignore[arg-type]
        migrate.prepare_for_writing(self.engine)  # decisions may come before the first load
        with self._write() as session:
            added, skipped = curation.import_(session, rows)
            unapplied = curation.reapply(session)
            return Imported(added, skipped, [f"#{d.id} {d.action}: {d.outcome}" for d in unapplied])

    def _decide(self, make: Callable[..., Any], *args: Any, **kwargs: Any) -> DecisionRecord:
        with self._write() as session:
            return curation.record(make(session, *args, **kwargs))

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A session in one transaction, committed at the end; SQLite's write lock taken first."""
        with self._read() as session, session.begin():
            if self.engine.dialect.name == "sqlite":
                session.execute(sql_text("BEGIN IMMEDIATE"))
            curation.lock(session)
            yield session

    def articles(
        self,
        *,
        country: str | None = None,
        person: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> list[ArticleRecord]:
        """Articles by publication date: naming ``country`` (alpha-2, alpha-3 or name) and
        ``person`` (any form of the name), published from ``since`` to ``until``
        (``YYYY[-MM[-DD]]``), holding every word of ``text``."""
        with self._read() as session:
            return queries.articles(
                session,
                country=country,
                person=person,
                since=since,
                until=until,
                text=text,
                limit=limit,
            )

    def people(
        self, *, country: str | None = None, name: str | None = None, limit: int | None = None
    ) -> list[PersonRecord]:
        """People by name: serving ``country``, with a form of the name containing ``name``
        (case and accents ignored); each with the other forms, latest role and article count."""
        with self._read() as session:
            return queries.people(session, country=country, name=name, limit=limit)

    def countries(
        self, *, min_mentions: int | None = None, limit: int | None = None
    ) -> list[CountryRecord]:
        """Countries the corpus mentions (at least ``min_mentions`` times), most mentioned first."""
        with self._read() as session:
            return queries.countries(session, min_mentions=min_mentions, limit=limit)

    def agreements(
        self,
        *,
        party: str | Iterable[str] | None = None,
        signatory: str | None = None,
        status: str | None = None,
        kind: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        limit: int | None = None,
    ) -> list[AgreementRecord]:
        """Agreements, most recently signed first, undated ones last: between every
        ``party`` given, signed by ``signatory``, of a ``status`` and ``kind``, signed
        from ``since`` to ``until`` (undated agreements then left out)."""
        with self._read() as session:
            return queries.agreements(
                session,
                party=party,
                signatory=signatory,
                status=status,
                kind=kind,
                since=since,
                until=until,
                limit=limit,
            )

    def article(self, ident: int | str) -> ArticleProfile:
        """One article by id or source name, with everything found in it and where."""
        with self._read() as session:
            return profiles.article(session, ident)

    def person(self, name: int | str) -> PersonProfile:
        """One person by any form of the name (or id): roles over time, articles, agreements."""
        with self._read() as session:
            return profiles.person(session, name)

    def country(self, code: str) -> CountryProfile:
        """One country by alpha-2, alpha-3 or name: articles, people, agreements, partners."""
        with self._read() as session:
            return profiles.country(session, code)

    def agreement(self, ident: int | str) -> AgreementProfile:
        """One agreement by id, with each source article and the sentence reporting it."""
        with self._read() as session:
            return profiles.agreement(session, ident)

    def stats(self, *, top: int = 5) -> Stats:
        """Rows per table, the date range, and the ``top`` countries and people."""
        with self._read() as session:
            return queries.stats(session, top=top)

    def export(self, table: str, *, limit: int | None = None) -> Iterator[Record]:
        """Stream every row of ``articles`` (with text), ``people``, ``countries`` or
        ``agreements``, fetched in batches so a big table never sits in memory."""
        if table not in EXPORTS:
            raise InvalidQuery(f"cannot export {table!r}: one of {', '.join(EXPORTS)}")
        session = self._read()

        def rows() -> Iterator[Record]:
            with session:
                yield from queries.export(session, table, limit=limit)

        return rows()

    def _read(self) -> Session:
        """A session on a database that holds a corpus at this code's revision."""
        if not self._readable:
            path = sqlite_path(self.url)
            if path is not None and not path.exists():
                raise DatabaseNotFound(
                    f"no database at {path}: load articles first with `corpus-db load PATH`"
                )
            migrate.check_for_reading(self.engine)
            self._readable = True
        return self._sessions()

    def search(
        self, query: str, *, limit: int | None = fulltext.DEFAULT_LIMIT
    ) -> list[SearchResult]:
        """Articles whose title or body match ``query``, best first, with a snippet.

        ``query`` is words (all must appear), "quoted phrases" and OR between
        alternatives; see :mod:`corpus_db.fulltext`. ``limit=None`` returns all.
        """
        with self._read() as session:
            return fulltext.search(session, query, limit=limit)

    def sql(self, query: str, *, limit: int | None = None) -> SqlResult:
        """Run one SQL statement read-only: its columns and (at most ``limit``) rows.

        A statement that would change the database raises
        :class:`~corpus_db.errors.ReadOnlyError` and changes nothing.
        """
        with self._read():  # only to refuse a database that holds no corpus
            pass
        return readonly.run(self.engine, query, limit=limit)
