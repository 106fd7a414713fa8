"""Loading articles end to end, on SQLite and PostgreSQL: rows a user can see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from corpus_db import Corpus, DatabaseNotFound
from corpus_db.models import (
    Agreement,
    AgreementMention,
    Article,
    CountryMention,
    Person,
    PersonMention,
)

from .conftest import SEEDS

SEED = SEEDS / "000_2042737d8e2a6737.txt"
TREATY = "Treaty on deepening and expansion of allied relations"


@pytest.fixture
def corpus(db_url: str) -> Corpus:
    with Corpus(db_url) as corpus:
        yield corpus


def test_seed_yields_two_countries_two_presidents_and_the_treaty(corpus: Corpus) -> None:
    summary = corpus.load([SEEDS])
    assert (summary.loaded, summary.present, summary.failed) == (1, 0, 0)

    assert {c.code for c in corpus.countries()} == {"KZ", "KG"}
    people = {p.name: p for p in corpus.people()}
    assert set(people) == {"Kassym-Jomart Tokayev", "Sadyr Japarov"}
    assert people["Kassym-Jomart Tokayev"].country == "KZ"
    assert "Tokayev" in people["Kassym-Jomart Tokayev"].aliases
    assert people["Sadyr Japarov"].country == "KG"
    assert {"Japarov", "Sadyr Nurgozhoyevich"} <= set(people["Sadyr Japarov"].aliases)

    [treaty] = corpus.agreements()
    assert treaty.title == TREATY
    assert (treaty.kind, treaty.status) == ("treaty", "signed")
    assert treaty.parties == ("KG", "KZ")
    assert set(treaty.signatories) == {"Kassym-Jomart Tokayev", "Sadyr Japarov"}
    assert treaty.signed_on is not None and treaty.signed_on.isoformat() == "2024-04-19"


def test_every_stored_mention_points_at_its_text(corpus: Corpus) -> None:
    corpus.load([SEED])
    with corpus._sessions() as session:
        body = session.scalar(select(Article.body))
        for model in (CountryMention, PersonMention, AgreementMention):
            rows = session.scalars(select(model)).all()
            assert rows, model.__name__
            for row in rows:
                assert body[row.start_char : row.end_char] == row.text


def test_loading_the_same_text_twice_adds_nothing(corpus: Corpus, tmp_path: Path) -> None:
    corpus.load([SEED])
    copy = tmp_path / "copy.jsonl"
    body = SEED.read_text(encoding="utf-8").removeprefix(" date 2024-04-20 ")
    copy.write_text(json.dumps({"date": "2024-04-20", "text": body}) + "\n", encoding="utf-8")
    second = corpus.load([SEED, copy])
    assert (second.loaded, second.present) == (0, 2)
    with corpus._sessions() as session:
        counts = [
            session.scalar(select(func.count()).select_from(model))
            for model in (Article, Person, Agreement)
        ]
    assert counts == [1, 2, 1]


def test_bad_files_are_reported_and_the_rest_still_loads(corpus: Corpus, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(
        "date 2024-05-02\nPresident Ana Lopez of Chile met President Joao Silva of Brazil.",
        encoding="utf-8",
    )
    (tmp_path / "bad.txt").write_text("date 2024-13-01 Broken.", encoding="utf-8")
    summary = corpus.load([tmp_path])
    assert (summary.loaded, summary.failed) == (1, 1)
    assert summary.failures[0].path.endswith("bad.txt")
    assert "bad date" in summary.failures[0].reason or "impossible" in summary.failures[0].reason
    assert [a.source for a in corpus.articles()] == ["good"]


def test_reading_a_database_that_does_not_exist_says_what_to_do(tmp_path: Path) -> None:
    with (
        Corpus(f"sqlite:///{tmp_path / 'none.db'}") as corpus,
        pytest.raises(DatabaseNotFound, match="corpus-db load"),
    ):
        corpus.articles()
    assert not (tmp_path / "none.db").exists()


def write_article(folder: Path, name: str, published: str, body: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(f"date {published}\n{body}", encoding="utf-8")
    return path


def test_one_document_signed_on_two_days_is_two_agreements(corpus: Corpus, tmp_path: Path) -> None:
    text = (
        "President Ana Ruiz of Chile and President Joao Lima of Brazil signed a trade "
        "agreement on {day} in Santiago."
    )
    write_article(tmp_path, "first", "2021-03-08", text.format(day="March 5, 2021"))
    write_article(tmp_path, "second", "2023-06-12", text.format(day="June 9, 2023"))
    write_article(  # undated, and two signings known: which one it means is not clear
        tmp_path,
        "third",
        "2023-07-01",
        "President Ana Ruiz of Chile and President Joao Lima of Brazil signed a trade "
        "agreement, officials recalled.",
    )
    assert corpus.load([tmp_path]).loaded == 3
    dates = sorted(str(a.signed_on) for a in corpus.agreements())
    assert dates == ["2021-03-05", "2023-06-09", "None"]


def test_an_undated_report_joins_the_one_dated_agreement(corpus: Corpus, tmp_path: Path) -> None:
    signed = (
        "President Ana Ruiz of Chile and President Joao Lima of Brazil signed a trade "
        "agreement on March 5, 2021 in Santiago."
    )
    recalled = (
        "President Ana Ruiz of Chile and President Joao Lima of Brazil signed a trade "
        "agreement, officials recalled."
    )
    write_article(tmp_path, "recalled", "2021-04-01", recalled)
    corpus.load([tmp_path / "recalled.txt"])
    write_article(tmp_path, "signed", "2021-03-08", signed)
    corpus.load([tmp_path / "signed.txt"])
    [agreement] = corpus.agreements()
    assert str(agreement.signed_on) == "2021-03-05"


def test_load_takes_a_single_path_as_well_as_a_list(corpus: Corpus) -> None:
    assert corpus.load(str(SEEDS)).loaded == 1
    assert corpus.load(SEED).present == 1


def count_rows(corpus: Corpus) -> dict[str, int]:
    with corpus._sessions() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Article, Person, Agreement, CountryMention, PersonMention)
        }


def test_an_article_that_fails_midway_leaves_nothing_behind(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import IntegrityError

    from corpus_db import store

    def fail(*args: object, **kwargs: object) -> None:
        raise IntegrityError("INSERT INTO agreements ...", {}, Exception("injected failure"))

    monkeypatch.setattr(store._Batch, "agreements", fail)
    summary = corpus.load([SEED])
    assert (summary.loaded, summary.failed) == (0, 1)
    assert "injected failure" in summary.failures[0].reason
    assert set(count_rows(corpus).values()) == {0}

    monkeypatch.undo()
    assert corpus.load([SEED]).loaded == 1
    assert count_rows(corpus)["agreements"] == 1


def test_a_row_the_database_refuses_loses_its_article_not_its_batch(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import IntegrityError

    from corpus_db import store

    real = store._Batch.country_mentions

    def refuse_chile(batch: store._Batch, stored: list) -> None:
        if any("Chile" in raw.body for _, raw, _ in stored):
            raise IntegrityError("INSERT INTO country_mentions ...", {}, Exception("refused"))
        real(batch, stored)

    monkeypatch.setattr(store._Batch, "country_mentions", refuse_chile)
    write_article(tmp_path, "a_peru", "2024-01-02", "President Ana Ruiz of Peru spoke.")
    write_article(tmp_path, "b_chile", "2024-01-02", "President Ana Ruiz of Chile spoke.")
    write_article(tmp_path, "c_bolivia", "2024-01-02", "President Ana Ruiz of Bolivia spoke.")
    summary = corpus.load([tmp_path])
    assert (summary.loaded, summary.failed) == (2, 1)
    assert summary.failures[0].path.endswith("b_chile.txt")
    assert "refused" in summary.failures[0].reason
    assert [a.source for a in corpus.articles()] == ["a_peru", "c_bolivia"]


def test_an_extractor_crash_fails_that_article_only(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus_db import workers
    from corpus_db.extract import extract

    def fragile(text: str, published: object):
        if "Chile" in text:
            raise ValueError("rule bug")
        return extract(text, published)

    monkeypatch.setattr(workers, "extract", fragile)
    write_article(tmp_path, "chile", "2024-01-02", "President Ana Ruiz of Chile spoke.")
    summary = corpus.load([tmp_path, SEED])
    assert (summary.loaded, summary.failed) == (1, 1)
    assert summary.failures[0].path.endswith("chile.txt")
    assert "extraction failed" in summary.failures[0].reason


def test_a_leaders_table_that_cannot_be_read_stops_the_load_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from corpus_db.cli import cli

    broken = tmp_path / "leaders.json"
    broken.write_text('{"people": 3}', encoding="utf-8")
    monkeypatch.setenv("CORPUS_DB_LEADERS", str(broken))
    result = CliRunner().invoke(cli, ["load", str(SEEDS), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 1
    assert f"Error: {broken}: not a leaders table" in result.output
    assert "check CORPUS_DB_LEADERS" in result.output


def test_extraction_on_two_workers_stores_what_one_process_stores(
    db_url: str, tmp_path: Path
) -> None:
    from tests.benchmarks.make_corpus import write_corpus

    from .snapshots import assert_same_rows, snapshot

    write_corpus(tmp_path / "in", 300, seed=7)  # more than one batch, many worker chunks
    one = f"sqlite:///{tmp_path / 'one.db'}"
    with Corpus(one) as corpus:
        assert corpus.load(tmp_path / "in", workers=1).loaded == 300
    with Corpus(db_url) as corpus:
        summary = corpus.load(tmp_path / "in", workers=2)
    assert (summary.loaded, summary.failed) == (300, 0)
    assert_same_rows(snapshot(db_url), snapshot(one))


def test_a_reload_skips_known_texts_before_extracting_them(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus_db import workers
    from tests.benchmarks.make_corpus import write_corpus

    write_corpus(tmp_path / "in", 60, seed=7)
    assert corpus.load(tmp_path / "in").loaded == 60
    write_corpus(tmp_path / "in", 5, seed=7, start=60)
    extracted = []
    real = workers.extract

    def counting(text: str, published: object):
        extracted.append(text)
        return real(text, published)

    monkeypatch.setattr(workers, "extract", counting)
    summary = corpus.load(tmp_path / "in", workers=1)
    assert (summary.loaded, summary.present) == (5, 60)
    assert len(extracted) == 5


def test_postgresql_planner_statistics_follow_a_growing_load(
    postgres_url: str, tmp_path: Path
) -> None:
    """With autovacuum off or behind, lookups by key would turn into full scans."""
    from sqlalchemy import text

    from tests.benchmarks.make_corpus import write_corpus

    write_corpus(tmp_path / "in", 600, seed=3)
    with Corpus(postgres_url) as corpus:
        assert corpus.load(tmp_path / "in", workers=1).loaded == 600
        with corpus.engine.connect() as connection:
            believed = connection.scalar(
                text("SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass")
            )
    assert believed >= 300  # counted at the last doubling, not left at "never counted"


def test_a_bad_file_read_by_a_worker_is_named_like_any_other(
    corpus: Corpus, tmp_path: Path
) -> None:
    from tests.benchmarks.make_corpus import write_corpus

    write_corpus(tmp_path / "in", 70, seed=9)  # more than one worker's share of files
    (tmp_path / "in" / "0000" / "0000005.txt").write_text("no date line here\n")
    summary = corpus.load(tmp_path / "in", workers=2)
    assert (summary.loaded, summary.failed) == (69, 1)
    (failure,) = summary.failures
    assert failure.path.endswith("0000005.txt")
    assert (failure.line, failure.reason) == (
        1,
        "the file must start with a line `date YYYY-MM-DD`",
    )


def test_progress_counts_a_file_with_the_batch_its_last_article_is_stored_in(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from corpus_db import loader
    from tests.benchmarks.make_corpus import write_corpus

    monkeypatch.setattr(loader, "BATCH", 100)
    write_corpus(tmp_path / "in", 250, seed=5)  # one article a file
    calls: list[tuple[int, int]] = []
    corpus.load(tmp_path / "in", workers=1, on_progress=lambda *done: calls.append(done))
    assert calls == [(100, 250), (200, 250), (250, 250)]


def test_workers_below_one_are_refused_in_python_as_on_the_command_line(
    corpus: Corpus,
) -> None:
    with pytest.raises(ValueError, match="workers must be at least 1, not 0"):
        corpus.load(SEEDS, workers=0)
