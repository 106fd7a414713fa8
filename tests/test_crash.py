"""A load killed, interrupted or cut off by the database, then run again, on both backends.

Each test runs ``corpus-db load`` as a real process and compares the database
afterwards with one clean load of the same files (see ``snapshots`` for what
is compared).
"""

from __future__ import annotations

import re
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_db import loader
from corpus_db.cli import cli

from .snapshots import (
    CleanLoad,
    assert_same_rows,
    count_articles,
    snapshot,
    start_load,
    wait_for,
    write_articles,
)

TOTAL = 10_000


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory: pytest.TempPathFactory) -> CleanLoad:
    """10,000 tiny articles in 100 files, and one clean load of them."""
    folder = tmp_path_factory.mktemp("articles")
    write_articles(folder, TOTAL, per_file=100)
    return CleanLoad(folder, tmp_path_factory.mktemp("reference") / "clean.db")


def assert_sqlite_file_intact(url: str) -> None:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_sigkill_mid_load_then_the_same_load_equals_one_clean_load(
    db_url: str, ten_thousand: CleanLoad
) -> None:
    folder = ten_thousand.folder
    process = start_load(str(folder), "--db", db_url)
    wait_for(lambda: count_articles(db_url) >= 1000, process, timeout=120)
    process.kill()
    assert process.wait() == -signal.SIGKILL
    stored = count_articles(db_url)
    assert 1000 <= stored < TOTAL
    assert_sqlite_file_intact(db_url)

    rerun = start_load(str(folder), "--db", db_url)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"Loaded {TOTAL - stored} article(s), {stored} already present, 0 failed." in out
    assert_same_rows(snapshot(db_url), ten_thousand.snapshot())


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> CleanLoad:
    """1,000 tiny articles in 20 files, and one clean load of them."""
    folder = tmp_path_factory.mktemp("thousand")
    write_articles(folder, 1000, per_file=50)
    return CleanLoad(folder, tmp_path_factory.mktemp("reference") / "clean.db")


INTERRUPTED = re.compile(
    r"Interrupted after (\d+) of 20 files: (\d+) loaded, 0 already present, 0 failed\. "
    r"Run the same load again to continue\."
)


def test_ctrl_c_stops_cleanly_says_how_far_and_a_rerun_continues(
    db_url: str, thousand: CleanLoad
) -> None:
    folder = thousand.folder
    process = start_load(str(folder), "--db", db_url)
    wait_for(lambda: count_articles(db_url) >= 100, process, timeout=60)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, out + err
    found = INTERRUPTED.search(err)
    assert found, err
    assert "Traceback" not in err
    files_done, loaded = int(found[1]), int(found[2])
    stored = count_articles(db_url)
    assert files_done * 50 <= loaded < 1000
    # The batch in progress was rolled back; Ctrl-C landing between a commit
    # and its count is the one way the database can hold one batch more than reported.
    assert loaded <= stored <= loaded + loader.BATCH
    assert_sqlite_file_intact(db_url)

    rerun = start_load(str(folder), "--db", db_url)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert f"Loaded {1000 - stored} article(s), {stored} already present, 0 failed." in out
    assert_same_rows(snapshot(db_url), thousand.snapshot())


def test_a_database_failure_midway_prints_what_was_loaded_before_it(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    write_articles(tmp_path / "in", 5, per_file=5)
    real_store = loader.store_articles
    calls = []

    def store_then_lose_the_connection(*args: object):
        calls.append(1)
        if len(calls) == 3:
            raise OperationalError("INSERT ...", {}, Exception("server closed the connection"))
        return real_store(*args)

    monkeypatch.setattr(loader, "BATCH", 2)
    monkeypatch.setattr(loader, "store_articles", store_then_lose_the_connection)
    result = CliRunner().invoke(cli, ["load", str(tmp_path / "in"), "--db", db_url])
    assert result.exit_code == 1
    assert "Loaded 4 article(s), 0 already present, 0 failed." in result.output
    assert (
        f"Error: the database failed at {tmp_path / 'in' / 'batch000000.jsonl'}:5: "
        "server closed the connection. Articles stored before it are kept; "
        "run the same load again to continue"
    ) in result.output
    monkeypatch.undo()
    again = CliRunner().invoke(cli, ["load", str(tmp_path / "in"), "--db", db_url])
    assert "Loaded 1 article(s), 4 already present, 0 failed." in again.output


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "zombie" not in status.read_text()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["sigkill", "ctrl-c"])
def test_the_extraction_workers_end_with_the_loader(tmp_path: Path, how: signal.Signals) -> None:
    """Killed or interrupted, the loader leaves no worker process behind."""
    from tests.benchmarks.make_corpus import write_corpus

    write_corpus(tmp_path / "in", 3000, seed=13)
    url = f"sqlite:///{tmp_path / 'test.db'}"
    process = start_load(str(tmp_path / "in"), "--db", url, "--workers", "2")
    wait_for(lambda: len(_children(process.pid)) >= 2, process, timeout=60)
    workers = _children(process.pid)
    process.send_signal(how)
    process.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)]
