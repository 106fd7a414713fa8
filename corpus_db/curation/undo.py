"""Undoing a decision: mark it undone and say what to drop and which articles to
extract again; the caller extracts them and applies the other decisions again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from corpus_db.curation.apply import Names, agreement_by_target
from corpus_db.curation.decision import UNDONE, aware, current_user, now
from corpus_db.errors import CorpusError, NotFound
from corpus_db.keys import fold_key
from corpus_db.models import (
    Agreement,
    AgreementMention,
    Article,
    Decision,
    Person,
    PersonMention,
    PersonRole,
)


@dataclass
class Undoing:
    """A decision being undone: the articles to extract again, and what to drop first."""

    decision: Decision
    articles: list[int]
    people: set[int]
    agreements: set[int]
    # The folded names and agreement keys :meth:`drop` removed.
    dropped: tuple[set[str], set[str]] = field(default_factory=lambda: (set(), set()))

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
        when = aware(decision.undone_at).isoformat(timespec="seconds")
        raise CorpusError(f"decision {decision_id} was undone already, at {when}")
    decision.undone_at, decision.undone_by = now(), current_user(by)
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
        if (owner := Names.before(session, decision.id).person(target["person"])) is not None:
            people.add(owner.id)
        for table in (PersonMention, PersonRole):
            found = select(table.article_id).where(table.person_id.in_(people))
            articles |= set(session.scalars(found.where(table.article_id.is_not(None))))
    elif decision.action == "set-agreement" and (found := agreement_by_target(session, target)):
        agreements = {found}
        articles |= set(
            session.scalars(
                select(AgreementMention.article_id).where(AgreementMention.agreement_id == found)
            )
        )
    return Undoing(decision, sorted(articles), people, agreements)
