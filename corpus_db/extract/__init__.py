"""Extraction: article text and publication date in, facts with offsets out."""

from corpus_db.extract.facts import (
    AGREEMENT_KINDS,
    AGREEMENT_STATUSES,
    AgreementFact,
    CountryMention,
    Extraction,
    PersonFact,
    Span,
)
from corpus_db.extract.pipeline import extract

__all__ = [
    "AGREEMENT_KINDS",
    "AGREEMENT_STATUSES",
    "AgreementFact",
    "CountryMention",
    "Extraction",
    "PersonFact",
    "Span",
    "extract",
]
