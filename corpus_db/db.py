"""Engines and sessions: how corpus_db connects to SQLite and PostgreSQL.

SQLite connections get foreign keys, WAL and a busy timeout on every connect:
a writer waits up to 30 s (or ``?timeout=SECONDS`` in the URL) for another
writer's lock before it fails. Imports only settings; knows nothing of the schema.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from corpus_db.errors import DatabaseURLError
from corpus_db.settings import display_url, resolve_url

SQLITE_BUSY_TIMEOUT = 30.0  # seconds a SQLite writer waits for another writer's lock


def make_engine(url: str | os.PathLike[str] | URL | None = None) -> Engine:
    """Create an engine for ``url`` (resolved as the CLI does)."""
    resolved = resolve_url(url)
    try:
        if resolved.get_backend_name() != "sqlite":
            return create_engine(resolved, pool_pre_ping=True)
        # sqlite3's own ``timeout`` sets the busy timeout (30 s, or ``?timeout=`` in the URL).
        timeout = sqlite_busy_timeout(resolved)
        engine = create_engine(resolved, connect_args={"timeout": timeout})
    except (NoSuchModuleError, ImportError) as error:
        raise DatabaseURLError(
            f"cannot use the driver in {display_url(resolved)}: {error}; "
            "use sqlite:///PATH or postgresql://USER@HOST/DB"
        ) from error
    event.listen(engine, "connect", lambda connection, _: _sqlite_pragmas(connection, timeout))
    return engine


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, timeout: float) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Turning a new file to WAL needs it to itself, and SQLite answers "locked"
    # at once instead of waiting when others open it at the same moment: retry
    # within the busy timeout. Once the file is in WAL, the pragma only reads.
    deadline = time.monotonic() + timeout
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)
    cursor.execute("PRAGMA synchronous=NORMAL")
    # 64 MiB of page cache (the default is 2 MiB): the indexes a load writes into
    # stay in memory, so the time per article does not grow with the database.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def sqlite_busy_timeout(url: str | os.PathLike[str] | URL | None) -> float:
    """Seconds a SQLite writer waits for a lock: ``?timeout=`` in the URL, else 30."""
    given = resolve_url(url).query.get("timeout")
    try:
        return float(given) if isinstance(given, str) else SQLITE_BUSY_TIMEOUT
    except ValueError:
        raise DatabaseURLError(
            f"timeout={given!r} in the database URL is not a number of seconds"
        ) from None


def sqlite_path(url: str | os.PathLike[str] | URL | None) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory databases."""
    resolved = resolve_url(url)
    if resolved.get_backend_name() != "sqlite" or resolved.database in (None, "", ":memory:"):
        return None
    return Path(resolved.database)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)
