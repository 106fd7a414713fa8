"""Dates in text, explicit or relative, resolved against the publication date.

Explicit: "April 19th, 2024", "19 April 2024", "19th of April, 2024",
"2024-04-19", "19.04.2024". A day and month without a year ("on April 19")
take the publication year, or the year before when that would fall after
publication. Relative: "today"/"tonight" is the publication date,
"yesterday" the day before, a weekday ("on Friday") the most recent such day
on or before publication (a wire story filed on a Friday about "Friday" means
that day), "last Friday" the most recent one strictly before it, "next
Friday" the first one after it. Vaguer phrases ("last week", "recently") resolve to nothing.

Each hit carries a rank, lower is surer: 0 full date, 1 day and month,
2 weekday, 3 today/yesterday.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from corpus_db.extract import cues
from corpus_db.extract.text import words

_DIGITS = re.compile(r"\d+")
_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            "january jan",
            "february feb",
            "march mar",
            "april apr",
            "may",
            "june jun",
            "july jul",
            "august aug",
            "september sep sept",
            "october oct",
            "november nov",
            "december dec",
        ),
        start=1,
    )
    for name in names.split()
}
_WEEKDAYS = {
    name: index
    for index, name in enumerate(words("monday tuesday wednesday thursday friday saturday sunday"))
}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_SEP = r"(?:\s*,\s*|\s+)"
_DATE_RE = re.compile(
    rf"\b(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>{_DAY}){_SEP}(?P<mdy_y>{_YEAR})\b"
    rf"|\b(?P<dmy_d>{_DAY})(?:\s+of)?\s+(?P<dmy_m>{_MONTH}){_SEP}(?P<dmy_y>{_YEAR})\b"
    rf"|\b(?P<iso_y>{_YEAR})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)\b"
    rf"|\b(?P<dot_d>[0-3]?\d)\.(?P<dot_m>[01]?\d)\.(?P<dot_y>{_YEAR})\b"
    rf"|\b(?P<md_m>{_MONTH})\s+(?P<md_d>{_DAY})\b(?![\d,])"
    rf"|\b(?P<dm_d>{_DAY})(?:\s+of)?\s+(?P<dm_m>{_MONTH})\b"
    r"|\b(?:(?P<wd_rel>[Ll]ast|[Nn]ext|[Tt]his)[ \t]+)?"
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?P<rel>[Yy]esterday|[Tt]oday|[Tt]onight)\b"
)


_CUES = cues.register(
    "date",
    [
        *(m for m in _MONTHS),
        *_WEEKDAYS,
        *words("last next this yesterday today tonight"),
    ],
)
cues.register(_CUES, "0123456789", prefix=True)


@dataclass(frozen=True, slots=True)
class DateHit:
    """A date expression at [start, end) and the day it resolves to."""

    start: int
    end: int
    value: date
    rank: int


def find_dates(text: str, published: date, start: int = 0, end: int | None = None) -> list[DateHit]:
    """Every resolvable date expression in ``text[start:end]``, in order."""
    stop = len(text) if end is None else end
    hits = []
    for m in cues.matches(_DATE_RE, text, text, _CUES, start, stop):
        resolved = _resolve(m, published)
        if resolved is not None:
            value, rank = resolved
            hits.append(DateHit(m.start(), m.end(), value, rank))
    return hits


def _resolve(m: re.Match[str], published: date) -> tuple[date, int] | None:
    g = m.groupdict()
    try:
        if g["mdy_m"]:
            return _ymd(g["mdy_y"], _month(g["mdy_m"]), g["mdy_d"]), 0
        if g["dmy_m"]:
            return _ymd(g["dmy_y"], _month(g["dmy_m"]), g["dmy_d"]), 0
        if g["iso_y"]:
            return _ymd(g["iso_y"], int(g["iso_m"]), g["iso_d"]), 0
        if g["dot_y"]:
            return _ymd(g["dot_y"], int(g["dot_m"]), g["dot_d"]), 0
        if g["md_m"]:
            return _no_year(published, _month(g["md_m"]), g["md_d"]), 1
        if g["dm_m"]:
            return _no_year(published, _month(g["dm_m"]), g["dm_d"]), 1
    except ValueError:
        return None
    if g["wd"]:
        back = (published.weekday() - _WEEKDAYS[g["wd"].lower()]) % 7
        qualifier = (g["wd_rel"] or "").lower()
        if qualifier == "next":
            return published + timedelta(days=(7 - back) or 7), 2
        if qualifier == "last" and back == 0:
            back = 7  # "last Tuesday" in a Tuesday story is a week ago
        return published - timedelta(days=back), 2
    rel = g["rel"].lower()
    return (published - timedelta(days=1) if rel == "yesterday" else published), 3


def _month(word: str) -> int:
    return _MONTHS[word.rstrip(".").lower()]


def _day(word: str) -> int:
    digits = _DIGITS.match(word)
    assert digits is not None  # the date patterns only pass words that start with a digit
    return int(digits.group())


def _ymd(year: str, month: int, day: str) -> date:
    return date(int(year), month, _day(day))


def _no_year(published: date, month: int, day: str) -> date:
    value = date(published.year, month, _day(day))
    if value > published:
        value = date(published.year - 1, month, _day(day))
    return value
