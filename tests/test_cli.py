"""The corpus-db command as a user runs it: exit codes, output formats, messages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_db import Corpus
from corpus_db.cli import cli

from .conftest import SEEDS

LISTINGS = ["articles", "people", "countries", "agreements"]


def run(*args: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result


@pytest.fixture
def loaded(db_url: str) -> str:
    result = run("load", str(SEEDS), "--db", db_url)
    assert result.exit_code == 0, result.output
    return db_url


def test_every_command_has_help() -> None:
    for name, command in cli.commands.items():
        assert command.help, name
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.output


def test_load_prints_a_summary(db_url: str) -> None:
    result = run("load", str(SEEDS), "--db", db_url)
    assert result.exit_code == 0
    assert "Loaded 1 article(s), 0 already present, 0 failed." in result.output
    again = run("load", str(SEEDS), "--db", db_url)
    assert "Loaded 0 article(s), 1 already present, 0 failed." in again.output


def test_load_with_a_bad_file_exits_1_and_names_it(db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_text("no date here", encoding="utf-8")
    result = run("load", str(SEEDS), str(bad), "--db", db_url)
    assert result.exit_code == 1
    assert "Loaded 1 article(s), 0 already present, 1 failed." in result.output
    assert f"{bad}:1: the file must start with a line `date YYYY-MM-DD`" in result.output


def test_agreements_json_has_the_documented_fields(loaded: str) -> None:
    result = run("agreements", "--db", loaded, "--format", "json")
    [treaty] = json.loads(result.output)
    assert treaty["title"] == "Treaty on deepening and expansion of allied relations"
    assert {k: treaty[k] for k in ("kind", "status", "signed_on", "place")} == {
        "kind": "treaty",
        "status": "signed",
        "signed_on": "2024-04-19",
        "place": "Astana",
    }
    assert sorted(treaty["parties"]) == ["KG", "KZ"]
    assert sorted(treaty["signatories"]) == ["Kassym-Jomart Tokayev", "Sadyr Japarov"]


def test_people_countries_articles_json(loaded: str) -> None:
    people = json.loads(run("people", "--db", loaded, "--format", "json").output)
    assert {(p["name"], p["country"]) for p in people} == {
        ("Kassym-Jomart Tokayev", "KZ"),
        ("Sadyr Japarov", "KG"),
    }
    assert all(isinstance(p["aliases"], list) for p in people)
    countries = json.loads(run("countries", "--db", loaded, "--format", "json").output)
    assert {c["code"]: c["name"] for c in countries} == {"KZ": "Kazakhstan", "KG": "Kyrgyzstan"}
    assert all(c["mentions"] >= 1 for c in countries)
    [article] = json.loads(run("articles", "--db", loaded, "--format", "json").output)
    assert article["date"] == "2024-04-20"
    assert article["source"] == "000_2042737d8e2a6737"
    assert set(article) >= {"id", "date", "title", "source"}


@pytest.mark.parametrize("listing", LISTINGS)
def test_each_listing_as_table_and_csv(loaded: str, listing: str) -> None:
    table = run(listing, "--db", loaded)
    assert table.exit_code == 0
    header = table.output.splitlines()[0]
    rows = list(csv.DictReader(io.StringIO(run(listing, "--db", loaded, "--format", "csv").output)))
    assert rows
    assert next(iter(rows[0])) in header


def test_agreements_csv_joins_lists_in_one_cell(loaded: str) -> None:
    [row] = csv.DictReader(io.StringIO(run("agreements", "--db", loaded, "--format", "csv").output))
    assert sorted(row["parties"].split("; ")) == ["KG", "KZ"]


def test_limit_caps_the_rows(loaded: str) -> None:
    people = json.loads(run("people", "--db", loaded, "--format", "json", "--limit", "1").output)
    assert len(people) == 1


def test_empty_listing_says_so(db_url: str) -> None:
    with Corpus(db_url) as corpus:
        corpus.migrate()
    result = run("agreements", "--db", db_url)
    assert result.exit_code == 0
    assert "No agreements found." in result.output


def test_default_database_is_corpus_db_in_the_working_directory(tmp_path: Path) -> None:
    result = run("load", str(SEEDS))
    assert result.exit_code == 0
    assert (tmp_path / "corpus.db").exists()
    assert "Tokayev" in run("people").output


def test_environment_variable_chooses_the_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    assert run("load", str(SEEDS), env={"CORPUS_DB_URL": url}).exit_code == 0
    assert (tmp_path / "env.db").exists()
    assert not (tmp_path / "corpus.db").exists()


def test_reading_before_loading_is_a_clear_error(tmp_path: Path) -> None:
    result = run("people")
    assert result.exit_code == 1
    assert "Error: no database at corpus.db" in result.output
    assert "Traceback" not in result.output


def test_unreachable_server_is_a_clear_error_without_the_password() -> None:
    url = "postgresql://analyst:s3cret@127.0.0.1:1/corpus"
    result = run("people", "--db", url)
    assert result.exit_code == 1
    assert "Error: cannot use the database" in result.output
    assert "s3cret" not in result.output


def test_migrate_reports_the_revision(db_url: str) -> None:
    from corpus_db.migrate import head_revision

    result = run("migrate", "--db", db_url)
    assert result.exit_code == 0
    assert f"upgraded from an empty database to revision {head_revision()}" in result.output
    again = run("migrate", "--db", db_url)
    assert f"already at revision {head_revision()}; nothing to do" in again.output


def test_ci_runs_the_readme_test_command() -> None:
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = (
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    )
    assert command in readme
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_db_takes_a_plain_file_path(tmp_path: Path) -> None:
    assert run("load", str(SEEDS), "--db", "plain.db").exit_code == 0
    assert (tmp_path / "plain.db").exists()
    assert "Japarov" in run("people", "--db", str(tmp_path / "plain.db")).output


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://analyst@db.test/corpus", "SQLite or PostgreSQL, not mysql"),
        ("postgresql+asyncpg://analyst@127.0.0.1/c", "cannot use the driver"),
        ("sqlite:////no/such/folder/x.db", "no database at /no/such/folder/x.db"),
    ],
)
def test_unusable_database_urls_are_clear_errors(url: str, message: str) -> None:
    result = run("articles", "--db", url)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_db_may_come_before_the_command(tmp_path: Path) -> None:
    database = tmp_path / "before.db"
    runner = CliRunner()
    loaded = runner.invoke(cli, ["--db", str(database), "load", str(SEEDS)])
    assert loaded.exit_code == 0, loaded.output
    listed = runner.invoke(cli, ["--db", str(database), "agreements", "--format", "json"])
    assert listed.exit_code == 0
    assert json.loads(listed.output)[0]["parties"] == ["KG", "KZ"]
    # a --db after the command wins over one before it
    other = runner.invoke(cli, ["--db", str(database), "articles", "--db", str(tmp_path / "x.db")])
    assert other.exit_code == 1 and "x.db" in other.output
