"""Engines and sessions: how corpus_db connects to SQLite and PostgreSQL.

SQLite connections get foreign keys, WAL and a busy timeout on every connect.
Imports only settings; knows nothing of the schema.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from corpus_db.errors import DatabaseURLError
from corpus_db.settings import display_url, resolve_url

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str | os.PathLike[str] | URL | None = None) -> Engine:
    """Create an engine for ``url`` (resolved as the CLI does)."""
    resolved = resolve_url(url)
    try:
        if resolved.get_backend_name() != "sqlite":
            return create_engine(resolved, pool_pre_ping=True)
        engine = create_engine(resolved)
    except (NoSuchModuleError, ImportError) as error:
        raise DatabaseURLError(
            f"cannot use the driver in {display_url(resolved)}: {error}; "
            "use sqlite:///PATH or postgresql://USER@HOST/DB"
        ) from error
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def sqlite_path(url: str | os.PathLike[str] | URL | None) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory databases."""
    resolved = resolve_url(url)
    if resolved.get_backend_name() != "sqlite" or resolved.database in (None, "", ":memory:"):
        return None
    return Path(resolved.database)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)
