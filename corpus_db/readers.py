"""Article files in, raw articles out: one reader per format, no database here.

``.txt``: UTF-8 text starting with ``date YYYY-MM-DD`` and then the body, on the
same line or the next ones. ``.jsonl``: one JSON object per line with ``date``
and ``text``, and optional ``title``, ``url`` and ``source``. A file that cannot
be read gives an :class:`InputError` naming the file, line and reason instead
of an article; the other files and lines still come through.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from corpus_db.errors import InputError

SUFFIXES = (".txt", ".jsonl")
MAX_TXT_BYTES = 20 * 1024 * 1024
MAX_JSONL_LINE_BYTES = 20 * 1024 * 1024
MAX_TITLE_CHARS = 200

_DATE_LINE = re.compile(r"\s*date:?[ \t]+(?P<date>\S+)(?P<rest>.*)", re.DOTALL | re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A sentence ends at . ! or ? before a capital or the end, unless the word
# before the period is an initial ("U.S.") or a common abbreviation ("Dr.").
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bGen)(?<!\bNo)"
    r"[.!?][\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9]|\s*$)"
)


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as read from a file, before extraction."""

    published: date
    body: str
    title: str
    source: str
    path: str
    url: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the body: the article's identity in the database."""
        return hashlib.sha256(self.body.encode("utf-8")).hexdigest()


ReadResult = RawArticle | InputError


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[InputError]]:
    """Expand files and directories (recursively) into article files, in a stable order."""
    files: list[Path] = []
    errors: list[InputError] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = _walk(path, errors)
            if not found:
                errors.append(InputError(str(path), "no .txt or .jsonl files in this directory"))
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                files.append(path)
            else:
                errors.append(
                    InputError(
                        str(path), f"not an article file: corpus_db reads {' and '.join(SUFFIXES)}"
                    )
                )
        elif path.exists():
            errors.append(InputError(str(path), "not a regular file"))
        else:
            errors.append(InputError(str(path), "no such file or directory"))
    return files, errors


def _walk(root: Path, errors: list[InputError]) -> list[Path]:
    """Article files below ``root``, hidden ones left out; unreadable folders become errors."""

    def unreadable(error: OSError) -> None:
        errors.append(
            InputError(str(error.filename), f"cannot read the directory: {error.strerror}")
        )

    found = []
    for folder, subfolders, names in os.walk(root, onerror=unreadable):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        found.extend(
            Path(folder, name)
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES
        )
    return sorted(p for p in found if p.is_file())


def read_file(path: Path) -> Iterator[ReadResult]:
    """Read one file by its suffix: JSONL line by line, anything else as one text article."""
    try:
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(path)
        else:
            yield _read_txt(path)
    except OSError as error:
        yield InputError(str(path), f"cannot read the file: {error.strerror or error}")


def _read_txt(path: Path) -> ReadResult:
    size = path.stat().st_size
    if size > MAX_TXT_BYTES:
        return InputError(
            str(path),
            f"file is {size:,} bytes, over the {MAX_TXT_BYTES:,}-byte limit for one article",
        )
    data = path.read_bytes()
    text = _decode(str(path), data, line=None)
    if isinstance(text, InputError):
        return text
    return _parse_txt(str(path), text)


def _decode(where: str, data: bytes, line: int | None) -> str | InputError:
    if not data.strip():
        return InputError(where, "the file is empty", line)
    if b"\x00" in data:
        return InputError(where, "binary data, not a text article", line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        return InputError(
            where,
            f"not UTF-8 text (byte {error.start - line_start + 1} of the line is invalid); "
            "convert the file to UTF-8",
            data.count(b"\n", 0, error.start) + 1 if line is None else line,
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse_txt(path: str, text: str) -> ReadResult:
    match = _DATE_LINE.match(text)
    line = text.count("\n", 0, len(text) - len(text.lstrip())) + 1
    if not match:
        return InputError(path, "the file must start with a line `date YYYY-MM-DD`", line)
    published = parse_date(match["date"])
    if isinstance(published, str):
        return InputError(path, published, line)
    body = normalise_body(match["rest"])
    if not body:
        return InputError(path, "no article text after the date", line)
    return RawArticle(
        published=published,
        body=body,
        title=derive_title(body),
        source=Path(path).stem,
        path=path,
    )


def _read_jsonl(path: Path) -> Iterator[ReadResult]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            if len(raw) > MAX_JSONL_LINE_BYTES:
                yield InputError(
                    str(path), f"line is over the {MAX_JSONL_LINE_BYTES:,}-byte limit", number
                )
                continue
            text = _decode(str(path), raw, line=number)
            if isinstance(text, InputError):
                yield text
                continue
            yield _parse_json_line(path, number, text)


def _parse_json_line(path: Path, number: int, line: str) -> ReadResult:
    def fail(reason: str) -> InputError:
        return InputError(str(path), reason, number)

    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return fail(f"not valid JSON ({error.msg}, column {error.colno})")
    if not isinstance(record, dict):
        return fail("each line must be a JSON object")
    for field in ("title", "url", "source"):
        if record.get(field) is not None and not isinstance(record[field], str):
            return fail(f"`{field}` must be a string")
    raw_date, raw_text = record.get("date"), record.get("text")
    if not isinstance(raw_date, str):
        return fail("`date` is missing or not a string (want YYYY-MM-DD)")
    if not isinstance(raw_text, str):
        return fail("`text` is missing or not a string")
    published = parse_date(raw_date)
    if isinstance(published, str):
        return fail(published)
    body = normalise_body(raw_text)
    if not body:
        return fail("`text` is empty")
    title = (record.get("title") or "").strip()
    return RawArticle(
        published=published,
        body=body,
        title=title or derive_title(body),
        source=(record.get("source") or "").strip() or f"{path.stem}:{number}",
        path=f"{path}:{number}",
        url=(record.get("url") or "").strip() or None,
    )


def parse_date(value: str) -> date | str:
    """The date in ``value`` (YYYY-MM-DD), or the reason it is not one."""
    value = value.strip()
    if not _ISO_DATE.fullmatch(value):
        return f"bad date {value[:40]!r}: want YYYY-MM-DD"
    try:
        return date.fromisoformat(value)
    except ValueError:
        return f"impossible date {value!r}"


def normalise_body(text: str) -> str:
    """Body text as stored: NFC, Unix line ends, no surrounding white space."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()


def derive_title(body: str) -> str:
    """A title from the first sentence of the body, shortened at a word boundary."""
    first_line = body.split("\n", 1)[0].strip()
    end = _SENTENCE_END.search(first_line)
    sentence = first_line[: end.end()] if end else first_line
    if len(sentence) <= MAX_TITLE_CHARS:
        return sentence
    cut = sentence[: MAX_TITLE_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + "…"
