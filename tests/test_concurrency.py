"""Loaders running at once on overlapping inputs, as real processes against one database.

PostgreSQL: every loader finishes without an error and the database equals one
clean load (no duplicate article, person, country, agreement or any other row;
see ``snapshots``). SQLite: writers take turns on the lock; one that cannot get
it within the timeout fails with a clear message and leaves the file intact.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_db import Corpus, migrate
from corpus_db.cli import cli
from corpus_db.db import make_engine

from .snapshots import CleanLoad, assert_same_rows, count_articles, snapshot, start_load
from .snapshots import write_articles as write

ARTICLES = 480
FILES = 8


@pytest.fixture(scope="module")
def shared_input(tmp_path_factory: pytest.TempPathFactory) -> CleanLoad:
    """480 articles in 8 files naming the same six people and sharing agreements."""
    folder = tmp_path_factory.mktemp("shared")
    write(folder, ARTICLES, per_file=ARTICLES // FILES)
    return CleanLoad(folder, tmp_path_factory.mktemp("reference") / "clean.db")


def run_loaders(count: int, url: str, clean: CleanLoad) -> list[str]:
    """``count`` loaders at once, each over every file, each starting at another one."""
    files = sorted(str(path) for path in clean.folder.iterdir())
    step = len(files) // count
    processes = [
        start_load(*files[i * step :], *files[: i * step], "--db", url) for i in range(count)
    ]
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, out + err
        outputs.append(out)
    return outputs


def loaded(output: str) -> int:
    return int(output.split("Loaded ", 1)[1].split(" ", 1)[0])


@pytest.mark.parametrize("count", [2, 4])
def test_loaders_at_once_on_postgresql_make_no_duplicates(
    count: int, postgres_url: str, shared_input: CleanLoad
) -> None:
    outputs = run_loaders(count, postgres_url, shared_input)
    for output in outputs:
        assert "already present, 0 failed." in output
    assert sum(loaded(output) for output in outputs) == ARTICLES
    assert_same_rows(snapshot(postgres_url), shared_input.snapshot())


def test_two_sqlite_loaders_at_once_take_turns_and_make_no_duplicates(
    tmp_path: Path, shared_input: CleanLoad
) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"  # new file: both create the schema at once
    outputs = run_loaders(2, url, shared_input)
    assert sum(loaded(output) for output in outputs) == ARTICLES
    assert_same_rows(snapshot(url), shared_input.snapshot())
    with sqlite3.connect(tmp_path / "shared.db") as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_sqlite_writer_waits_for_the_lock_then_fails_clearly(tmp_path: Path) -> None:
    database = tmp_path / "locked.db"
    url = f"sqlite:///{database}?timeout=0.5"
    articles = write(tmp_path / "in", 20, per_file=10)
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()

    other_writer = sqlite3.connect(database, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")
    try:
        result = CliRunner().invoke(cli, ["load", str(tmp_path / "in"), "--db", url])
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()
    assert result.exit_code == 1
    assert "Loaded 0 article(s), 0 already present, 0 failed." in result.output
    assert (
        f"Error: the SQLite database {database} is locked by another writer; waited 0.5 s "
        f"at {articles[0]}:1. Run the load again when the other one has finished"
    ) in result.output
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert count_articles(url) == 0

    again = CliRunner().invoke(cli, ["load", str(tmp_path / "in"), "--db", url])
    assert "Loaded 20 article(s), 0 already present, 0 failed." in again.output


def test_a_sqlite_writer_gets_the_lock_when_the_other_lets_go_in_time(tmp_path: Path) -> None:
    database = tmp_path / "busy.db"
    write(tmp_path / "in", 5, per_file=5)
    url = f"sqlite:///{database}?timeout=20"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    other_writer = sqlite3.connect(database, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")
    process = start_load(str(tmp_path / "in"), "--db", url)
    threading.Event().wait(1.5)  # the loader is waiting for the lock by now
    assert process.poll() is None
    other_writer.execute("COMMIT")
    other_writer.close()
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Loaded 5 article(s), 0 already present, 0 failed." in out


def test_loaders_starting_at_once_create_the_schema_once(db_url: str) -> None:
    engines = [make_engine(db_url) for _ in range(4)]
    start = threading.Barrier(len(engines))
    errors: list[BaseException] = []

    def prepare(engine) -> None:
        start.wait()
        try:
            migrate.prepare_for_writing(engine)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=prepare, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert all(migrate.is_current(engine) for engine in engines)
    for engine in engines:
        engine.dispose()


def test_a_batch_a_deadlock_aborted_is_retried(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from corpus_db import Corpus, loader

    class Deadlock(Exception):
        sqlstate = "40P01"  # what PostgreSQL reports for the transaction it aborts

    real_store = loader.store_articles
    calls = []

    def deadlock_twice(*args: object):
        calls.append(1)
        if len(calls) <= 2:
            raise OperationalError("INSERT ...", {}, Deadlock("deadlock detected"))
        return real_store(*args)

    monkeypatch.setattr(loader, "store_articles", deadlock_twice)
    write(tmp_path / "in", 3, per_file=3)
    with Corpus(db_url) as corpus:
        summary = corpus.load(tmp_path / "in")
    assert (summary.loaded, summary.failed, len(calls)) == (3, 0, 3)


def test_one_document_reported_at_once_with_and_without_a_date_is_one_row(
    postgres_url: str,
) -> None:
    """The undated report commits while the dated one waits: they meet in one row."""
    from datetime import date

    from sqlalchemy import func, select

    from corpus_db.db import session_factory
    from corpus_db.extract.facts import AgreementFact, Extraction, Span
    from corpus_db.models import Agreement
    from corpus_db.readers import RawArticle
    from corpus_db.store import store_article

    engine = make_engine(postgres_url)
    migrate.upgrade(engine)
    sessions = session_factory(engine)

    def report(body: str, signed_on: date | None) -> tuple[RawArticle, Extraction]:
        title = "Treaty on River Navigation"
        fact = AgreementFact(
            title, "treaty", "signed", signed_on, None, ("LA", "TH"), (), (Span(0, 6, body[:6]),)
        )
        raw = RawArticle(date(2025, 3, 14), body, body, body[:8], body[:8])
        return raw, Extraction((), (), (fact,))

    undated = report("Report one: the treaty was signed.", None)
    dated = report("Report two: the treaty was signed on Friday.", date(2025, 3, 14))
    first = sessions()
    first.begin()
    store_article(first, *undated, {"LA", "TH"})  # holds the document's lock, not committed
    errors: list[BaseException] = []

    def second_loader() -> None:
        try:
            with sessions() as session, session.begin():
                store_article(session, *dated, {"LA", "TH"})
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    thread = threading.Thread(target=second_loader)
    thread.start()
    thread.join(timeout=1)
    assert thread.is_alive()  # waiting for the first loader's lock on the document
    first.commit()
    first.close()
    thread.join(timeout=30)
    assert not errors
    with sessions() as session:
        rows = session.execute(select(Agreement.signed_on)).all()
        assert session.scalar(select(func.count()).select_from(Agreement)) == 1
    assert rows == [(date(2025, 3, 14),)]
    engine.dispose()


def test_loaders_at_once_with_a_merge_holding_lose_no_mention(
    postgres_url: str, shared_input: CleanLoad
) -> None:
    """Each batch moves Joao Lima's new mentions to Ana Ruiz and deletes his row again,
    while the other loader may be adding mentions of him: they must take turns."""
    first = sorted(shared_input.folder.iterdir())[0]
    with Corpus(postgres_url) as corpus:
        corpus.load(first, workers=1)
        corpus.merge_people("Ana Ruiz", "Joao Lima")
    outputs = run_loaders(2, postgres_url, shared_input)
    for output in outputs:
        assert "already present, 0 failed." in output
    clean = shared_input.snapshot()
    with Corpus(postgres_url) as corpus:
        people = {p.name: p for p in corpus.people()}
        assert "Joao Lima" not in people and "Joao Lima" in people["Ana Ruiz"].aliases
        counted = corpus.sql("SELECT count(*) FROM person_mentions").rows[0][0]
    assert counted == sum(clean["person_mentions"].values())
