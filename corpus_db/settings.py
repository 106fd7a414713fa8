"""Where the database is: the one place that resolves its URL.

Order: an explicit URL (``--db``), then ``CORPUS_DB_URL``, then ``sqlite:///corpus.db``.
Imports nothing from the rest of the package.
"""

from __future__ import annotations

import os

from sqlalchemy.engine import URL, make_url

ENV_VAR = "CORPUS_DB_URL"
DEFAULT_URL = "sqlite:///corpus.db"


def resolve_url(url: str | URL | None = None) -> URL:
    """Return the database URL to use, normalising PostgreSQL to the psycopg 3 driver."""
    chosen = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    parsed = make_url(chosen)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def display_url(url: str | URL) -> str:
    """The URL as it may be shown to a user: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)
