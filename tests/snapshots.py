"""Helpers for the reliability tests: generated articles, whole-database snapshots, subprocesses.

A snapshot holds every row of every table (found by reflection, so tables a
later migration adds are compared too), as a multiset so that a duplicate
shows. What may legitimately differ between two loads of the same input is
left out: surrogate integer ``id`` keys, replaced wherever they are referenced
by the natural key of the row they point at (a unique column such as
``content_hash``, ``name_key`` or ``agreement_key``), and timestamps
(``loaded_at``), and the full-text index, which differs by backend by design.
Everything else is compared: text, offsets, dates, codes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Column, DateTime, Engine, MetaData, Table, inspect, select
from sqlalchemy.exc import DBAPIError

from corpus_db.db import make_engine

Snapshot = dict[str, Counter[tuple[tuple[str, Any], ...]]]

# Six leaders, always named in full with title and country, so that which
# person or agreement a report is about does not depend on the loading order.
LEADERS = [
    ("Ana Ruiz", "Chile"),
    ("Joao Lima", "Brazil"),
    ("Kassym-Jomart Tokayev", "Kazakhstan"),
    ("Sadyr Japarov", "Kyrgyzstan"),
    ("Olaf Berg", "Norway"),
    ("Maria Costa", "Portugal"),
]


def article_text(number: int) -> str:
    """A tiny article: two leaders, two countries, one dated agreement shared with others."""
    first = LEADERS[number % 6]
    second = LEADERS[(number + 1 + number // 6 % 5) % 6]
    return (
        f"President {first[0]} of {first[1]} met President {second[0]} of {second[1]}. "
        f"They signed a trade agreement on March {number % 27 + 1}, 2021 in Santiago. "
        f"Report {number}."
    )


def write_articles(folder: Path, count: int, per_file: int, start: int = 0) -> list[Path]:
    """``count`` generated articles in JSONL files of ``per_file`` lines each."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for first in range(start, start + count, per_file):
        path = folder / f"batch{first:06d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for number in range(first, min(first + per_file, start + count)):
                line = {"date": "2021-04-01", "text": article_text(number)}
                handle.write(json.dumps(line) + "\n")
        files.append(path)
    return files


class CleanLoad:
    """One clean load of ``folder`` into its own SQLite database, run in the background.

    Started when made, so that it runs while a test does its own load on the
    other core; :meth:`snapshot` waits for it.
    """

    def __init__(self, folder: Path, database: Path) -> None:
        self.folder = folder
        self.url = f"sqlite:///{database}"
        self._process = start_load(str(folder), "--db", self.url)
        self._snapshot: Snapshot | None = None

    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            out, err = self._process.communicate(timeout=600)
            assert self._process.returncode == 0, out + err
            assert "0 already present, 0 failed." in out, out
            self._snapshot = snapshot(self.url)
        return self._snapshot


def snapshot(url: str) -> Snapshot:
    """Every table's rows as described in the module docstring."""
    engine = make_engine(url)
    try:
        return _snapshot(engine)
    finally:
        engine.dispose()


def _snapshot(engine: Engine) -> Snapshot:
    metadata = MetaData()
    # The full-text index differs by backend by design (SQLite's FTS5 tables,
    # PostgreSQL's generated search_vector column): it is not data to compare.
    metadata.reflect(engine, only=lambda name, _: not name.startswith("articles_fts"))
    inspector = inspect(engine)
    natural: dict[str, dict[Any, Any]] = {}  # table -> surrogate id -> natural key
    result: Snapshot = {}
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            surrogate = _surrogate(table)
            columns = [
                c
                for c in table.columns
                if c is not surrogate
                and not isinstance(c.type, DateTime)
                and c.name != "search_vector"
            ]
            key_names = _unique_columns(inspector, table) or [c.name for c in columns]
            rows: Counter[tuple[tuple[str, Any], ...]] = Counter()
            ids: dict[Any, Any] = {}
            for row in connection.execute(select(table)).mappings():
                values = {c.name: _resolve(c, row[c.name], natural) for c in columns}
                rows[tuple(sorted(values.items()))] += 1
                if surrogate is not None:
                    ids[row[surrogate.name]] = tuple(values[name] for name in key_names)
            result[table.name] = rows
            if surrogate is not None:
                natural[table.name] = ids
    return result


def _surrogate(table: Table) -> Column[Any] | None:
    primary = list(table.primary_key.columns)
    if len(primary) == 1 and primary[0].name == "id":
        return primary[0]
    return None


def _unique_columns(inspector: Any, table: Table) -> list[str]:
    uniques = [u["column_names"] for u in inspector.get_unique_constraints(table.name)]
    uniques += [i["column_names"] for i in inspector.get_indexes(table.name) if i["unique"]]
    return sorted(uniques)[0] if uniques else []


def _resolve(column: Column[Any], value: Any, natural: dict[str, dict[Any, Any]]) -> Any:
    if value is None:
        return None
    for key in column.foreign_keys:
        target = key.column.table.name
        if target in natural:
            return natural[target][value]
    if isinstance(value, dict | list):  # JSON columns (decisions), hashable for the multiset
        return json.dumps(value, sort_keys=True)
    return value


def assert_same_rows(actual: Snapshot, expected: Snapshot) -> None:
    """Equal snapshots, or an assertion naming the table and a few differing rows."""
    assert sorted(actual) == sorted(expected), "different tables"
    for table in expected:
        if actual[table] != expected[table]:
            extra = list((actual[table] - expected[table]).items())[:3]
            missing = list((expected[table] - actual[table]).items())[:3]
            raise AssertionError(
                f"{table}: {actual[table].total()} rows, expected {expected[table].total()}; "
                f"extra {extra}; missing {missing}"
            )


def count_articles(url: str) -> int:
    """Articles stored so far; 0 while the schema does not exist yet."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT count(*) FROM articles").scalar() or 0
    except DBAPIError:
        return 0
    finally:
        engine.dispose()


def cli(*args: str) -> list[str]:
    """The corpus-db command as a subprocess argument list."""
    return [sys.executable, "-c", "from corpus_db.cli import main; main()", *args]


def start_load(*args: str) -> subprocess.Popen[str]:
    """``corpus-db load ARGS`` running in the background."""
    return subprocess.Popen(
        cli("load", *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[str], timeout: float) -> None:
    """Poll until ``condition`` holds; fail if the process ends or time runs out first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"the load ended too early ({process.returncode}): {out}{err}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("timed out waiting for the load")
        time.sleep(0.02)
