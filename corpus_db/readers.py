"""Article files in, raw articles out: one reader per format, no database here.

``.txt``: UTF-8 text starting with ``date YYYY-MM-DD`` and then the body, on the
same line or the next ones. ``.jsonl``: one JSON object per line with ``date``
and ``text``, and optional ``title``, ``url`` and ``source``. A file that cannot
be read gives an :class:`InputError` naming the file, line and reason instead
of an article; the other files and lines still come through. No input makes a
reader raise, and none makes it hold more than one article's bytes
(``MAX_ARTICLE_BYTES``) in memory, however large the file or long the line.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from corpus_db.errors import InputError
from corpus_db.extract.text import split_sentences

SUFFIXES = (".txt", ".jsonl")
# One article (a .txt file, a JSONL line) at most. News articles are well under
# 200 kB; past a few MB the extractor takes seconds per article and more.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
MAX_TITLE_CHARS = 200
MAX_SOURCE_CHARS = 500  # the width of articles.source
_SKIP_CHUNK = 1024 * 1024

_DATE_LINE = re.compile(r"\s*date:?[ \t]+(?P<date>\S+)(?P<rest>.*)", re.DOTALL | re.IGNORECASE)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# "KUALA LUMPUR, Sept. 27 (Bernama) -- ", "TOKYO (AP) — ": a wire dateline, not a title.
_DATELINE = re.compile(
    r"[A-Z][A-Z'’.-]+(?:[ \t]+[A-Z][A-Z'’.-]+)*(?:,[^\n]{0,40}?)?(?:[ \t]*\([^)\n]{1,40}\))?"
    r"[ \t]*(?:--|[—–:-])[ \t]+"
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
    # SHA-256 of the body: the article's identity in the database. Made once,
    # where the file is read (a worker, for a large load).
    content_hash: str = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(self.body.encode("utf-8")).hexdigest()
        object.__setattr__(self, "content_hash", digest)


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
                errors.append(InputError(name(path), "no .txt or .jsonl files in this directory"))
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                files.append(path)
            else:
                errors.append(
                    InputError(
                        name(path), f"not an article file: corpus_db reads {' and '.join(SUFFIXES)}"
                    )
                )
        elif path.exists():
            errors.append(InputError(name(path), "not a regular file"))
        else:
            errors.append(InputError(name(path), "no such file or directory"))
    return files, errors


def name(path: str | Path) -> str:
    """A path as text that can be printed and stored: bytes that are not UTF-8 become �."""
    return os.fsencode(path).decode("utf-8", "replace")


def _walk(root: Path, errors: list[InputError]) -> list[Path]:
    """Article files below ``root``, hidden ones left out; unreadable folders become errors."""

    def unreadable(error: OSError) -> None:
        reason = f"cannot read the directory: {error.strerror}"
        errors.append(InputError(name(error.filename), reason))

    found = []
    for folder, subfolders, names in os.walk(root, onerror=unreadable):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        found.extend(
            Path(folder, name)
            for name in names
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in SUFFIXES
        )
    # By path components, as Paths compare, but with each key made once.
    return sorted((p for p in found if p.is_file()), key=lambda path: path.parts)


def read_file(path: Path) -> Iterator[ReadResult]:
    """Read one file by its suffix: JSONL line by line, anything else as one text article."""
    try:
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(path)
        else:
            yield _read_txt(path)
    except OSError as error:
        yield InputError(name(path), f"cannot read the file: {error.strerror or error}")


def _read_txt(path: Path) -> ReadResult:
    with path.open("rb") as handle:
        # Read one byte past the limit rather than trust the size stat() gave:
        # the file may grow, or be a device that reports none.
        data = handle.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        size = max(path.stat().st_size, len(data))
        return InputError(
            name(path),
            f"the file is {size:,} bytes, over the {MAX_ARTICLE_BYTES:,}-byte limit "
            "for one article; split it into one file per article",
        )
    text = _decode(name(path), data, line=None)
    if isinstance(text, InputError):
        return text
    return _parse_txt(name(path), text, path.stem)


def _decode(where: str, data: bytes, line: int | None) -> str | InputError:
    if not data.strip():
        return InputError(where, "the file is empty", line)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return InputError(where, "UTF-16 text, not UTF-8; convert the file to UTF-8", line)
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


def _parse_txt(path: str, text: str, stem: str) -> ReadResult:
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
        source=name(stem)[:MAX_SOURCE_CHARS],
        path=path,
    )


def _read_jsonl(path: Path) -> Iterator[ReadResult]:
    where = name(path)
    blank = True
    with path.open("rb") as handle:
        for number, raw in _lines(handle):
            if raw is None:
                blank = False
                yield InputError(
                    where,
                    f"the line is over the {MAX_ARTICLE_BYTES:,}-byte limit for one article",
                    number,
                )
                continue
            if not raw.strip():
                continue
            utf16 = blank and raw.startswith((b"\xff\xfe", b"\xfe\xff"))
            if utf16 or b"\x00" in raw:
                # A binary or UTF-16 file would fail line by line: say it once.
                reason = "UTF-16 text, not UTF-8" if utf16 else "binary data, not JSON lines"
                yield InputError(where, f"{reason}; convert the file to UTF-8 JSON lines", number)
                return
            blank = False
            text = _decode(where, raw, line=number)
            if isinstance(text, InputError):
                yield text
                continue
            yield _parse_json_line(path, number, text)
    if blank:
        yield InputError(where, "the file is empty")


def _lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines, or None for a line over the limit, which is skipped, not held."""
    number = 0
    while raw := handle.readline(MAX_ARTICLE_BYTES + 1):
        number += 1
        if len(raw) <= MAX_ARTICLE_BYTES or raw.endswith(b"\n"):
            yield number, raw
            continue
        while (rest := handle.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
            pass
        yield number, None


def _parse_json_line(path: Path, number: int, line: str) -> ReadResult:
    def fail(reason: str) -> InputError:
        return InputError(name(path), reason, number)

    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return fail(f"not valid JSON ({error.msg}, column {error.colno})")
    except (ValueError, RecursionError) as error:  # a 5,000-digit number, [[[[... nested
        return fail(f"not JSON corpus_db can read ({type(error).__name__}: {str(error)[:80]})")
    if not isinstance(record, dict):
        return fail("each line must be a JSON object")
    for field in ("date", "text", "title", "url", "source"):
        value = record.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            if field in ("date", "text"):
                break  # said below, with what is wanted
            return fail(f"`{field}` must be a string")
        if "\x00" in value:
            return fail(f"`{field}` contains a NUL character (\\u0000)")
        if not _encodable(value):
            return fail(f"`{field}` contains an unpaired surrogate (\\ud800-\\udfff escape)")
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
    source = (record.get("source") or "").strip() or f"{name(path.stem)}:{number}"
    if len(source) > MAX_SOURCE_CHARS:
        return fail(f"`source` is over {MAX_SOURCE_CHARS} characters")
    title = (record.get("title") or "").strip()
    return RawArticle(
        published=published,
        body=body,
        title=title or derive_title(body),
        source=source,
        path=f"{name(path)}:{number}",
        url=(record.get("url") or "").strip() or None,
    )


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
    dateline = _DATELINE.match(first_line)
    if dateline is not None and dateline.end() < len(first_line):
        first_line = first_line[dateline.end() :]
    # Only the first sentence matters, and only its first MAX_TITLE_CHARS: split
    # no more than that and a margin for the splitter to see past a boundary.
    head = first_line[: MAX_TITLE_CHARS + 100]
    sentences = split_sentences(head)
    sentence = head[: sentences[0][1]] if sentences else head
    if len(sentence) <= MAX_TITLE_CHARS:
        return sentence
    cut = sentence[: MAX_TITLE_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:–- ") + "…"
