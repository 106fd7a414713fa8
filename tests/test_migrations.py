"""Migrations, run for real, up and down, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from pytest_alembic.tests import (
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import Engine, func, inspect, select, text

from corpus_db import Corpus, migrate
from corpus_db.db import make_engine
from corpus_db.models import Country

from .conftest import ROOT, SEEDS
from .snapshots import Snapshot, assert_same_rows, snapshot, write_articles

__all__ = [
    "test_model_definitions_match_ddl",
    "test_single_head_revision",
    "test_up_down_consistency",
    "test_upgrade",
]


def test_upgrade_fills_every_iso_country(engine: Engine) -> None:
    migrate.upgrade(engine)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(Country))
        kz = connection.execute(select(Country).where(Country.code == "KZ")).one()
    assert count >= 249
    assert (kz.alpha3, kz.name) == ("KAZ", "Kazakhstan")


def test_downgrade_to_base_removes_every_table(engine: Engine) -> None:
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.is_current(engine)


def test_prepare_for_writing_creates_schema_in_empty_database(engine: Engine) -> None:
    migrate.prepare_for_writing(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_prepare_for_writing_refuses_an_older_revision(engine: Engine) -> None:
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'aaaaaaaaaaaa'")
    with pytest.raises(migrate.SchemaOutOfDate, match="corpus-db migrate"):
        migrate.prepare_for_writing(engine)


def _alembic(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "alembic", "-c", str(ROOT / "alembic.ini"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def test_alembic_command_line_finds_the_database_like_the_cli(db_url: str, engine: Engine) -> None:
    env = {**os.environ, "CORPUS_DB_URL": db_url}
    upgraded = _alembic("upgrade", "head", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert migrate.is_current(engine)
    checked = _alembic("check", env=env)
    assert checked.returncode == 0, checked.stderr
    assert "No new upgrade operations detected" in checked.stdout + checked.stderr
    downgraded = _alembic("-x", f"db={db_url}", "downgrade", "base", env=os.environ.copy())
    assert downgraded.returncode == 0, downgraded.stderr
    assert migrate.current_revision(engine) is None


def _restricted(rows: Snapshot, to: Snapshot) -> Snapshot:
    """``rows`` with only the tables and columns ``to`` has (a later revision may add some)."""
    result: Snapshot = {}
    for table, counter in to.items():
        columns = {name for row in counter for name, _ in row}
        result[table] = Counter()
        for row, times in rows.get(table, Counter()).items():
            result[table][tuple(item for item in row if item[0] in columns)] += times
    return result


def test_loaded_data_survives_downgrade_to_the_first_revision_and_upgrade(
    db_url: str, engine: Engine, tmp_path: Path
) -> None:
    write_articles(tmp_path / "in", 60, per_file=30)
    with Corpus(db_url) as corpus:
        summary = corpus.load([SEEDS, tmp_path / "in"])
    assert (summary.loaded, summary.failed) == (61, 0)
    at_head = snapshot(db_url)
    assert at_head["articles"].total() == 61
    assert at_head["agreements"] and at_head["people"] and at_head["person_mentions"]

    first = ScriptDirectory.from_config(migrate.alembic_config()).get_base()
    migrate.downgrade(engine, first)
    assert migrate.current_revision(engine) == first
    at_first = snapshot(db_url)
    at_first.pop("alembic_version")
    # Every table of the first revision keeps every row it had at head.
    assert_same_rows(at_first, _restricted(at_head, at_first))

    migrate.upgrade(engine)
    assert migrate.is_current(engine)
    again = snapshot(db_url)
    assert_same_rows(_restricted(again, at_first), _restricted(at_head, at_first))
    with Corpus(db_url) as corpus:
        assert len(corpus.articles()) == 61
        assert corpus.load([SEEDS, tmp_path / "in"]).present == 61


def test_postgresql_compresses_article_bodies_with_lz4(postgres_url: str) -> None:
    """The cheap compression on, and off again when the revision is undone."""
    engine = make_engine(postgres_url)

    def compression() -> str:
        with engine.connect() as connection:
            return connection.scalar(
                text(
                    "SELECT attcompression FROM pg_attribute "
                    "WHERE attrelid = 'articles'::regclass AND attname = 'body'"
                )
            )

    migrate.upgrade(engine)
    assert compression() == "l"
    migrate.downgrade(engine, "64b60385e21b")
    assert compression() == ""
    engine.dispose()
