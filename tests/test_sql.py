"""The read-only sql command and the analysts' schema (views, comments, README), both backends."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, inspect, select, text

from corpus_db import Corpus, QueryError, ReadOnlyError
from corpus_db.cli import cli
from corpus_db.models import (
    AgreementMention,
    Article,
    Base,
    CountryMention,
    PersonMention,
    PersonRole,
    PlaceMention,
)

from .conftest import ROOT, SEEDS
from .test_search import write_extra

VIEWS = ("agreement_overview", "article_entities", "person_role_history")


@pytest.fixture
def corpus(db_url: str, tmp_path: Path) -> Iterator[Corpus]:
    with Corpus(db_url) as corpus:
        assert corpus.load([SEEDS, write_extra(tmp_path)]).loaded == 3
        yield corpus


@pytest.fixture
def loaded(corpus: Corpus) -> str:
    return corpus.url.render_as_string(hide_password=False)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def counts(corpus: Corpus) -> dict[str, int]:
    """Rows per table: what a refused write must leave as it was."""
    with corpus.engine.connect() as connection:
        return {
            table: connection.scalar(select(func.count()).select_from(Base.metadata.tables[table]))
            for table in ("articles", "agreements", "people", "countries", "country_mentions")
        }


# --- Running queries ------------------------------------------------------------


def test_sql_returns_columns_and_rows(corpus: Corpus) -> None:
    result = corpus.sql("SELECT source, published FROM articles ORDER BY published")
    assert result.columns == ("source", "published")
    assert [row[0] for row in result.rows] == ["000_2042737d8e2a6737", "water", "oil"]
    assert result.to_dicts()[0] == {"source": "000_2042737d8e2a6737", "published": "2024-04-20"}


def test_sql_limit_and_repeated_column_names(corpus: Corpus) -> None:
    result = corpus.sql("SELECT id, id FROM articles ORDER BY id", limit=2)
    assert len(result.rows) == 2
    assert list(result.to_dicts()[0]) == ["id", "id_2"]


def test_sql_accepts_leading_comments_and_a_final_semicolon(corpus: Corpus) -> None:
    query = "-- how many?\n/* all */ SELECT count(*) AS n FROM articles;"
    assert corpus.sql(query).to_dicts() == [{"n": 3}]


def test_sql_command_formats(loaded: str) -> None:
    query = "SELECT source, title FROM articles ORDER BY published"
    table = run("sql", query, "--db", loaded)
    assert table.exit_code == 0
    assert table.output.split()[:2] == ["source", "title"]
    assert [
        r["source"]
        for r in json.loads(run("sql", query, "--db", loaded, "--format", "json").output)
    ] == [
        "000_2042737d8e2a6737",
        "water",
        "oil",
    ]
    jsonl = run("sql", query, "--db", loaded, "--format", "jsonl", "--limit", "2").output
    assert [json.loads(line)["source"] for line in jsonl.splitlines()] == [
        "000_2042737d8e2a6737",
        "water",
    ]
    rows = list(
        csv.DictReader(io.StringIO(run("sql", query, "--db", loaded, "--format", "csv").output))
    )
    assert rows[2] == {"source": "oil", "title": "Oil prices"}


def test_sql_with_no_rows_says_so(loaded: str) -> None:
    query = "SELECT * FROM articles WHERE source = 'nowhere'"
    result = run("sql", query, "--db", loaded)
    assert result.exit_code == 0
    assert "No rows found." in result.output
    assert json.loads(run("sql", query, "--db", loaded, "--format", "json").output) == []


BAD_INPUT = [
    ("SELECT * FROM no_such_table", "the database could not run the query"),
    ("SELECT 1; SELECT 2", "the sql command runs one statement at a time"),
    ("SELEC 1", "SELEC is not a statement the sql command runs"),
    ("   ", "no SQL statement given"),
]


def test_sql_bad_input_is_a_clear_error(loaded: str) -> None:
    for query, message in BAD_INPUT:
        result = run("sql", query, "--db", loaded)
        assert result.exit_code == 1, query
        assert result.output.startswith(f"Error: {message}"), result.output
        assert "Traceback" not in result.output


def test_sql_before_loading_is_a_clear_error() -> None:
    result = run("sql", "SELECT 1")
    assert result.exit_code == 1
    assert "Error: no database at corpus.db" in result.output


# --- Refusing writes --------------------------------------------------------------

WRITES = [
    "DROP TABLE articles",
    "UPDATE articles SET title = 'changed'",
    "INSERT INTO countries (code, alpha3, name) VALUES ('XX', 'XXX', 'Nowhere')",
    "DELETE FROM agreements",
    "  /* sneaky */ delete from people",
    "CREATE TABLE notes (x INTEGER)",
    "ATTACH DATABASE 'elsewhere.db' AS elsewhere",
    "ALTER TABLE articles ADD COLUMN x INTEGER",
    "SELECT 1; DROP TABLE articles",
]


def test_sql_refuses_writes_and_changes_nothing(corpus: Corpus, loaded: str) -> None:
    before = counts(corpus)
    for query in WRITES:  # one database for all: each must leave it as it was
        result = run("sql", query, "--db", loaded)
        assert result.exit_code == 1, query
        assert "Traceback" not in result.output
        if ";" in query:
            assert result.output.startswith("Error: the sql command runs one statement at a time")
        else:
            assert result.output.startswith("Error: the sql command is read-only: "), query
        assert counts(corpus) == before, query
    assert "notes" not in inspect(corpus.engine).get_table_names()
    assert not Path("elsewhere.db").exists()


def test_sql_refuses_a_write_inside_with(corpus: Corpus) -> None:
    """The keyword check passes a WITH; the database itself refuses the write."""
    before = counts(corpus)
    if corpus.engine.dialect.name == "sqlite":
        query = "WITH doomed AS (SELECT id FROM articles) DELETE FROM articles"
    else:
        query = "WITH doomed AS (DELETE FROM articles RETURNING id) SELECT count(*) FROM doomed"
    with pytest.raises(ReadOnlyError, match="the sql command is read-only"):
        corpus.sql(query)
    assert counts(corpus) == before


def test_sqlite_refuses_pragma_writes_but_reads_pragmas(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pragma.db'}"
    with Corpus(url) as corpus:
        corpus.load([SEEDS])
        columns = corpus.sql("PRAGMA table_info(articles)").to_dicts()
        assert "body" in {c["name"] for c in columns}
        assert corpus.sql("PRAGMA user_version").rows == ((0,),)
        for query in (
            "PRAGMA user_version = 7",
            "PRAGMA journal_mode = DELETE",
            "PRAGMA main.application_id = 1",
        ):
            result = run("sql", query, "--db", url)
            assert result.exit_code == 1, query
            assert "Error: the sql command is read-only: PRAGMA" in result.output
        assert corpus.sql("PRAGMA user_version").rows == ((0,),)
        assert corpus.sql("PRAGMA journal_mode").rows == (("wal",),)
        with pytest.raises(ReadOnlyError, match="ATTACH"):
            corpus.sql("ATTACH DATABASE 'other.db' AS other")
        assert not (tmp_path / "other.db").exists()


def test_postgresql_runs_in_a_read_only_transaction_and_forgets_the_session(
    postgres_url: str,
) -> None:
    with Corpus(postgres_url) as corpus:
        corpus.load([SEEDS])
        assert corpus.sql("SHOW transaction_read_only").rows == (("on",),)
        # A SELECT may still change its session; the next user of the pool must not see it.
        corpus.sql("SELECT set_config('default_transaction_read_only', 'on', false)")
        with corpus.engine.connect() as connection:
            assert connection.scalar(text("SHOW default_transaction_read_only")) == "off"
        for query in ("COPY articles TO STDOUT", "SET default_transaction_read_only = off"):
            with pytest.raises(ReadOnlyError, match="statements are refused"):
                corpus.sql(query)
        with pytest.raises(QueryError, match="one statement at a time"):
            corpus.sql("SELECT 1; COMMIT; DROP TABLE articles")
        assert "articles" in inspect(corpus.engine).get_table_names()


# --- Views ------------------------------------------------------------------------


def test_agreement_overview_flattens_parties_and_signatories(corpus: Corpus) -> None:
    rows = corpus.sql(
        "SELECT * FROM agreement_overview WHERE title LIKE 'Treaty on deepening%'"
    ).to_dicts()
    assert rows == [
        {
            "agreement_id": rows[0]["agreement_id"],
            "title": "Treaty on deepening and expansion of allied relations",
            "kind": "treaty",
            "status": "signed",
            "signed_on": "2024-04-19",
            "place": "Astana",
            "parties": "KG, KZ",
            "party_names": "Kyrgyzstan, Kazakhstan",
            "signatories": "Kassym-Jomart Tokayev, Sadyr Japarov",
            "articles": 1,
            "first_reported_on": "2024-04-20",
            "last_reported_on": "2024-04-20",
        }
    ]
    [(agreements,)] = corpus.sql("SELECT count(*) FROM agreements").rows
    [(overview,)] = corpus.sql("SELECT count(*) FROM agreement_overview").rows
    assert overview == agreements


def test_article_entities_has_one_row_per_mention(corpus: Corpus) -> None:
    by_type = dict(
        corpus.sql("SELECT entity_type, count(*) FROM article_entities GROUP BY entity_type").rows
    )
    with corpus.engine.connect() as connection:
        expected = {
            kind: connection.scalar(select(func.count()).select_from(model))
            for kind, model in (
                ("country", CountryMention),
                ("person", PersonMention),
                ("place", PlaceMention),
                ("agreement", AgreementMention),
            )
        }
    assert by_type == {kind: n for kind, n in expected.items() if n}
    rows = corpus.sql(
        "SELECT e.text, substr(a.body, e.start_char + 1, e.end_char - e.start_char) AS found "
        "FROM article_entities e JOIN articles a ON a.id = e.article_id"
    ).rows
    assert rows and all(written == found for written, found in rows)
    [kz] = corpus.sql(
        "SELECT DISTINCT entity_name FROM article_entities "
        "WHERE entity_type = 'country' AND entity_key = 'KZ'"
    ).rows
    assert kz == ("Kazakhstan",)


def test_person_role_history_dates_each_role(corpus: Corpus) -> None:
    rows = corpus.sql(
        "SELECT person_name, role, country_code, observed_on, source FROM person_role_history "
        "WHERE person_name = 'Kassym-Jomart Tokayev' ORDER BY observed_on"
    ).to_dicts()
    assert [(r["role"], r["observed_on"], r["source"]) for r in rows] == [
        ("President", "2024-04-20", "000_2042737d8e2a6737"),
        ("President", "2024-05-02", "water"),
    ]
    with corpus.engine.connect() as connection:
        roles = connection.scalar(select(func.count()).select_from(PersonRole))
    assert corpus.sql("SELECT count(*) FROM person_role_history").rows == ((roles,),)


def test_views_and_search_index_are_gone_after_downgrade(corpus: Corpus) -> None:
    from corpus_db import migrate

    migrate.downgrade(corpus.engine, "223afae78f8a")
    names = set(inspect(corpus.engine).get_view_names()) | set(
        inspect(corpus.engine).get_table_names()
    )
    assert not names & {*VIEWS, "articles_fts"}
    assert "search_vector" not in {
        c["name"] for c in inspect(corpus.engine).get_columns("articles")
    }
    migrate.upgrade(corpus.engine)
    assert len(corpus.search("memorandum")) == 1  # rebuilt from the stored articles


# --- A schema an analyst can read ------------------------------------------------


def test_postgresql_schema_has_a_comment_on_every_table_view_and_column(
    postgres_url: str,
) -> None:
    with Corpus(postgres_url) as corpus:
        corpus.migrate()
        inspector = inspect(corpus.engine)
        for table in Base.metadata.tables:
            assert inspector.get_table_comment(table)["text"], table
            for column in inspector.get_columns(table):
                assert column.get("comment"), f"{table}.{column['name']}"
        with corpus.engine.connect() as connection:
            for view in VIEWS:
                comment = connection.scalar(
                    text("SELECT obj_description(CAST(:v AS regclass))"), {"v": view}
                )
                assert comment, view


def test_readme_documents_every_table_and_view() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [diagram] = re.findall(r"```mermaid\n(.*?)```", readme, re.DOTALL)
    for table in Base.metadata.tables:
        assert re.search(rf"^\s+{table} \{{", diagram, re.MULTILINE), f"{table} not in the diagram"
        assert f"`{table}`" in readme, f"{table} not described"
    for view in VIEWS:
        assert f"`{view}`" in readme, view
    assert "corpus-db search" in readme and "corpus-db sql" in readme
    assert "articles_fts MATCH" in readme and "websearch_to_tsquery" in readme


def test_articles_model_does_not_load_the_search_index() -> None:
    assert "search_vector" not in Article.__table__.c


def test_readme_example_queries_run(corpus: Corpus) -> None:
    """Every statement in the README's SQL blocks runs: the shared ones and this dialect's."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shared, sqlite_only, postgresql_only = re.findall(r"```sql\n(.*?)```", readme, re.DOTALL)
    mine = sqlite_only if corpus.engine.dialect.name == "sqlite" else postgresql_only
    statements = [s for s in (shared + mine).split(";") if s.strip()]
    assert len(statements) >= 6
    for statement in statements:
        assert corpus.sql(statement).columns, statement
    found = corpus.sql(mine.split(";")[0]).rows
    assert found and "[allied" in found[0][-1]  # the snippet marks the phrase
