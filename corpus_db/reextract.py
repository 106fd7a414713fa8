"""Re-extraction: run the extractor again over stored article text and replace its facts.

The original files are not needed. Each batch of articles is one transaction:
their mentions, roles and agreement reports are deleted and the new facts
written as a load would write them, and the article records the extractor
version. People, agreements and places left with no mention (and, for people,
no role or signature) are removed, unless a curation decision is about them;
then the curation decisions are applied again, in the same transaction. What
changed is told per kind (countries, people, places, agreements) as the
difference between what the database linked to each article before and after.
A dry run does all of it and rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, String, cast, delete, exists, func, literal, select, text, update
from sqlalchemy.orm import Session

from corpus_db import curation
from corpus_db.errors import CorpusError, InvalidQuery
from corpus_db.extract import reference
from corpus_db.extract.version import extractor_version
from corpus_db.migrate import check_for_reading
from corpus_db.models import (
    Agreement,
    AgreementMention,
    Article,
    Country,
    CountryMention,
    Person,
    PersonMention,
    PersonRole,
    Place,
    PlaceMention,
    agreement_parties,
    agreement_signatories,
)
from corpus_db.readers import RawArticle
from corpus_db.store import report_keys, store_facts
from corpus_db.workers import Extractors, outcomes

BATCH = 250
KINDS = ("countries", "people", "places", "agreements")
EXAMPLES = 3

# What each kind of fact is called, per article: (article id, name, detail) rows. The
# detail (a person's country; an agreement's status and date) makes a change to it
# count as a change: undoing a decision that set a country changes no link.
_LINKED = {
    "countries": select(
        CountryMention.article_id, CountryMention.country_code, literal(None)
    ).distinct(),
    "people": select(PersonMention.article_id, Person.name, Person.country_code)
    .join(Person, Person.id == PersonMention.person_id)
    .distinct(),
    "places": select(PlaceMention.article_id, Place.name, literal(None))
    .join(Place, Place.id == PlaceMention.place_id)
    .distinct(),
    "agreements": select(
        AgreementMention.article_id,
        Agreement.title,
        Agreement.status + " " + func.coalesce(cast(Agreement.signed_on, String), "undated"),
    )
    .join(Agreement, Agreement.id == AgreementMention.agreement_id)
    .distinct(),
}


@dataclass
class ReextractSummary:
    """What a re-extraction did: articles redone and changed, facts added and removed."""

    version: str
    dry_run: bool = False
    articles: int = 0
    changed: int = 0
    failed: list[str] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    removed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    examples: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    dropped: dict[str, int] = field(
        default_factory=lambda: {"people": 0, "agreements": 0, "places": 0}
    )
    unapplied: list[str] = field(default_factory=list)  # decisions whose target is gone

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "dry_run": self.dry_run,
            "articles": self.articles,
            "changed": self.changed,
            "failed": self.failed,
            "added": self.added,
            "removed": self.removed,
            "examples": self.examples,
            "entities_removed": self.dropped,
            "decisions_without_target": self.unapplied,
        }


def reextract(
    engine: Engine,
    *,
    everything: bool = False,
    outdated: bool = False,
    article: int | None = None,
    dry_run: bool = False,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ReextractSummary:
    """Extract again: every article, the ones an older extractor did, or one by id."""
    if sum((everything, outdated, article is not None)) != 1:
        raise InvalidQuery("say which articles: all, the outdated ones, or one by id")
    extractors = Extractors(workers)  # refuses workers below 1 before anything is done
    check_for_reading(engine)
    reference.leaders()  # a leaders table that cannot be read stops here, named
    summary = ReextractSummary(extractor_version(), dry_run)
    with engine.connect() as connection:
        codes = frozenset(connection.scalars(select(Country.code)))
        if (
            article is not None
            and connection.scalar(select(Article.id).where(Article.id == article)) is None
        ):
            raise CorpusError(f"no article with id {article}")
        with extractors:
            for batch in _batches(connection, summary.version, outdated, article):
                with Session(connection) as session:
                    session.begin()
                    if engine.dialect.name == "sqlite":
                        session.execute(text("BEGIN IMMEDIATE"))  # as the loader: wait for writers
                    _redo(session, batch, codes, extractors, summary)
                    if dry_run:
                        session.rollback()
                    else:
                        session.commit()
                if on_progress is not None:
                    on_progress(summary.articles)
        with Session(connection) as session, session.begin():
            if engine.dialect.name == "sqlite":
                session.execute(text("BEGIN IMMEDIATE"))
            summary.unapplied = curation.unapplied(session) if dry_run else curation.settle(session)
    return summary


def _batches(
    connection: Any, version: str, outdated: bool, article: int | None
) -> Iterator[list[Article]]:
    """The chosen articles in id order, BATCH at a time (keyset pages: no offset scans)."""
    last = 0
    while True:
        query = select(Article).where(Article.id > last).order_by(Article.id).limit(BATCH)
        if outdated:
            query = query.where(
                Article.extractor_version.is_(None) | (Article.extractor_version != version)
            )
        if article is not None:
            query = query.where(Article.id == article)
        with Session(connection) as session:
            found = list(session.scalars(query))
            session.expunge_all()
        connection.commit()
        if not found:
            return
        yield found
        last = found[-1].id


def _redo(
    session: Session,
    articles: list[Article],
    codes: frozenset[str],
    extractors: Extractors,
    summary: ReextractSummary,
    *,
    alone: bool = True,
) -> None:
    """Extract these articles again and replace their facts. ``alone``: a batch on its own,
    which applies the decisions about it and counts its changes (undo's :func:`redo` does
    both once, over all its articles)."""
    curation.take_turns(session)  # before reading what these articles link to
    ids = [a.id for a in articles]
    before = _linked(session, ids) if alone else {}
    people, agreements, places = _entities_of(session, ids)
    people |= _forget_links(session, agreements, ids)
    for table in (CountryMention, PlaceMention, PersonMention, PersonRole, AgreementMention):
        session.execute(
            delete(table)
            .where(table.article_id.in_(ids))
            .execution_options(synchronize_session=False)
        )
    pending = extractors.submit([(a.body, a.published) for a in articles])
    reports = []
    for stored, outcome in zip(articles, outcomes(pending), strict=True):
        if isinstance(outcome, str):
            summary.failed.append(f"article {stored.id}: {outcome}")
            continue
        raw = RawArticle(stored.published, stored.body, stored.title, stored.source, "")
        reports.append((stored.id, raw, outcome))
    store_facts(session, reports, codes)
    done = [article_id for article_id, _, _ in reports]
    session.execute(
        update(Article)
        .where(Article.id.in_(done))
        .values(extractor_version=summary.version)
        .execution_options(synchronize_session=False)
    )
    dropped = curation.drop_unmentioned(session, people, agreements, places)
    for kind, count in dropped.items():
        summary.dropped[kind] += count
    summary.articles += len(done)
    if alone:
        curation.reapply(session, report_keys([(raw, facts) for _, raw, facts in reports]))
        _compare(before, _linked(session, ids), ids, summary)


def _forget_links(session: Session, agreements: set[int], ids: list[int]) -> set[int]:
    """Remove the parties and signatories of agreements only these articles report: the
    new extraction gives them again (those other articles report too keep theirs:
    which article gave which is not stored). Return the signatories removed."""
    elsewhere = exists().where(
        AgreementMention.agreement_id == Agreement.id, AgreementMention.article_id.not_in(ids)
    )
    only_here = select(Agreement.id).where(Agreement.id.in_(agreements), ~elsewhere)
    session.execute(
        delete(agreement_parties).where(agreement_parties.c.agreement_id.in_(only_here))
    )
    signed = agreement_signatories.c
    removed = session.scalars(
        delete(agreement_signatories)
        .where(signed.agreement_id.in_(only_here))
        .returning(signed.person_id)
    )
    return set(removed)


def _linked(session: Session, ids: list[int]) -> dict[str, set[tuple[int, str]]]:
    return {
        kind: {
            (article_id, f"{name} ({detail})" if detail else name)
            for article_id, name, detail in session.execute(
                query.where(query.selected_columns[0].in_(ids))
            )
        }
        for kind, query in _LINKED.items()
    }


def _entities_of(session: Session, ids: list[int]) -> tuple[set[int], set[int], set[int]]:
    """The people, agreements and places these articles mention now."""

    def of(column: Any, article_id: Any) -> set[int]:
        return set(session.scalars(select(column).where(article_id.in_(ids)).distinct()))

    people = of(PersonMention.person_id, PersonMention.article_id)
    people |= of(PersonRole.person_id, PersonRole.article_id)
    agreements = of(AgreementMention.agreement_id, AgreementMention.article_id)
    places = of(PlaceMention.place_id, PlaceMention.article_id)
    return people, agreements, places


def redo(
    session: Session,
    ids: list[int],
    extractors: Extractors,
    summary: ReextractSummary,
    prepare: Callable[[], None],
) -> None:
    """Extract these articles again inside the caller's transaction, after ``prepare()``
    (undoing a decision drops what it shaped); then apply the decisions again."""
    codes = frozenset(session.scalars(select(Country.code)))
    before = _linked(session, ids)
    prepare()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        articles = list(session.scalars(select(Article).where(Article.id.in_(chunk))))
        _redo(session, articles, codes, extractors, summary, alone=False)
    curation.reapply(session)  # all of them: undoing one may change what the others find
    summary.unapplied = curation.unapplied(session)
    _compare(before, _linked(session, ids), ids, summary)


def _compare(
    before: dict[str, set[tuple[int, str]]],
    after: dict[str, set[tuple[int, str]]],
    ids: list[int],
    summary: ReextractSummary,
) -> None:
    changed: set[int] = set()
    for kind in KINDS:
        added, removed = after[kind] - before[kind], before[kind] - after[kind]
        summary.added[kind] += len(added)
        summary.removed[kind] += len(removed)
        changed |= {article_id for article_id, _ in added | removed}
        for sign, facts in (("+", added), ("-", removed)):
            for article_id, name in sorted(facts)[: EXAMPLES - len(summary.examples[kind])]:
                summary.examples[kind].append(f"{sign}{name} (article {article_id})")
    summary.changed += len(changed & set(ids))
