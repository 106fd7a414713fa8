"""Curation: analysts' corrections, kept as decisions that outlive re-extraction.

A decision names its target by stable identity (a person's folded name, an
agreement's key, an article's content hash with offsets), never by a row id a
re-extraction could change. It is applied when made, and applied again after
every load batch and re-extraction batch, in the order decisions were made, so
a correction is never lost and never made twice. Applying is idempotent: a
decision whose work is done finds nothing to do. A decision whose target is
gone says so in its ``outcome``; ``corpus-db decisions`` lists it.

Undoing one marks it undone, drops what it shaped (its person or agreement),
extracts the articles involved again and reapplies the decisions that still
hold: the state is what extraction and the other decisions give.

Functions take the caller's session and never commit. Must not import cli.
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import IO, Any

from sqlalchemy import Table, delete, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from corpus_db.errors import CorpusError, InputError, InvalidQuery, NotFound
from corpus_db.extract.facts import AGREEMENT_STATUSES
from corpus_db.keys import agreement_key, fold_key
from corpus_db.models import (
    Agreement,
    AgreementMention,
    Article,
    Country,
    CountryMention,
    Decision,
    Person,
    PersonAlias,
    PersonMention,
    PersonRole,
    Place,
    PlaceMention,
    agreement_signatories,
)
from corpus_db.records import Record

ACTIONS = (
    "merge-person",
    "split-person",
    "alias-person",
    "set-person",
    "reject-agreement",
    "reject-mention",
    "set-agreement",
)
MENTION_KINDS: dict[str, Any] = {
    "country": CountryMention,
    "person": PersonMention,
    "place": PlaceMention,
    "agreement": AgreementMention,
}
APPLIED = "applied"
UNDONE = "undone"
# The fields of a decision that travel between databases (export, import).
PORTABLE = ("action", "target", "value", "made_by", "made_at", "note", "undone_at", "undone_by")
# A PostgreSQL advisory lock (first key "cdb", as store.py's) taken by every
# transaction that writes while decisions exist: a merge deleting a person while
# another loader adds mentions of them would lose those mentions or refuse them.
_LOCK = (0x636462, 0)


@dataclass(frozen=True, slots=True)
class DecisionRecord(Record):
    """One curation decision as ``corpus-db decisions`` lists it."""

    id: int
    action: str
    target: str  # what it applies to, in words
    value: dict[str, Any]
    made_by: str
    made_at: datetime
    note: str | None
    outcome: str
    undone_at: datetime | None
    undone_by: str | None


def current_user(by: str | None = None) -> str:
    """Who makes a decision: ``by``, else CORPUS_DB_USER, else the login name."""
    if by:
        return by
    try:
        return os.environ.get("CORPUS_DB_USER") or getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    """A stored time in UTC with its zone (SQLite gives it back without one)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# Making decisions: each finds its target by what the user typed, records it by
# stable identity, and applies it at once. A target that cannot be found now is
# refused, not recorded.


def merge_people(session: Session, keep: Any, other: Any, **made: Any) -> Decision:
    """``other`` is ``keep``: its mentions, roles, aliases and signatures move; its name
    becomes an alias of ``keep``."""
    kept, merged = _find_person(session, keep), _find_person(session, other)
    if kept.id == merged.id:
        raise InvalidQuery(f"{kept.name!r} and {other!r} are already one person")
    target = {"person": kept.name_key, "other": merged.name_key}
    return _make(session, "merge-person", target, {"name": kept.name, "other": merged.name}, made)


def split_person(session: Session, name: Any, form: str, **made: Any) -> Decision:
    """Mentions written as ``form`` are someone else: they move to a person of that name."""
    person, key = _find_person(session, name), fold_key(form)
    if key == person.name_key:
        raise InvalidQuery(f"{form!r} is {person.name}'s full name: split off another form")
    if not _written(session, person.id, key):
        raise NotFound(f"no mention of {person.name} is written {form!r}: see `show person`")
    for joined in session.scalars(
        select(Decision).where(
            Decision.undone_at.is_(None), Decision.action.in_(("merge-person", "alias-person"))
        )
    ):
        names = _Names(session)
        names.note(joined)
        if key in names.joined and names.joined[key] == person.name_key:
            raise InvalidQuery(
                f"decision {joined.id} joined {form!r} to {person.name}: "
                f"`corpus-db undo {joined.id}` takes it apart"
            )
    target = {"person": person.name_key, "form": key}
    return _make(session, "split-person", target, {"name": person.name, "form": form}, made)


def alias_person(session: Session, name: Any, alias: str, **made: Any) -> Decision:
    """``alias`` is another name of the person; a person stored under it joins them."""
    person, key = _find_person(session, name), fold_key(alias)
    if not key:
        raise InvalidQuery(f"{alias!r} is not a name")
    other = session.scalar(select(Person).where(Person.name_key == key))
    if other is not None and other.id != person.id:
        raise InvalidQuery(
            f"{other.name!r} is a person of their own (id {other.id}, country "
            f"{other.country_code or 'unknown'}): if they are {person.name}, say so with "
            f"`corpus-db merge person {person.id} {other.id}`"
        )
    if _has_alias(session, person.id, key):
        raise InvalidQuery(f"{alias!r} is already a name of {person.name}")
    target = {"person": person.name_key}
    return _make(session, "alias-person", target, {"name": person.name, "alias": alias}, made)


def set_person(
    session: Session,
    name: Any,
    *,
    country: str | None = None,
    role: str | None = None,
    since: date | None = None,
    **made: Any,
) -> Decision:
    """The person serves ``country`` and/or holds ``role`` (from ``since``)."""
    from corpus_db.queries import resolve_country

    role = role.strip() if role is not None else None
    if role == "":
        raise InvalidQuery("the role is empty: give one, e.g. --role President")
    if country is None and role is None:
        raise InvalidQuery("say what to set: a country, a role, or both")
    if since is not None and role is None:
        raise InvalidQuery("--since dates a role: give the role too")
    person = _find_person(session, name)
    value: dict[str, Any] = {"name": person.name}
    if country is not None:
        value["country"] = resolve_country(session, country)
    if role is not None:
        value["role"] = role
        value["since"] = since.isoformat() if since else None
    return _make(session, "set-person", {"person": person.name_key}, value, made)


def reject_agreement(session: Session, ident: Any, **made: Any) -> Decision:
    """The agreement is a false extraction: it is removed, and stays removed."""
    found = _find_agreement(session, ident)
    return _make(session, "reject-agreement", _agreement_target(found), {}, made)


def set_agreement(
    session: Session,
    ident: Any,
    *,
    title: str | None = None,
    status: str | None = None,
    signed_on: date | None = None,
    place: str | None = None,
    **made: Any,
) -> Decision:
    """Correct an agreement's title, status, date of signing or place."""
    found = _find_agreement(session, ident)
    if status is not None and status not in AGREEMENT_STATUSES:
        raise InvalidQuery(f"unknown status {status!r}: one of {', '.join(AGREEMENT_STATUSES)}")
    fields = {"title": title, "status": status, "signed_on": signed_on, "place": place}
    value = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in fields.items() if v}
    if not value:
        raise InvalidQuery("say what to set: --title, --status, --signed-on or --place")
    return _make(session, "set-agreement", _agreement_target(found), value, made)


def reject_mention(session: Session, ref: str, **made: Any) -> Decision:
    """One mention (``person:17``, as ``show`` prints it) is a false extraction."""
    kind, _, number = str(ref).partition(":")
    table = MENTION_KINDS.get(kind)
    if table is None or not number.isdigit():
        raise InvalidQuery(
            f"cannot read the mention {ref!r}: give it as `show article` prints it, "
            f"KIND:ID with KIND one of {', '.join(MENTION_KINDS)} (e.g. person:17)"
        )
    row = session.get(table, int(number))
    if row is None:
        raise NotFound(f"no {kind} mention {number}: `corpus-db show article ID` lists them")
    content_hash = session.scalar(select(Article.content_hash).where(Article.id == row.article_id))
    target = {
        "kind": kind,
        "article": content_hash,
        "start": row.start_char,
        "end": row.end_char,
        "text": row.text,
    }
    return _make(session, "reject-mention", target, {}, made)


def _make(
    session: Session, action: str, target: dict[str, Any], value: dict[str, Any], made: Any
) -> Decision:
    decision = Decision(
        action=action,
        target=target,
        value=value,
        made_by=current_user(made.get("by")),
        made_at=made.get("at") or _now(),
        note=made.get("note"),
        outcome=APPLIED,
        articles=[],
    )
    for same in session.scalars(
        select(Decision).where(Decision.undone_at.is_(None), Decision.action == action)
    ):
        if (same.target, same.value) == (target, value):
            raise InvalidQuery(f"decision {same.id} says that already")
    session.add(decision)
    session.flush()
    _apply(_Names.before(session, decision.id), decision)
    if decision.outcome != APPLIED:
        raise NotFound(decision.outcome)
    return decision


# Applying


def lock(session: Session) -> None:
    """Take turns with other writers on PostgreSQL until the transaction ends (SQLite has
    one writer at a time already). Taking it twice in one transaction is harmless."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(*_LOCK)))


def take_turns(session: Session) -> bool:
    """When some decision holds, :func:`lock` and return True (a writer's first step)."""
    found = session.scalar(select(Decision.id).where(Decision.undone_at.is_(None)).limit(1))
    if found is not None:
        lock(session)
    return found is not None


def reapply(session: Session, keys: set[str] | None = None) -> list[Decision]:
    """Apply every decision that holds, oldest first; return those whose target is gone.

    ``keys``: only the decisions about these identities (what a load batch touched:
    see ``store.report_keys``); the others have nothing new to do.
    """
    decisions = session.scalars(
        select(Decision).where(Decision.undone_at.is_(None)).order_by(Decision.id)
    ).all()
    due = [d for d in decisions if keys is None or _keys(d) & keys]
    if not due:
        return []
    lock(session)
    names, due_ids = _Names(session), {d.id for d in due}
    for decision in decisions:
        if decision.id in due_ids:
            _apply(names, decision)
        names.note(decision)
    return [d for d in due if d.outcome != APPLIED]


def settle(session: Session) -> list[str]:
    """After a load or re-extraction: apply again the decisions whose target was missing
    or is gone now (batches apply only the decisions about what they bring, and a
    target can go by other means: SQL); say which still find none. A few queries for
    all the decisions, not a few for each."""
    if not take_turns(session):
        return []
    decisions = session.scalars(
        select(Decision).where(Decision.undone_at.is_(None)).order_by(Decision.id)
    ).all()
    present = _present(session, decisions)
    again = {d.id for d in decisions if d.outcome != APPLIED or d.id not in present}
    names = _Names(session)
    for decision in decisions:
        if decision.id in again:
            _apply(names, decision)
        names.note(decision)
    return unapplied(session)


def _present(session: Session, decisions: Sequence[Decision]) -> set[int]:
    """The decisions whose target is in the database (gone is what a rejection wants)."""
    names = _Names(session)
    people: dict[int, str] = {}
    for decision in decisions:
        if decision.action.endswith("-person"):
            key = decision.target["person"]
            while key in names.joined:  # an earlier merge: the kept name is the target now
                key = names.joined[key]
            people[decision.id] = key
        names.note(decision)
    found = set(
        session.scalars(select(Person.name_key).where(Person.name_key.in_(people.values())))
    )
    targets = [d.target for d in decisions if d.action == "set-agreement"]
    stored = session.execute(
        select(Agreement.agreement_key, Agreement.document_key).where(
            Agreement.document_key.in_({t["document"] for t in targets})
        )
    ).all()
    keys, documents = {row.agreement_key for row in stored}, [row.document_key for row in stored]
    hashes = {d.target["article"] for d in decisions if d.action == "reject-mention"}
    articles = set(
        session.scalars(select(Article.content_hash).where(Article.content_hash.in_(hashes)))
    )

    def holds(d: Decision) -> bool:
        if d.id in people:
            return people[d.id] in found
        if d.action == "set-agreement":
            t = d.target
            return t["agreement"] in keys or documents.count(t["document"]) == 1
        if d.action == "reject-mention":
            return d.target["article"] in articles
        return True  # reject-agreement: gone or not, what it asks holds after applying

    return {d.id for d in decisions if holds(d)}


def unapplied(session: Session) -> list[str]:
    """The decisions that hold but found no target at their last application."""
    found = session.scalars(
        select(Decision)
        .where(Decision.undone_at.is_(None), Decision.outcome != APPLIED)
        .order_by(Decision.id)
    )
    return [f"#{d.id} {d.action}: {d.outcome}" for d in found]


def _keys(decision: Decision) -> set[str]:
    """The identities a batch must touch for a decision to have work in it, as
    ``store.report_keys`` gives a batch's.

    A stored person keeps a country a decision set and a role a decision gave
    (loads only fill a missing country), so merges, aliases and settings
    need a batch only when it brings the merged name back, or the target the
    decision was missing; splits, rejections and agreement settings whenever
    the batch reports their subject again.
    """
    target, missing = decision.target, decision.outcome != APPLIED
    if decision.action == "reject-mention":
        return {target["article"]}
    if decision.action.endswith("-agreement"):
        return {target["document"].rpartition("|")[0]}  # the folded title
    if decision.action == "split-person":
        return {target["person"], target["form"]}
    keys = {target["person"]} if missing else set()
    if decision.action == "merge-person":
        keys.add(target["other"])
    elif decision.action == "alias-person":
        keys.add(fold_key(decision.value["alias"]))
    return keys


def _apply(names: _Names, decision: Decision) -> None:
    session = names.session
    outcome, touched = _APPLY[decision.action](names, decision)
    if decision.outcome != outcome:
        decision.outcome = outcome
    if touched and not set(touched) <= set(decision.articles):
        decision.articles = sorted(set(decision.articles) | set(touched))
    session.flush()


Applied = tuple[str, list[str]]  # outcome, content hashes of articles whose facts it removed


def _apply_merge(names: _Names, decision: Decision) -> Applied:
    session = names.session
    """merge-person and alias-person: fold the other name's person in; keep the alias."""
    target, value = decision.target, decision.value
    person = names.person(target["person"])
    if person is None:
        return f"no person {value['name']!r} any more", []
    other_name = value.get("other") or value["alias"]
    other_key = target.get("other") or fold_key(other_name)
    other = session.scalar(select(Person).where(Person.name_key == other_key))
    if other is not None and other.id != person.id:
        _absorb(session, person, other)
    _ensure_alias(session, person.id, other_name)
    return APPLIED, []


def _apply_split(names: _Names, decision: Decision) -> Applied:
    session = names.session
    target, value = decision.target, decision.value
    person = names.person(target["person"])
    if person is None:
        return f"no person {value['name']!r} any more", []
    form_key = target["form"]
    written = session.scalars(
        select(PersonMention.text).where(PersonMention.person_id == person.id).distinct()
    )
    texts = [text for text in written if fold_key(text) == form_key]  # few forms a person
    moving = session.execute(
        select(PersonMention.id, PersonMention.article_id).where(
            PersonMention.person_id == person.id, PersonMention.text.in_(texts)
        )
    ).all()
    session.execute(
        delete(PersonAlias).where(
            PersonAlias.person_id == person.id, PersonAlias.alias_key == form_key
        )
    )
    if not moving:
        return APPLIED, []
    other = session.scalar(select(Person).where(Person.name_key == form_key))
    if other is None:
        other = Person(name=value["form"], name_key=form_key)
        session.add(other)
        session.flush()
    session.execute(
        update(PersonMention)
        .where(PersonMention.id.in_([row.id for row in moving]))
        .values(person_id=other.id)
        .execution_options(synchronize_session=False)
    )
    # A role from an article that now names only the other person is theirs.
    left = exists().where(
        PersonMention.person_id == person.id, PersonMention.article_id == PersonRole.article_id
    )
    _drop_repeated_roles(session, other.id, person.id)
    session.execute(
        update(PersonRole)
        .where(
            PersonRole.person_id == person.id,
            PersonRole.article_id.in_({row.article_id for row in moving}),
            ~left,
        )
        .values(person_id=other.id)
        .execution_options(synchronize_session=False)
    )
    _ensure_alias(session, other.id, value["form"])
    return APPLIED, []


def _apply_set_person(names: _Names, decision: Decision) -> Applied:
    session = names.session
    value = decision.value
    person = names.person(decision.target["person"])
    if person is None:
        if _merged_later(session, decision):  # its role moved with the person, as it should
            return APPLIED, []
        return f"no person {value['name']!r} any more", []
    if value.get("country"):
        person.country_code = value["country"]
    if value.get("role"):
        observed = date.fromisoformat(value["since"]) if value.get("since") else None
        row = session.scalar(select(PersonRole).where(PersonRole.decision_id == decision.id))
        if row is None:
            row = PersonRole(decision_id=decision.id, how="curation", article_id=None)
            row.country_code = value.get("country") or person.country_code
            session.add(row)
        row.person_id = person.id
        row.role = value["role"]
        row.observed_on = observed or decision.made_at.date()
    return APPLIED, []


def _merged_later(session: Session, decision: Decision) -> bool:
    """Whether a later merge or alias that holds made this decision's person another's."""
    names = _Names(session)
    for later in session.scalars(
        select(Decision).where(Decision.undone_at.is_(None), Decision.id > decision.id)
    ):
        names.note(later)
    return decision.target["person"] in names.joined


def _apply_reject_agreement(names: _Names, decision: Decision) -> Applied:
    session = names.session
    found = _agreement(session, decision.target)
    if found is None:
        return APPLIED, []  # removed already: what it asks holds
    touched = _hashes(
        session, select(AgreementMention.article_id).where(AgreementMention.agreement_id == found)
    )
    session.execute(delete(Agreement).where(Agreement.id == found))
    return APPLIED, touched


def _apply_set_agreement(names: _Names, decision: Decision) -> Applied:
    session = names.session
    found = _agreement(session, decision.target)
    if found is None:
        return f"no agreement {decision.target['title']!r} any more", []
    fields: dict[str, Any] = dict(decision.value)
    if "signed_on" in fields:
        fields["signed_on"] = date.fromisoformat(fields["signed_on"])
        document = session.scalar(select(Agreement.document_key).where(Agreement.id == found))
        key = agreement_key(str(document), fields["signed_on"])
        taken = session.scalar(select(Agreement.id).where(Agreement.agreement_key == key))
        if taken is None:  # so that a later report of that signing joins this row
            fields["agreement_key"] = key
    session.execute(update(Agreement).where(Agreement.id == found).values(**fields))
    return APPLIED, []


def _apply_reject_mention(names: _Names, decision: Decision) -> Applied:
    session = names.session
    target = decision.target
    article_id = session.scalar(select(Article.id).where(Article.content_hash == target["article"]))
    if article_id is None:
        return "its article is not in this database", []
    table = MENTION_KINDS[target["kind"]]
    owner = _OWNERS.get(target["kind"])
    where = (
        table.article_id == article_id,
        table.start_char == target["start"],
        table.end_char == target["end"],
    )
    entity = session.scalar(select(getattr(table, owner[0])).where(*where)) if owner else None
    gone = session.execute(delete(table).where(*where)).rowcount
    if gone and owner and entity is not None:
        drop_unmentioned(session, **{owner[1]: {entity}})
    return APPLIED, [target["article"]] if gone else []


# A mention's entity column, and the kind drop_unmentioned calls it by.
_OWNERS = {
    "person": ("person_id", "people"),
    "place": ("place_id", "places"),
    "agreement": ("agreement_id", "agreements"),
}

_held_role = aliased(PersonRole)

_APPLY: dict[str, Callable[[_Names, Decision], Applied]] = {
    "merge-person": _apply_merge,
    "alias-person": _apply_merge,
    "split-person": _apply_split,
    "set-person": _apply_set_person,
    "reject-agreement": _apply_reject_agreement,
    "set-agreement": _apply_set_agreement,
    "reject-mention": _apply_reject_mention,
}


def _absorb(session: Session, person: Person, other: Person) -> None:
    """Move everything of ``other`` to ``person`` and delete ``other``."""
    _drop_repeated_roles(session, person.id, other.id)
    for table in (PersonMention, PersonRole):
        session.execute(
            update(table)
            .where(table.person_id == other.id)
            .values(person_id=person.id)
            .execution_options(synchronize_session=False)
        )
    aliases = session.execute(
        select(PersonAlias.alias, PersonAlias.alias_key).where(PersonAlias.person_id == other.id)
    )
    _insert_new(
        session,
        PersonAlias.__table__,
        [{"person_id": person.id, "alias": a.alias, "alias_key": a.alias_key} for a in aliases],
    )
    signed = session.scalars(
        select(agreement_signatories.c.agreement_id).where(
            agreement_signatories.c.person_id == other.id
        )
    )
    _insert_new(
        session,
        agreement_signatories,
        [{"agreement_id": agreement_id, "person_id": person.id} for agreement_id in signed],
    )
    if person.country_code is None:
        person.country_code = other.country_code
    session.flush()
    session.execute(delete(Person).where(Person.id == other.id))
    session.expunge(other)


def _drop_repeated_roles(session: Session, keep: int, moving: int) -> None:
    """Delete ``moving``'s roles that ``keep`` holds from the same article already."""
    held = exists().where(
        PersonRole.person_id == keep,
        PersonRole.article_id == _held_role.article_id,
        PersonRole.role == _held_role.role,
    )
    repeats = select(_held_role.id).where(_held_role.person_id == moving, held)
    session.execute(delete(PersonRole).where(PersonRole.id.in_(repeats)))


def _written(session: Session, person_id: int, key: str) -> bool:
    """Whether some mention or alias of the person is this folded form."""
    texts = session.scalars(
        select(PersonMention.text).where(PersonMention.person_id == person_id).distinct()
    )
    return _has_alias(session, person_id, key) or any(fold_key(t) == key for t in texts)


def _has_alias(session: Session, person_id: int, key: str) -> bool:
    found = select(PersonAlias.id).where(
        PersonAlias.person_id == person_id, PersonAlias.alias_key == key
    )
    return session.scalar(found.limit(1)) is not None


def _ensure_alias(session: Session, person_id: int, alias: str) -> None:
    row = {"person_id": person_id, "alias": alias, "alias_key": fold_key(alias)}
    _insert_new(session, PersonAlias.__table__, [row])


def _insert_new(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows a unique key does not hold already."""
    if rows:
        dialect = session.get_bind().dialect.name
        insert = (postgresql if dialect == "postgresql" else sqlite).insert(table)
        session.execute(insert.on_conflict_do_nothing(), rows)


# Finding targets


def _find_person(session: Session, name: Any) -> Person:
    from corpus_db.profiles import find_person

    return find_person(session, name)


def _find_agreement(session: Session, ident: Any) -> Agreement:
    wanted = str(ident).strip()
    found = session.get(Agreement, int(wanted)) if wanted.isdigit() else None
    if found is None:
        raise NotFound(f"no agreement with id {wanted!r}: list them with `corpus-db agreements`")
    return found


@dataclass
class _Names:
    """Who a folded name stands for, as the decisions made so far leave it.

    Decisions apply in the order made, each seeing what the earlier ones did: a
    name an earlier merge or alias made another person's leads to that person; a
    later merge does not reach back, and a shared surname never leads anywhere.
    """

    session: Session
    joined: dict[str, str] = field(default_factory=dict)  # merged name -> kept name

    @classmethod
    def before(cls, session: Session, decision_id: int | None = None) -> _Names:
        """The names as the holding decisions older than ``decision_id`` leave them."""
        names = cls(session)
        query = select(Decision).where(Decision.undone_at.is_(None)).order_by(Decision.id)
        if decision_id is not None:
            query = query.where(Decision.id < decision_id)
        for decision in session.scalars(query):
            names.note(decision)
        return names

    def note(self, decision: Decision) -> None:
        """Take in a decision once it has been applied."""
        if decision.action == "merge-person":
            self.joined[decision.target["other"]] = decision.target["person"]
        elif decision.action == "alias-person":
            self.joined[fold_key(decision.value["alias"])] = decision.target["person"]

    def person(self, key: str) -> Person | None:
        seen = set()
        while key not in seen:
            found = self.session.scalar(select(Person).where(Person.name_key == key))
            if found is not None or key not in self.joined:
                return found
            seen.add(key)
            key = self.joined[key]
        return None


def _agreement_target(agreement: Agreement) -> dict[str, Any]:
    """Its key (title, parties, date), its document (no date) and, to show, its title."""
    return {
        "agreement": agreement.agreement_key,
        "document": agreement.document_key,
        "title": agreement.title,
    }


def _agreement(session: Session, target: dict[str, Any]) -> int | None:
    """The agreement's id by its key; one dated since, by its document, if only one has it."""
    found = session.scalar(
        select(Agreement.id).where(Agreement.agreement_key == target["agreement"])
    )
    if found is not None:
        return found
    ids = session.scalars(
        select(Agreement.id).where(Agreement.document_key == target["document"]).limit(2)
    ).all()
    return ids[0] if len(ids) == 1 else None


def _hashes(session: Session, article_ids: Any) -> list[str]:
    return list(session.scalars(select(Article.content_hash).where(Article.id.in_(article_ids))))


def curated_country(session: Session, person: Person) -> str | None:
    """The country the latest decision that holds gives this person, if one does."""
    names, found = _Names(session), None
    for decision in session.scalars(
        select(Decision).where(Decision.undone_at.is_(None)).order_by(Decision.id)
    ):
        country = decision.value.get("country")
        if (
            decision.action == "set-person"
            and country
            and names.person(decision.target["person"]) is person
        ):
            found = str(country)
        names.note(decision)
    return found


# What decisions keep


def kept(session: Session) -> tuple[set[str], set[str]]:
    """Folded names and agreement documents (title and parties) that decisions that hold
    are about: what re-extraction keeps even with no mention left."""
    people: set[str] = set()
    agreements: set[str] = set()
    for action, target in session.execute(
        select(Decision.action, Decision.target).where(Decision.undone_at.is_(None))
    ):
        if action.endswith("-person"):
            people |= {target[k] for k in ("person", "other", "form") if k in target}
        elif action == "set-agreement":
            agreements.add(target["document"])
    return people, agreements


def drop_unmentioned(
    session: Session,
    people: Iterable[int] = (),
    agreements: Iterable[int] = (),
    places: Iterable[int] = (),
) -> dict[str, int]:
    """Remove these people, agreements and places if nothing mentions them any more,
    unless a decision keeps them; return how many of each went."""
    orphan_agreements = session.execute(
        select(Agreement.id, Agreement.document_key).where(
            Agreement.id.in_(set(agreements)),
            ~exists().where(AgreementMention.agreement_id == Agreement.id),
        )
    ).all()
    orphans = session.execute(
        select(Person.id, Person.name_key).where(
            Person.id.in_(set(people)),
            ~exists().where(PersonMention.person_id == Person.id),
            ~exists().where(PersonRole.person_id == Person.id),
            ~exists().where(agreement_signatories.c.person_id == Person.id),
        )
    ).all()
    keep_people, keep_documents = kept(session) if orphans or orphan_agreements else ((), ())
    gone_agreements = [
        row.id for row in orphan_agreements if row.document_key not in keep_documents
    ]
    gone_people = [row.id for row in orphans if row.name_key not in keep_people]
    session.execute(delete(Agreement).where(Agreement.id.in_(gone_agreements)))
    session.execute(delete(Person).where(Person.id.in_(gone_people)))
    gone_places = session.scalars(
        delete(Place)
        .where(Place.id.in_(set(places)), ~exists().where(PlaceMention.place_id == Place.id))
        .returning(Place.id)
        .execution_options(synchronize_session=False)
    ).all()
    return {
        "people": len(gone_people),
        "agreements": len(gone_agreements),
        "places": len(gone_places),
    }


# Undo


@dataclass
class Undoing:
    """A decision being undone: the articles to extract again, and what to drop first."""

    decision: Decision
    articles: list[int]
    people: set[int]
    agreements: set[int]
    dropped: tuple[set[str], set[str]] = (set(), set())  # their folded names and keys

    def drop(self, session: Session) -> None:
        """Remove what the decision shaped, for extraction to build it again."""
        self.dropped = (
            set(session.scalars(select(Person.name_key).where(Person.id.in_(self.people)))),
            set(
                session.scalars(
                    select(Agreement.agreement_key).where(Agreement.id.in_(self.agreements))
                )
            ),
        )
        session.execute(delete(PersonRole).where(PersonRole.decision_id == self.decision.id))
        session.execute(delete(Person).where(Person.id.in_(self.people)))
        session.execute(delete(Agreement).where(Agreement.id.in_(self.agreements)))
        session.flush()
        session.expire_all()

    def gone(self, session: Session) -> dict[str, int]:
        """How many of the dropped people and agreements extraction did not build again."""
        names, keys = self.dropped
        people = session.scalars(select(Person.name_key).where(Person.name_key.in_(names)))
        agreements = session.scalars(
            select(Agreement.agreement_key).where(Agreement.agreement_key.in_(keys))
        )
        return {
            "people": len(names - set(people)),
            "agreements": len(keys - set(agreements)),
        }


def undo(session: Session, decision_id: int, by: str | None) -> Undoing:
    """Mark a decision undone; say which articles to extract again and what to drop.

    The caller drops, extracts those articles again, then calls :func:`reapply`.
    """
    decision = session.get(Decision, decision_id)
    if decision is None:
        raise NotFound(f"no decision {decision_id}: `corpus-db decisions` lists them")
    if decision.undone_at is not None:
        when = _aware(decision.undone_at).isoformat(timespec="seconds")
        raise CorpusError(f"decision {decision_id} was undone already, at {when}")
    decision.undone_at, decision.undone_by = _now(), current_user(by)
    decision.outcome = UNDONE
    target = decision.target
    articles = set(
        session.scalars(select(Article.id).where(Article.content_hash.in_(decision.articles)))
    )
    people: set[int] = set()
    agreements: set[int] = set()
    if decision.action.endswith("-person"):
        keys = {target[k] for k in ("person", "other", "form") if k in target}
        if alias := decision.value.get("alias"):
            keys.add(fold_key(alias))
        people = set(session.scalars(select(Person.id).where(Person.name_key.in_(keys))))
        if (owner := _Names.before(session, decision.id).person(target["person"])) is not None:
            people.add(owner.id)
        for table in (PersonMention, PersonRole):
            found = select(table.article_id).where(table.person_id.in_(people))
            articles |= set(session.scalars(found.where(table.article_id.is_not(None))))
    elif decision.action == "set-agreement" and (found := _agreement(session, target)):
        agreements = {found}
        articles |= set(
            session.scalars(
                select(AgreementMention.article_id).where(AgreementMention.agreement_id == found)
            )
        )
    return Undoing(decision, sorted(articles), people, agreements)


# Listing, export and import


def listing(session: Session, *, holding: bool = False) -> list[DecisionRecord]:
    """Every decision, oldest first (``holding``: only those not undone)."""
    query = select(Decision).order_by(Decision.id)
    if holding:
        query = query.where(Decision.undone_at.is_(None))
    return [record(d) for d in session.scalars(query)]


def describe(decision: Decision) -> str:
    """What a decision applies to, in words."""
    target, value = decision.target, decision.value
    if decision.action == "merge-person":
        return f"{value['other']} -> {value['name']}"
    if decision.action == "alias-person":
        return f"{value['name']} (alias {value['alias']})"
    if decision.action == "split-person":
        return f"{value['form']!r} out of {value['name']}"
    if decision.action == "set-person":
        return value["name"]
    if decision.action == "reject-mention":
        where = f"at {target['start']}-{target['end']} of article {target['article'][:12]}"
        return f"{target['kind']} {target['text']!r} {where}"
    _, parties, signed_on = target["agreement"].rsplit("|", 2)
    return f"{target['title']} ({parties or 'no parties'}; {signed_on or 'undated'})"


_SHOWN_IN_TARGET = ("name", "other", "alias", "form")


def record(decision: Decision) -> DecisionRecord:
    """A decision as plain data."""
    value = {k: v for k, v in decision.value.items() if k not in _SHOWN_IN_TARGET}
    return DecisionRecord(
        decision.id,
        decision.action,
        describe(decision),
        value,
        decision.made_by,
        _aware(decision.made_at),
        decision.note,
        decision.outcome,
        _aware(decision.undone_at) if decision.undone_at else None,
        decision.undone_by,
    )


def export(session: Session) -> list[dict[str, Any]]:
    """Every decision as plain data, to import into another database."""
    return [
        {
            field: (_aware(value).isoformat() if isinstance(value, datetime) else value)
            for field in PORTABLE
            for value in [getattr(decision, field)]
        }
        for decision in session.scalars(select(Decision).order_by(Decision.id))
    ]


def read_decisions(source: str | os.PathLike[str] | IO[str]) -> list[dict[str, Any]]:
    """Decisions as ``export decisions`` writes them: JSON lines (or one JSON array)."""
    name = getattr(source, "name", str(source))
    try:
        if isinstance(source, str | os.PathLike):
            with open(source, encoding="utf-8") as handle:
                content = handle.read()
        else:
            content = source.read()
    except OSError as error:
        raise InputError(str(name), f"cannot be read: {error.strerror or error}") from error
    if content.lstrip().startswith("["):
        try:
            rows = json.loads(content)
        except json.JSONDecodeError as error:
            raise InputError(str(name), f"is not JSON: {error.msg}", error.lineno) from error
        return [_as_object(row, name, None) for row in rows]
    decisions = []
    for number, line in enumerate(content.splitlines(), 1):
        if line.strip():
            try:
                decisions.append(_as_object(json.loads(line), name, number))
            except json.JSONDecodeError as error:
                raise InputError(str(name), f"is not JSON: {error.msg}", number) from error
    return decisions


def _as_object(row: Any, name: str, line: int | None) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise InputError(str(name), "holds a decision that is not a JSON object", line)
    return row


def import_(session: Session, rows: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """Add exported decisions not held already (same action, target, value and time);
    return how many were added and skipped. The caller then reapplies them."""
    codes = set(session.scalars(select(Country.code)))
    held = {
        _identity(d.action, d.target, d.value, d.made_at) for d in session.scalars(select(Decision))
    }
    added = skipped = 0
    for number, row in enumerate(rows, 1):
        decision = _from_export(row, number, codes)
        identity = _identity(decision.action, decision.target, decision.value, decision.made_at)
        if identity in held:
            skipped += 1
            continue
        held.add(identity)
        session.add(decision)
        added += 1
    session.flush()
    return added, skipped


def _identity(action: str, target: Any, value: Any, made_at: datetime) -> tuple[str, ...]:
    stamp = _aware(made_at)
    return (
        action,
        json.dumps(target, sort_keys=True),
        json.dumps(value, sort_keys=True),
        stamp.astimezone(UTC).isoformat(),
    )


# What each action's target and value must hold, for a decision read from a file.
_REQUIRED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "merge-person": (("person", "other"), ("name", "other")),
    "split-person": (("person", "form"), ("name", "form")),
    "alias-person": (("person",), ("name", "alias")),
    "set-person": (("person",), ("name",)),
    "reject-agreement": (("agreement", "document", "title"), ()),
    "set-agreement": (("agreement", "document", "title"), ()),
    "reject-mention": (("kind", "article", "start", "end", "text"), ()),
}


def _from_export(row: dict[str, Any], number: int, codes: Collection[str]) -> Decision:
    try:
        action, target, value = row["action"], row["target"], row["value"]
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not isinstance(target, dict) or not isinstance(value, dict):
            raise ValueError("target and value must be JSON objects")
        _check_fields(action, target, value, codes)
        made_at = datetime.fromisoformat(row["made_at"])
        undone_at = datetime.fromisoformat(row["undone_at"]) if row.get("undone_at") else None
        return Decision(
            action=action,
            target=target,
            value=value,
            made_by=str(row["made_by"]),
            made_at=made_at,
            note=row.get("note"),
            outcome=UNDONE if undone_at else APPLIED,
            articles=[],
            undone_at=undone_at,
            undone_by=row.get("undone_by"),
        )
    except KeyError as error:
        raise InvalidQuery(f"decision {number} cannot be imported: no {error}") from error
    except (TypeError, ValueError) as error:
        raise InvalidQuery(f"decision {number} cannot be imported: {error}") from error


def _check_fields(
    action: str, target: dict[str, Any], value: dict[str, Any], codes: Collection[str]
) -> None:
    """Refuse a decision whose target or value lacks what applying it reads."""
    needs_target, needs_value = _REQUIRED[action]
    for name, part, needed in (("target", target, needs_target), ("value", value, needs_value)):
        missing = [key for key in needed if not isinstance(part.get(key), str | int)]
        if missing:
            raise ValueError(f"{action} needs {', '.join(missing)} in its {name}")
    if action == "set-person":
        if not (value.get("country") or value.get("role")):
            raise ValueError("set-person sets neither a country nor a role")
        if value.get("country") and value["country"] not in codes:
            raise ValueError(f"unknown country code {value['country']!r}")
        if value.get("since"):
            date.fromisoformat(value["since"])
    if action == "set-agreement":
        unknown = set(value) - {"title", "status", "signed_on", "place"}
        if not value or unknown:
            raise ValueError("set-agreement sets title, status, signed_on or place, nothing else")
        if value.get("status") not in (None, *AGREEMENT_STATUSES):
            raise ValueError(f"unknown status {value['status']!r}")
        if value.get("signed_on"):
            date.fromisoformat(value["signed_on"])
    if action == "reject-mention" and target["kind"] not in MENTION_KINDS:
        raise ValueError(f"unknown mention kind {target['kind']!r}")
