"""Natural keys: how names and titles are folded so that one thing has one row.

Pure functions; the store writes these keys and the queries match on them.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from datetime import date

_NON_WORD = re.compile(r"[\W_]+")


# Names repeat across a corpus (the same leaders, the same places): the loader
# folds each a few times per article, so the cache saves most of the work.
@functools.lru_cache(maxsize=1 << 16)
def fold_key(text: str) -> str:
    """Lower case, accents removed, punctuation and runs of spaces folded to one space."""
    folded = text.casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", folded).strip()


def document_key(title: str, parties: Iterable[str]) -> str:
    """A document across articles, whatever its date: folded title and sorted parties."""
    return f"{fold_key(title)}|{','.join(sorted(set(parties)))}"


def agreement_key(document: str, signed_on: date | None) -> str:
    """One agreement: the document key and the date of signing, when known."""
    return f"{document}|{signed_on.isoformat() if signed_on else ''}"
