"""Listings, their filters, exports and stats: SQL over the ORM models, records out.

Every function takes a session the caller owns and returns records (or streams
them); none commits. Filter values resolve here: a country by alpha-2, alpha-3
or name, a person by any form of their name (case and accents folded), a date
as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. Must not import cli or output.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from corpus_db.errors import InvalidQuery, NotFound
from corpus_db.extract import gazetteer
from corpus_db.extract.facts import AGREEMENT_KINDS, AGREEMENT_STATUSES
from corpus_db.keys import fold_key
from corpus_db.models import (
    Agreement,
    Article,
    Base,
    Country,
    CountryMention,
    Person,
    PersonAlias,
    PersonMention,
    PersonRole,
    agreement_parties,
    agreement_signatories,
)
from corpus_db.records import (
    EXPORTS,
    AgreementRecord,
    ArticleRecord,
    ArticleTextRecord,
    CountryRecord,
    PersonRecord,
    Record,
    Stats,
)

# Rows fetched per round trip when streaming an export.
STREAM_BATCH = 500

# Gazetteer terms that name a country; a capital names a city, not a filter.
_COUNTRY_TERMS = ("name", "alias", "demonym")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


# Resolving filter values


def parse_date(value: date | str | None, name: str, *, end: bool = False) -> date | None:
    """A date from ``YYYY-MM-DD``; ``YYYY`` or ``YYYY-MM`` mean the first day, or the
    last day when ``end`` (so ``until=2024`` takes in all of 2024)."""
    if value is None or isinstance(value, date):
        return value
    match = _DATE.fullmatch(value.strip())
    try:
        if match is None:
            raise ValueError
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is None:
            month = 12 if end else 1
        if day is None:
            day = calendar.monthrange(year, month)[1] if end else 1
        return date(year, month, day)
    except ValueError:
        raise InvalidQuery(
            f"{name} must be a date YYYY-MM-DD (or YYYY, YYYY-MM), not {value!r}"
        ) from None


def parse_day(value: date | str | None, name: str) -> date | None:
    """One day, ``YYYY-MM-DD``: a correction states a date, never a year for its first day."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidQuery(f"{name} must be a full date YYYY-MM-DD, not {value!r}") from None


def date_range(since: date | str | None, until: date | str | None) -> tuple[date | None, ...]:
    """``since`` and ``until`` as dates, refusing a range that ends before it starts."""
    first = parse_date(since, "since")
    last = parse_date(until, "until", end=True)
    if first and last and first > last:
        raise InvalidQuery(f"since ({first}) is after until ({last}): nothing can match")
    return first, last


def resolve_country(session: Session, value: str) -> str:
    """The alpha-2 code of a country given by alpha-2, alpha-3, name or official name
    (case and accents folded), or by a name the extractor knows ("Kyrgyz Republic")."""
    wanted = value.strip()
    upper = wanted.upper()
    code = None
    if len(upper) == 2:
        code = session.scalar(select(Country.code).where(Country.code == upper))
    elif len(upper) == 3:
        code = session.scalar(select(Country.code).where(Country.alpha3 == upper))
    if code:
        return code
    key = fold_key(wanted)
    if key:
        for row in session.execute(select(Country.code, Country.name, Country.official_name)):
            if key in (fold_key(row.name), fold_key(row.official_name or "")):
                return row.code
        term = gazetteer.lookup(wanted)
        if term is not None and term.code and term.how in _COUNTRY_TERMS:
            code = session.scalar(select(Country.code).where(Country.code == term.code))
            if code:
                return code
    raise NotFound(f"no country {value!r}: give an ISO code or a name, e.g. KZ, KAZ or Kazakhstan")


def person_ids(session: Session, value: str) -> list[int]:
    """Every person one of whose names is ``value`` (case and accents folded)."""
    key = fold_key(value)
    ids = session.scalars(
        select(Person.id)
        .where(
            or_(
                Person.name_key == key,
                exists().where(PersonAlias.person_id == Person.id, PersonAlias.alias_key == key),
            )
        )
        .order_by(Person.id)
    ).all()
    if not key or not ids:
        raise NotFound(
            f"no person named {value!r}: find the name with `corpus-db people --name PART`"
        )
    return list(ids)


def _codes(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _choice(value: str | None, name: str, allowed: Sequence[str]) -> str | None:
    if value is not None and value not in allowed:
        raise InvalidQuery(f"unknown {name} {value!r}: one of {', '.join(allowed)}")
    return value


# Records from rows


def article_record(article: Article) -> ArticleRecord:
    return ArticleRecord(article.id, article.published, article.title, article.source, article.url)


def agreement_record(agreement: Agreement) -> AgreementRecord:
    return AgreementRecord(
        id=agreement.id,
        title=agreement.title,
        kind=agreement.kind,
        status=agreement.status,
        signed_on=agreement.signed_on,
        place=agreement.place,
        parties=tuple(c.code for c in agreement.parties),
        signatories=tuple(p.name for p in agreement.signatories),
    )


def _person_record(row: Any) -> PersonRecord:
    person = row.Person
    return PersonRecord(
        id=person.id,
        name=person.name,
        aliases=tuple(a.alias for a in person.aliases if a.alias != person.name),
        country=person.country_code,
        role=row.role,
        articles=row.articles,
    )


def _country_record(row: Any) -> CountryRecord:
    return CountryRecord(row.code, row.name, row.mentions, row.articles)


# Queries


def articles_query(
    session: Session,
    *,
    country: str | None = None,
    person: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    text: str | None = None,
) -> Select[tuple[Article]]:
    """Articles naming a country and a person, published in a date range, holding every
    word of ``text`` in the title or body (case-insensitive), by publication date."""
    query = select(Article)
    if country is not None:
        code = resolve_country(session, country)
        query = query.where(
            exists().where(
                CountryMention.article_id == Article.id, CountryMention.country_code == code
            )
        )
    if person is not None:
        ids = person_ids(session, person)
        query = query.where(
            exists().where(PersonMention.article_id == Article.id, PersonMention.person_id.in_(ids))
        )
    first, last = date_range(since, until)
    if first:
        query = query.where(Article.published >= first)
    if last:
        query = query.where(Article.published <= last)
    for word in (text or "").split():
        query = query.where(
            or_(
                Article.title.icontains(word, autoescape=True),
                Article.body.icontains(word, autoescape=True),
            )
        )
    return query.order_by(Article.published, Article.id)


def articles(session: Session, *, limit: int | None = None, **filters: Any) -> list[ArticleRecord]:
    """See :func:`articles_query`."""
    query = articles_query(session, **filters).limit(limit)
    return [article_record(a) for a in session.scalars(query)]


def people_query(
    session: Session,
    *,
    country: str | None = None,
    name: str | None = None,
    by_articles: bool = False,
) -> Select[Any]:
    """People serving a country, with a name one of whose forms contains ``name``
    (folded), by name or by how many articles name them; each with their latest role."""
    latest_role = (
        select(PersonRole.role)
        .where(PersonRole.person_id == Person.id)
        .order_by(PersonRole.observed_on.desc(), PersonRole.id.desc())
        .limit(1)
        .correlate(Person)
        .scalar_subquery()
    )
    article_count = (
        select(func.count(PersonMention.article_id.distinct()))
        .where(PersonMention.person_id == Person.id)
        .correlate(Person)
        .scalar_subquery()
    )
    query = select(Person, latest_role.label("role"), article_count.label("articles")).options(
        selectinload(Person.aliases)
    )
    if country is not None:
        query = query.where(Person.country_code == resolve_country(session, country))
    if name is not None:
        key = fold_key(name)
        if not key:
            raise InvalidQuery(f"name {name!r} has no letters or digits to match")
        query = query.where(
            exists().where(PersonAlias.person_id == Person.id, PersonAlias.alias_key.contains(key))
        )
    if by_articles:
        return query.order_by(article_count.desc(), Person.name, Person.id)
    return query.order_by(Person.name, Person.id)


def people(session: Session, *, limit: int | None = None, **filters: Any) -> list[PersonRecord]:
    """See :func:`people_query`."""
    query = people_query(session, **filters).limit(limit)
    return [_person_record(row) for row in session.execute(query)]


def countries_query(min_mentions: int | None = None) -> Select[Any]:
    """Countries mentioned at least ``min_mentions`` times (once by default), most first."""
    mentions = func.count(CountryMention.id)
    query = (
        select(
            Country.code,
            Country.name,
            mentions.label("mentions"),
            func.count(CountryMention.article_id.distinct()).label("articles"),
        )
        .join(CountryMention, CountryMention.country_code == Country.code)
        .group_by(Country.code, Country.name)
        .order_by(mentions.desc(), Country.code)
    )
    if min_mentions is not None:
        query = query.having(mentions >= min_mentions)
    return query


def countries(
    session: Session, *, min_mentions: int | None = None, limit: int | None = None
) -> list[CountryRecord]:
    """See :func:`countries_query`."""
    query = countries_query(min_mentions).limit(limit)
    return [_country_record(row) for row in session.execute(query)]


def agreements_query(
    session: Session,
    *,
    party: str | Iterable[str] | None = None,
    signatory: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> Select[tuple[Agreement]]:
    """Agreements between all the ``party`` countries, signed by ``signatory``, of a
    status and kind, signed in a date range (undated ones then left out); most
    recently signed first, undated ones last."""
    query = select(Agreement).options(
        selectinload(Agreement.parties), selectinload(Agreement.signatories)
    )
    for value in _codes(party):
        code = resolve_country(session, value)
        query = query.where(
            exists().where(
                agreement_parties.c.agreement_id == Agreement.id,
                agreement_parties.c.country_code == code,
            )
        )
    if signatory is not None:
        ids = person_ids(session, signatory)
        query = query.where(
            exists().where(
                agreement_signatories.c.agreement_id == Agreement.id,
                agreement_signatories.c.person_id.in_(ids),
            )
        )
    if _choice(status, "status", AGREEMENT_STATUSES):
        query = query.where(Agreement.status == status)
    if _choice(kind, "kind", AGREEMENT_KINDS):
        query = query.where(Agreement.kind == kind)
    first, last = date_range(since, until)
    if first:
        query = query.where(Agreement.signed_on >= first)
    if last:
        query = query.where(Agreement.signed_on <= last)
    return query.order_by(Agreement.signed_on.desc().nulls_last(), Agreement.title, Agreement.id)


def agreements(
    session: Session, *, limit: int | None = None, **filters: Any
) -> list[AgreementRecord]:
    """See :func:`agreements_query`."""
    query = agreements_query(session, **filters).limit(limit)
    return [agreement_record(a) for a in session.scalars(query)]


# Exports and stats


def export(session: Session, table: str, *, limit: int | None = None) -> Iterator[Record]:
    """Every row of a listing (articles with their text), fetched in batches."""
    if table not in EXPORTS:
        raise InvalidQuery(f"cannot export {table!r}: one of {', '.join(EXPORTS)}")
    batched = {"yield_per": STREAM_BATCH}
    if table == "articles":
        query = select(Article).order_by(Article.published, Article.id).limit(limit)
        for a in session.scalars(query.execution_options(**batched)):
            yield ArticleTextRecord(a.id, a.published, a.title, a.source, a.url, a.path, a.body)
    elif table == "people":
        query = people_query(session).limit(limit)
        for row in session.execute(query.execution_options(**batched)):
            yield _person_record(row)
    elif table == "countries":
        query = countries_query().limit(limit)
        for row in session.execute(query.execution_options(**batched)):
            yield _country_record(row)
    else:
        query = agreements_query(session).limit(limit)
        for agreement in session.scalars(query.execution_options(**batched)):
            yield agreement_record(agreement)


def stats(session: Session, *, top: int = 5) -> Stats:
    """Rows in every table, first and last publication date, the ``top`` countries by
    mentions and people by articles."""
    tables = {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in sorted(Base.metadata.sorted_tables, key=lambda t: t.name)
    }
    first, last = session.execute(
        select(func.min(Article.published), func.max(Article.published))
    ).one()
    top_people = people_query(session, by_articles=True).limit(top)
    return Stats(
        tables=tables,
        first_date=first,
        last_date=last,
        top_countries=tuple(countries(session, limit=top)),
        top_people=tuple(_person_record(row) for row in session.execute(top_people)),
    )
