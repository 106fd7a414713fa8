"""Which extractor produced a set of facts: a digest of everything that decides them."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from corpus_db.extract import reference

_PACKAGE = Path(__file__).resolve().parents[1]


def extractor_version() -> str:
    """A short digest of the extraction code, its data files and the user's leaders tables.

    It changes whenever extraction output can change: a new release, an edited
    rule or data file, another ``CORPUS_DB_LEADERS``.
    """
    return _digest(os.environ.get(reference.ENV_VAR, ""))


@cache
def _digest(user_files: str) -> str:
    sources = sorted(_PACKAGE.joinpath("extract").glob("*.py"))
    sources += sorted(_PACKAGE.joinpath("data").glob("*.json"))
    sources += [Path(p) for p in user_files.split(os.pathsep) if p]
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:  # an unreadable leaders table fails the load, named, elsewhere
            digest.update(b"unreadable")
    return digest.hexdigest()[:16]
