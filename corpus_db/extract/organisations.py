"""Organisations whose country the article states, so that their people can take it.

An article rarely says "Gabor Szekeres, a Hungarian"; it says "Hungarian
energy group MOL" once and "Gabor Szekeres, MOL's executive vice president"
later. This module reads the first kind of phrase:

* a country word, a few lower-case words ending in an organisation noun, and
  the name: "Argentine shale producer Patagonia Shale Energy", "Algeria's
  state energy company Sonatrach"; a possessive alone is enough for a name
  in capitals or a short one ("Italy's Eni");
* the name, then an appositive with a country word and an organisation noun:
  "Arajet, the Dominican low-cost carrier", "JOGMEC, a Japanese government agency";
* a name with its acronym in brackets whose words hold a country: "Vietnam
  Electricity (EVN)", "Electricite du Laos (EDL)" (both forms are kept).

The result maps each organisation's name, as written, to a country code.
Pure: text and country mentions in, a dict out.
"""

from __future__ import annotations

import re

from corpus_db.extract.facts import CountryMention
from corpus_db.extract.gazetteer import lookup
from corpus_db.extract.text import UP, words

ORG_NOUNS = frozenset(
    words("""group company firm operator producer carrier utility giant conglomerate lender
    bank miner developer contractor insurer manufacturer maker agency airline exporter importer
    refiner fund investor corporation holding subsidiary provider supplier regulator railway
    shipper builder automaker carmaker chipmaker startup consortium institute university
    broadcaster telecom distributor trader retailer shipbuilder shipyard steelmaker planemaker
    drugmaker explorer driller major chaebol outfit lab laboratory house consultancy counterpart""")
)
_NAME = rf"{UP}[\w&-]*(?:[ \t]+(?:{UP}[\w&-]*|&|de|du|des|of|for)){{0,5}}"
# After a country word: "'s state energy company Sonatrach", " shale producer Patagonia ...".
_DESCRIBED_NAME = re.compile(rf"(['’]s)?((?:[ \t]+[a-z][a-z-]*){{0,4}}),?[ \t]+({_NAME})")
# Before a country word: "Arajet, the " / "JOGMEC), a ".
_NAME_THEN_ARTICLE = re.compile(
    rf"({_NAME})(?:[ \t]*\(({UP}{{2,8}})\))?\)?,[ \t]+(?:the|a|an)[ \t]+\Z"
)
_DESCRIPTION = re.compile(r"(?:[ \t]+[\w-]+){1,4}")
_ACRONYM = re.compile(rf"\(({UP}[{UP[1:-1]}-]{{1,9}})\)")
_LONG_NAME_BEFORE = re.compile(rf"((?:{UP}[\w-]*[ \t]+(?:(?:of|for|du|de|des|&)[ \t]+)*){{1,7}})\Z")
_TRAILING_LINK = re.compile(r"(?:[ \t]+(?:de|du|des|of|for|&))+$")


def organisations(text: str, mentions: list[CountryMention]) -> dict[str, str]:
    """Organisation name -> country code, for each organisation the text gives a country."""
    found: dict[str, str] = {}
    for mention in mentions:
        if mention.how == "capital":
            continue
        _described_after(text, mention, found)
        if mention.how == "demonym":
            _apposed_before(text, mention, found)
    _with_acronym(text, found)
    return found


def _described_after(text: str, mention: CountryMention, found: dict[str, str]) -> None:
    m = _DESCRIBED_NAME.match(text, mention.span.end)
    if m is None:
        return
    possessive, described, name = m.group(1), m.group(2).split(), _trim(m.group(3))
    if described and described[-1] in ORG_NOUNS:
        _add(found, name, mention.code)
    elif possessive and not described and not _OFFICE_WORDS.intersection(name.split()):
        _add(found, name, mention.code)  # "Italy's Eni", "Singapore's Sembcorp Industries"


def _apposed_before(text: str, mention: CountryMention, found: dict[str, str]) -> None:
    if not text.endswith((" the ", " a ", " an "), 0, mention.span.start):
        return  # cheap test before a backward search
    before = _NAME_THEN_ARTICLE.search(text, max(0, mention.span.start - 80), mention.span.start)
    described = _DESCRIPTION.match(text, mention.span.end)
    nouns = described.group().replace("-", " ").split() if described else []
    if before is None or not ORG_NOUNS.intersection(nouns):
        return  # "Arajet, the Dominican low-cost carrier": a noun that names a body
    _add(found, _trim(before.group(1)), mention.code)
    if before.group(2):
        _add(found, before.group(2), mention.code)


def _with_acronym(text: str, found: dict[str, str]) -> None:
    pos = text.find("(")
    while pos >= 0:
        at, pos = pos, text.find("(", pos + 1)
        acronym = _ACRONYM.match(text, at)
        named = _LONG_NAME_BEFORE.search(text, max(0, at - 100), at) if acronym else None
        if named is None:
            continue
        name = _trim(named.group(1))
        tokens = name.split()
        code = next(
            (
                term.code
                for size in (3, 2, 1)
                for i in range(len(tokens) - size + 1)
                if (term := lookup(" ".join(tokens[i : i + size]))) is not None
                and term.code is not None
                and term.how in ("name", "alias", "demonym")
            ),
            None,
        )
        if code is not None:
            _add(found, name, code)
            _add(found, acronym.group(1), code)


# "Kazakhstan's Defence Minister Ruslan Zhaksylykov" is a person, not a company.
_OFFICE_WORDS = frozenset(
    words("""Minister President Premier Secretary Ambassador Governor Chancellor King Queen Emir
    Prince Envoy Chairman Director Mayor Senator Spokesman Spokeswoman Spokesperson""")
)
# First words that do not name an organisation on their own.
_GENERIC_FIRST = frozenset(
    words("""National State General Central International United First New Royal Federal Public
    Islamic Arab African Asian European Global Bank Trade Development Investment Energy""")
)


def _add(found: dict[str, str], name: str, code: str) -> None:
    """Record ``name`` and, for a longer name, its distinctive first word ("Sembcorp")."""
    found.setdefault(name, code)
    first = name.split()[0]
    if " " in name and len(first) > 2 and first not in _GENERIC_FIRST and not _is_country(first):
        found.setdefault(first, code)
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    if len(initials) >= 3:
        found.setdefault(initials, code)  # "Volta River Authority" ... "VRA's deputy chief"


def _is_country(word: str) -> bool:
    term = lookup(word)
    return term is not None and term.how in ("name", "alias", "demonym", "capital")


def _trim(name: str) -> str:
    return _TRAILING_LINK.sub("", name.strip()).rstrip(".")
