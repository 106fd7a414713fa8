"""The Corpus API: open a database, load articles, ask what they report.

Every CLI command is a thin wrapper over one method here. Queries return the
plain records of :mod:`corpus_db.records`, never ORM objects tied to a session.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType

from sqlalchemy import func, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, selectinload

from corpus_db import loader, migrate
from corpus_db.db import make_engine, session_factory, sqlite_path
from corpus_db.errors import DatabaseNotFound
from corpus_db.loader import LoadSummary
from corpus_db.models import Agreement, Article, Country, CountryMention, Person
from corpus_db.records import AgreementRecord, ArticleRecord, CountryRecord, PersonRecord
from corpus_db.settings import display_url, resolve_url


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
        on_progress: Callable[[int, int], None] | None = None,
    ) -> LoadSummary:
        """Load article files and directories (one path or several); see :class:`LoadSummary`.

        ``strict``: stop at the first failure, leaving the database as it was
        before that file (raises :class:`LoadStopped`).
        """
        if isinstance(paths, str | Path):
            paths = [paths]
        return loader.load(self.engine, paths, strict=strict, on_progress=on_progress)

    def articles(self, *, limit: int | None = None) -> list[ArticleRecord]:
        """Articles by publication date."""
        query = select(Article).order_by(Article.published, Article.id).limit(limit)
        with self._read() as session:
            return [
                ArticleRecord(a.id, a.published, a.title, a.source, a.url)
                for a in session.scalars(query)
            ]

    def people(self, *, limit: int | None = None) -> list[PersonRecord]:
        """People by name, with the other forms of their name seen in the text."""
        query = (
            select(Person).options(selectinload(Person.aliases)).order_by(Person.name).limit(limit)
        )
        with self._read() as session:
            return [
                PersonRecord(
                    name=p.name,
                    aliases=tuple(a.alias for a in p.aliases if a.alias != p.name),
                    country=p.country_code,
                )
                for p in session.scalars(query)
            ]

    def countries(self, *, limit: int | None = None) -> list[CountryRecord]:
        """Countries the corpus mentions, most mentioned first."""
        mentions = func.count(CountryMention.id)
        query = (
            select(
                Country.code,
                Country.name,
                mentions,
                func.count(CountryMention.article_id.distinct()),
            )
            .join(CountryMention, CountryMention.country_code == Country.code)
            .group_by(Country.code, Country.name)
            .order_by(mentions.desc(), Country.code)
            .limit(limit)
        )
        with self._read() as session:
            return [CountryRecord(*row) for row in session.execute(query)]

    def agreements(self, *, limit: int | None = None) -> list[AgreementRecord]:
        """Agreements, most recently signed first, undated ones last."""
        query = (
            select(Agreement)
            .options(selectinload(Agreement.parties), selectinload(Agreement.signatories))
            .order_by(Agreement.signed_on.desc().nulls_last(), Agreement.title)
            .limit(limit)
        )
        with self._read() as session:
            return [
                AgreementRecord(
                    id=a.id,
                    title=a.title,
                    kind=a.kind,
                    status=a.status,
                    signed_on=a.signed_on,
                    place=a.place,
                    parties=tuple(c.code for c in a.parties),
                    signatories=tuple(p.name for p in a.signatories),
                )
                for a in session.scalars(query)
            ]

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
