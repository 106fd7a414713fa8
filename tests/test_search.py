"""Full-text search on SQLite and PostgreSQL: the query language, ranking, snippets, the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, text, update

from corpus_db import Corpus, QueryError, SearchResult, migrate
from corpus_db.cli import cli
from corpus_db.fulltext import parse, to_fts5, to_websearch
from corpus_db.models import Article

from .conftest import SEEDS

# Two articles besides the seed (the Kazakhstan-Kyrgyzstan treaty of 2024-04-19).
EXTRA = [
    {
        "date": "2024-05-02",
        "title": "Kazakhstan and Uzbekistan sign a memorandum on water",
        "text": "Kazakhstan and Uzbekistan signed a memorandum on water use in Tashkent on "
        "Thursday. President Kassym-Jomart Tokayev said the memorandum would help farmers.",
        "source": "water",
    },
    {
        "date": "2024-05-03",
        "title": "Oil prices",
        "text": "Oil prices rose on Friday.\n\nTraders in London said the treaty talk had no "
        "effect on oil markets.",
        "source": "oil",
    },
]
SEED_SOURCE = "000_2042737d8e2a6737"


def write_extra(folder: Path) -> Path:
    path = folder / "extra.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in EXTRA) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def corpus(db_url: str, tmp_path: Path) -> Iterator[Corpus]:
    with Corpus(db_url) as corpus:
        summary = corpus.load([SEEDS, write_extra(tmp_path)])
        assert summary.loaded == 3
        yield corpus


def sources(results: list[SearchResult]) -> list[str]:
    return [r.source for r in results]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- The query language (no database) ------------------------------------


def test_query_words_phrases_and_alternatives() -> None:
    parsed = parse('treaty "Allied  relations" OR Kassym-Jomart')
    assert parsed == [[("treaty",), ("Allied", "relations")], [("Kassym", "Jomart")]]
    assert to_fts5(parsed) == '("treaty" "Allied relations") OR ("Kassym Jomart")'
    assert to_websearch(parsed) == 'treaty "Allied relations" or "Kassym Jomart"'


@pytest.mark.parametrize(
    "query",
    ['NEAR("treaty"', "treaty*", "body:treaty", '"unclosed phrase', "-oil ^ AND (", "a'b"],
)
def test_search_syntax_in_the_query_is_read_as_words(query: str) -> None:
    # Only quoted strings of words, in parentheses joined by OR: no operator of the user's.
    group = r'\("[\w ]+"(?: "[\w ]+")*\)'
    assert re.fullmatch(rf"{group}(?: OR {group})*", to_fts5(parse(query)))
    assert re.fullmatch(r'[\w" ]+', to_websearch(parse(query)))


@pytest.mark.parametrize("query", ["", "   ", "!!!", '""', "OR", "- * ( )"])
def test_query_without_words_is_refused(query: str) -> None:
    with pytest.raises(QueryError, match="has no words to look for"):
        parse(query)


# --- The API on both backends ---------------------------------------------


def test_best_match_first_with_highlighted_snippet(corpus: Corpus) -> None:
    results = corpus.search("memorandum")
    assert sources(results) == ["water"]
    [hit] = results
    assert hit.title == "Kazakhstan and Uzbekistan sign a memorandum on water"
    assert hit.date.isoformat() == "2024-05-02"
    assert "**memorandum**" in hit.snippet
    assert "\n" not in hit.snippet
    assert hit.rank > 0
    assert set(hit.to_dict()) == {"id", "date", "title", "source", "rank", "snippet"}
    assert hit.to_dict()["date"] == "2024-05-02"


def test_ranking_prefers_more_and_title_matches(corpus: Corpus) -> None:
    # "memorandum" is in the water article's title and twice in its body;
    # the seed reports a treaty and mentions no memorandum at all.
    results = corpus.search("Kazakhstan memorandum OR Kazakhstan treaty")
    assert sources(results)[0] == "water"
    assert set(sources(results)) == {"water", SEED_SOURCE}
    ranks = [r.rank for r in results]
    assert ranks == sorted(ranks, reverse=True)


def test_every_word_must_appear(corpus: Corpus) -> None:
    assert sources(corpus.search("oil treaty")) == ["oil"]
    assert corpus.search("oil memorandum") == []


def test_phrase_needs_its_words_in_order(corpus: Corpus) -> None:
    assert sources(corpus.search('"allied relations"')) == [SEED_SOURCE]
    assert corpus.search('"relations allied"') == []
    assert set(sources(corpus.search("Kassym-Jomart"))) == {SEED_SOURCE, "water"}


def test_or_finds_either(corpus: Corpus) -> None:
    assert set(sources(corpus.search("memorandum OR oil"))) == {"water", "oil"}


def test_words_match_in_any_form(corpus: Corpus) -> None:
    assert "water" in sources(corpus.search("signing"))  # the text says "signed"
    assert sources(corpus.search("MEMORANDA OR Memorandums")) == ["water"]


def test_limit_keeps_the_best(corpus: Corpus) -> None:
    everything = corpus.search("Kazakhstan OR oil", limit=None)
    assert len(everything) == 3
    assert corpus.search("Kazakhstan OR oil", limit=2) == everything[:2]


def test_operators_typed_by_the_user_do_not_break_search(corpus: Corpus) -> None:
    for query in ['NEAR("treaty"', "treaty*", "body:treaty", '"allied relations', "oil -treaty"]:
        assert isinstance(corpus.search(query), list), query
    # Read as words: "oil -treaty" is oil and treaty, "treaty*" is treaty.
    assert sources(corpus.search("oil -treaty")) == ["oil"]
    assert corpus.search("treaty*") == corpus.search("treaty")


def test_empty_query_is_a_query_error(corpus: Corpus) -> None:
    with pytest.raises(QueryError, match="no words"):
        corpus.search("?!")


def test_index_follows_updates_and_deletes(corpus: Corpus) -> None:
    with corpus._sessions() as session, session.begin():
        session.execute(
            update(Article)
            .where(Article.source == "oil")
            .values(body="Gas prices fell on Friday.", title="Gas prices")
        )
    assert corpus.search("oil") == []
    assert sources(corpus.search("gas")) == ["oil"]
    with corpus._sessions() as session, session.begin():
        session.execute(delete(Article).where(Article.source == "oil"))
    assert corpus.search("gas") == []
    assert sources(corpus.search("memorandum")) == ["water"]


def test_upgrade_indexes_articles_stored_before_it(db_url: str) -> None:
    with Corpus(db_url) as corpus:
        corpus.migrate("223afae78f8a")
        with corpus.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO articles (content_hash, published, title, body, source) "
                    "VALUES ('h1', '2020-01-01', 'Old news', 'An archived protocol on fisheries.', "
                    "'archive')"
                )
            )
        corpus.migrate()
        assert migrate.is_current(corpus.engine)
        [hit] = corpus.search("fisheries protocol")
        assert (hit.source, hit.title) == ("archive", "Old news")


# --- The command ------------------------------------------------------------


@pytest.fixture
def loaded(corpus: Corpus) -> str:
    return corpus.url.render_as_string(hide_password=False)


def test_search_command_formats(loaded: str) -> None:
    table = run("search", "memorandum", "--db", loaded)
    assert table.exit_code == 0
    assert table.output.split()[:6] == ["id", "date", "title", "source", "rank", "snippet"]
    [row] = json.loads(run("search", "memorandum", "--db", loaded, "--format", "json").output)
    assert row["source"] == "water" and "**memorandum**" in row["snippet"]
    lines = run("search", "Kazakhstan", "--db", loaded, "--format", "jsonl").output.splitlines()
    assert {json.loads(line)["source"] for line in lines} == {"water", SEED_SOURCE}
    rows = list(
        csv.DictReader(io.StringIO(run("search", "oil", "--db", loaded, "--format", "csv").output))
    )
    assert [r["source"] for r in rows] == ["oil"]


def test_search_command_limit(loaded: str) -> None:
    result = run("search", "Kazakhstan OR oil", "--db", loaded, "--format", "json", "--limit", "1")
    assert len(json.loads(result.output)) == 1


def test_search_with_no_match_says_so(loaded: str) -> None:
    result = run("search", "zeppelin", "--db", loaded)
    assert result.exit_code == 0
    assert "No matching articles found." in result.output
    assert json.loads(run("search", "zeppelin", "--db", loaded, "--format", "json").output) == []


@pytest.mark.parametrize("query", ["!!!", '""'])
def test_search_without_words_is_a_clear_error(loaded: str, query: str) -> None:
    result = run("search", query, "--db", loaded)
    assert result.exit_code == 1
    assert "Error: the search query" in result.output
    assert "has no words to look for" in result.output
    assert "Traceback" not in result.output


def test_search_before_loading_is_a_clear_error() -> None:
    result = run("search", "treaty")
    assert result.exit_code == 1
    assert "Error: no database at corpus.db" in result.output


def test_search_needs_a_query() -> None:
    result = CliRunner().invoke(cli, ["search"])
    assert result.exit_code == 2
    assert "Missing argument 'QUERY'" in result.output
