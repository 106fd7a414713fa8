"""The plain objects queries return: detached from any session, with ``to_dict()``.

Field names are the CLI's JSON keys, the library's attribute names and, where a
column holds the same thing, the column's name. Listings return the flat
records; ``show`` returns the profiles, which nest records. No SQLAlchemy here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any


class Record:
    """Shared ``to_dict()``: dates as ISO strings, tuples as lists, nested records as dicts."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready plain data."""
        return {key: _plain(value) for key, value in asdict(self).items()}  # type: ignore[call-overload]

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The keys of ``to_dict()``, in order: CSV headers even when there are no rows."""
        return tuple(f.name for f in fields(cls))  # type: ignore[arg-type]


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


# Listings


@dataclass(frozen=True, slots=True)
class ArticleRecord(Record):
    """An article: its id, publication date, title and source name."""

    id: int
    date: date
    title: str
    source: str
    url: str | None


@dataclass(frozen=True, slots=True)
class ArticleTextRecord(Record):
    """An article with its file and full text, as ``export articles`` writes it."""

    id: int
    date: date
    title: str
    source: str
    url: str | None
    path: str | None
    body: str


@dataclass(frozen=True, slots=True)
class PersonRecord(Record):
    """A person: canonical name, the other forms seen, country (alpha-2), latest role,
    and how many articles name them."""

    id: int
    name: str
    aliases: tuple[str, ...]
    country: str | None
    role: str | None
    articles: int


@dataclass(frozen=True, slots=True)
class CountryRecord(Record):
    """A country with how often the corpus mentions it, and in how many articles."""

    code: str
    name: str
    mentions: int
    articles: int


@dataclass(frozen=True, slots=True)
class AgreementRecord(Record):
    """An agreement with its parties (alpha-2) and signatories (names)."""

    id: int
    title: str
    kind: str
    status: str
    signed_on: date | None
    place: str | None
    parties: tuple[str, ...]
    signatories: tuple[str, ...]


# Profiles (``show``)


@dataclass(frozen=True, slots=True)
class MentionRecord(Record):
    """Where an article names something (``body[start_char:end_char] == text``) and how
    it was found; ``ref`` ("person:17") names the mention for other commands."""

    ref: str  # "<kind>:<row id>", kind one of country, place, person, agreement
    start_char: int
    end_char: int
    text: str
    how: str | None  # the method that found it; None: unknown (stored before it was kept)
    confidence: float | None  # None: the method gives none (no current one does)


@dataclass(frozen=True, slots=True)
class ArticleCountry(Record):
    """A country an article names, with each mention."""

    code: str
    name: str
    mentions: tuple[MentionRecord, ...]


@dataclass(frozen=True, slots=True)
class ArticlePlace(Record):
    """A city or region an article names, with its country and each mention."""

    name: str
    country: str
    kind: str
    mentions: tuple[MentionRecord, ...]


@dataclass(frozen=True, slots=True)
class ArticlePerson(Record):
    """A person an article names, with the role this article gives them and each mention."""

    name: str
    country: str | None
    role: str | None
    mentions: tuple[MentionRecord, ...]


@dataclass(frozen=True, slots=True)
class ArticleAgreement(Record):
    """An agreement an article reports, with each mention."""

    id: int
    title: str
    kind: str
    status: str
    signed_on: date | None
    place: str | None
    parties: tuple[str, ...]
    signatories: tuple[str, ...]
    mentions: tuple[MentionRecord, ...]


@dataclass(frozen=True, slots=True)
class ArticleProfile(Record):
    """One article and everything found in it; offsets point into ``body``."""

    id: int
    date: date
    title: str
    source: str
    url: str | None
    path: str | None
    countries: tuple[str, ...]  # alpha-2 codes, in order of first mention
    country_mentions: tuple[ArticleCountry, ...]  # each country with its name and mentions
    places: tuple[ArticlePlace, ...]
    people: tuple[ArticlePerson, ...]
    agreements: tuple[ArticleAgreement, ...]
    body: str


@dataclass(frozen=True, slots=True)
class RoleSpan(Record):
    """A role a person held, for which country, how that country was found (each method,
    earliest first, e.g. "title, dateline"; "curation" for a decision's), and the first and
    last dates showing it."""

    role: str
    country: str | None
    how: str | None
    first_seen: date
    last_seen: date
    articles: int


@dataclass(frozen=True, slots=True)
class PersonProfile(Record):
    """A person: names, country and how it was found, roles over time, the articles naming
    them, what they signed."""

    id: int
    name: str
    aliases: tuple[str, ...]
    country: str | None
    country_how: str | None  # the how of the earliest role giving ``country``; None: unknown
    roles: tuple[RoleSpan, ...]
    articles: tuple[ArticleRecord, ...]
    agreements: tuple[AgreementRecord, ...]


@dataclass(frozen=True, slots=True)
class PartnerRecord(Record):
    """Another country seen with this one: shared agreements and articles naming both."""

    code: str
    name: str
    agreements: int
    articles: int


@dataclass(frozen=True, slots=True)
class CountryProfile(Record):
    """A country: the articles naming it, its people, its agreements and partner countries."""

    code: str
    alpha3: str
    name: str
    official_name: str | None
    mentions: int
    articles: tuple[ArticleRecord, ...]
    people: tuple[PersonRecord, ...]
    agreements: tuple[AgreementRecord, ...]
    partners: tuple[PartnerRecord, ...]


@dataclass(frozen=True, slots=True)
class AgreementSource(Record):
    """An article reporting an agreement (its id, date and source): each sentence that
    reports it, in order, and every mention of the agreement in the article."""

    id: int
    date: date
    source: str
    sentences: tuple[str, ...]
    mentions: tuple[MentionRecord, ...]


@dataclass(frozen=True, slots=True)
class AgreementProfile(Record):
    """An agreement with each source article and the sentence that reports it."""

    id: int
    title: str
    kind: str
    status: str
    signed_on: date | None
    place: str | None
    parties: tuple[str, ...]
    signatories: tuple[str, ...]
    articles: tuple[AgreementSource, ...]


@dataclass(frozen=True, slots=True)
class Stats(Record):
    """Row counts of every table, the publication date range, the most mentioned
    countries and the people most written about."""

    tables: dict[str, int]
    first_date: date | None
    last_date: date | None
    top_countries: tuple[CountryRecord, ...]
    top_people: tuple[PersonRecord, ...]


# What ``export TABLE`` writes for each table it knows.
EXPORTS: dict[str, type[Record]] = {
    "agreements": AgreementRecord,
    "articles": ArticleTextRecord,
    "countries": CountryRecord,
    "people": PersonRecord,
}
