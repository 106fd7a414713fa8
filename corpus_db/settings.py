"""Where the database is: the one place that resolves its URL.

Order: an explicit URL (``--db``), then ``CORPUS_DB_URL``, then ``sqlite:///corpus.db``.
A value without ``://`` is a SQLite file path. Imports only ``errors``.
"""

from __future__ import annotations

import os

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from corpus_db.errors import DatabaseURLError

ENV_VAR = "CORPUS_DB_URL"
DEFAULT_URL = "sqlite:///corpus.db"
BACKENDS = ("sqlite", "postgresql")


def resolve_url(url: str | os.PathLike[str] | URL | None = None) -> URL:
    """Return the database URL to use, normalising PostgreSQL to the psycopg 3 driver."""
    chosen = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    if isinstance(chosen, os.PathLike):
        chosen = os.fspath(chosen)
    if isinstance(chosen, str) and "://" not in chosen:
        return URL.create("sqlite", database=chosen)
    try:
        parsed = make_url(chosen)
    except ArgumentError as error:
        raise DatabaseURLError(f"{chosen!r} is not a database URL ({error})") from error
    if parsed.get_backend_name() not in BACKENDS:
        raise DatabaseURLError(
            f"corpus_db stores its data in SQLite or PostgreSQL, not {parsed.get_backend_name()}: "
            "use sqlite:///PATH, a file path, or postgresql://USER@HOST/DB"
        )
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def display_url(url: str | os.PathLike[str] | URL | None) -> str:
    """The URL as it may be shown to a user: the password hidden."""
    return resolve_url(url).render_as_string(hide_password=True)
