"""Where the database is: the one place that resolves its URL.

Order: an explicit URL (``--db``), then ``CORPUS_DB_URL``, then ``sqlite:///corpus.db``.
A value without ``://`` is a SQLite file path. Imports only ``errors``.
"""

from __future__ import annotations

import os
import re

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from corpus_db.errors import DatabaseURLError

ENV_VAR = "CORPUS_DB_URL"
DEFAULT_URL = "sqlite:///corpus.db"
BACKENDS = ("sqlite", "postgresql")

# scheme://user:password@host...: the part before the last "@" of the authority
# is the user and password, so a password may hold an unescaped "@".
_AUTHORITY = re.compile(r"^(?P<scheme>[^:/]+://)(?P<userinfo>[^/?#]*)@(?P<host>[^@/?#]*)")


def resolve_url(url: str | os.PathLike[str] | URL | None = None) -> URL:
    """Return the database URL to use, normalising PostgreSQL to the psycopg 3 driver."""
    chosen = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    if isinstance(chosen, os.PathLike):
        chosen = os.fspath(chosen)
    if isinstance(chosen, str) and "://" not in chosen:
        return URL.create("sqlite", database=chosen)
    if isinstance(chosen, str):
        chosen = _escape_userinfo(chosen)
    try:
        parsed = make_url(chosen)
    except (ArgumentError, ValueError):
        # Neither the URL nor the parser's message (which repeats it) may be shown:
        # both can hold the password. ``from None`` keeps it out of tracebacks too.
        raise DatabaseURLError(
            f"{mask_password(str(chosen))!r} is not a database URL: "
            "use sqlite:///PATH, a file path, or postgresql://USER:PASSWORD@HOST[:PORT]/DB"
        ) from None
    if parsed.get_backend_name() not in BACKENDS:
        raise DatabaseURLError(
            f"corpus_db stores its data in SQLite or PostgreSQL, not {parsed.get_backend_name()}: "
            "use sqlite:///PATH, a file path, or postgresql://USER@HOST/DB"
        )
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _escape_userinfo(url: str) -> str:
    """Percent-encode any "@" in the user and password, which would otherwise end the host."""
    match = _AUTHORITY.match(url)
    if match is None or "@" not in match["userinfo"]:
        return url
    userinfo = match["userinfo"].replace("%", "%25").replace("@", "%40")
    return f"{match['scheme']}{userinfo}@{match['host']}{url[match.end() :]}"


def mask_password(url: str) -> str:
    """``url`` with whatever stands between ``user:`` and the last ``@`` replaced by ***."""
    match = _AUTHORITY.match(url)
    if match is None or ":" not in match["userinfo"]:
        return url
    user = match["userinfo"].split(":", 1)[0]
    return f"{match['scheme']}{user}:***@{match['host']}{url[match.end() :]}"


def display_url(url: str | os.PathLike[str] | URL | None) -> str:
    """The URL as it may be shown to a user: the password hidden."""
    return resolve_url(url).render_as_string(hide_password=True)
