"""Country mentions: which gazetteer matches in a text name a country.

Rules, applied to the raw matches of ``gazetteer.scan``:

* Names, aliases and demonyms count ("Kazakhstan", "Kyrgyz Republic",
  "Kazakh", "Kyrgyzstan's", "Kazakh-Kyrgyz").
* A capital counts only when it stands for the government: followed by a
  verb of speech or action ("Astana said", "Moscow has warned"), used as a
  possessive ("Beijing's position"), or in a pair of capitals ("Astana and
  Bishkek agreed", "between Moscow and Beijing"). "Visit to Astana" and
  "talks in Astana" name a place, not a country.
* A country term inside an organisation's name is not a mention: right after
  one of the data file's ``org_before`` words ("Bank of China") or right
  before an ``org_after`` word ("Kenya Airways").
* A country name that is also a given name ("Jordan", "Chad") names a person
  when a title precedes it or a surname-like capitalised word follows it.
* Phrases in the data file's ``not_countries`` ("South China Sea") swallow the
  country terms inside them (see ``gazetteer``).
* A term the data file lists as ``ambiguous`` ("Georgia", "Turkey") is not a
  country inside one of its ``local_other`` phrases ("governor of Georgia"),
  nor anywhere in an article that has one of its ``other_cues`` ("Atlanta",
  "Thanksgiving") and none of its ``country_cues`` ("Tbilisi", "Ankara").
"""

from __future__ import annotations

import re
from functools import cache

from corpus_db.extract.facts import CountryMention, Span
from corpus_db.extract.gazetteer import PLACE_HOWS, Match, data, lookup
from corpus_db.extract.text import words

_GOV_VERBS = words(
    "said says say announced announces agreed agrees accused accuses warned warns rejected "
    "rejects denied denies responded responds welcomed welcomes condemned condemns signed "
    "signs has have had will would wants want insisted insists urged urges called calls "
    "demanded demands refused refuses threatened threatens claimed claims confirmed "
    "confirms hopes hoped expects expected sees saw views viewed considers considered "
    "must may might could should can did does proposed proposes plans "
    "planned intends intended seeks sought believes believed supports supported opposes "
    "opposed reacted reacts retaliated protested protests vowed vows pledged pledges"
)
_GOV_AFTER = re.compile(
    r"(?:['’]s\b|\s+(?:" + "|".join(_GOV_VERBS) + r")\b"
    r"|,[ \t]+which[ \t]+(?:severed|cut|broke|recalled|expelled|accuses|accused|"
    + "|".join(_GOV_VERBS)
    + r")\b)"
)
# "relations with Rabat", "the military governments in Bamako": the state, not the city.
_GOV_BEFORE = re.compile(
    r"\b(?:relations|ties|talks|dialogue|dispute|tensions|rift|rapprochement)[ \t]+with[ \t]+\Z"
    r"|\b(?:government|governments|authorities|leadership|junta|juntas|regime|regimes|rulers)"
    r"[ \t]+in[ \t]+\Z"
)
_BETWEEN = re.compile(r"\bbetween\s+\Z", re.IGNORECASE)
_AND = re.compile(r"\s*(?:,|and|&)\s*")
_TITLE_BEFORE = re.compile(
    r"\b(?:President|Minister|King|Queen|Prince|Mr|Mrs|Ms|Dr|Sen|Gov|Senator|Governor|"
    r"Ambassador|Chancellor|Premier|Emir|Sheikh|Judge|Coach|General)\.?\s+\Z"
)
_GIVEN_BEFORE = re.compile(r"(?<![\w.])([A-Z][a-z]+)[ \t]+\Z")
_NOT_GIVEN = frozenset(
    words(
        """The In To From With And By For At On Of As Visit Visiting Both Neighbouring
        Neighboring Northern Southern Eastern Western Central Including Between Unlike Like
        While When Where But Or If Although Since After Before During Today Also Only Even"""
    )
)
_OFFICE_AFTER = re.compile(r"[ \t]+(?:Minister|Ministry|Secretary)\b")
_SURNAME_AFTER = re.compile(r"\s+[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?\b")


@cache
def _org_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    if not all(w.endswith(" of") for w in data()["org_before"]):
        raise ValueError("country_aliases.json: every org_before phrase must end in ' of'")
    before = "|".join(re.escape(w) for w in data()["org_before"])
    after = "|".join(re.escape(w) for w in data()["org_after"])
    return (
        re.compile(rf"\b(?:{before})\s+(?:the\s+)?\Z"),
        re.compile(rf"\s+(?:{after})\b"),
    )


@cache
def _given_names() -> frozenset[str]:
    return frozenset(data()["given_names"])


@cache
def _ambiguous() -> dict[str, tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]]:
    def any_of(phrases: list[str]) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")

    return {
        term: (any_of(e["other_cues"]), any_of(e["country_cues"]), any_of(e["local_other"]))
        for term, e in data()["ambiguous"].items()
    }


def _not_this_country(text: str, match: Match, cache: dict[str, bool]) -> bool:
    """True when an ambiguous term ("Georgia") names something else here."""
    cues = _ambiguous().get(match.term.canonical)
    if cues is None:
        return False
    other, country, local = cues
    for phrase in local.finditer(text, max(0, match.start - 25), match.end + 25):
        if phrase.start() <= match.start and match.end <= phrase.end():
            return True
    term = match.term.canonical
    if term not in cache:
        cache[term] = bool(other.search(text)) and not country.search(text)
    return cache[term]


def country_mentions(text: str, matches: list[Match]) -> list[CountryMention]:
    """The matches that mention a country, as CountryMention in text order."""
    ambiguous: dict[str, bool] = {}
    capitals = {m.start: m for m in matches if m.term.how == "capital"}
    org_before, org_after = _org_patterns()
    out = []
    for match in matches:
        term = match.term
        if term.code is None or term.how in PLACE_HOWS:
            continue
        window = text[max(0, match.start - 40) : match.start]
        # Every org_before phrase ends in "of" ("Bank of"): test that cheaply first.
        of_before = window.rstrip().endswith((" of", " of the"))
        if of_before and org_before.search(window):
            continue
        org = org_after.match(text, match.end)
        if org is not None and not _OFFICE_AFTER.match(text, org.end()):
            continue  # "Kenya Airways"; but "Egyptian Petroleum Minister" is an office
        if term.how == "capital" and not _stands_for_government(text, match, capitals):
            continue
        if term.canonical in _given_names() and _is_person(text, match, window):
            continue
        if _not_this_country(text, match, ambiguous):
            continue
        span = Span(match.start, match.end, text[match.start : match.end])
        out.append(CountryMention(term.code, span, term.how))
    return out


def _stands_for_government(text: str, match: Match, capitals: dict[int, Match]) -> bool:
    if _GOV_AFTER.match(text, match.end):
        return True
    if _GOV_BEFORE.search(text, max(0, match.start - 40), match.start):
        return True
    previous = _previous_in_list(text, match, capitals)
    if previous is not None and _GOV_BEFORE.search(
        text, max(0, previous.start - 40), previous.start
    ):
        return True
    if _BETWEEN.search(text, max(0, match.start - 12), match.start):
        return True
    link = _AND.match(text, match.end)
    if link and link.end() in capitals:
        return _stands_for_government(text, capitals[link.end()], capitals)
    return _follows_capital_pair(text, match, capitals)


def _previous_in_list(text: str, match: Match, capitals: dict[int, Match]) -> Match | None:
    """The first capital of a list this one continues: "in Bamako, Ouagadougou and Niamey"."""
    first = None
    current = match
    for _ in range(6):
        before = next(
            (
                c
                for c in capitals.values()
                if c.end < current.start
                and (link := _AND.match(text, c.end))
                and link.end() == current.start
            ),
            None,
        )
        if before is None:
            break
        first = current = before
    return first


def _follows_capital_pair(text: str, match: Match, capitals: dict[int, Match]) -> bool:
    """True for the second capital of "A and B <verb>" or "between A and B"."""
    for other in capitals.values():
        link = _AND.match(text, other.end)
        if link and link.end() == match.start:
            if _GOV_AFTER.match(text, match.end):
                return True
            if _BETWEEN.search(text, max(0, other.start - 12), other.start):
                return True
    return False


def _is_person(text: str, match: Match, window: str) -> bool:
    if _TITLE_BEFORE.search(window):
        return True
    given = _GIVEN_BEFORE.search(window)
    if given and given.group(1) not in _NOT_GIVEN and lookup(given.group(1)) is None:
        return True
    after = _SURNAME_AFTER.match(text, match.end)
    return after is not None and lookup(after.group().strip()) is None and not _title_word(after)


def _title_word(after: re.Match[str]) -> bool:
    word = after.group().strip()
    return word in {"King", "Queen", "President", "Prime", "Foreign", "Minister", "Government"}


# "BEIJING, Dec. 9 (Xinhua) --", "TOKYO (AP) —", "Astana, 22 October 2025 –".
_DATELINE_CITY = re.compile(
    r"\s*([A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2})[ \t]*(?:,|\(|--|[-–—])"
)
_DATELINE_END = re.compile(r"[ \t](?:--|[-–—])[ \t]|\([A-Z][^)\n]{1,30}\)[ \t]")


def dateline_country(text: str) -> str | None:
    """The country of the city that opens one of the first lines ("PRAGUE, Jan. 22 --")."""
    # A headline, "PRESS RELEASE" or the issuing office may stand above the dateline.
    for line in [line for line in text[:600].split("\n") if line.strip()][:5]:
        city = _DATELINE_CITY.match(line)
        if city and _DATELINE_END.search(line, city.end(1), city.end(1) + 60):
            term = lookup(city.group(1))
            if term is not None and term.code is not None and term.how in ("capital", "city"):
                return term.code
    return None
