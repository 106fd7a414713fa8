"""Natural keys: how names and titles are folded so that one thing has one row.

Pure functions; the store writes these keys and the queries match on them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation and runs of spaces folded to one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare).strip()


def agreement_key(title: str, parties: Iterable[str]) -> str:
    """One agreement across articles: its folded title and its sorted parties."""
    return f"{fold(title)}|{','.join(sorted(set(parties)))}"
