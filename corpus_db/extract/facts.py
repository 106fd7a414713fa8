"""The facts the extractor reports about one article.

Plain frozen dataclasses, with character offsets into the article body
(``body[span.start:span.end] == span.text``). No database, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

AGREEMENT_KINDS = (
    "treaty",
    "agreement",
    "memorandum",
    "declaration",
    "protocol",
    "contract",
    "roadmap",
    "other",
)
AGREEMENT_STATUSES = ("signed", "planned", "negotiating")


@dataclass(frozen=True, slots=True)
class Span:
    """Where a mention stands in the body: ``body[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class CountryMention:
    """One mention of a country by name, alias, demonym or capital."""

    code: str  # ISO 3166-1 alpha-2
    span: Span
    how: str  # "name", "alias", "demonym" or "capital"


PLACE_KINDS = ("capital", "city", "region")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """One mention of a place below the country: a city or a region."""

    name: str  # the place's name as the gazetteer gives it, e.g. "Astana"
    country: str  # ISO alpha-2 of the country it lies in
    kind: str  # one of PLACE_KINDS
    span: Span


@dataclass(frozen=True, slots=True)
class PersonFact:
    """One person named in the article, with every form that refers to them."""

    name: str  # the fullest form the article gives, e.g. "Kassym-Jomart Tokayev"
    aliases: tuple[str, ...]  # other forms used, e.g. ("Tokayev",)
    country: str | None  # ISO alpha-2 of the country they serve, if the text says
    role: str | None  # e.g. "President", "Foreign Minister"
    mentions: tuple[Span, ...]
    # Which rule gave ``country``: "title", "beside", "alignment", "side", "reference",
    # "employer", "counterpart", "sentence" or "dateline"; None when there is no country.
    country_how: str | None = None


@dataclass(frozen=True, slots=True)
class AgreementFact:
    """One document (treaty, memorandum, ...) the article reports."""

    title: str
    kind: str  # one of AGREEMENT_KINDS
    status: str  # one of AGREEMENT_STATUSES
    signed_on: date | None  # from the text only, never the publication date
    place: str | None
    parties: tuple[str, ...]  # ISO alpha-2 codes
    signatories: tuple[str, ...]  # PersonFact.name of each signer
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one article."""

    countries: tuple[CountryMention, ...]
    people: tuple[PersonFact, ...]
    agreements: tuple[AgreementFact, ...]
    places: tuple[PlaceMention, ...] = ()
