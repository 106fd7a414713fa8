"""Applying decisions, in the order made, after each decision, load batch and
re-extraction batch; and what they keep when re-extraction removes the unmentioned.

Applying is idempotent: a decision whose work is done finds nothing to do. One
whose target is gone says so in its ``outcome``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import Session, aliased

from corpus_db.curation.decision import APPLIED, MENTION_KINDS
from corpus_db.keys import agreement_key, fold_key
from corpus_db.models import (
    Agreement,
    AgreementMention,
    Article,
    Decision,
    Person,
    PersonAlias,
    PersonMention,
    PersonRole,
    Place,
    PlaceMention,
    agreement_signatories,
)
from corpus_db.store import LOCK_SPACE, insert_new

# A PostgreSQL advisory lock (first key "cdb", as store.py's) taken by every
# transaction that writes while decisions exist: a merge deleting a person while
# another loader adds mentions of them would lose those mentions or refuse them.
_LOCK = (LOCK_SPACE, 0)  # store.py's document locks take the same space, keyed by hash


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
    names, due_ids = Names(session), {d.id for d in due}
    for decision in decisions:
        if decision.id in due_ids:
            apply_one(names, decision)
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
    names = Names(session)
    for decision in decisions:
        if decision.id in again:
            apply_one(names, decision)
        names.note(decision)
    return unapplied(session)


def _present(session: Session, decisions: Sequence[Decision]) -> set[int]:
    """The decisions whose target is in the database (gone is what a rejection wants)."""
    names = Names(session)
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


def apply_one(names: Names, decision: Decision) -> None:
    """Apply one decision; keep its outcome and the articles whose facts it removed."""
    session = names.session
    outcome, touched = _APPLY[decision.action](names, decision)
    if decision.outcome != outcome:
        decision.outcome = outcome
    if touched and not set(touched) <= set(decision.articles):
        decision.articles = sorted(set(decision.articles) | set(touched))
    session.flush()


Applied = tuple[str, list[str]]  # outcome, content hashes of articles whose facts it removed


def _apply_merge(names: Names, decision: Decision) -> Applied:
    """merge-person and alias-person: fold the other name's person in; keep the alias."""
    session = names.session
    target, value = decision.target, decision.value
    person = names.person(target["person"])
    if person is None:
        return _no_person(decision), []
    other_name = value.get("other") or value["alias"]
    other_key = target.get("other") or fold_key(other_name)
    other = session.scalar(select(Person).where(Person.name_key == other_key))
    if other is not None and other.id != person.id:
        _absorb(session, person, other)
    _ensure_alias(session, person.id, other_name)
    return APPLIED, []


def _apply_split(names: Names, decision: Decision) -> Applied:
    session = names.session
    target, value = decision.target, decision.value
    person = names.person(target["person"])
    if person is None:
        return _no_person(decision), []
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


def _apply_set_person(names: Names, decision: Decision) -> Applied:
    session = names.session
    value = decision.value
    person = names.person(decision.target["person"])
    if person is None:
        if _merged_later(session, decision):  # its role moved with the person, as it should
            return APPLIED, []
        return _no_person(decision), []
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


def _no_person(decision: Decision) -> str:
    """The outcome of a person decision whose person is gone."""
    return f"no person {decision.value['name']!r} any more"


def _merged_later(session: Session, decision: Decision) -> bool:
    """Whether a later merge or alias that holds made this decision's person another's."""
    names = Names(session)
    for later in session.scalars(
        select(Decision).where(Decision.undone_at.is_(None), Decision.id > decision.id)
    ):
        names.note(later)
    return decision.target["person"] in names.joined


def _apply_reject_agreement(names: Names, decision: Decision) -> Applied:
    session = names.session
    found = agreement_by_target(session, decision.target)
    if found is None:
        return APPLIED, []  # removed already: what it asks holds
    touched = _hashes(
        session, select(AgreementMention.article_id).where(AgreementMention.agreement_id == found)
    )
    session.execute(delete(Agreement).where(Agreement.id == found))
    return APPLIED, touched


def _apply_set_agreement(names: Names, decision: Decision) -> Applied:
    session = names.session
    found = agreement_by_target(session, decision.target)
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


def _apply_reject_mention(names: Names, decision: Decision) -> Applied:
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


_APPLY: dict[str, Callable[[Names, Decision], Applied]] = {
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
    insert_new(
        session,
        PersonAlias.__table__,
        [{"person_id": person.id, "alias": a.alias, "alias_key": a.alias_key} for a in aliases],
    )
    signed = session.scalars(
        select(agreement_signatories.c.agreement_id).where(
            agreement_signatories.c.person_id == other.id
        )
    )
    insert_new(
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


def has_alias(session: Session, person_id: int, key: str) -> bool:
    found = select(PersonAlias.id).where(
        PersonAlias.person_id == person_id, PersonAlias.alias_key == key
    )
    return session.scalar(found.limit(1)) is not None


def _ensure_alias(session: Session, person_id: int, alias: str) -> None:
    row = {"person_id": person_id, "alias": alias, "alias_key": fold_key(alias)}
    insert_new(session, PersonAlias.__table__, [row])


@dataclass
class Names:
    """Who a folded name stands for, as the decisions made so far leave it.

    Decisions apply in the order made, each seeing what the earlier ones did: a
    name an earlier merge or alias made another person's leads to that person; a
    later merge does not reach back, and a shared surname never leads anywhere.
    """

    session: Session
    joined: dict[str, str] = field(default_factory=dict)  # merged name -> kept name

    @classmethod
    def before(cls, session: Session, decision_id: int | None = None) -> Names:
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


def agreement_by_target(session: Session, target: dict[str, Any]) -> int | None:
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
    names, found = Names(session), None
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
