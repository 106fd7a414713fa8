"""Shared text helpers: length-preserving folding, sentence splitting, word classes.

Everything here keeps offsets intact: ``fold(text)`` has the same length as
``text``, so a match found in the folded string is a match at the same
offsets in the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_APOSTROPHES = "\u2019\u2018\u02bc\u0060\u00b4"
_HYPHENS = "\u2010\u2011"


class _FoldTable(dict):
    """str.translate table that folds one character to one character, lazily."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in _APOSTROPHES:
            out = "'"
        elif ch in _HYPHENS:
            out = "-"
        else:
            low = ch.lower()
            out = low if len(low) == 1 else ch
            base = unicodedata.normalize("NFKD", out)[:1]
            if base and base.isascii() and base.isalpha():
                out = base
        self[code] = out
        return out


_FOLD = _FoldTable()


def words(spaced: str) -> list[str]:
    """The whitespace-separated words of a literal (keeps word lists readable)."""
    return spaced.split()


# The last (text, folded) pair, swapped as one object so threads never see a
# text paired with another text's fold.
_last_fold: tuple[str, str] = ("", "")


_ASCII_BYTES = bytes(range(128))


def fold(text: str) -> str:
    """Lowercase, strip diacritics and unify apostrophes, keeping the length."""
    if text.isascii():
        return text.lower()
    global _last_fold
    last = _last_fold
    if text is last[0]:
        return last[1]  # each finder folds the same article; do it once
    # Lower-case in C, then replace each distinct non-ASCII character (found by
    # deleting the ASCII bytes of the UTF-8 form) all at once: far cheaper than
    # a translate table or a regex consulted for every character.
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ")
        folded = text.translate(_FOLD)
    else:
        folded = lowered
        others = lowered.encode("utf-8").translate(None, _ASCII_BYTES).decode("utf-8")
        for char in set(others):
            folded = folded.replace(char, _FOLD[ord(char)])
    if len(text) > 200:  # an article, not a name: a name must not evict the article
        _last_fold = (text, folded)
    return folded


# Every byte that is not a letter or digit, as a space.
_WORD_BYTES = bytes(c if chr(c).isalnum() else 32 for c in range(256))


def words_only(folded: str) -> str:
    """``folded`` with everything but letters and digits made a space (same length).

    Automata keyed with a leading space then only match at the start of a
    word, and the end of a word is one character look-up.
    """
    return folded.encode("latin-1", "replace").translate(_WORD_BYTES).decode("latin-1")


_last_spaced: tuple[str, str] = ("", "")


def spaced_words(text: str) -> str:
    """``words_only(fold(text))`` padded with a space each side, kept for the last text.

    Every automaton keyed with leading spaces (countries, cue words, leaders)
    scans this one string; the cache makes it once per article.
    """
    global _last_spaced
    last = _last_spaced
    if text is last[0]:
        return last[1]
    spaced = f" {words_only(fold(text))} "
    _last_spaced = (text, spaced)
    return spaced


@cache
def upper_class() -> str:
    """A regex character class body matching any uppercase or titlecase letter."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        ch = chr(code)
        if ch.isupper() or ch.istitle():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    parts = []
    for lo, hi in ranges:
        parts.append(
            re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        )
    return "".join(parts)


UP = f"[{upper_class()}]"
LETTER = r"[^\W\d_]"
SPACES = re.compile(r"[ \t]+")  # a run of spaces and tabs within a line

MONTHS = words(
    "january february march april may june july august september october november december"
)
WEEKDAYS = words("monday tuesday wednesday thursday friday saturday sunday")

# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    words("""mr mrs ms dr prof gen lt col maj capt sgt sen rep gov st mt no nos vs etc jr sr
    jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp u.s u.k u.n e.u
    a.m p.m i.e e.g approx dept est fig rev hon""")
)
_BOUNDARY = re.compile(r"[.!?]+[\"”’'»)\]]*[ \t]+(?=[\"“‘'«(\[]?[\w$€£])|\n\s*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split into sentences as (start, end) offsets; newlines always end one."""
    spans: list[tuple[int, int]] = []
    start = reached = 0
    # Every boundary starts with one of these characters: finding them with
    # str.find and trying the pattern there is several times faster than
    # letting ``finditer`` try it at every character.
    for pos in _terminators(text):
        if pos < reached:
            continue
        m = _BOUNDARY.match(text, pos)
        if m is None:
            continue
        reached = m.end()
        if text[pos] != "\n" and _is_abbreviation(text, start, m):
            continue
        _append(spans, text, start, m.end())
        start = m.end()
    _append(spans, text, start, len(text))
    return spans


def _terminators(text: str) -> list[int]:
    found = []
    for char in ".!?\n":
        pos = text.find(char)
        while pos >= 0:
            found.append(pos)
            pos = text.find(char, pos + 1)
    found.sort()
    return found


def _is_abbreviation(text: str, start: int, m: re.Match[str]) -> bool:
    # The word before the full stop: found with rfind, not a backward regex search.
    word_start = max(start, text.rfind(" ", max(start, m.start() - 20), m.start()) + 1)
    words_before = text[word_start : m.start()].split()
    if not words_before:
        return False
    word = words_before[-1].lower().lstrip("(\"“‘'")
    if len(word) == 1 and word.isalpha():
        return True  # an initial, as in "John F. Kennedy"
    return word in _ABBREVIATIONS


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def sentence_index(sentences: list[tuple[int, int]], offset: int) -> int:
    """Index of the sentence holding ``offset`` (binary search), or -1."""
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s, e = sentences[mid]
        if offset < s:
            hi = mid - 1
        elif offset >= e:
            lo = mid + 1
        else:
            return mid
    return -1
