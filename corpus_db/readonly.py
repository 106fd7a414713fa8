"""Run one SQL statement read-only and return its columns and rows.

Owns the guards of the ``sql`` command, each enough on its own for the usual
writes, together for the unusual ones:

1. The statement must start with a keyword that reads: SELECT, WITH, VALUES,
   TABLE, EXPLAIN, and PRAGMA on SQLite or SHOW on PostgreSQL.
2. One statement only: the driver refuses a second one (SQLite's cursor; on
   PostgreSQL the statement is sent prepared, and a prepared statement is one).
3. The database refuses writes. SQLite: a connection of its own opened with
   ``mode=ro``, ``PRAGMA query_only=ON`` and an authorizer that allows reading
   only (no ATTACH, no PRAGMA that sets a value). PostgreSQL: a READ ONLY
   transaction, rolled back afterwards.

A refused write raises :class:`ReadOnlyError`; the database is unchanged. On
PostgreSQL a superuser can still call server functions with side effects
(``pg_terminate_backend`` ...): give analysts a role that may only SELECT.
Imports SQLAlchemy (for the engine), the DB-API drivers and errors; no ORM.
"""

from __future__ import annotations

import base64
import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine

from corpus_db.db import SQLITE_BUSY_TIMEOUT
from corpus_db.errors import QueryError, ReadOnlyError

READING_KEYWORDS = {
    "sqlite": ("SELECT", "WITH", "VALUES", "EXPLAIN", "PRAGMA"),
    "postgresql": ("SELECT", "WITH", "VALUES", "TABLE", "EXPLAIN", "SHOW"),
}

# Statements that change a database or a session, refused by name for a clear message.
# fmt: off
WRITING_KEYWORDS = frozenset({
    "ALTER", "ANALYZE", "ATTACH", "BEGIN", "CALL", "CHECKPOINT", "CLUSTER", "COMMENT",
    "COMMIT", "COPY", "CREATE", "DEALLOCATE", "DELETE", "DETACH", "DISCARD", "DO", "DROP",
    "END", "EXECUTE", "GRANT", "IMPORT", "INSERT", "LISTEN", "LOAD", "LOCK", "MERGE",
    "NOTIFY", "PREPARE", "REASSIGN", "REFRESH", "REINDEX", "RELEASE", "REPLACE", "RESET",
    "REVOKE", "ROLLBACK", "SAVEPOINT", "SECURITY", "SET", "TRUNCATE", "UNLISTEN", "UPDATE",
    "UPSERT", "VACUUM",
})
# fmt: on

# Leading blanks, -- line comments, /* block comments */ and opening parentheses.
_PREAMBLE = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/|\()*", re.DOTALL)
_KEYWORD = re.compile(r"[A-Za-z_]+")


@dataclass(frozen=True, slots=True)
class SqlResult:
    """What a statement returned: column names and rows of plain Python values."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def to_dicts(self) -> list[dict[str, Any]]:
        """Rows as JSON-ready dicts; a repeated column name gets a suffix (id, id_2)."""
        keys = _unique(self.columns)
        return [
            {key: _plain(value) for key, value in zip(keys, row, strict=True)} for row in self.rows
        ]


def run(engine: Engine, query: str, *, limit: int | None = None) -> SqlResult:
    """Run ``query`` read-only on the engine's database; at most ``limit`` rows (None: all)."""
    dialect = engine.dialect.name
    _check_keyword(query, dialect)
    if dialect == "sqlite":
        path = engine.url.database
        if not path or path == ":memory:":
            raise QueryError("the sql command needs a database file, not an in-memory database")
        return _run_sqlite(Path(path), query, limit)
    return _run_postgresql(engine, query, limit)


def _check_keyword(query: str, dialect: str) -> None:
    rest = query[_PREAMBLE.match(query).end() :]  # type: ignore[union-attr]
    if not rest.strip(" ;\n\t"):
        raise QueryError('no SQL statement given: e.g. corpus-db sql "SELECT * FROM articles"')
    keyword = _KEYWORD.match(rest)
    allowed = READING_KEYWORDS[dialect]
    if keyword is None:
        return  # not a statement at all: let the database say what is wrong
    word = keyword.group().upper()
    if word in allowed:
        return
    runs = f"only {', '.join(allowed[:-1])} and {allowed[-1]} statements run here"
    if word in WRITING_KEYWORDS:
        raise ReadOnlyError(f"{word} statements are refused; {runs}")
    raise QueryError(f"{word} is not a statement the sql command runs: {runs}")


# --- SQLite ---------------------------------------------------------------

# fmt: off
_ACTION_NAMES = (
    "ALTER_TABLE", "ANALYZE", "ATTACH", "CREATE_INDEX", "CREATE_TABLE", "CREATE_TEMP_INDEX",
    "CREATE_TEMP_TABLE", "CREATE_TEMP_TRIGGER", "CREATE_TEMP_VIEW", "CREATE_TRIGGER",
    "CREATE_VIEW", "CREATE_VTABLE", "DELETE", "DETACH", "DROP_INDEX", "DROP_TABLE",
    "DROP_TEMP_INDEX", "DROP_TEMP_TABLE", "DROP_TEMP_TRIGGER", "DROP_TEMP_VIEW", "DROP_TRIGGER",
    "DROP_VIEW", "DROP_VTABLE", "FUNCTION", "INSERT", "PRAGMA", "READ", "RECURSIVE", "REINDEX",
    "SAVEPOINT", "SELECT", "TRANSACTION", "UPDATE",
)
# fmt: on
_AUTHORIZER_ACTIONS = {
    getattr(sqlite3, f"SQLITE_{name}"): name.replace("_", " ") for name in _ACTION_NAMES
}
_READING_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}
_SCHEMA_TABLES = {"sqlite_master", "sqlite_schema"}
# PRAGMAs whose argument names what to describe rather than a value to set.
_DESCRIBING_PRAGMAS = {
    "foreign_key_check",
    "foreign_key_list",
    "index_info",
    "index_list",
    "index_xinfo",
    "integrity_check",
    "quick_check",
    "table_info",
    "table_list",
    "table_xinfo",
}


class _ReadingAuthorizer:
    """A sqlite3 authorizer that allows reading only and remembers what it refused."""

    def __init__(self) -> None:
        self.refused: str | None = None

    def __call__(
        self, action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None
    ) -> int:
        if action in _READING_ACTIONS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_UPDATE and arg1 in _SCHEMA_TABLES:
            # SQLite asks this while it sets up a virtual table (articles_fts) for a
            # query; the connection is read-only, so nothing can be written anyway.
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and (
            arg2 is None or (arg1 or "").lower() in _DESCRIBING_PRAGMAS
        ):
            return sqlite3.SQLITE_OK
        name = _AUTHORIZER_ACTIONS.get(action, f"action {action}")
        if action == sqlite3.SQLITE_PRAGMA:
            self.refused = f"PRAGMA {arg1} = {arg2} would change the database"
        else:
            self.refused = f"{name}{f' on {arg1}' if arg1 else ''} would change the database"
        return sqlite3.SQLITE_DENY


def _run_sqlite(path: Path, query: str, limit: int | None) -> SqlResult:
    authorizer = _ReadingAuthorizer()
    with _sqlite_read_only(path, authorizer) as connection:
        try:
            cursor = connection.execute(query)
            rows = cursor.fetchall() if limit is None else cursor.fetchmany(limit)
        except sqlite3.ProgrammingError as error:
            if "one statement at a time" in str(error):
                raise QueryError(
                    "the sql command runs one statement at a time: remove the `;` and what follows"
                ) from error
            raise QueryError(f"the database could not run the query: {error}") from error
        except sqlite3.Error as error:
            reason = getattr(error, "sqlite_errorname", "")
            if reason == "SQLITE_AUTH" and authorizer.refused:
                raise ReadOnlyError(authorizer.refused) from error
            if reason == "SQLITE_READONLY":
                raise ReadOnlyError(str(error)) from error
            raise QueryError(f"the database could not run the query: {error}") from error
        columns = tuple(d[0] for d in cursor.description or ())
        return SqlResult(columns, tuple(rows))


@contextmanager
def _sqlite_read_only(path: Path, authorizer: _ReadingAuthorizer) -> Iterator[sqlite3.Connection]:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        connection = sqlite3.connect(
            uri, uri=True, isolation_level=None, timeout=SQLITE_BUSY_TIMEOUT
        )
    except sqlite3.Error as error:
        raise QueryError(f"cannot open {path} read-only: {error}") from error
    try:
        connection.execute("PRAGMA query_only=ON")
        connection.set_authorizer(authorizer)
        yield connection
    finally:
        connection.close()


# --- PostgreSQL -------------------------------------------------------------


def _run_postgresql(engine: Engine, query: str, limit: int | None) -> SqlResult:
    import psycopg

    pooled = engine.raw_connection()
    connection: psycopg.Connection[Any] = pooled.driver_connection  # type: ignore[assignment]
    try:
        connection.rollback()  # read_only can only change between transactions
        connection.read_only = True  # every transaction begins READ ONLY
        with connection.cursor() as cursor:
            try:
                # prepare=True sends it with the extended protocol: one statement only.
                cursor.execute(query, prepare=True)  # type: ignore[arg-type]
                if cursor.description is None:
                    return SqlResult((), ())
                rows = cursor.fetchall() if limit is None else cursor.fetchmany(limit)
            except psycopg.errors.ReadOnlySqlTransaction as error:
                raise ReadOnlyError(_pg_message(error)) from error
            except psycopg.errors.SyntaxError as error:
                if "multiple commands" in _pg_message(error):
                    raise QueryError(
                        "the sql command runs one statement at a time: "
                        "remove the `;` and what follows"
                    ) from error
                raise QueryError(
                    f"the database could not run the query: {_pg_message(error)}"
                ) from error
            except psycopg.DatabaseError as error:
                raise QueryError(
                    f"the database could not run the query: {_pg_message(error)}"
                ) from error
            columns = tuple(d.name for d in cursor.description)
        return SqlResult(columns, tuple(tuple(row) for row in rows))
    finally:
        # Never hand this connection back to the pool: a SELECT can still change
        # its session (set_config, advisory locks), so close it instead.
        pooled.invalidate()
        pooled.close()


def _pg_message(error: Any) -> str:
    return (error.diag.message_primary or str(error)).strip()


# --- Values -----------------------------------------------------------------


def _unique(columns: tuple[str, ...]) -> list[str]:
    seen: dict[str, int] = {}
    keys = []
    for column in columns:
        seen[column] = seen.get(column, 0) + 1
        keys.append(column if seen[column] == 1 else f"{column}_{seen[column]}")
    return keys


def _plain(value: Any) -> Any:
    """A database value as JSON-ready data."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        return float(value)
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)
