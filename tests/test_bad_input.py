"""Bad input through ``corpus-db load``, on both backends: every bad file is named with
its reason, the good ones load, the exit code is 1; ``--strict`` stops at the first
failure and leaves the database as it was before that file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect

from corpus_db import Corpus, LoadStopped
from corpus_db.cli import cli
from corpus_db.db import make_engine
from corpus_db.readers import MAX_ARTICLE_BYTES

from .snapshots import snapshot

TO_UTF8 = "convert the file to UTF-8"
GOOD = "President Ana Ruiz of Chile met President Joao Lima of Brazil in Santiago."


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write_bad_inputs(folder: Path) -> dict[str, str]:
    """A folder of good and bad files; returns each failure line the user must see."""
    folder.mkdir()
    files = {
        "a_good.txt": f"date 2024-05-02\n{GOOD}".encode(),
        "b_empty.txt": b"",
        "c_binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "d_latin1.txt": "date 2024-05-02\nCaf\u00e9 talks in Santiago.".encode("latin-1"),
        "e_cp1251.txt": "date 2024-05-02\nПрезидент Казахстана.".encode("cp1251"),
        "f_bom_crlf.txt": f"\ufeffdate 2024-05-03\r\n\r\n{GOOD}\r\nMore.\r\n".encode(),
        "g_no_date.txt": GOOD.encode(),
        "h_impossible.txt": f"date 2024-02-30 {GOOD}".encode(),
        "i_no_body.txt": b"date 2024-05-02\n\n",
        "k_huge.txt": b"date 2024-05-02\n" + b"Words and more words. " * (MAX_ARTICLE_BYTES // 20),
        "l_locked.txt": f"date 2024-05-02 {GOOD}".encode(),
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    lines = [
        {"date": "2024-05-04", "text": f"{GOOD} Line one."},
        None,  # broken JSON
        {"date": "2024-05-04"},
        {"date": 20240504, "text": "Wrong type."},
        {"date": "2024-05-04", "text": f"{GOOD} Line five."},
    ]
    (folder / "j_batch.jsonl").write_text(
        "\n".join("{broken" if line is None else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    huge = (folder / "k_huge.txt").stat().st_size
    return {
        "b_empty.txt": "the file is empty",
        "c_binary.txt": "binary data, not a text article",
        "d_latin1.txt:2": f"not UTF-8 text (byte 4 of the line is invalid); {TO_UTF8}",
        "e_cp1251.txt:2": f"not UTF-8 text (byte 1 of the line is invalid); {TO_UTF8}",
        "g_no_date.txt:1": "the file must start with a line `date YYYY-MM-DD`",
        "h_impossible.txt:1": "impossible date '2024-02-30'",
        "i_no_body.txt:1": "no article text after the date",
        "j_batch.jsonl:2": "not valid JSON (Expecting property name enclosed in double quotes, "
        "column 2)",
        "j_batch.jsonl:3": "`text` is missing or not a string",
        "j_batch.jsonl:4": "`date` is missing or not a string (want YYYY-MM-DD)",
        "k_huge.txt": f"the file is {huge:,} bytes, over the 2,097,152-byte limit for one "
        "article; split it into one file per article",
        "l_locked.txt": "cannot read the file: Permission denied",
    }


@pytest.fixture
def deny_locked_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files named l_locked.* cannot be opened, as for a user without read permission."""
    real_open = Path.open

    def open_(self: Path, mode: str = "r", *args, **kwargs):
        if self.name.startswith("l_locked") and "r" in mode:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)


def test_every_bad_input_is_named_with_its_reason_and_the_rest_loads(
    db_url: str, tmp_path: Path, deny_locked_files: None
) -> None:
    folder = tmp_path / "in"
    expected = write_bad_inputs(folder)
    (tmp_path / "no_articles").mkdir()
    missing = tmp_path / "missing.txt"
    result = run("load", str(folder), str(tmp_path / "no_articles"), str(missing), "--db", db_url)

    assert result.exit_code == 1
    failures = len(expected) + 2
    assert f"Loaded 4 article(s), 0 already present, {failures} failed." in result.output
    for where, reason in expected.items():
        assert f"  failed: {folder / where}: {reason}\n" in result.output
    assert f"failed: {tmp_path / 'no_articles'}: no .txt or .jsonl files in this directory" in (
        result.output
    )
    assert f"failed: {missing}: no such file or directory" in result.output
    assert "Traceback" not in result.output
    with Corpus(db_url) as corpus:
        assert sorted(a.source for a in corpus.articles()) == [
            "a_good",
            "f_bom_crlf",
            "j_batch:1",
            "j_batch:5",
        ]


def test_strict_stops_at_the_first_bad_file(
    db_url: str, tmp_path: Path, deny_locked_files: None
) -> None:
    folder = tmp_path / "in"
    write_bad_inputs(folder)
    result = run("load", "--strict", str(folder), "--db", db_url)
    assert result.exit_code == 1
    assert "Loaded 1 article(s), 0 already present, 1 failed." in result.output
    assert (
        f"Error: stopped at the first failure (--strict): {folder / 'b_empty.txt'}: the file is "
        f"empty; nothing from {folder / 'b_empty.txt'} was stored, the database is as it was "
        "before it"
    ) in result.output
    with Corpus(db_url) as corpus:
        assert [a.source for a in corpus.articles()] == ["a_good"]


def test_strict_leaves_the_database_as_before_the_file_with_a_bad_line(
    db_url: str, tmp_path: Path
) -> None:
    (tmp_path / "first.txt").write_text(f"date 2024-05-02\n{GOOD}", encoding="utf-8")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"date": "2024-05-04", "text": "President Olaf Berg of Norway spoke."})
        + "\n"
        + json.dumps({"date": "2024-05-04", "text": "President Maria Costa of Portugal."})
        + "\n{broken\n",
        encoding="utf-8",
    )
    with Corpus(db_url) as corpus:
        assert corpus.load(tmp_path / "first.txt", strict=True).loaded == 1
        before = snapshot(db_url)
        with pytest.raises(LoadStopped, match=r"batch.jsonl:3: not valid JSON") as stopped:
            corpus.load([batch], strict=True)
    assert (stopped.value.summary.loaded, stopped.value.summary.failed) == (0, 1)
    assert snapshot(db_url) == before  # lines 1 and 2 were rolled back with the file


def test_strict_with_a_missing_path_writes_nothing(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(f"date 2024-05-02\n{GOOD}", encoding="utf-8")
    result = run("load", "--strict", str(tmp_path / "good.txt"), "nowhere.txt", "--db", db_url)
    assert result.exit_code == 1
    assert "Error: stopped at the first failure (--strict): nowhere.txt: no such file" in (
        result.output
    )
    engine = make_engine(db_url)
    assert inspect(engine).get_table_names() == []
    engine.dispose()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_file_without_read_permission_for_real(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(f"date 2024-05-02 {GOOD}", encoding="utf-8")
    locked.chmod(0)
    result = run("load", str(locked), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1
    assert f"failed: {locked}: cannot read the file: Permission denied" in result.output
