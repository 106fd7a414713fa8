"""Re-extraction over stored text, on SQLite and PostgreSQL: rows and summaries users see."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select, text

from corpus_db import Corpus
from corpus_db.cli import cli
from corpus_db.extract.version import extractor_version
from corpus_db.models import Article, CountryMention, Person
from tests.benchmarks.make_corpus import write_corpus

from .conftest import SEEDS
from .snapshots import assert_same_rows, snapshot


def _as_an_older_extractor_left_it(corpus: Corpus) -> None:
    """The seed article as a worse extractor stored it: no countries, one false person."""
    with corpus.engine.begin() as connection:
        connection.execute(text("UPDATE articles SET extractor_version = 'older'"))
        connection.execute(text("DELETE FROM country_mentions"))
        connection.execute(
            text("INSERT INTO people (name, name_key) VALUES ('Bishkek Times', 'bishkek times')")
        )
        connection.execute(
            text(
                "INSERT INTO person_mentions (article_id, person_id, start_char, end_char, text) "
                "SELECT a.id, p.id, 0, 4, 'date' FROM articles a, people p "
                "WHERE p.name_key = 'bishkek times'"
            )
        )


def _count(corpus: Corpus, query: object) -> int:
    with corpus.engine.connect() as connection:
        return connection.scalar(query)  # type: ignore[arg-type]


def test_outdated_articles_are_extracted_again_and_the_changes_told(db_url: str) -> None:
    with Corpus(db_url) as corpus:
        corpus.load(SEEDS)
        assert {a.id for a in corpus.articles()} == {1}
        _as_an_older_extractor_left_it(corpus)

        dry = corpus.reextract(outdated=True, dry_run=True)
        assert (dry.articles, dry.changed) == (1, 1)
        assert (dry.added["countries"], dry.removed["people"]) == (2, 1)
        assert _count(corpus, select(func.count()).select_from(CountryMention)) == 0

        done = corpus.reextract(outdated=True)
        assert (done.added["countries"], done.removed["people"], done.dropped["people"]) == (
            2,
            1,
            1,
        )
        assert "+KZ (article 1)" in done.examples["countries"]
        assert {c.code for c in corpus.countries()} == {"KZ", "KG"}
        assert _count(corpus, select(func.count()).where(Person.name == "Bishkek Times")) == 0
        assert [p.name for p in corpus.people(country="KZ")] == ["Kassym-Jomart Tokayev"]
        assert _count(corpus, select(Article.extractor_version)) == extractor_version()
        assert corpus.reextract(outdated=True).articles == 0


def test_the_same_extractor_again_changes_no_row(db_url: str, tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 60, seed=11)
    with Corpus(db_url) as corpus:
        corpus.load([tmp_path / "in", SEEDS], workers=1)
        before = snapshot(db_url)
        summary = corpus.reextract(everything=True, workers=2)
    assert (summary.articles, summary.changed, summary.failed) == (61, 0, [])
    assert_same_rows(snapshot(db_url), before)


def test_the_command_says_what_changed_and_refuses_unknown_articles(db_url: str) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(SEEDS), "--db", db_url]).exit_code == 0
    with Corpus(db_url) as corpus:
        _as_an_older_extractor_left_it(corpus)
    result = runner.invoke(cli, ["reextract", "--outdated", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "Re-extracted 1 article(s) with extractor" in result.output
    assert "countries   +2 -0   e.g. +KG (article 1), +KZ (article 1)" in result.output
    assert "Removed 1 person(s), 0 agreement(s) and 0 place(s) left with no mention." in (
        result.output
    )
    unknown = runner.invoke(cli, ["reextract", "--article", "42", "--db", db_url])
    assert (unknown.exit_code, unknown.output.strip()) == (1, "Error: no article with id 42")
    neither = runner.invoke(cli, ["reextract", "--db", db_url])
    assert neither.exit_code == 2
    assert "say which articles: --all, --outdated or --article ID" in neither.output


def test_a_signatory_an_older_extractor_gave_is_gone_after_reextraction(db_url: str) -> None:
    with Corpus(db_url) as corpus:
        corpus.load(SEEDS)
        with corpus.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO people (name, name_key) VALUES ('Bishkek Times', 'bishkek times')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO agreement_signatories (agreement_id, person_id) "
                    "SELECT a.id, p.id FROM agreements a, people p "
                    "WHERE p.name_key = 'bishkek times'"
                )
            )
        assert "Bishkek Times" in corpus.agreements()[0].signatories
        corpus.reextract(everything=True)
        assert corpus.agreements()[0].signatories == ("Kassym-Jomart Tokayev", "Sadyr Japarov")
        assert _count(corpus, select(func.count()).where(Person.name == "Bishkek Times")) == 0
