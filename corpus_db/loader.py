"""The load pipeline: files -> readers -> extract -> store, one transaction per article.

An article and everything extracted from it commit together or not at all.
A bad file or line is recorded as a failure and the rest of the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from corpus_db.db import session_factory
from corpus_db.errors import CorpusError, InputError
from corpus_db.extract import extract
from corpus_db.migrate import prepare_for_writing
from corpus_db.models import Country
from corpus_db.readers import RawArticle, find_files, read_file
from corpus_db.store import article_exists, store_article


@dataclass
class LoadSummary:
    """What one load did: articles loaded, already present, each failure, facts found."""

    loaded: int = 0
    present: int = 0
    country_mentions: int = 0
    people: int = 0
    agreements: int = 0
    failures: list[InputError] = field(default_factory=list)

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


def load(
    engine: Engine,
    paths: Iterable[str | Path],
    *,
    on_progress: Callable[[int, int], None] | None = None,
) -> LoadSummary:
    """Load every article under ``paths`` into the database behind ``engine``.

    ``on_progress(files_done, files_total)`` is called after each file.
    """
    prepare_for_writing(engine)
    files, errors = find_files(paths)
    summary = LoadSummary(failures=list(errors))
    sessions = session_factory(engine)
    with sessions() as session:
        country_codes = frozenset(session.scalars(select(Country.code)))
    for done, path in enumerate(files, start=1):
        for item in read_file(path):
            if isinstance(item, InputError):
                summary.failures.append(item)
            else:
                _load_one(sessions, item, country_codes, summary)
        if on_progress is not None:
            on_progress(done, len(files))
    return summary


def _load_one(
    sessions: sessionmaker[Session],
    raw: RawArticle,
    country_codes: frozenset[str],
    summary: LoadSummary,
) -> None:
    """Extract and store one article in its own transaction, recording the outcome."""
    try:
        with sessions() as session, session.begin():
            if article_exists(session, raw.content_hash):
                summary.present += 1
                return
            try:
                facts = extract(raw.body, raw.published)
            except Exception as error:  # a bug in a rule must not stop the batch
                summary.failures.append(
                    InputError(raw.path, f"extraction failed (please report this): {error!r}")
                )
                return
            stored = store_article(session, raw, facts, country_codes)
    except OperationalError as error:
        raise CorpusError(f"the database failed while loading {raw.path}: {error.orig}") from error
    except DBAPIError as error:  # a constraint or value the database refused
        summary.failures.append(InputError(raw.path, f"could not be stored: {error.orig}"))
        return
    if stored is None:
        summary.present += 1
        return
    summary.loaded += 1
    summary.country_mentions += len(facts.countries)
    summary.people += len(facts.people)
    summary.agreements += len(facts.agreements)
