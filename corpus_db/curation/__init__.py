"""Curation: analysts' corrections, kept as decisions that outlive re-extraction.

A decision names its target by stable identity (a person's folded name, an
agreement's key, an article's content hash with offsets), never by a row id a
re-extraction could change. It is applied when made, and applied again after
every load batch and re-extraction batch, in the order decisions were made, so
a correction is never lost and never made twice. A decision whose target is
gone says so in its ``outcome``; ``corpus-db decisions`` lists it.

Undoing one marks it undone, drops what it shaped (its person or agreement),
extracts the articles involved again and reapplies the decisions that still
hold: the state is what extraction and the other decisions give.

- ``decision``: actions, outcomes, who and when, listing;
- ``make``: the commands that make decisions;
- ``apply``: applying them, and what they keep from re-extraction;
- ``undo``: what undoing one drops and extracts again;
- ``transfer``: export and import between databases.

Functions take the caller's session and never commit. Must not import cli.
"""

from corpus_db.curation.apply import (
    curated_country,
    drop_unmentioned,
    kept,
    lock,
    reapply,
    settle,
    take_turns,
    unapplied,
)
from corpus_db.curation.decision import (
    ACTIONS,
    APPLIED,
    PORTABLE,
    UNDONE,
    DecisionRecord,
    current_user,
    describe,
    listing,
    record,
)
from corpus_db.curation.make import (
    alias_person,
    merge_people,
    reject_agreement,
    reject_mention,
    set_agreement,
    set_person,
    split_person,
)
from corpus_db.curation.transfer import export, import_, read_decisions
from corpus_db.curation.undo import Undoing, undo

__all__ = [
    "ACTIONS",
    "APPLIED",
    "PORTABLE",
    "UNDONE",
    "DecisionRecord",
    "Undoing",
    "alias_person",
    "curated_country",
    "current_user",
    "describe",
    "drop_unmentioned",
    "export",
    "import_",
    "kept",
    "listing",
    "lock",
    "merge_people",
    "read_decisions",
    "reapply",
    "record",
    "reject_agreement",
    "reject_mention",
    "set_agreement",
    "set_person",
    "settle",
    "split_person",
    "take_turns",
    "unapplied",
    "undo",
]
