"""The query commands as a user runs them, on SQLite and PostgreSQL: filters, show,
stats, export, formats, empty results and bad arguments."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner, Result

from corpus_db import Corpus
from corpus_db.cli import cli
from corpus_db.output import render, render_profile

from .query_corpus import MEMORANDUM, ROADMAP, SEED_SOURCE, TREATY, corpus_url

__all__ = ["corpus_url"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def as_json(*args: str):
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_subcommand_has_help() -> None:
    for name in ("article", "person", "country", "agreement"):
        result = run("show", name, "--help")
        assert result.exit_code == 0
        assert "--format [table|json]" in result.output
    for name in ("articles", "people", "countries", "agreements", "stats", "export"):
        assert "--db URL" in run(name, "--help").output


# listings and their filters


def test_articles_filters(corpus_url: str) -> None:
    rows = as_json(
        "articles",
        "--db",
        corpus_url,
        "--country",
        "KZ",
        "--person",
        "tokayev",
        "--since",
        "2024-01-01",
        "--until",
        "2024-12-31",
        "--text",
        "water energy",
    )
    assert [r["source"] for r in rows] == [SEED_SOURCE]
    assert list(rows[0]) == ["id", "date", "title", "source", "url"]


def test_people_filters(corpus_url: str) -> None:
    rows = as_json("people", "--db", corpus_url, "--country", "KAZ", "--name", "tok")
    assert [(r["name"], r["country"], r["role"]) for r in rows] == [
        ("Kassym-Jomart Tokayev", "KZ", "President")
    ]


def test_agreements_filters(corpus_url: str) -> None:
    rows = as_json(
        "agreements",
        "--db",
        corpus_url,
        "--party",
        "KZ",
        "--party",
        "Kyrgyzstan",
        "--signatory",
        "Japarov",
        "--status",
        "signed",
        "--since",
        "2024",
        "--until",
        "2024-04-30",
    )
    assert [r["title"] for r in rows] == [TREATY]
    kazakh = as_json("agreements", "--db", corpus_url, "--party", "KZ", "--kind", "memorandum")
    assert [r["title"] for r in kazakh] == [MEMORANDUM]


def test_countries_min_mentions(corpus_url: str) -> None:
    rows = as_json("countries", "--db", corpus_url, "--min-mentions", "3")
    assert rows and all(r["mentions"] >= 3 for r in rows)
    assert "UZ" not in {r["code"] for r in rows}


def test_json_fields_are_the_library_names(corpus_url: str) -> None:
    with Corpus(corpus_url) as corpus:
        expected = {
            "articles": [r.to_dict() for r in corpus.articles()],
            "people": [r.to_dict() for r in corpus.people()],
            "countries": [r.to_dict() for r in corpus.countries()],
            "agreements": [r.to_dict() for r in corpus.agreements()],
        }
    for listing, rows in expected.items():
        assert as_json(listing, "--db", corpus_url) == rows


@pytest.mark.parametrize("listing", ["articles", "people", "countries", "agreements"])
def test_each_listing_in_every_format_with_a_limit(corpus_url: str, listing: str) -> None:
    jsonl = run(listing, "--db", corpus_url, "--format", "jsonl", "--limit", "2").stdout
    lines = [json.loads(line) for line in jsonl.splitlines()]
    assert len(lines) == 2
    rows = list(
        csv.DictReader(io.StringIO(run(listing, "--db", corpus_url, "--format", "csv").stdout))
    )
    assert list(rows[0]) == list(lines[0])
    table = run(listing, "--db", corpus_url, "--limit", "1").stdout.splitlines()
    assert table[0].split()[0] == next(iter(lines[0]))
    assert len(table) == 3  # header, rule, one row


def test_empty_results_say_so_in_every_format(corpus_url: str) -> None:
    filters = ("articles", "--db", corpus_url, "--country", "FR")
    table = run(*filters)
    assert table.exit_code == 0
    assert table.stdout == ""
    assert "No articles found." in table.stderr
    assert run(*filters, "--format", "json").stdout.strip() == "[]"
    assert run(*filters, "--format", "csv").stdout.strip() == "id,date,title,source,url"
    assert run(*filters, "--format", "jsonl").stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("articles", "--country", "Atlantis"), "Error: no country 'Atlantis'"),
        (("articles", "--person", "Nobody"), "Error: no person named 'Nobody'"),
        (("articles", "--since", "2024-13-01"), "Error: since must be a date YYYY-MM-DD"),
        (("agreements", "--since", "2025", "--until", "2024"), "is after until"),
        (("agreements", "--party", "XX"), "Error: no country 'XX'"),
        (("people", "--name", "--"), "has no letters or digits"),
        (("show", "article", "999999"), "Error: no article with id or source '999999'"),
        (("show", "article", "nope"), "Error: no article with id or source 'nope'"),
        (("show", "person", "Zorro"), "Error: no person named 'Zorro'"),
        (("show", "person", "yev"), "names 3 people"),
        (("show", "country", "XX"), "Error: no country 'XX'"),
        (("show", "agreement", "999999"), "Error: no agreement with id '999999'"),
    ],
)
def test_bad_arguments_exit_1_with_a_message(corpus_url: str, args, message: str) -> None:
    result = run(*args, "--db", corpus_url)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("agreements", "--status", "done"),
        ("countries", "--min-mentions", "0"),
        ("articles", "--limit", "0"),
        ("export", "places"),
        ("show", "planet", "x"),
    ],
)
def test_arguments_click_can_check_are_usage_errors(corpus_url: str, args) -> None:
    result = run(*args, "--db", corpus_url)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# show


def test_show_article_json_has_the_documented_fields(corpus_url: str) -> None:
    profile = as_json("show", "article", SEED_SOURCE, "--db", corpus_url)
    assert {"id", "date", "title", "source", "countries", "places", "people", "agreements"} <= set(
        profile
    )
    assert (profile["date"], profile["source"]) == ("2024-04-20", SEED_SOURCE)
    assert sorted(profile["countries"]) == ["KG", "KZ"]
    assert sorted(c["code"] for c in profile["country_mentions"]) == ["KG", "KZ"]
    places = {p["name"]: p for p in profile["places"]}
    assert (places["Astana"]["country"], places["Astana"]["kind"]) == ("KZ", "capital")
    people = {p["name"]: p for p in profile["people"]}
    assert {k: people["Sadyr Japarov"][k] for k in ("country", "role")} == {
        "country": "KG",
        "role": "President",
    }
    [treaty] = profile["agreements"]
    assert {k: treaty[k] for k in ("title", "kind", "status", "signed_on", "place")} == {
        "title": TREATY,
        "kind": "treaty",
        "status": "signed",
        "signed_on": "2024-04-19",
        "place": "Astana",
    }
    assert treaty["parties"] == ["KG", "KZ"]
    assert sorted(treaty["signatories"]) == ["Kassym-Jomart Tokayev", "Sadyr Japarov"]
    body = profile["body"]
    mentioned = profile["country_mentions"] + profile["places"]
    for entry in mentioned + profile["people"] + profile["agreements"]:
        for mention in entry["mentions"]:
            assert body[mention["start_char"] : mention["end_char"]] == mention["text"]
    assert as_json("show", "article", str(profile["id"]), "--db", corpus_url) == profile


def test_show_article_as_text(corpus_url: str) -> None:
    result = run("show", "article", "water_2023", "--db", corpus_url)
    assert result.exit_code == 0
    out = result.output
    assert re.search(r"^source +water_2023$", out, re.MULTILINE)
    assert "people (2)" in out
    assert "Shavkat Mirziyoyev" in out
    assert MEMORANDUM in out
    assert "Tashkent" in out  # a capital named as the place of signing


def test_show_person(corpus_url: str) -> None:
    profile = as_json("show", "person", "TILEUBERDI", "--db", corpus_url)
    assert profile["name"] == "Mukhtar Tileuberdi"
    assert [(r["role"], r["first_seen"]) for r in profile["roles"]] == [
        ("Foreign Minister", "2022-03-05"),
        ("Deputy Prime Minister", "2024-09-02"),
    ]
    assert [a["source"] for a in profile["articles"]] == ["tokyo_2022", "astana_2024"]
    text = run("show", "person", "Japarov", "--db", corpus_url).output
    assert "roles (1)" in text
    assert "agreements (1)" in text
    assert "Treaty on deepening" in text


def test_show_country(corpus_url: str) -> None:
    profile = as_json("show", "country", "Kazakhstan", "--db", corpus_url)
    assert profile["code"] == "KZ"
    assert [p["code"] for p in profile["partners"]] == ["JP", "KG", "UZ"]
    assert profile["partners"][0] == {"code": "JP", "name": "Japan", "agreements": 1, "articles": 2}
    assert [a["title"] for a in profile["agreements"]] == [TREATY, MEMORANDUM, ROADMAP]
    text = run("show", "country", "jpn", "--db", corpus_url).output
    assert "partners (1)" in text
    assert "Kazakhstan" in text


def test_show_agreement_gives_each_source_with_its_sentence(corpus_url: str) -> None:
    [roadmap] = as_json("agreements", "--db", corpus_url, "--party", "JP")
    profile = as_json("show", "agreement", str(roadmap["id"]), "--db", corpus_url)
    assert [a["source"] for a in profile["articles"]] == ["tokyo_2022", "astana_2024"]
    assert profile["articles"][0]["sentences"] == [
        "Japan and Kazakhstan plan to sign a roadmap on energy."
    ]
    text = run("show", "agreement", str(roadmap["id"]), "--db", corpus_url).output
    assert "tokyo_2022" in text
    assert "plan to sign" in text


# stats and export


def test_stats(corpus_url: str) -> None:
    stats = as_json("stats", "--db", corpus_url, "--top", "3")
    assert stats["tables"]["articles"] == 5
    assert stats["tables"]["person_roles"] >= 5
    assert (stats["first_date"], stats["last_date"]) == ("2022-03-05", "2025-02-01")
    assert len(stats["top_countries"]) == len(stats["top_people"]) == 3
    text = run("stats", "--db", corpus_url).output
    assert "first_date  2022-03-05" in text
    assert "top_countries (5)" in text


@pytest.mark.parametrize("table", ["articles", "people", "countries", "agreements"])
def test_export_each_table_in_each_format(corpus_url: str, table: str) -> None:
    jsonl = [
        json.loads(line) for line in run("export", table, "--db", corpus_url).stdout.splitlines()
    ]
    whole = json.loads(run("export", table, "--db", corpus_url, "--format", "json").stdout)
    assert whole == jsonl
    rows = list(
        csv.DictReader(
            io.StringIO(run("export", table, "--db", corpus_url, "--format", "csv").stdout)
        )
    )
    assert len(rows) == len(jsonl) > 0
    assert list(rows[0]) == list(jsonl[0])
    limited = run("export", table, "--db", corpus_url, "--limit", "1").stdout.splitlines()
    assert limited == [json.dumps(jsonl[0], ensure_ascii=False)]


def test_export_articles_keeps_the_text_for_pandas(corpus_url: str) -> None:
    csv_text = run("export", "articles", "--db", corpus_url, "--format", "csv").stdout
    rows = {row["source"]: row for row in csv.DictReader(io.StringIO(csv_text))}
    assert rows[SEED_SOURCE]["body"].startswith("Central Asian neighbors")
    assert "\n\n" in rows[SEED_SOURCE]["body"]  # paragraphs survive the CSV quoting


def test_export_of_an_empty_table_is_an_empty_file_with_a_header(db_url: str) -> None:
    assert run("migrate", "--db", db_url).exit_code == 0
    assert run("export", "agreements", "--db", db_url, "--format", "csv").stdout.strip() == (
        "id,title,kind,status,signed_on,place,parties,signatories"
    )
    assert json.loads(run("export", "people", "--db", db_url, "--format", "json").stdout) == []
    assert "No agreements found." in run("agreements", "--db", db_url).output
    assert (
        "Error: no article with id or source '1'"
        in run("show", "article", "1", "--db", db_url).output
    )


def test_show_stats_and_export_before_loading_say_what_to_do() -> None:
    for args in (("show", "article", "1"), ("stats",), ("export", "articles")):
        result = run(*args)
        assert result.exit_code == 1
        assert "load articles first with `corpus-db load PATH`" in result.output


# output, without a database


def test_a_table_fits_the_width_it_is_given() -> None:
    rows = [{"id": 1, "title": "word " * 30, "source": "s" * 40, "url": None}]
    for width in (60, 80, 120):
        lines = render(rows, "table", width=width).splitlines()
        assert max(len(line) for line in lines) <= width
        assert lines[2].endswith("…") or "…" in lines[2]
    assert "id" in render(rows, "table", width=20).splitlines()[0]


def test_a_profile_wraps_long_cells_instead_of_cutting_them() -> None:
    sentence = "A long sentence that reports the agreement " * 4
    profile = {"id": 1, "articles": [{"id": 1, "sentences": [sentence.strip()]}]}
    text = render_profile(profile, "table", width=50)
    assert max(len(line) for line in text.splitlines()) <= 50
    assert "…" not in text
    assert " ".join(text.split()).count("reports the agreement") == 4


def test_a_piped_profile_keeps_each_table_cell_on_one_line() -> None:
    title = "memorandum of understanding on cooperation in maritime heritage and museums"
    profile = {"id": 1, "agreements": [{"id": 6, "title": title, "kind": "memorandum"}]}
    assert title in render_profile(profile, "table", width=None)
