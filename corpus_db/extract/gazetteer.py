"""Country terms (names, aliases, demonyms, capitals) and the raw scan for them.

Owns the term list, built once from pycountry plus the shipped
``corpus_db/data/country_aliases.json``, and ``scan``: every country term in
a text, on word boundaries, capitalised as the term is, longest match first.
Phrases listed as ``not_countries`` ("South China Sea") are matched too and
swallow the country terms inside them. Which matches count as *mentions* of a
country is decided in ``countries.py``.

Terms written in capitals ("US", "UAE") must appear in capitals; other terms
must have their capitals where the term has them ("turkey" is not Turkey),
while lowercase letters of the term may be capitals in the text (headlines).
Diacritics and curly apostrophes are folded on both sides, so "Cote d'Ivoire"
matches "Côte d’Ivoire".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick
import pycountry

from corpus_db.extract.text import fold, spaced_words, words_only

# Rank of each kind of term when two sources give the same folded term.
_RANK = {"name": 0, "alias": 1, "demonym": 2, "capital": 3, "city": 4, "region": 5}
PLACE_HOWS = frozenset({"city", "region"})
_BLOCK = "block"


@dataclass(frozen=True, slots=True)
class Term:
    """One entry of the gazetteer: how the term is spelt and what it names."""

    canonical: str
    code: str | None  # None for a blocking phrase
    how: str  # "name", "alias", "demonym", "capital", "city", "region" or "block"
    capitals: tuple[int, ...] = ()  # offsets of its capital letters, which the text must share

    @classmethod
    def of(cls, canonical: str, code: str | None, how: str) -> Term:
        """A term, with the offsets of its capital letters worked out once."""
        capitals = tuple(i for i, ch in enumerate(canonical) if ch.isupper())
        return cls(canonical, code, how, capitals)


@dataclass(frozen=True, slots=True)
class Match:
    """A country term (or blocking phrase) found in a text."""

    start: int
    end: int
    term: Term


_DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def data() -> dict:
    """The shipped country data file, parsed once."""
    return json.loads((_DATA / "country_aliases.json").read_text(encoding="utf-8"))


def _place_terms() -> list[tuple[str, str, str]]:
    """Cities and regions from the shipped places file (GeoNames and ISO 3166-2)."""
    places = json.loads((_DATA / "places.json").read_text(encoding="utf-8"))
    return [
        (code, how, name)
        for how, key in (("city", "cities"), ("region", "regions"))
        for name, code in places[key]
    ]


def _iso_terms() -> list[tuple[str, str, str]]:
    out = []
    for country in pycountry.countries:
        code = country.alpha_2
        out.append((code, "name", country.name))
        for attr in ("common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                out.append((code, "alias", value))
    expanded = []
    for code, how, term in out:
        for variant in _variants(term):
            expanded.append((code, how if variant == term else "alias", variant))
    return expanded


def _variants(term: str) -> list[str]:
    """ISO spellings as written in prose: uninvert "Korea, Republic of", drop "(...)"."""
    found = [term]
    paren = re.match(r"^(.*?)\s*\((.*)\)$", term)
    if paren:
        found = [paren.group(1), paren.group(2)]
    result = []
    for item in found:
        result.append(item)
        if ", " in item:
            head, tail = item.split(", ", 1)
            result.append(f"{tail} {head}")
            result.append(head)
    cleaned = []
    for item in result:
        item = re.sub(r"^(?:the|The) ", "", item)
        if item and item not in cleaned:
            cleaned.append(item)
    return cleaned


def _data_terms() -> list[tuple[str, str, str]]:
    out = []
    for code, entry in data()["countries"].items():
        for term in entry.get("aliases", ()):
            out.append((code, "alias", term))
        for term in entry.get("demonyms", ()):
            out.append((code, "demonym", term))
            if not term.endswith(("s", "sh", "ch", "x", "z")):
                out.append((code, "demonym", term + "s"))
        for term in entry.get("capitals", ()):
            out.append((code, "capital", term))
    return out


@cache
def terms() -> dict[str, Term]:
    """Folded term -> Term. The data file overrides pycountry for the same term."""
    table: dict[str, Term] = {}
    for code, how, term in _iso_terms():
        key = fold(term)
        old = table.get(key)
        if old is None or _RANK[how] < _RANK[old.how]:
            table[key] = Term.of(term, code, how)
    from_data: set[str] = set()
    for code, how, term in _data_terms():
        key = fold(term)
        old = table.get(key)
        if (
            old is None
            or (old.code != code and key not in from_data)
            or (old.code == code and _RANK[how] < _RANK[old.how])
        ):
            table[key] = Term.of(term, code, how)
        from_data.add(key)
    for code, how, term in _place_terms():
        table.setdefault(fold(term), Term.of(term, code, how))
    for phrase in data()["not_countries"]:
        table[fold(phrase)] = Term.of(phrase, None, _BLOCK)
    return table


@cache
def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key, term in terms().items():
        automaton.add_word(" " + words_only(key), (len(key), term))
    automaton.make_automaton()
    return automaton


def lookup(word: str) -> Term | None:
    """The term spelt exactly ``word`` (after folding), if any."""
    return terms().get(fold(word))


def scan(text: str) -> list[Match]:
    """All country terms and blocking phrases in ``text``, leftmost-longest, in order."""
    if not text:
        return []
    spaced = spaced_words(text)
    last = len(spaced) - 1  # the padding; a term ending in "." ("U.S.") may not end there
    candidates = []
    for end, (length, term) in _automaton().iter(spaced):
        if end >= last:
            continue
        # ``end`` indexes ``spaced``, one byte ahead of ``text``: it is the
        # term's last character there, so the term ends at ``end`` in ``text``.
        start = end - length
        caps = term.capitals
        if spaced[end + 1] != " " or (caps and not text[start + caps[0]].isupper()):
            continue  # not a whole word, or its first capital is lower case
        if len(caps) <= 1 or all(text[start + i].isupper() for i in caps[1:]):
            candidates.append((end - length, -length, term))
    candidates.sort(key=lambda c: (c[0], c[1]))
    matches: list[Match] = []
    last_end = -1
    for start, neg_length, term in candidates:
        if start >= last_end:
            matches.append(Match(start, start - neg_length, term))
            last_end = start - neg_length
    return matches
