"""Natural keys: how names and titles are folded so that one thing has one row.

Pure functions; the store writes these keys and the queries match on them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

_NON_WORD = re.compile(r"[\W_]+")


def fold_key(text: str) -> str:
    """Lower case, accents removed, punctuation and runs of spaces folded to one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare).strip()


def document_key(title: str, parties: Iterable[str]) -> str:
    """A document across articles, whatever its date: folded title and sorted parties."""
    return f"{fold_key(title)}|{','.join(sorted(set(parties)))}"


def agreement_key(document: str, signed_on: date | None) -> str:
    """One agreement: the document key and the date of signing, when known."""
    return f"{document}|{signed_on.isoformat() if signed_on else ''}"
