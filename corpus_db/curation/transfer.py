"""Moving decisions between databases: export as plain data, read a file of them,
import those not held already, refusing any that could not be applied.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus_db.curation.decision import ACTIONS, APPLIED, MENTION_KINDS, PORTABLE, UNDONE, aware
from corpus_db.errors import InputError, InvalidQuery
from corpus_db.extract.facts import AGREEMENT_STATUSES
from corpus_db.models import (
    Country,
    Decision,
)


def export(session: Session) -> list[dict[str, Any]]:
    """Every decision as plain data, to import into another database."""
    return [
        {
            field: (aware(value).isoformat() if isinstance(value, datetime) else value)
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
    stamp = aware(made_at)
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
