"""The reference table of office-holders: who leads which country, as of a date.

Built from the shipped ``corpus_db/data/leaders.json`` (heads of state and
government, foreign ministers, heads of international bodies; its ``as_of``
date says how fresh it is) plus any files named in ``CORPUS_DB_LEADERS``
(paths separated by the OS path separator, same format), whose entries
override the shipped ones by name. A file that cannot be read raises
``InputError`` naming it; ``corpus_db.loader`` checks the table before a load.

The extractor uses it two ways, always after the text has had its say:

* a person the text names without a title ("Kim Jong Un", "Erdogan said")
  is found when the table knows the full name;
* a person whose country the text does not give gets the table's country,
  and role when the text gives none. The text wins where they disagree.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from corpus_db.errors import InputError
from corpus_db.extract.text import fold, spaced_words, words_only

ENV_VAR = "CORPUS_DB_LEADERS"
_SHIPPED = Path(__file__).resolve().parent.parent / "data" / "leaders.json"


@dataclass(frozen=True, slots=True)
class Leader:
    """One office-holder of the table."""

    name: str
    aliases: tuple[str, ...]
    country: str | None
    role: str | None


def _read(path: Path) -> list[Leader]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["people"]
        return [
            Leader(
                entry["name"],
                tuple(entry.get("aliases", ())),
                entry.get("country"),
                entry.get("role"),
            )
            for entry in entries
        ]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        reason = f"not a leaders table ({type(error).__name__}: {error})"
        if path != _SHIPPED:
            reason += f"; check {ENV_VAR}"
        raise InputError(str(path), reason) from error


def leaders() -> dict[str, Leader]:
    """Folded full name -> Leader, shipped table first, then the user's files."""
    return _table(os.environ.get(ENV_VAR, ""))[0]


@cache
def _table(
    user_files: str,
) -> tuple[dict[str, Leader], dict[str, Leader], ahocorasick.Automaton | None]:
    """The table for one value of CORPUS_DB_LEADERS: by name, by any form, and an automaton."""
    by_name: dict[str, Leader] = {}
    paths = [_SHIPPED] if _SHIPPED.exists() else []
    paths += [Path(p) for p in user_files.split(os.pathsep) if p]
    for path in paths:
        for leader in _read(path):
            by_name[fold(leader.name)] = leader
    owners: dict[str, set[str]] = {}
    for key, leader in by_name.items():
        for form in (leader.name, *leader.aliases):
            owners.setdefault(fold(form), set()).add(key)
    # A form two leaders share ("Kim", "Sharif") names neither.
    by_form = {form: by_name[next(iter(keys))] for form, keys in owners.items() if len(keys) == 1}
    full_forms = [form for form in by_form if " " in form or "-" in form]
    automaton = None
    if full_forms:
        automaton = ahocorasick.Automaton()
        for form in full_forms:
            automaton.add_word(" " + words_only(form), len(form))
        automaton.make_automaton()
    return by_name, by_form, automaton


_INITIAL = re.compile(r"\w\.")


def lookup(name: str) -> Leader | None:
    """The leader called ``name`` (any known form), if exactly one is."""
    by_form = _table(os.environ.get(ENV_VAR, ""))[1]
    found = by_form.get(fold(name))
    if found is None and "." in name:  # "Ferdinand R. Marcos Jr.": without the initials
        found = by_form.get(fold(" ".join(w for w in name.split() if not _INITIAL.fullmatch(w))))
    return found


def full_names_in(text: str) -> list[tuple[int, int]]:
    """Where a leader's full name (two or more words) stands in ``text``: (start, end)."""
    automaton = _table(os.environ.get(ENV_VAR, ""))[2]
    if automaton is None:
        return []
    spaced = spaced_words(text)
    found = []
    for end, length in automaton.iter(spaced):
        if spaced[end + 1] == " ":
            found.append((end - length, end))
    return found
