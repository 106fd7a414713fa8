"""Where the migrations live and how code runs them.

The wheel carries Alembic's folder as ``corpus_db/migrations``; a source
checkout uses the top-level ``alembic/``. Both hold the same files.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import NamedTuple

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from corpus_db.errors import DatabaseNotFound, SchemaOutOfDate

_PACKAGE = Path(__file__).resolve().parent
_SCHEMA_LOCK_KEY = 0x636F72707573  # "corpus": any constant shared by every loader


def script_location() -> Path:
    """The folder that holds env.py and versions/."""
    packaged = _PACKAGE / "migrations"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "alembic"


def alembic_config(engine: Engine | Connection | None = None) -> Config:
    """An Alembic Config pointing at the migrations, bound to ``engine`` when given."""
    config = Config()
    config.set_main_option("script_location", str(script_location()))
    if engine is not None:
        config.attributes["connection"] = engine
    return config


def head_revision() -> str:
    """The newest revision this version of corpus_db knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None if Alembic never ran there."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


class Migration(NamedTuple):
    """The revisions a database was at before and after a migration."""

    before: str | None
    after: str | None


def upgrade(engine: Engine, revision: str = "head") -> Migration:
    """Migrate the database up to ``revision``."""
    before = current_revision(engine)
    command.upgrade(alembic_config(engine), revision)
    return Migration(before, current_revision(engine))


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database down to ``revision``."""
    command.downgrade(alembic_config(engine), revision)


def is_current(engine: Engine) -> bool:
    """True when the database is at this code's head revision."""
    return current_revision(engine) == head_revision()


def prepare_for_writing(engine: Engine) -> None:
    """Create the schema in an empty database; refuse one at another revision."""
    head = head_revision()
    if current_revision(engine) == head:
        return
    with _schema_lock(engine) as bind:
        current, empty = _revision_and_emptiness(bind)
        if current == head:  # another loader created it while we waited
            return
        if current is None and empty:
            command.upgrade(alembic_config(bind), "head")
            return
    raise SchemaOutOfDate(
        f"the database schema is at revision {current or 'none (not made by corpus_db)'}, "
        f"this corpus_db needs {head}: run `corpus-db migrate` first"
    )


def _revision_and_emptiness(bind: Engine | Connection) -> tuple[str | None, bool]:
    """The database's revision, and whether it holds no tables at all."""
    with bind.connect() if isinstance(bind, Engine) else nullcontext(bind) as connection:
        current = MigrationContext.configure(connection).get_current_revision()
        return current, not inspect(connection).get_table_names()


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[Engine | Connection]:
    """Serialise schema creation between loaders starting at once; yield what to migrate with.

    PostgreSQL: an advisory lock, and the migration runs on the engine. SQLite has
    no such lock, so the write lock of ``BEGIN IMMEDIATE`` is the lock: the
    migration runs on that connection and commits when the block ends.
    """
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield connection
            connection.commit()
        return
    if engine.dialect.name != "postgresql":
        yield engine
        return
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _SCHEMA_LOCK_KEY})
        try:
            yield engine
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _SCHEMA_LOCK_KEY})
            connection.commit()


def check_for_reading(engine: Engine) -> None:
    """Refuse to read a database that has no corpus schema or an out-of-date one."""
    current = current_revision(engine)
    if current is None:
        raise DatabaseNotFound(
            "the database holds no corpus yet: load articles with `corpus-db load PATH`"
        )
    if current != head_revision():
        raise SchemaOutOfDate(
            f"the database schema is at revision {current}, this corpus_db needs "
            f"{head_revision()}: run `corpus-db migrate` first"
        )
