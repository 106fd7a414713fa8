"""Nothing gets in or out that should not: passwords never printed or logged, every
query from user input goes through bound parameters."""

from __future__ import annotations

import ast
import json
import logging
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from corpus_db import Corpus
from corpus_db.cli import cli
from corpus_db.errors import DatabaseURLError
from corpus_db.settings import display_url, resolve_url

from .conftest import ROOT, SEEDS

PASSWORD = "hunter2@tail"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("command", ["load", "people", "migrate"])
def test_a_password_with_an_unescaped_at_sign_is_not_printed(command: str) -> None:
    url = f"postgresql://analyst:{PASSWORD}@127.0.0.1:1/corpus"
    args = [command, str(SEEDS)] if command == "load" else [command]
    result = run(*args, "--db", url)
    assert result.exit_code == 1
    assert "Error: cannot use the database postgresql+psycopg://analyst:***@127.0.0.1:1/corpus" in (
        result.output
    )
    for secret in ("hunter2", "tail@", "@tail"):
        assert secret not in result.output


def test_a_password_with_an_at_sign_is_the_password_not_part_of_the_host() -> None:
    url = resolve_url(f"postgresql://analyst:{PASSWORD}@db.example.org:5433/corpus")
    assert (url.username, url.password, url.host, url.port) == (
        "analyst",
        PASSWORD,
        "db.example.org",
        5433,
    )
    assert display_url(url) == "postgresql+psycopg://analyst:***@db.example.org:5433/corpus"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://analyst:{PASSWORD}@db.example.org:notaport/corpus",
        "postgresql://analyst:hunter2@[::1/corpus",
        "post gres://analyst:hunter2@db.example.org/corpus",
    ],
)
def test_an_unparsable_url_hides_its_password_in_messages_and_tracebacks(url: str) -> None:
    result = run("articles", "--db", url)
    assert result.exit_code == 1
    assert "is not a database URL" in result.output
    assert "hunter2" not in result.output
    with pytest.raises(DatabaseURLError) as raised:
        Corpus(url)
    shown = "".join(traceback.format_exception(raised.value))
    assert "analyst:***@" in shown
    assert "hunter2" not in shown


def test_a_load_with_a_password_never_logs_or_prints_it(
    postgres_url: str, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    # The test server trusts local users, so any password connects.
    url = make_url(postgres_url).set(password=PASSWORD).render_as_string(hide_password=False)
    caplog.set_level(logging.DEBUG)
    for args in (["migrate"], ["load", str(SEEDS)], ["people"], ["load", "missing.txt"]):
        result = CliRunner().invoke(cli, [*args, "--db", url])
        assert "hunter2" not in result.output
    with Corpus(url) as corpus:
        print(repr(corpus), corpus.engine, corpus.url)
    captured = capsys.readouterr()
    assert "hunter2" not in captured.out + captured.err
    assert caplog.records
    assert "hunter2" not in caplog.text


HOSTILE = [
    "'; DROP TABLE articles; --",
    'Robert"); DROP TABLE people;--',
    "%s %(x)s :name ? $1 \\ \\x00",
]


def test_hostile_text_is_stored_verbatim_as_bound_parameters(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "hostile.jsonl"
    lines = [
        {
            "date": "2024-05-02",
            "title": bad,
            "source": bad,
            "url": bad,
            "text": f"President {bad} of Chile signed a treaty. {bad}",
        }
        for bad in HOSTILE
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    with Corpus(db_url) as corpus:
        assert corpus.load(path).loaded == len(HOSTILE)
        stored = {(a.title, a.source, a.url) for a in corpus.articles()}
        assert stored == {(line["title"],) * 3 for line in lines}
        assert corpus.countries()[0].code == "CL"  # every table is still there


_EXECUTORS = {"text", "exec_driver_sql", "execute", "executescript", "executemany"}


def _built_sql(node: ast.expr) -> bool:
    """An f-string, % formatting, .format() or concatenation with something not constant."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Constant))
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def test_no_sql_is_built_by_formatting_strings() -> None:
    offenders = []
    for path in [
        *ROOT.joinpath("corpus_db").rglob("*.py"),
        *ROOT.joinpath("alembic").rglob("*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", None))
            if name in _EXECUTORS and _built_sql(node.args[0]):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], "use bound parameters: text('... :name'), {'name': value}"
