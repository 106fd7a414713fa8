"""Cue words: one automaton pass finds every word a finder starts from.

Each finder registers the words its patterns begin with ("president",
"signed", "memorandum" ...) and then tries its pattern only where one of them
stands, with ``pattern.match(subject, position)``, instead of scanning the
whole article with ``finditer``. Python's ``re`` tries a long alternation at
every character; one Aho-Corasick pass over the article costs a few
microseconds however many words are registered.

Cue words match whole words, case-insensitively, on the folded text (see
``text.fold``); a pattern tried at a cue decides everything else (case, what
follows). Results are cached for the last article, which every finder shares.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator

import ahocorasick

from corpus_db.extract.text import spaced_words

_WORDS: dict[str, set[str]] = {}
_PREFIXES: dict[str, set[str]] = {}
_automaton: ahocorasick.Automaton | None = None
_last: tuple[str, dict[str, list[int]]] = ("", {})


def register(kind: str, cue_words: Iterable[str], *, prefix: bool = False) -> str:
    """Add words (lower case, no spaces) that start matches of ``kind``; returns ``kind``.

    With ``prefix`` the words need only begin a word ("1" for "19th").
    """
    global _automaton
    (_PREFIXES if prefix else _WORDS).setdefault(kind, set()).update(cue_words)
    _automaton = None
    return kind


def word_pattern(kind: str, cue_words: Iterable[str]) -> re.Pattern[str]:
    """Register ``cue_words`` for ``kind`` and return the pattern matching any one of them."""
    listed = list(cue_words)
    register(kind, listed)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, listed)) + r")\b")


def _build() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    kinds_of: dict[str, tuple[list[str], list[str]]] = {}
    for table, slot in ((_WORDS, 0), (_PREFIXES, 1)):
        for kind, cue_words in table.items():
            for word in cue_words:
                kinds_of.setdefault(word, ([], []))[slot].append(kind)
    for word, (whole, prefix) in kinds_of.items():
        automaton.add_word(f" {word}", (len(word), tuple(whole), tuple(prefix)))
    automaton.make_automaton()
    return automaton


def positions(text: str, kind: str) -> list[int]:
    """Where a word registered for ``kind`` starts in ``text``, in order."""
    global _last, _automaton
    if _last[0] is not text:
        if _automaton is None:
            _automaton = _build()
        spaced = spaced_words(text)
        found: dict[str, list[int]] = {k: [] for k in (*_WORDS, *_PREFIXES)}
        for end, (length, whole, prefix) in _automaton.iter(spaced):
            # ``end`` indexes ``spaced``, one ahead of ``text``: the word's last character.
            for k in prefix:
                found[k].append(end - length)
            if whole and spaced[end + 1] == " ":
                for k in whole:
                    found[k].append(end - length)
        for hits in found.values():
            hits.sort()
        _last = (text, found)
    return _last[1].get(kind, [])


def matches(
    pattern: re.Pattern[str],
    subject: str,
    text: str,
    kind: str,
    start: int = 0,
    end: int | None = None,
) -> Iterator[re.Match[str]]:
    """Non-overlapping matches of ``pattern`` in ``subject`` that begin at a ``kind`` cue.

    ``subject`` is ``text`` or its fold (same offsets). Like ``finditer`` over
    ``[start, end)`` for a pattern that can only begin at a cue word.
    """
    stop = len(subject) if end is None else end
    cues = positions(text, kind)
    reached = start
    for pos in cues[bisect_left(cues, start) :]:
        if pos >= stop:
            break
        if pos < reached:
            continue
        m = pattern.match(subject, pos, stop)
        if m is not None:
            reached = max(m.end(), pos + 1)
            yield m
