"""Facts to rows: a batch of articles and everything extracted from them.

One call writes a whole batch with a fixed number of statements (each an
executemany), whatever its size: rows per article would cost more than the
extraction. Entities are upserted by natural key (content hash, folded name,
agreement key) with INSERT ... ON CONFLICT, never check-then-insert, so
loaders running at once cannot make duplicates. People and agreements are
resolved in memory in article order, exactly as if the articles had been
stored one after another. Runs inside the caller's transaction; never commits.

Facts are first flattened (:func:`flatten`) to the rows they become, less the
ids the database gives; the loader has its extraction workers do that, so the
one process that writes gets plain tuples it need not take apart.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import count
from typing import Any, NamedTuple

from sqlalchemy import Date, Table, Text, bindparam, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from corpus_db.extract.facts import AgreementFact, Extraction, PersonFact
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

# The first key of the PostgreSQL two-key advisory locks corpus_db takes ("cdb").
LOCK_SPACE = 0x636462
# A later report can move an agreement forward (planned -> signed), never back.
_STATUS_RANK = {"planned": 0, "negotiating": 1, "signed": 2}

SpanRow = tuple[int, int, str]  # start, end, text
HowSpanRow = tuple[int, int, str, str]  # start, end, text, how it was found
Names = tuple[str, ...]


class Rows(NamedTuple):
    """One article's facts as the rows they become (see :func:`flatten`)."""

    countries: list[tuple[str, int, int, str, str]]  # code, start, end, text, how
    places: list[tuple[str, str, str, str, int, int, str]]  # name, key, country, kind, span
    # name, key, every form with its key, country, role, mentions, how the country was found
    people: list[
        tuple[str, str, list[tuple[str, str]], str | None, str | None, list[HowSpanRow], str | None]
    ]
    # title, kind, status, signed_on, place, parties, signatories, mentions
    agreements: list[tuple[str, str, str, date | None, str | None, Names, Names, list[HowSpanRow]]]


Report = tuple[RawArticle, Extraction | Rows]


def flatten(facts: Extraction) -> Rows:
    """The facts as plain tuples, names folded: all the store needs, cheap to pickle.

    Each person and agreement mention says how it names its entity (see
    :func:`_person_spans`, :func:`_agreement_spans`).
    """
    return Rows(
        [(m.code, m.span.start, m.span.end, m.span.text, m.how) for m in facts.countries],
        [
            (m.name, fold_key(m.name), m.country, m.kind, m.span.start, m.span.end, m.span.text)
            for m in facts.places
        ],
        [
            (
                p.name,
                fold_key(p.name),
                [(form, fold_key(form)) for form in sorted({p.name, *p.aliases})],
                p.country,
                p.role,
                _person_spans(p),
                p.country_how,
            )
            for p in facts.people
        ],
        [
            (
                *(a.title, a.kind, a.status, a.signed_on, a.place, a.parties, a.signatories),
                _agreement_spans(a),
            )
            for a in facts.agreements
        ],
    )


def _person_spans(person: PersonFact) -> list[HowSpanRow]:
    """Mentions of a person: by the full name, by another form of it, or by a bare title."""
    key, aliases = fold_key(person.name), set(person.aliases)
    return [
        (
            s.start,
            s.end,
            s.text,
            "name" if fold_key(s.text) == key else "alias" if s.text in aliases else "title",
        )
        for s in person.mentions
    ]


def _agreement_spans(agreement: AgreementFact) -> list[HowSpanRow]:
    """Mentions of an agreement: by its title, or by a reference ("the treaty")."""
    title = fold_key(agreement.title)
    return [
        (s.start, s.end, s.text, "title" if title in fold_key(s.text) else "reference")
        for s in agreement.mentions
    ]


# corpus_db's own tables, not the whole database (which may hold others').
_ANALYZE = text(
    "ANALYZE articles, people, person_aliases, person_roles, places, agreements, "
    "agreement_parties, agreement_signatories, country_mentions, person_mentions, "
    "place_mentions, agreement_mentions"
)
_PLANNED_ARTICLES = text("SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass")


def planned_articles(session: Session) -> int:
    """How many articles PostgreSQL's planner believes there are (0 if never counted)."""
    return max(0, int(session.scalar(_PLANNED_ARTICLES) or 0))


def refresh_statistics(session: Session) -> None:
    """Have PostgreSQL's planner see the tables as they are now (ANALYZE).

    With statistics from when the tables were nearly empty (autovacuum off, or
    not round yet), PostgreSQL answers a batch's ``IN (...)`` lookups, and the
    analysts' queries, by scanning whole tables: the time per article grows
    with the database. SQLite uses its indexes for them either way. PostgreSQL
    lets only a table's owner (or a superuser) analyse it and skips the others
    with a warning: then the statistics are autovacuum's.
    """
    session.execute(_ANALYZE)


def present_hashes(session: Session, hashes: Collection[str]) -> set[str]:
    """Which of these content hashes are stored already."""
    if not hashes:
        return set()
    found = session.scalars(select(Article.content_hash).where(Article.content_hash.in_(hashes)))
    return set(found)


def store_articles(
    session: Session,
    reports: Sequence[Report],
    country_codes: Collection[str],
    extractor_version: str | None = None,
) -> list[int | None]:
    """Write each article and its facts; return their ids, None for one already stored.

    Facts naming a country code outside ``country_codes`` are left out, so a
    gazetteer entry with no ISO row cannot break a load.
    """
    batch = _Batch(session, country_codes)
    flat = [_flat(facts) for _, facts in reports]
    documents = batch.lock_documents(flat)
    ids = batch.articles([raw for raw, _ in reports], extractor_version)
    stored = [
        (article_id, raw, rows)
        for article_id, (raw, _), rows in zip(ids, reports, flat, strict=True)
        if article_id is not None
    ]
    batch.facts(stored, documents)
    return ids


def store_facts(
    session: Session,
    reports: Sequence[tuple[int, RawArticle, Extraction | Rows]],
    country_codes: Collection[str],
) -> None:
    """Write the facts of articles already stored (whose old facts are gone): re-extraction."""
    batch = _Batch(session, country_codes)
    stored = [(article_id, raw, _flat(facts)) for article_id, raw, facts in reports]
    batch.facts(stored, batch.lock_documents([rows for _, _, rows in stored]))


def report_keys(reports: Sequence[Report]) -> set[str]:
    """The stable identities a batch may touch: content hashes, folded names and forms of
    people, folded agreement titles (what curation decisions are keyed by)."""
    keys: set[str] = set()
    for raw, facts in reports:
        rows = _flat(facts)
        keys.add(raw.content_hash)
        for _, key, forms, *_ in rows.people:
            keys.add(key)
            keys.update(form_key for _, form_key in forms)
        keys.update(fold_key(agreement[0]) for agreement in rows.agreements)
    return keys


def upsert(session: Session, table: Table) -> Any:
    """A dialect insert that knows ON CONFLICT (SQLite and PostgreSQL share the API)."""
    dialect = session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


def insert_new(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows, skipping any a unique key already holds (repeats, other loaders)."""
    if rows:
        session.execute(upsert(session, table).on_conflict_do_nothing(), rows)


def _flat(facts: Extraction | Rows) -> Rows:
    return facts if isinstance(facts, Rows) else flatten(facts)


def store_article(
    session: Session, raw: RawArticle, facts: Extraction, country_codes: Collection[str]
) -> int | None:
    """Write one article and its facts; return its id, or None if it was already there."""
    return store_articles(session, [(raw, facts)], country_codes)[0]


Stored = tuple[int, RawArticle, Rows]


@dataclass
class _AgreementRow:
    """An agreement as this batch will leave it: stored (``id``) or new."""

    key: str
    document: str
    title: str
    kind: str
    status: str
    signed_on: date | None
    place: str | None
    id: int | None = None
    changed: bool = False


@dataclass
class _Batch:
    """One batch being written: its session and the country codes the database accepts."""

    session: Session
    country_codes: Collection[str]

    def upsert(self, table: Table) -> Any:
        return upsert(self.session, table)

    def insert_new(self, table: Table, rows: list[dict[str, Any]]) -> None:
        insert_new(self.session, table, rows)

    def insert_plain(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """:meth:`insert_new` for rows of plain ints and strings, straight to the driver.

        These are the many narrow rows (mentions, aliases, parties), where
        SQLAlchemy's handling of each row's parameters costs more than the
        insert: the statement is compiled once and the rows go to the driver's
        executemany as they are.
        """
        if rows:
            dialect = self.session.get_bind().dialect.name
            sql = _plain_insert(dialect, table, tuple(rows[0]))
            self.session.connection().exec_driver_sql(sql, rows)  # type: ignore[arg-type]

    def append(self, table: Table, rows: list[dict[str, Any]], key: tuple[str, ...]) -> None:
        """Insert the rows of articles this batch has just inserted, one per ``key``.

        No other writer can hold rows of a new article, so PostgreSQL takes
        them by COPY, many times faster than INSERT; SQLite, whose inserts are
        cheap already, by :meth:`insert_plain`.
        """
        if not rows:
            return
        if self.session.get_bind().dialect.name == "postgresql":
            unique = {tuple(row[column] for column in key): row for row in rows}
            _copy(self.session, table, list(unique.values()))
        elif _plain(table):
            self.insert_plain(table, rows)
        else:
            self.insert_new(table, rows)

    def code(self, code: str | None) -> str | None:
        return code if code in self.country_codes else None

    def parties(self, codes: Iterable[str]) -> list[str]:
        return sorted({code for code in codes if code in self.country_codes})

    def document(self, title: str, parties: Iterable[str]) -> str:
        """The document a report is about, across articles: title and parties."""
        return document_key(title, self.parties(parties))

    def facts(self, stored: list[Stored], documents: set[str]) -> None:
        """Write the facts of stored articles: mentions, places, people, agreements."""
        if stored:
            self.country_mentions(stored)
            self.places(stored)
            people = self.people(stored)
            self.agreements(stored, people, documents)

    def lock_documents(self, flat: Iterable[Rows]) -> set[str]:
        """The documents the batch reports; on PostgreSQL, locked, in one order.

        Which stored agreement a report joins is decided by looking before
        writing, so two loaders reporting one document must take turns; the
        lock lasts to the end of the transaction. One statement takes them all,
        sorted, so two loaders cannot wait on each other. (SQLite has one
        writer at a time already.)
        """
        documents = {
            self.document(title, parties)
            for rows in flat
            for title, _, _, _, _, parties, _, _ in rows.agreements
        }
        if self.session.get_bind().dialect.name != "postgresql" or not documents:
            return documents
        array = bindparam("documents", sorted(documents), type_=postgresql.ARRAY(Text))
        document = func.unnest(array).column_valued("document")  # in the array's order
        self.session.execute(
            select(func.pg_advisory_xact_lock(LOCK_SPACE, func.hashtext(document)))
        )
        return documents

    def articles(self, raws: list[RawArticle], extractor_version: str | None) -> list[int | None]:
        rows = [
            {
                "content_hash": raw.content_hash,
                "published": raw.published,
                "title": raw.title,
                "body": raw.body,
                "source": raw.source,
                "path": raw.path,
                "url": raw.url,
                "extractor_version": extractor_version,
            }
            for raw in raws
        ]
        result = self.session.execute(
            self.upsert(Article.__table__)
            .on_conflict_do_nothing(index_elements=["content_hash"])
            .returning(Article.id, Article.content_hash),
            rows,
        )
        ids = {row.content_hash: row.id for row in result}
        # The same text twice in one batch is stored once, for its first copy.
        return [ids.pop(row["content_hash"], None) for row in rows]

    def country_mentions(self, stored: list[Stored]) -> None:
        codes = self.country_codes
        rows = [
            {
                "article_id": article_id,
                "start_char": start,
                "end_char": end,
                "text": text,
                "country_code": code,
                "how": how,
            }
            for article_id, _, facts in stored
            for code, start, end, text, how in facts.countries
            if code in codes
        ]
        self.append(CountryMention.__table__, rows, _MENTION_KEY)

    def places(self, stored: list[Stored]) -> None:
        mentions = [
            (article_id, place)
            for article_id, _, facts in stored
            for place in facts.places
            if place[2] in self.country_codes
        ]
        places = {(key, code): (name, kind) for _, (name, key, code, kind, *_) in mentions}
        if not places:
            return
        self.insert_new(
            Place.__table__,
            [
                {"name": name, "name_key": key, "country_code": code, "kind": kind}
                for (key, code), (name, kind) in sorted(places.items())
            ],
        )
        ids = {
            (row.name_key, row.country_code): row.id
            for row in self.session.execute(
                select(Place.id, Place.name_key, Place.country_code).where(
                    Place.name_key.in_({key for key, _ in places})
                )
            )
        }
        rows = [
            _mention(article_id, span, place_id=ids[key, code])
            for article_id, (_, key, code, _, *span) in mentions
        ]
        self.append(PlaceMention.__table__, rows, _MENTION_KEY)

    def people(self, stored: list[Stored]) -> list[dict[str, int]]:
        """Store the people of each article; return each article's name -> person id."""
        people = _People(self, stored)
        named = [
            {person[0]: people.resolve(*person[:4]) for person in facts.people}
            for _, _, facts in stored
        ]
        real = people.write()
        named = [{name: real(pid) for name, pid in names.items()} for names in named]
        aliases, roles, mentions = [], [], []
        for (article_id, raw, facts), names in zip(stored, named, strict=True):
            for name, _, forms, country, role, spans, country_how in facts.people:
                person_id = names[name]
                aliases += [
                    {"person_id": person_id, "alias": form, "alias_key": key} for form, key in forms
                ]
                if role:
                    code = self.code(country)
                    roles.append(
                        {
                            "person_id": person_id,
                            "role": role,
                            "country_code": code,
                            "article_id": article_id,
                            "observed_on": raw.published,
                            "how": country_how if code else None,
                        }
                    )
                mentions += [_mention(article_id, span, person_id=person_id) for span in spans]
        self.insert_plain(PersonAlias.__table__, aliases)
        self.append(PersonRole.__table__, roles, ("person_id", "article_id", "role"))
        self.append(PersonMention.__table__, mentions, _MENTION_KEY)
        return named

    def agreements(
        self, stored: list[Stored], people: list[dict[str, int]], documents: set[str]
    ) -> None:
        rows = _Agreements(self, documents)
        reported = []
        for (article_id, _, facts), names in zip(stored, people, strict=True):
            for *fact, parties, signers, spans in facts.agreements:
                row = rows.report(*fact, parties)
                signer_ids = {names[name] for name in signers if name in names}
                reported.append((row, article_id, parties, signer_ids, spans))
        rows.write()
        party_rows, signatories, mentions = [], [], []
        for row, article_id, parties, signer_ids, spans in reported:
            agreement_id = row.id
            party_rows += [
                {"agreement_id": agreement_id, "country_code": code}
                for code in self.parties(parties)
            ]
            signatories += [
                {"agreement_id": agreement_id, "person_id": pid} for pid in sorted(signer_ids)
            ]
            mentions += [_mention(article_id, span, agreement_id=agreement_id) for span in spans]
        self.insert_plain(agreement_parties, party_rows)
        self.insert_plain(agreement_signatories, signatories)
        self.append(AgreementMention.__table__, mentions, _MENTION_KEY)


class _People:
    """Who each name is, as stored articles one after another would decide it.

    A folded full name finds its person; a surname alone ("Tokayev") finds the
    one person already known by it; anyone else is new. New people get a
    placeholder id until :meth:`write` inserts them.
    """

    def __init__(self, batch: _Batch, stored: list[Stored]) -> None:
        self.batch = batch
        self.by_key: dict[str, int] = {}
        self.alias_owners: dict[str, set[int]] = {}
        self.country: dict[int, str | None] = {}
        self.new: dict[int, tuple[str, str]] = {}  # placeholder -> (name, name_key)
        self.filled: set[int] = set()
        self.placeholders = count(-1, -1)
        self.load({person[1] for _, _, facts in stored for person in facts.people})

    def load(self, keys: set[str]) -> None:
        """Read what the database knows of these folded names: by name, and surnames by alias."""
        session = self.batch.session
        for row in session.execute(
            select(Person.id, Person.name_key, Person.country_code).where(Person.name_key.in_(keys))
        ):
            self.by_key[row.name_key] = row.id
            self.country[row.id] = row.country_code
        surnames = {key for key in keys if " " not in key}
        if surnames:
            owners = session.execute(
                select(PersonAlias.alias_key, PersonAlias.person_id, Person.country_code)
                .join(Person, Person.id == PersonAlias.person_id)
                .where(PersonAlias.alias_key.in_(surnames))
            )
            for row in owners:
                self.alias_owners.setdefault(row.alias_key, set()).add(row.person_id)
                self.country[row.person_id] = row.country_code

    def resolve(
        self, name: str, key: str, forms: list[tuple[str, str]], country: str | None
    ) -> int:
        person_id = self.by_key.get(key)
        if person_id is None and " " not in key:
            owners = self.alias_owners.get(key, set())
            if len(owners) == 1:
                person_id = next(iter(owners))
        if person_id is None:
            person_id = next(self.placeholders)
            self.by_key[key] = person_id
            self.new[person_id] = (name, key)
            self.country[person_id] = None
        country = self.batch.code(country)
        if country and self.country.get(person_id) is None:
            self.country[person_id] = country
            self.filled.add(person_id)
        for _, form_key in forms:
            self.alias_owners.setdefault(form_key, set()).add(person_id)
        return person_id

    def write(self) -> Any:
        """Insert the new people, give the known ones their first country; map placeholders."""
        session = self.batch.session
        real: dict[int, int] = {}
        if self.new:
            rows = sorted(
                (
                    {"name": name, "name_key": key, "country_code": self.country[pid]}
                    for pid, (name, key) in self.new.items()
                ),
                key=lambda row: str(row["name_key"]),
            )
            inserted = session.execute(
                self.batch.upsert(Person.__table__)
                .on_conflict_do_nothing(index_elements=["name_key"])
                .returning(Person.id, Person.name_key),
                rows,
            )
            ids = {row.name_key: row.id for row in inserted}
            missing = [key for _, key in self.new.values() if key not in ids]
            if missing:  # another loader inserted them a moment ago
                ids.update(
                    session.execute(
                        select(Person.name_key, Person.id).where(Person.name_key.in_(missing))
                    ).all()
                )
            real = {pid: ids[key] for pid, (_, key) in self.new.items()}
        known = [
            {"pid": real.get(pid, pid), "code": self.country[pid]}
            for pid in sorted(self.filled)
            if pid not in self.new or real[pid] != pid
        ]
        if known:
            table = Person.__table__
            session.execute(
                update(table)
                .where(table.c.id == bindparam("pid"), table.c.country_code.is_(None))
                .values(country_code=bindparam("code")),
                known,
            )
        return lambda pid: real.get(pid, pid)


class _Agreements:
    """Which stored agreement each report is about, decided in memory in report order.

    The same document signed on the same day is one agreement. A report
    without a date joins the one dated agreement of that document, if there is
    exactly one; the first dated report of a document known only undated gives
    that row its date. Two signings on different days stay two rows. Status
    only moves forward; a place fills a gap.
    """

    def __init__(self, batch: _Batch, documents: set[str]) -> None:
        self.batch = batch
        self.by_key: dict[str, _AgreementRow] = {}
        self.by_document: dict[str, list[_AgreementRow]] = {doc: [] for doc in documents}
        table = Agreement.__table__
        for row in batch.session.execute(select(table).where(table.c.document_key.in_(documents))):
            stored = _AgreementRow(
                row.agreement_key,
                row.document_key,
                row.title,
                row.kind,
                row.status,
                row.signed_on,
                row.place,
                id=row.id,
            )
            self.by_document[stored.document].append(stored)
            self.by_key[stored.key] = stored

    def report(
        self,
        title: str,
        kind: str,
        status: str,
        signed_on: date | None,
        place: str | None,
        parties: Iterable[str],
    ) -> _AgreementRow:
        document = self.batch.document(title, parties)
        known = self.by_document[document]
        if signed_on is None:
            key = known[0].key if len(known) == 1 else agreement_key(document, None)
        else:
            key = agreement_key(document, signed_on)
            if len(known) == 1 and known[0].signed_on is None:
                self.date(known[0], key, signed_on)
        row = self.by_key.get(key)
        if row is None:
            row = _AgreementRow(key, document, title, kind, status, signed_on, place)
            self.by_key[key] = row
            known.append(row)
        if _STATUS_RANK[status] > _STATUS_RANK[row.status]:
            row.status, row.changed = status, True
        if row.place is None and place:
            row.place, row.changed = place, True
        return row

    def date(self, row: _AgreementRow, key: str, signed_on: date) -> None:
        del self.by_key[row.key]
        row.key, row.signed_on, row.changed = key, signed_on, True
        self.by_key[key] = row

    def write(self) -> None:
        """Insert the new agreements, update the changed ones; every row gets its id."""
        session = self.batch.session
        table = Agreement.__table__
        rows = self.by_key.values()
        changed = [
            {
                "row_id": row.id,
                "new_key": row.key,
                "new_signed_on": row.signed_on,
                "new_status": row.status,
                "new_place": row.place,
            }
            for row in rows
            if row.id is not None and row.changed
        ]
        if changed:
            session.execute(
                update(table)
                .where(table.c.id == bindparam("row_id"))
                .values(
                    agreement_key=bindparam("new_key"),
                    signed_on=bindparam("new_signed_on"),
                    status=bindparam("new_status"),
                    place=bindparam("new_place"),
                ),
                changed,
            )
        new = sorted((row for row in rows if row.id is None), key=lambda row: row.key)
        if new:
            inserted = session.execute(
                self.batch.upsert(table)
                .on_conflict_do_nothing(index_elements=["agreement_key"])
                .returning(table.c.agreement_key, table.c.id),
                [
                    {
                        "agreement_key": row.key,
                        "document_key": row.document,
                        "title": row.title,
                        "kind": row.kind,
                        "status": row.status,
                        "signed_on": row.signed_on,
                        "place": row.place,
                    }
                    for row in new
                ],
            )
            ids = dict(inserted.all())
            missing = [row.key for row in new if row.key not in ids]
            if missing:  # another writer inserted them a moment ago
                ids.update(
                    session.execute(
                        select(table.c.agreement_key, table.c.id).where(
                            table.c.agreement_key.in_(missing)
                        )
                    ).all()
                )
            for row in new:
                row.id = ids[row.key]


_MENTION_KEY = ("article_id", "start_char", "end_char")


@functools.cache
def _plain(table: Table) -> bool:
    """True when no column needs SQLAlchemy to convert its values (dates do, on SQLite)."""
    return not any(isinstance(column.type, Date) for column in table.columns)


def _copy(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """COPY rows into a PostgreSQL table, inside the session's transaction."""
    import psycopg
    from psycopg import sql

    columns = list(rows[0])
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    driver = session.connection().connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row([row[column] for column in columns])
    except psycopg.Error as error:  # as SQLAlchemy would raise it, for the loader to handle
        raise DBAPIError.instance(f"COPY {table.name}", None, error, psycopg.Error) from error


@functools.cache
def _plain_insert(dialect: str, table: Table, columns: tuple[str, ...]) -> str:
    """INSERT ... ON CONFLICT DO NOTHING with named parameters, as the driver takes them."""
    if dialect == "postgresql":
        statement, compiler = postgresql.insert(table), postgresql.psycopg.dialect()
    else:
        statement, compiler = sqlite.insert(table), sqlite.dialect(paramstyle="named")
    compiled = statement.on_conflict_do_nothing().compile(dialect=compiler, column_keys=columns)
    return str(compiled)


def _mention(article_id: int, span: SpanRow | HowSpanRow, **target: Any) -> dict[str, Any]:
    """A mention row; a span that says how it was found gives its ``how`` too."""
    row = {"article_id": article_id, "start_char": span[0], "end_char": span[1], "text": span[2]}
    if len(span) == 4:
        row["how"] = span[3]
    return {**row, **target}
