"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``CORPUS_DB_TEST_POSTGRES_URL`` (a server URL whose user
may create databases); each test gets a database of its own, dropped after.
Without the variable the PostgreSQL cases skip, saying why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from corpus_db import migrate
from corpus_db.db import make_engine

POSTGRES_ENV = "CORPUS_DB_TEST_POSTGRES_URL"
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the user's CORPUS_DB_URL or writes ./corpus.db."""
    monkeypatch.delenv("CORPUS_DB_URL", raising=False)
    monkeypatch.chdir(tmp_path)


def _postgres_server_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url and os.environ.get("CORPUS_DB_REQUIRE_POSTGRES"):
        pytest.fail(f"CORPUS_DB_REQUIRE_POSTGRES is set but {POSTGRES_ENV} is not")
    if not url:
        pytest.skip(
            f"PostgreSQL tests need {POSTGRES_ENV} (e.g. postgresql://postgres@127.0.0.1/postgres)"
        )
    return url


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped on exit (for fixtures of any scope)."""
    server = make_url(_postgres_server_url()).set(drivername="postgresql+psycopg")
    name = f"corpus_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    with postgres_database() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on the empty test database."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


# pytest-alembic: its standard tests (imported in test_migrations.py) run on both backends.
@pytest.fixture
def alembic_config():
    return migrate.alembic_config()


@pytest.fixture
def alembic_engine(engine: Engine) -> Engine:
    return engine
