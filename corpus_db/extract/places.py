"""Places below the country: cities, regions, and capitals named as places.

* A city or region from the shipped places file (GeoNames cities, ISO 3166-2
  regions) is a place of its country ("Osh", "Jalal-Abad", "Texas").
* A capital that does not stand for its government ("talks in Bishkek") is a
  place of kind ``capital``; "Astana said" is a country mention instead.
* "<Name> region/oblast/province/governorate/prefecture" names a region even
  when the file does not know it; its country is the one right after it
  ("Issyk-Kul region of Kyrgyzstan"), else the nearest country named before
  it in the sentence, else the article's most named country. A place whose
  country cannot be told is left out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

from corpus_db.extract import cues
from corpus_db.extract.facts import CountryMention, PersonFact, PlaceMention, Span
from corpus_db.extract.gazetteer import PLACE_HOWS, Match
from corpus_db.extract.text import LETTER, UP, sentence_index, words

_REGION_WORD = re.compile(
    r"[ \t]+(?:region|oblast|province|governorate|prefecture|oblysy|viloyat)\b", re.IGNORECASE
)
_REGION = "region noun"
_REGION_NOUN = cues.word_pattern(_REGION, words("region oblast province governorate prefecture"))
# The name before a region noun, searched backwards from it (a forward scan of
# the whole text with this pattern costs more than all the rest of the finder).
_NAME_BEFORE = re.compile(
    rf"(?<![\w'’-])(?P<name>{UP}{LETTER}*(?:[-'’]{LETTER}+)*"
    rf"(?:[ \t]{UP}{LETTER}+(?:-{LETTER}+)*)?)\Z"
)
_OF = re.compile(r"[ \t]+(?:of|in)[ \t]+(?:the[ \t]+)?")
_NOT_REGION = frozenset(
    words("""The This That A An Our Their Its Whole Entire Each Every
    Border Asia Pacific Caucasus Gulf Arctic Sahel Balkan Balkans Baltic Mediterranean Eurasian
    Asian African European Middle East West North South Central Eastern Western Northern
    Southern Capital""")
)


def find_places(
    text: str,
    matches: list[Match],
    countries: list[CountryMention],
    sentences: list[tuple[int, int]],
    people: Sequence[PersonFact] = (),
) -> list[PlaceMention]:
    """Every city and region the text names, with its country, in text order.

    A place name inside a person's name ("Lagos" of "Maria Jose Lagos") is not a place.
    """
    as_country = {m.span.start for m in countries}
    named = sorted((s.start, s.end) for p in people for s in p.mentions)
    found: dict[int, PlaceMention] = {}
    for match in matches:
        term = match.term
        if term.code is None or match.start in as_country or _inside(named, match.start):
            continue
        if term.how == "capital":
            kind = "capital"
        elif term.how in PLACE_HOWS:
            kind = term.how
        else:
            continue
        if _REGION_WORD.match(text, match.end):
            kind = "region"
        span = Span(match.start, match.end, text[match.start : match.end])
        found[match.start] = PlaceMention(term.canonical, term.code, kind, span)
    taken = [(m.start, m.end) for m in matches]
    for noun in cues.matches(_REGION_NOUN, text, text, _REGION):
        name_end = noun.start()
        while name_end > 0 and text[name_end - 1] in " \t":
            name_end -= 1
        if name_end == noun.start():
            continue
        m = _NAME_BEFORE.search(text, max(0, name_end - 40), name_end)
        if m is None:
            continue
        start, end, name = m.start(), m.end(), m.group("name")
        first, _, rest = name.partition(" ")
        if first in _NOT_REGION:
            start, name = start + len(first) + 1, rest
        if not name or name in _NOT_REGION or start in found:
            continue
        if any(a < end and start < b for a, b in taken):
            continue
        code = _region_country(text, noun.end(), start, countries, sentences)
        if code is not None:
            found[start] = PlaceMention(name, code, "region", Span(start, end, name))
    return [found[k] for k in sorted(found)]


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls in one of the sorted, non-overlapping ``spans``."""
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _region_country(
    text: str,
    end: int,
    start: int,
    countries: list[CountryMention],
    sentences: list[tuple[int, int]],
) -> str | None:
    of = _OF.match(text, end)
    if of:
        after = next((c for c in countries if c.span.start == of.end()), None)
        if after is not None:
            return after.code
    here = sentence_index(sentences, start)
    before = [
        c
        for c in countries
        if c.span.start < start and sentence_index(sentences, c.span.start) == here
    ]
    if before:
        return before[-1].code
    counts = Counter(c.code for c in countries)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
