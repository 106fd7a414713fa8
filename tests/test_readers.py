"""Reading article files: both .txt layouts, JSONL, and clear errors for bad input."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from corpus_db.errors import InputError
from corpus_db.readers import MAX_ARTICLE_BYTES, RawArticle, derive_title, find_files, read_file

from .conftest import SEEDS


def read_one(path: Path) -> RawArticle | InputError:
    [result] = list(read_file(path))
    return result


def test_seed_has_date_and_body_on_one_line() -> None:
    article = read_one(SEEDS / "000_2042737d8e2a6737.txt")
    assert isinstance(article, RawArticle)
    assert article.published == date(2024, 4, 20)
    assert article.body.startswith("Central Asian neighbors Kazakhstan")
    assert article.body.endswith("signing of the following documents:")
    assert article.source == "000_2042737d8e2a6737"
    assert article.title.endswith("President Sadyr Japarov.")


def test_date_on_its_own_line_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_bytes("\ufeffdate 2023-11-02\r\n\r\nFirst para.\r\n\r\nSecond.".encode())
    article = read_one(path)
    assert isinstance(article, RawArticle)
    assert article.published == date(2023, 11, 2)
    assert article.body == "First para.\n\nSecond."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"date 2024-02-30 Text.", "impossible date"),
        (b"date 20-1-2024 Text.", "bad date"),
        (b"Text without a date line.", "must start with a line `date YYYY-MM-DD`"),
        (b"date 2024-01-05\n\n", "no article text"),
        ("date 2024-01-05 caf\u00e9".encode("latin-1"), "not UTF-8"),
        (b"date 2024-01-05 \x00\x01\x02", "binary"),
        ("date 2024-01-05\nПрезидент Казахстана.".encode("cp1251"), "not UTF-8"),
        ("date 2024-01-05 Text.".encode("utf-16"), "UTF-16 text, not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"   \n\n\t", "the file is empty"),
        (b"date 2024-01-05", "no article text after the date"),
        (b"date \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4-01-05 Text.", "bad date"),
    ],
)
def test_bad_text_files_name_the_file_and_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    error = read_one(path)
    assert isinstance(error, InputError)
    assert error.path == str(path)
    assert reason in error.reason


def test_jsonl_good_lines_load_and_bad_lines_report_their_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"date": "2024-03-01", "text": "Alpha text.", "title": "Alpha", "url": "https://x.test/a"}\n'
        "{broken\n"
        '{"date": "2024-03-02"}\n'
        '{"date": 20240303, "text": "Gamma."}\n'
        "\n"
        '{"date": "2024-03-04", "text": "Delta text.", "source": "wire-7"}\n',
        encoding="utf-8",
    )
    results = list(read_file(path))
    good = [r for r in results if isinstance(r, RawArticle)]
    bad = [r for r in results if isinstance(r, InputError)]
    assert [(a.title, a.source, a.url) for a in good] == [
        ("Alpha", "batch:1", "https://x.test/a"),
        ("Delta text.", "wire-7", None),
    ]
    assert [(e.line, e.reason) for e in bad] == [
        (2, "not valid JSON (Expecting property name enclosed in double quotes, column 2)"),
        (3, "`text` is missing or not a string"),
        (4, "`date` is missing or not a string (want YYYY-MM-DD)"),
    ]


def test_find_files_walks_directories_and_reports_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("date 2024-01-01 x")
    (tmp_path / "a" / "two.jsonl").write_text("")
    (tmp_path / "a" / "notes.md").write_text("ignored")
    (tmp_path / "empty").mkdir()
    files, errors = find_files([tmp_path / "a", tmp_path / "empty", tmp_path / "missing.txt"])
    assert [f.name for f in files] == ["one.txt", "two.jsonl"]
    assert [e.reason for e in errors] == [
        "no .txt or .jsonl files in this directory",
        "no such file or directory",
    ]


def test_a_file_of_another_kind_is_refused_by_name(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("date 2024-01-01 x")
    files, errors = find_files([notes])
    assert files == []
    assert [e.reason for e in errors] == ["not an article file: corpus_db reads .txt and .jsonl"]


def test_an_unreadable_folder_is_reported_not_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ok.txt").write_text("date 2024-01-01 x")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text("date 2024-01-01 y")
    real_scandir = os.scandir

    def scandir(path):  # root ignores permissions, so deny this folder the way the OS would
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, errors = find_files([tmp_path])
    assert [f.name for f in files] == ["ok.txt"]
    assert [(e.path, e.reason) for e in errors] == [
        (str(locked), "cannot read the directory: Permission denied")
    ]


def test_not_utf8_names_the_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("date 2024-01-05\nFirst line.\nCaf\u00e9 au lait.".encode("latin-1"))
    error = read_one(path)
    assert isinstance(error, InputError)
    assert (error.line, error.reason) == (
        3,
        "not UTF-8 text (byte 4 of the line is invalid); convert the file to UTF-8",
    )


def test_title_is_the_first_sentence_not_cut_at_initials() -> None:
    assert derive_title("U.S. envoy met Dr. Ruiz in Lima. Talks went on.") == (
        "U.S. envoy met Dr. Ruiz in Lima."
    )
    long = "word " * 100
    assert len(derive_title(long)) <= 200


def test_a_50_mb_text_file_is_refused_with_the_limit_without_reading_it(tmp_path: Path) -> None:
    import tracemalloc

    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"date 2024-01-05\n")
        handle.write(b"President Ana Ruiz of Chile spoke. " * (50 * 1024 * 1024 // 35))
    tracemalloc.start()
    error = read_one(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(error, InputError)
    assert error.reason == (
        f"the file is {path.stat().st_size:,} bytes, over the 2,097,152-byte limit "
        "for one article; split it into one file per article"
    )
    assert peak < 3 * MAX_ARTICLE_BYTES


def test_a_50_mb_jsonl_file_loads_its_lines_and_refuses_the_one_too_long(tmp_path: Path) -> None:
    import tracemalloc

    path = tmp_path / "big.jsonl"
    good = json.dumps({"date": "2024-01-05", "text": "President Ana Ruiz of Chile. " * 500})
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(1000):  # about 14 MB of ordinary articles
            handle.write(good + "\n")
        handle.write(json.dumps({"date": "2024-01-05", "text": "x" * (30 * 1024 * 1024)}) + "\n")
        for _ in range(500):
            handle.write(good + "\n")
    assert path.stat().st_size > 44 * 1024 * 1024
    tracemalloc.start()
    kinds: dict[str, int] = {}
    errors = []
    for item in read_file(path):  # one at a time, as the loader takes them
        kinds[type(item).__name__] = kinds.get(type(item).__name__, 0) + 1
        if isinstance(item, InputError):
            errors.append(item)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert kinds == {"RawArticle": 1500, "InputError": 1}
    assert [(e.line, e.reason) for e in errors] == [
        (1001, "the line is over the 2,097,152-byte limit for one article")
    ]
    assert peak < 3 * MAX_ARTICLE_BYTES


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"date": "2024-01-05", "text": "a\\u0000b"}', "`text` contains a NUL character"),
        ('{"date": "2024-01-05", "text": "a\\ud800b"}', "`text` contains an unpaired surrogate"),
        ('{"date": "2024-01-05", "text": "ok", "title": 7}', "`title` must be a string"),
        ('{"date": "2024-01-05", "text": ["a"]}', "`text` is missing or not a string"),
        ('{"date": "2024-02-30", "text": "a"}', "impossible date '2024-02-30'"),
        ('{"date": "2024-01-05", "text": "  "}', "`text` is empty"),
        ('["date", "text"]', "each line must be a JSON object"),
        ("[" * 100_000 + "]" * 100_000, "not JSON corpus_db can read (RecursionError"),
        ('{"n": ' + "9" * 5000 + "}", "not JSON corpus_db can read (ValueError"),
        ('{"date": "2024-01-05", "text": "a", "source": "' + "s" * 501 + '"}', "over 500"),
    ],
)
def test_bad_jsonl_lines_are_reported_and_the_good_ones_still_load(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = tmp_path / "batch.jsonl"
    good = '{"date": "2024-01-05", "text": "Good."}'
    path.write_text(f"{good}\n{line}\n{good} \n", encoding="utf-8")
    results = list(read_file(path))
    assert [type(r).__name__ for r in results] == ["RawArticle", "InputError", "RawArticle"]
    assert results[1].line == 2
    assert reason in results[1].reason


@pytest.mark.parametrize(
    ("content", "reason"), [(b"", "the file is empty"), (b"\n \n", "the file is empty")]
)
def test_an_empty_jsonl_file_is_reported(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    assert [(e.path, e.line, e.reason) for e in read_file(path)] == [(str(path), None, reason)]


def test_a_binary_jsonl_file_is_one_error_not_one_per_line(tmp_path: Path) -> None:
    path = tmp_path / "blob.jsonl"
    path.write_bytes(b"\x00\x01\x02\n" * 1000)
    [error] = list(read_file(path))
    assert (error.line, error.reason) == (
        1,
        "binary data, not JSON lines; convert the file to UTF-8 JSON lines",
    )


def test_a_file_without_read_permission_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("date 2024-01-01 Text.")
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: deny it the way the OS would for others
        real_open = Path.open

        def open_(self: Path, *args, **kwargs):
            if self == locked:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", open_)
    [error] = list(read_file(locked))
    assert (error.path, error.reason) == (str(locked), "cannot read the file: Permission denied")


def test_a_file_name_that_is_not_utf8_is_still_read_and_printable(tmp_path: Path) -> None:
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"))
    path.write_text("date 2024-01-05 Text.", encoding="utf-8")
    article = read_one(path)
    assert isinstance(article, RawArticle)
    assert article.source == "caf\ufffd"
    article.path.encode("utf-8")  # storable and printable


def test_title_skips_a_wire_dateline_and_month_abbreviations() -> None:
    assert derive_title("KUALA LUMPUR, Sept. 27 (Bernama) -- Two memoranda were signed. More.") == (
        "Two memoranda were signed."
    )
    assert derive_title("US-China talks: a deal. More") == "US-China talks: a deal."
