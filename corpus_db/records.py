"""The plain objects queries return: detached from any session, with ``to_dict()``.

Field names are the CLI's JSON keys and the library's attribute names alike.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any


class Record:
    """Shared ``to_dict()``: dates as ISO strings, tuples as lists."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready plain data."""
        return {key: _plain(value) for key, value in asdict(self).items()}  # type: ignore[call-overload]


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class ArticleRecord(Record):
    """An article: its id, publication date, title and source name."""

    id: int
    date: date
    title: str
    source: str
    url: str | None


@dataclass(frozen=True, slots=True)
class PersonRecord(Record):
    """A person: canonical name, the other forms seen, and country (alpha-2)."""

    name: str
    aliases: tuple[str, ...]
    country: str | None


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
