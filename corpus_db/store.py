"""Facts to rows: one article and everything extracted from it.

Entities are upserted by natural key (content hash, folded name, agreement key)
with INSERT ... ON CONFLICT, never check-then-insert, so loaders running at
once cannot make duplicates. Runs inside the caller's transaction; never commits.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from corpus_db.extract.facts import AgreementFact, Extraction, PersonFact, Span
from corpus_db.keys import agreement_key, document_key, fold_key
from corpus_db.models import (
    Agreement,
    AgreementMention,
    Article,
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
from corpus_db.readers import RawArticle

# The first key of PostgreSQL's two-key advisory locks that store.py takes ("cdb").
_LOCK_SPACE = 0x636462
# A later report can move an agreement forward (planned -> signed), never back.
_STATUS_RANK = {"planned": 0, "negotiating": 1, "signed": 2}


def article_exists(session: Session, content_hash: str) -> bool:
    """True when an article with this text is already stored."""
    found = session.scalar(select(Article.id).where(Article.content_hash == content_hash))
    return found is not None


def store_article(
    session: Session, raw: RawArticle, facts: Extraction, country_codes: Collection[str]
) -> int | None:
    """Write the article and its facts; return its id, or None if it was already there.

    Facts naming a country code outside ``country_codes`` are left out, so a
    gazetteer entry with no ISO row cannot break a load.
    """
    article_id = session.execute(
        _upsert(session, Article.__table__)
        .values(
            content_hash=raw.content_hash,
            published=raw.published,
            title=raw.title,
            body=raw.body,
            source=raw.source,
            path=raw.path,
            url=raw.url,
        )
        .on_conflict_do_nothing(index_elements=["content_hash"])
        .returning(Article.id)
    ).scalar()
    if article_id is None:
        return None
    _store_country_mentions(session, article_id, facts, country_codes)
    _store_places(session, article_id, facts, country_codes)
    person_ids = {
        fact.name: _store_person(session, article_id, raw.published, fact, country_codes)
        for fact in facts.people
    }
    for agreement in facts.agreements:
        _store_agreement(session, article_id, agreement, person_ids, country_codes)
    return article_id


def _upsert(session: Session, table: Table) -> Any:
    """A dialect insert that knows ON CONFLICT (SQLite and PostgreSQL share the API)."""
    dialect = session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


def _insert_new(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows, skipping any a unique key already holds (repeats, other loaders)."""
    if rows:
        session.execute(_upsert(session, table).on_conflict_do_nothing(), rows)


def _mention(article_id: int, span: Span, **target: Any) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "start_char": span.start,
        "end_char": span.end,
        "text": span.text,
        **target,
    }


def _store_country_mentions(
    session: Session, article_id: int, facts: Extraction, country_codes: Collection[str]
) -> None:
    rows = [
        _mention(article_id, m.span, country_code=m.code, how=m.how)
        for m in facts.countries
        if m.code in country_codes
    ]
    _insert_new(session, CountryMention.__table__, rows)


def _store_places(
    session: Session, article_id: int, facts: Extraction, country_codes: Collection[str]
) -> None:
    mentions = [m for m in facts.places if m.country in country_codes]
    places = {(fold_key(m.name), m.country): m for m in mentions}
    _insert_new(
        session,
        Place.__table__,
        [
            {"name": m.name, "name_key": key, "country_code": code, "kind": m.kind}
            for (key, code), m in places.items()
        ],
    )
    ids = {
        (row.name_key, row.country_code): row.id
        for row in session.execute(
            select(Place.id, Place.name_key, Place.country_code).where(
                Place.name_key.in_({key for key, _ in places})
            )
        )
    }
    rows = [
        _mention(article_id, m.span, place_id=ids[fold_key(m.name), m.country]) for m in mentions
    ]
    _insert_new(session, PlaceMention.__table__, rows)


def _store_person(
    session: Session,
    article_id: int,
    published: date,
    fact: PersonFact,
    country_codes: Collection[str],
) -> int:
    country = fact.country if fact.country in country_codes else None
    person_id = _person_id(session, fact.name, country)
    forms = sorted({fact.name, *fact.aliases})
    _insert_new(
        session,
        PersonAlias.__table__,
        [{"person_id": person_id, "alias": form, "alias_key": fold_key(form)} for form in forms],
    )
    if fact.role:
        role = {
            "person_id": person_id,
            "role": fact.role,
            "country_code": country,
            "article_id": article_id,
            "observed_on": published,
        }
        _insert_new(session, PersonRole.__table__, [role])
    _insert_new(
        session,
        PersonMention.__table__,
        [_mention(article_id, span, person_id=person_id) for span in fact.mentions],
    )
    return person_id


def _person_id(session: Session, name: str, country: str | None) -> int:
    """The person called ``name``: by folded full name, else by a unique alias, else new."""
    key = fold_key(name)
    person_id = session.scalar(select(Person.id).where(Person.name_key == key))
    if person_id is None and " " not in key:
        # A surname alone ("Tokayev") names the one person already known by it.
        owners = session.scalars(
            select(PersonAlias.person_id).where(PersonAlias.alias_key == key).distinct()
        ).all()
        if len(owners) == 1:
            person_id = owners[0]
    if person_id is None:
        person_id = session.execute(
            _upsert(session, Person.__table__)
            .values(name=name, name_key=key, country_code=country)
            .on_conflict_do_nothing(index_elements=["name_key"])
            .returning(Person.id)
        ).scalar()
        if person_id is None:  # another loader inserted it a moment ago
            person_id = session.scalar(select(Person.id).where(Person.name_key == key))
    if country:
        session.execute(
            update(Person)
            .where(Person.id == person_id, Person.country_code.is_(None))
            .values(country_code=country)
        )
    assert person_id is not None
    return person_id


def _store_agreement(
    session: Session,
    article_id: int,
    fact: AgreementFact,
    person_ids: dict[str, int],
    country_codes: Collection[str],
) -> None:
    parties = sorted({code for code in fact.parties if code in country_codes})
    document = document_key(fact.title, parties)
    key = _agreement_key(session, document, fact.signed_on)
    session.execute(
        _upsert(session, Agreement.__table__)
        .values(
            agreement_key=key,
            document_key=document,
            title=fact.title,
            kind=fact.kind,
            status=fact.status,
            signed_on=fact.signed_on,
            place=fact.place,
        )
        .on_conflict_do_nothing(index_elements=["agreement_key"])
    )
    agreement = session.execute(
        select(Agreement).where(Agreement.agreement_key == key).with_for_update()
    ).scalar_one()
    _merge_agreement(agreement, fact)
    _insert_new(
        session,
        agreement_parties,
        [{"agreement_id": agreement.id, "country_code": code} for code in parties],
    )
    signers = sorted({person_ids[name] for name in fact.signatories if name in person_ids})
    _insert_new(
        session,
        agreement_signatories,
        [{"agreement_id": agreement.id, "person_id": pid} for pid in signers],
    )
    _insert_new(
        session,
        AgreementMention.__table__,
        [_mention(article_id, span, agreement_id=agreement.id) for span in fact.mentions],
    )


def _agreement_key(session: Session, document: str, signed_on: date | None) -> str:
    """Which stored agreement a report is about: the same document signed on the same day.

    Reports without a date join the one dated agreement of that document, if
    there is exactly one; the first dated report of a document known only
    undated gives that row its date. Two signings on different days stay two rows.
    This looks before it writes, so on PostgreSQL it first takes a lock on the
    document for the rest of the transaction: two loaders reporting one document
    at once take turns. (SQLite has one writer at a time already.)
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_LOCK_SPACE, func.hashtext(document))))
    known = session.execute(
        select(Agreement.agreement_key, Agreement.signed_on).where(
            Agreement.document_key == document
        )
    ).all()
    undated = agreement_key(document, None)
    if signed_on is None:
        return known[0].agreement_key if len(known) == 1 else undated
    key = agreement_key(document, signed_on)
    if len(known) == 1 and known[0].signed_on is None:
        session.execute(
            update(Agreement)
            .where(Agreement.agreement_key == undated)
            .values(agreement_key=key, signed_on=signed_on)
        )
    return key


def _merge_agreement(agreement: Agreement, fact: AgreementFact) -> None:
    """Fold a new report into the stored agreement: fill gaps, move status forward."""
    if _STATUS_RANK[fact.status] > _STATUS_RANK[agreement.status]:
        agreement.status = fact.status
    if agreement.place is None and fact.place:
        agreement.place = fact.place
