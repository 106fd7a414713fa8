"""What a decision is: its actions and outcomes, who made it and when, how it is listed."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus_db.models import (
    AgreementMention,
    CountryMention,
    Decision,
    PersonMention,
    PlaceMention,
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


def now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime) -> datetime:
    """A stored time in UTC with its zone (SQLite gives it back without one)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
        aware(decision.made_at),
        decision.note,
        decision.outcome,
        aware(decision.undone_at) if decision.undone_at else None,
        decision.undone_by,
    )
