"""Profiles for ``show``: one article, person, country or agreement with what it links to.

Finds the row (by id, source, name or code; an unknown one is :class:`NotFound`,
one that names several is :class:`Ambiguous`) and gathers its links into the
records of :mod:`corpus_db.records`. Takes the caller's session; never commits.
Must not import cli or output.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePath
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from corpus_db import curation, queries
from corpus_db.errors import Ambiguous, NotFound
from corpus_db.extract.text import sentence_index, split_sentences
from corpus_db.keys import fold_key
from corpus_db.models import (
    Agreement,
    AgreementMention,
    Article,
    Country,
    CountryMention,
    Person,
    PersonAlias,
    PersonMention,
    PersonRole,
    Place,
    PlaceMention,
    agreement_parties,
    agreement_signatories,
)
from corpus_db.records import (
    AgreementProfile,
    AgreementSource,
    ArticleAgreement,
    ArticleCountry,
    ArticlePerson,
    ArticlePlace,
    ArticleProfile,
    CountryProfile,
    MentionRecord,
    PartnerRecord,
    PersonProfile,
    RoleSpan,
)


def _mention(kind: str, row: Any, how: str | None = None) -> MentionRecord:
    """A mention row as a record; ``how`` for a table that keeps none (places)."""
    return MentionRecord(
        f"{kind}:{row.id}",
        row.start_char,
        row.end_char,
        row.text,
        row.how if how is None else how,
        row.confidence,
    )


def _mentions(kind: str, rows: list[Any], how: str | None = None) -> tuple[MentionRecord, ...]:
    return tuple(_mention(kind, row, how) for row in rows)


def sentence_around(body: str, start: int, end: int, sentences: list[tuple[int, int]]) -> str:
    """The sentence (or sentences) of ``body`` holding ``body[start:end]``."""
    first = sentence_index(sentences, start)
    last = sentence_index(sentences, max(start, end - 1))
    if first < 0 or last < 0:
        return body[start:end]
    return body[sentences[first][0] : sentences[last][1]]


# Article


def find_article(session: Session, ident: int | str) -> Article:
    """An article by numeric id or by source name (``000_2042737d8e2a6737``, or with ``.txt``)."""
    wanted = str(ident).strip()
    if wanted.isdigit():
        article = session.get(Article, int(wanted))
        if article is not None:
            return article
    names = {wanted}
    if wanted.endswith(".txt"):
        names.add(PurePath(wanted).stem)
    found = session.scalars(
        select(Article).where(Article.source.in_(names)).order_by(Article.id)
    ).all()
    if len(found) > 1:
        ids = ", ".join(str(a.id) for a in found)
        raise Ambiguous(f"{len(found)} articles have the source {wanted!r}: show one by id ({ids})")
    if not found:
        raise NotFound(
            f"no article with id or source {wanted!r}: list them with `corpus-db articles`"
        )
    return found[0]


_AGREEMENT_FIELDS = (
    "id",
    "title",
    "kind",
    "status",
    "signed_on",
    "place",
    "parties",
    "signatories",
)


def _agreement_fields(record: Any) -> dict[str, Any]:
    """The fields every agreement record and profile share, from an ``AgreementRecord``."""
    return {name: getattr(record, name) for name in _AGREEMENT_FIELDS}


def _mentioned(
    session: Session, mention: Any, entity: Any, article_id: int
) -> tuple[dict[int, list[Any]], dict[int, Any]]:
    """The entities an article mentions: their mentions by entity id, and the rows."""
    mentions: dict[int, list[Any]] = defaultdict(list)
    rows: dict[int, Any] = {}
    for found, row in session.execute(
        select(mention, entity)
        .join(entity)
        .where(mention.article_id == article_id)
        .order_by(mention.start_char)
    ):
        mentions[row.id].append(found)
        rows[row.id] = row
    return mentions, rows


def article(session: Session, ident: int | str) -> ArticleProfile:
    """One article with its countries, places, people and agreements, each with its mentions."""
    art = find_article(session, ident)

    countries: dict[str, list[Any]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in session.execute(
        select(CountryMention, Country.name)
        .join(Country)
        .where(CountryMention.article_id == art.id)
        .order_by(CountryMention.start_char)
    ):
        countries[row.CountryMention.country_code].append(row.CountryMention)
        names[row.CountryMention.country_code] = row.name

    places, place_rows = _mentioned(session, PlaceMention, Place, art.id)
    people, person_rows = _mentioned(session, PersonMention, Person, art.id)
    roles = {
        role.person_id: role
        for role in session.scalars(
            select(PersonRole).where(PersonRole.article_id == art.id).order_by(PersonRole.id.desc())
        )
    }

    agreements: dict[int, list[Any]] = defaultdict(list)
    agreement_rows: dict[int, Agreement] = {}
    for mention, agreement in session.execute(
        select(AgreementMention, Agreement)
        .join(Agreement)
        .where(AgreementMention.article_id == art.id)
        .options(selectinload(Agreement.parties), selectinload(Agreement.signatories))
        .order_by(AgreementMention.start_char)
    ):
        agreements[agreement.id].append(mention)
        agreement_rows[agreement.id] = agreement

    def person_entry(pid: int, mentions: list[Any]) -> ArticlePerson:
        person, role = person_rows[pid], roles.get(pid)
        return ArticlePerson(
            name=person.name,
            country=(role.country_code if role and role.country_code else person.country_code),
            role=role.role if role else None,
            mentions=_mentions("person", mentions),
        )

    def agreement_entry(aid: int, mentions: list[Any]) -> ArticleAgreement:
        record = queries.agreement_record(agreement_rows[aid])
        return ArticleAgreement(
            **_agreement_fields(record), mentions=_mentions("agreement", mentions)
        )

    return ArticleProfile(
        id=art.id,
        date=art.published,
        title=art.title,
        source=art.source,
        url=art.url,
        path=art.path,
        countries=tuple(countries),
        country_mentions=tuple(
            ArticleCountry(code, names[code], _mentions("country", mentions))
            for code, mentions in countries.items()
        ),
        places=tuple(
            ArticlePlace(
                place_rows[pid].name,
                place_rows[pid].country_code,
                place_rows[pid].kind,
                _mentions("place", mentions, how="gazetteer"),  # places come only from it
            )
            for pid, mentions in places.items()
        ),
        people=tuple(person_entry(pid, mentions) for pid, mentions in people.items()),
        agreements=tuple(agreement_entry(aid, mentions) for aid, mentions in agreements.items()),
        body=art.body,
    )


# Person


def find_person(session: Session, name: int | str) -> Person:
    """A person by id, full name, any other form of the name, or a unique part of one;
    case and accents do not matter."""
    wanted = str(name).strip()
    if wanted.isdigit():
        person = session.get(Person, int(wanted))
        if person is not None:
            return person
    key = fold_key(wanted)
    person = session.scalar(select(Person).where(Person.name_key == key)) if key else None
    if person is not None:
        return person
    for match in (PersonAlias.alias_key == key, PersonAlias.alias_key.contains(key)):
        if not key:
            break
        found = session.scalars(
            select(Person)
            .where(exists().where(PersonAlias.person_id == Person.id, match))
            .order_by(Person.name)
        ).all()
        if len(found) == 1:
            return found[0]
        if found:
            listed = "; ".join(p.name for p in found[:10])
            raise Ambiguous(
                f"{wanted!r} names {len(found)} people ({listed}): give more of the name, "
                "or the id `corpus-db people` lists"
            )
    named = "with id or name" if wanted.isdigit() else "named"
    raise NotFound(f"no person {named} {wanted!r}: list them with `corpus-db people --name PART`")


def person(session: Session, name: int | str) -> PersonProfile:
    """A person with their names, roles over time, articles and the agreements they signed."""
    found = find_person(session, name)
    roles = session.execute(
        select(
            PersonRole.role,
            PersonRole.country_code,
            func.min(PersonRole.observed_on).label("first_seen"),
            func.max(PersonRole.observed_on).label("last_seen"),
            func.count(PersonRole.article_id.distinct()).label("articles"),
        )
        .where(PersonRole.person_id == found.id)
        .group_by(PersonRole.role, PersonRole.country_code)
        .order_by("first_seen", PersonRole.role)
    )
    articles = session.scalars(
        select(Article)
        .where(
            or_(
                exists().where(
                    PersonMention.article_id == Article.id, PersonMention.person_id == found.id
                ),
                exists().where(
                    PersonRole.article_id == Article.id, PersonRole.person_id == found.id
                ),
            )
        )
        .order_by(Article.published, Article.id)
    )
    agreements = session.scalars(
        queries.agreements_query(session).where(
            exists().where(
                agreement_signatories.c.agreement_id == Agreement.id,
                agreement_signatories.c.person_id == found.id,
            )
        )
    )
    hows = _role_hows(session, found.id)
    return PersonProfile(
        id=found.id,
        name=found.name,
        aliases=tuple(a.alias for a in found.aliases if a.alias != found.name),
        country=found.country_code,
        country_how=_country_how(session, found),
        roles=tuple(
            RoleSpan(
                r.role,
                r.country_code,
                ", ".join(hows[r.role, r.country_code]) or None,
                r.first_seen,
                r.last_seen,
                r.articles,
            )
            for r in roles
        ),
        articles=tuple(map(queries.article_record, articles)),
        agreements=tuple(map(queries.agreement_record, agreements)),
    )


def _role_hows(session: Session, person_id: int) -> dict[tuple[str, str | None], list[str]]:
    """Each role and country of a person: the methods that gave it, earliest first."""
    hows: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for row in session.execute(
        select(PersonRole.role, PersonRole.country_code, PersonRole.how)
        .where(PersonRole.person_id == person_id, PersonRole.how.is_not(None))
        .group_by(PersonRole.role, PersonRole.country_code, PersonRole.how)
        .order_by(func.min(PersonRole.observed_on), PersonRole.how)
    ):
        hows[row.role, row.country_code].append(row.how)
    return hows


def _country_how(session: Session, found: Person) -> str | None:
    """How a person's country was found: curation when a decision set it, else the how
    of the earliest role giving it."""
    if found.country_code is None:
        return None
    if curation.curated_country(session, found) == found.country_code:
        return "curation"
    return session.scalar(  # a decision's role copies the country, it did not find it
        select(PersonRole.how)
        .where(PersonRole.person_id == found.id, PersonRole.country_code == found.country_code)
        .where(PersonRole.decision_id.is_(None))
        .order_by(PersonRole.observed_on, PersonRole.id)
        .limit(1)
    )


# Country


def country(session: Session, code: str) -> CountryProfile:
    """A country (by alpha-2, alpha-3 or name): its articles, people, agreements and the
    countries it shares agreements and articles with."""
    found = session.get(Country, queries.resolve_country(session, code))
    assert found is not None
    mentions = session.scalar(
        select(func.count(CountryMention.id)).where(CountryMention.country_code == found.code)
    )
    articles = session.scalars(
        queries.articles_query(session).where(
            exists().where(
                CountryMention.article_id == Article.id, CountryMention.country_code == found.code
            )
        )
    )
    return CountryProfile(
        code=found.code,
        alpha3=found.alpha3,
        name=found.name,
        official_name=found.official_name,
        mentions=mentions or 0,
        articles=tuple(map(queries.article_record, articles)),
        people=tuple(queries.people(session, country=found.code)),
        agreements=tuple(queries.agreements(session, party=found.code)),
        partners=_partners(session, found.code),
    )


def _partners(session: Session, code: str) -> tuple[PartnerRecord, ...]:
    """Other countries with the number of agreements shared and of articles naming both."""
    ours, theirs = agreement_parties.alias("ours"), agreement_parties.alias("theirs")
    by_agreement = dict(
        session.execute(
            select(theirs.c.country_code, func.count(ours.c.agreement_id.distinct()))
            .join(ours, ours.c.agreement_id == theirs.c.agreement_id)
            .where(ours.c.country_code == code, theirs.c.country_code != code)
            .group_by(theirs.c.country_code)
        ).all()
    )
    here, there = aliased(CountryMention), aliased(CountryMention)
    by_article = dict(
        session.execute(
            select(there.country_code, func.count(here.article_id.distinct()))
            .join(here, and_(here.article_id == there.article_id, here.country_code == code))
            .where(there.country_code != code)
            .group_by(there.country_code)
        ).all()
    )
    codes = set(by_agreement) | set(by_article)
    names = dict(
        session.execute(select(Country.code, Country.name).where(Country.code.in_(codes))).all()
    )
    partners = [
        PartnerRecord(c, names[c], by_agreement.get(c, 0), by_article.get(c, 0)) for c in codes
    ]
    return tuple(sorted(partners, key=lambda p: (-p.agreements, -p.articles, p.code)))


# Agreement


def agreement(session: Session, ident: int | str) -> AgreementProfile:
    """An agreement with each article reporting it and the sentence that does."""
    wanted = str(ident).strip()
    found = (
        session.get(
            Agreement,
            int(wanted),
            options=[selectinload(Agreement.parties), selectinload(Agreement.signatories)],
        )
        if wanted.isdigit()
        else None
    )
    if found is None:
        raise NotFound(f"no agreement with id {wanted!r}: list them with `corpus-db agreements`")
    rows = session.execute(
        select(AgreementMention, Article)
        .join(Article)
        .where(AgreementMention.agreement_id == found.id)
        .order_by(Article.published, Article.id, AgreementMention.start_char)
    )
    mentions_in: dict[int, list[Any]] = {}
    sentences_in: dict[int, dict[str, None]] = {}  # an ordered set of reporting sentences
    articles: dict[int, Article] = {}
    for mention, art in rows:
        if art.id not in articles:
            articles[art.id] = art
            bounds = split_sentences(art.body)
            mentions_in[art.id], sentences_in[art.id] = [], {}
        sentence = sentence_around(art.body, mention.start_char, mention.end_char, bounds)
        sentences_in[art.id][sentence] = None
        mentions_in[art.id].append(mention)
    return AgreementProfile(
        **_agreement_fields(queries.agreement_record(found)),
        articles=tuple(
            AgreementSource(
                id=aid,
                date=art.published,
                source=art.source,
                sentences=tuple(sentences_in[aid]),
                mentions=_mentions("agreement", mentions_in[aid]),
            )
            for aid, art in articles.items()
        ),
    )
