"""Making decisions: each command finds its target by what the user typed, records it by
stable identity and applies it at once. A target that cannot be found now, or a
decision that repeats one that holds, is refused, not recorded.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus_db.curation.apply import Names, apply_one, has_alias
from corpus_db.curation.decision import APPLIED, MENTION_KINDS, current_user, now
from corpus_db.errors import InvalidQuery, NotFound
from corpus_db.extract.facts import AGREEMENT_STATUSES
from corpus_db.keys import fold_key
from corpus_db.models import (
    Agreement,
    Article,
    Decision,
    Person,
    PersonMention,
)


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
        names = Names(session)
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
    if has_alias(session, person.id, key):
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
        made_at=made.get("at") or now(),
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
    apply_one(Names.before(session, decision.id), decision)
    if decision.outcome != APPLIED:
        raise NotFound(decision.outcome)
    return decision


def _written(session: Session, person_id: int, key: str) -> bool:
    """Whether some mention or alias of the person is this folded form."""
    texts = session.scalars(
        select(PersonMention.text).where(PersonMention.person_id == person_id).distinct()
    )
    return has_alias(session, person_id, key) or any(fold_key(t) == key for t in texts)


def _find_person(session: Session, name: Any) -> Person:
    from corpus_db.profiles import find_person

    return find_person(session, name)


def _find_agreement(session: Session, ident: Any) -> Agreement:
    wanted = str(ident).strip()
    found = session.get(Agreement, int(wanted)) if wanted.isdigit() else None
    if found is None:
        raise NotFound(f"no agreement with id {wanted!r}: list them with `corpus-db agreements`")
    return found


def _agreement_target(agreement: Agreement) -> dict[str, Any]:
    """Its key (title, parties, date), its document (no date) and, to show, its title."""
    return {
        "agreement": agreement.agreement_key,
        "document": agreement.document_key,
        "title": agreement.title,
    }
