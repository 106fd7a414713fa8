"""Extraction against gold files: match, count, score. No database here.

Owns the gold-file format (``tests/data/ANNOTATION.md``), the rules that pair
what the extractor found with what the gold file lists, and the scores.
Articles are read with :mod:`corpus_db.readers`, so the date line and body
split is the loader's. Must not import the database side (models, db, store,
corpus, loader) nor the CLI; only :mod:`corpus_db.output` turns a result into text.

Rules, per article, each pairing one-to-one and greedy, strongest pair first:

- countries: sets of alpha-2 codes;
- people: folded full names equal; else a shared name form (a one-token form
  only if it is the surname of both); else the same surname and the shorter
  name's tokens all in the longer one;
- person_country: a matched person whose extracted country is the gold one;
- agreements: title similarity (Jaccard of content words) of at least 0.5;
  else the same kind and parties with some title word shared or a generic title.

Counts are summed over all articles before dividing (micro-average).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from corpus_db.errors import EvaluationError, GoldFileError, InputError
from corpus_db.extract import AgreementFact, Extraction, PersonFact, extract
from corpus_db.keys import fold_key
from corpus_db.readers import RawArticle, parse_date, read_file

Extractor = Callable[[str, date], Extraction]

ARTICLE_SUFFIX = ".txt"
GOLD_SUFFIX = ".json"
ANNOTATION_GUIDE = "tests/data/ANNOTATION.md"
DECIMALS = 4

# Words that carry no meaning of their own in a document's title.
STOP_WORDS = frozenset(
    {"a", "an", "and", "at", "between", "by", "for", "from", "in", "into", "its", "of", "on"}
    | {"over", "the", "their", "to", "with"}
)
# A title made only of these names a kind of document, not one document.
GENERIC_TITLE_WORDS = frozenset(
    {"accord", "agreement", "agreements", "bilateral", "contract", "contracts", "convention"}
    | {"declaration", "deal", "document", "documents", "joint", "map", "memoranda", "memorandum"}
    | {"memorandums", "mou", "new", "pact", "protocol", "road", "roadmap", "statement"}
    | {"treaties", "treaty", "understanding"}
)
TITLE_MATCH = 0.5
AGREEMENT_FIELDS = ("parties", "signatories", "signed_on", "status")
MEASURES = ("countries", "people", "person_country", "agreements")


# --- gold files -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldPerson:
    """A person as the gold file lists them."""

    name: str
    aliases_in_text: tuple[str, ...]
    country: str | None
    role: str | None


@dataclass(frozen=True, slots=True)
class GoldAgreement:
    """An agreement as the gold file lists it."""

    title: str
    kind: str
    status: str
    signed_on: date | None
    place: str | None
    parties: tuple[str, ...]
    signatories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Gold:
    """One article's gold file."""

    published: date | None
    countries: tuple[str, ...]
    people: tuple[GoldPerson, ...]
    agreements: tuple[GoldAgreement, ...]


def load_gold(path: Path) -> Gold:
    """Read and check one gold file; a :class:`GoldFileError` says where it breaks the format.

    ``countries``, ``people`` and ``agreements`` are required, so are each
    person's ``name`` and each agreement's ``title``, ``kind`` and ``status``;
    the other fields default to null or an empty list. Unknown fields are ignored.
    """
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise GoldFileError(where, f"cannot read the file: {error.strerror or error}") from error
    try:
        record = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise GoldFileError(where, "not UTF-8 text; convert the file to UTF-8") from error
    except json.JSONDecodeError as error:
        raise GoldFileError(
            where, f"not valid JSON ({error.msg}, column {error.colno})", error.lineno
        ) from error
    return _Checker(where).gold(record)


class _Checker:
    """Turns a gold file's JSON into :class:`Gold`, naming the first field that is wrong."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, reason: str) -> GoldFileError:
        return GoldFileError(self.where, f"{reason} (see {ANNOTATION_GUIDE})")

    def gold(self, record: Any) -> Gold:
        if not isinstance(record, dict):
            raise self.fail("the file must hold one JSON object")
        published = self.day(record, "published", "published")
        countries = tuple(
            self.code(code, f"countries[{i}]")
            for i, code in enumerate(self.items(record, "countries", "countries", required=True))
        )
        people = tuple(
            self.person(item, f"people[{i}]")
            for i, item in enumerate(self.items(record, "people", "people", required=True))
        )
        agreements = tuple(
            self.agreement(item, f"agreements[{i}]")
            for i, item in enumerate(self.items(record, "agreements", "agreements", required=True))
        )
        return Gold(published, countries, people, agreements)

    def person(self, item: Any, at: str) -> GoldPerson:
        if not isinstance(item, dict):
            raise self.fail(f"`{at}` must be an object")
        country = self.string(item, "country", f"{at}.country")
        return GoldPerson(
            name=self.string(item, "name", f"{at}.name", required=True) or "",
            aliases_in_text=self.strings(item, "aliases_in_text", f"{at}.aliases_in_text"),
            country=None if country is None else self.code(country, f"{at}.country"),
            role=self.string(item, "role", f"{at}.role"),
        )

    def agreement(self, item: Any, at: str) -> GoldAgreement:
        if not isinstance(item, dict):
            raise self.fail(f"`{at}` must be an object")
        return GoldAgreement(
            title=self.string(item, "title", f"{at}.title", required=True) or "",
            kind=self.string(item, "kind", f"{at}.kind", required=True) or "",
            status=self.string(item, "status", f"{at}.status", required=True) or "",
            signed_on=self.day(item, "signed_on", f"{at}.signed_on"),
            place=self.string(item, "place", f"{at}.place"),
            parties=tuple(
                self.code(code, f"{at}.parties[{i}]")
                for i, code in enumerate(self.items(item, "parties", f"{at}.parties"))
            ),
            signatories=self.strings(item, "signatories", f"{at}.signatories"),
        )

    def items(self, record: dict[str, Any], key: str, at: str, required: bool = False) -> list[Any]:
        if key not in record and required:
            raise self.fail(f"`{at}` is missing")
        value = record.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list):
            raise self.fail(f"`{at}` must be a list")
        return value

    def string(
        self, record: dict[str, Any], key: str, at: str, required: bool = False
    ) -> str | None:
        value = record.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"`{at}` must be a non-empty string")
        return value.strip()

    def strings(self, record: dict[str, Any], key: str, at: str) -> tuple[str, ...]:
        values = self.items(record, key, at)
        if not all(isinstance(value, str) and value.strip() for value in values):
            raise self.fail(f"`{at}` must be a list of non-empty strings")
        return tuple(value.strip() for value in values)

    def code(self, value: Any, at: str) -> str:
        code = value.strip().upper() if isinstance(value, str) else ""
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise self.fail(f"`{at}` must be an ISO 3166-1 alpha-2 code such as KZ, not {value!r}")
        return code

    def day(self, record: dict[str, Any], key: str, at: str) -> date | None:
        value = record.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(f"`{at}` must be a YYYY-MM-DD string or null")
        parsed = parse_date(value)
        if isinstance(parsed, str):
            raise self.fail(f"`{at}`: {parsed}")
        return parsed


# --- scores -----------------------------------------------------------------


def _ratio(part: int, whole: int, nothing_to_get_wrong: bool) -> float:
    """``part / whole``; with nothing to count, 1.0 only if nothing at all went wrong."""
    if whole:
        return part / whole
    return 1.0 if nothing_to_get_wrong else 0.0


@dataclass(frozen=True, slots=True)
class Score:
    """True positives, false positives and false negatives, and what follows from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def perfect(self) -> bool:
        """Nothing extracted wrongly and nothing missed."""
        return self.fp == 0 and self.fn == 0

    @property
    def precision(self) -> float:
        """Share of the extracted items that the gold files list."""
        return _ratio(self.tp, self.tp + self.fp, self.perfect)

    @property
    def recall(self) -> float:
        """Share of the gold items that were extracted."""
        return _ratio(self.tp, self.tp + self.fn, self.perfect)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0.0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float]:
        """Precision, recall and F1, rounded to 4 decimals."""
        return {
            "precision": round(self.precision, DECIMALS),
            "recall": round(self.recall, DECIMALS),
            "f1": round(self.f1, DECIMALS),
        }


@dataclass(frozen=True, slots=True)
class FieldCounts:
    """Of the matched agreements, how many have each field right."""

    matched: int = 0
    parties: int = 0
    signatories: int = 0
    signed_on: int = 0
    status: int = 0

    def __add__(self, other: FieldCounts) -> FieldCounts:
        return FieldCounts(
            self.matched + other.matched,
            *(getattr(self, f) + getattr(other, f) for f in AGREEMENT_FIELDS),
        )

    def right(self, name: str) -> int:
        """How many matched agreements have field ``name`` right."""
        return int(getattr(self, name))


@dataclass(frozen=True, slots=True)
class Mistake:
    """One thing the extractor got wrong in one article.

    ``error`` is ``missing`` (in the gold file, not extracted), ``extra``
    (extracted, not in the gold file) or ``wrong`` (matched, but ``extracted``
    differs from ``gold``). ``item`` is the country code, the person's name or
    the agreement's title (the gold one for a matched pair).
    """

    article: str
    field: str
    error: str
    item: str
    extracted: Any = None
    gold: Any = None

    def to_dict(self) -> dict[str, Any]:
        """The mistake as JSON-ready data."""
        return {
            "article": self.article,
            "field": self.field,
            "error": self.error,
            "item": self.item,
            "extracted": _plain(self.extracted),
            "gold": _plain(self.gold),
        }


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True, slots=True)
class Comparison:
    """One article's counts and, in order, its mistakes."""

    countries: Score
    people: Score
    person_country: Score
    agreements: Score
    fields: FieldCounts
    mistakes: tuple[Mistake, ...]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Scores over all articles; ``mistakes`` only when asked for with ``show_errors``."""

    articles: int
    countries: Score
    people: Score
    person_country: Score
    agreements: Score
    fields: FieldCounts
    mistakes: tuple[Mistake, ...] = ()

    def score(self, measure: str) -> Score:
        """The score for one of :data:`MEASURES`."""
        value: Score = getattr(self, measure)
        return value

    def share(self, name: str) -> float:
        """Share of the matched agreements with field ``name`` right."""
        return _ratio(self.fields.right(name), self.fields.matched, self.agreements.perfect)

    def to_dict(self) -> dict[str, Any]:
        """Exactly the ``--format json`` shape; numbers rounded to 4 decimals."""
        result: dict[str, Any] = {"articles": self.articles}
        result.update({measure: self.score(measure).to_dict() for measure in MEASURES})
        result["agreement_fields"] = {
            name: round(self.share(name), DECIMALS) for name in AGREEMENT_FIELDS
        }
        return result


# --- matching ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Name:
    tokens: tuple[str, ...]
    forms: frozenset[tuple[str, ...]]


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(fold_key(text).split())


def _name(full: str, aliases: Iterable[str] = ()) -> _Name:
    tokens = _tokens(full)
    forms = {tokens, *(_tokens(alias) for alias in aliases)}
    return _Name(tokens, frozenset(form for form in forms if form))


def name_match(a: _Name, b: _Name) -> tuple[int, int] | None:
    """How strongly two names denote one person: (strength, shared tokens), or None.

    Strength 3: equal folded full names. 2: a shared form (name or alias), a
    one-token form only when it is the last token (surname) of both full names.
    1: the same last token, and the shorter name's tokens all in the longer's.
    """
    if not a.tokens or not b.tokens:
        return None
    overlap = len(set(a.tokens) & set(b.tokens))
    if a.tokens == b.tokens:
        return 3, overlap
    same_surname = a.tokens[-1] == b.tokens[-1]
    for form in a.forms & b.forms:
        if len(form) > 1 or (same_surname and form == a.tokens[-1:]):
            return 2, overlap
    if same_surname:
        shorter, longer = sorted((a.tokens, b.tokens), key=len)
        if set(shorter) <= set(longer):
            return 1, overlap
    return None


def _pair(
    n_extracted: int, n_gold: int, strength: Callable[[int, int], tuple[Any, ...] | None]
) -> list[tuple[int, int]]:
    """One-to-one pairs (extracted index, gold index), strongest first, ties in order."""
    candidates = []
    for i in range(n_extracted):
        for j in range(n_gold):
            how = strength(i, j)
            if how is not None:
                candidates.append((how, i, j))
    candidates.sort(key=lambda c: (tuple(-x for x in c[0]), c[1], c[2]))
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def title_words(title: str) -> frozenset[str]:
    """Folded content words of a title, stop words dropped."""
    return frozenset(word for word in _tokens(title) if word not in STOP_WORDS)


def title_similarity(a: str, b: str) -> float:
    """Jaccard similarity of two titles' content words (0.0 when both have none)."""
    wa, wb = title_words(a), title_words(b)
    union = wa | wb
    return len(wa & wb) / len(union) if union else 0.0


def is_generic_title(title: str) -> bool:
    """A title that names a kind of document ("agreement", "memorandum of understanding")."""
    return title_words(title) <= GENERIC_TITLE_WORDS


def agreement_match(extracted: AgreementFact, gold: GoldAgreement) -> tuple[float, int] | None:
    """(title similarity, same kind and parties) when the two are one document, else None."""
    similarity = title_similarity(extracted.title, gold.title)
    same_kind_and_parties = extracted.kind == gold.kind and set(extracted.parties) == set(
        gold.parties
    )
    if similarity >= TITLE_MATCH:
        return similarity, int(same_kind_and_parties)
    generic = is_generic_title(extracted.title) or is_generic_title(gold.title)
    if same_kind_and_parties and (similarity > 0 or generic):
        return similarity, 1
    return None


# --- one article ------------------------------------------------------------


def compare(article: str, extraction: Extraction, gold: Gold) -> Comparison:
    """Match one article's extraction with its gold file and count."""
    mistakes: list[Mistake] = []

    def note(name: str, error: str, item: str, extracted: Any = None, expected: Any = None) -> None:
        mistakes.append(Mistake(article, name, error, item, extracted, expected))

    found = {mention.code for mention in extraction.countries}
    expected = set(gold.countries)
    countries = Score(len(found & expected), len(found - expected), len(expected - found))
    for code in sorted(expected - found):
        note("countries", "missing", code)
    for code in sorted(found - expected):
        note("countries", "extra", code)

    people, person_country = _compare_people(extraction.people, gold.people, note)
    agreements, fields = _compare_agreements(extraction, gold, note)
    return Comparison(countries, people, person_country, agreements, fields, tuple(mistakes))


def _compare_people(
    extracted: Sequence[PersonFact], gold: Sequence[GoldPerson], note: Callable[..., None]
) -> tuple[Score, Score]:
    names_x = [_name(p.name, p.aliases) for p in extracted]
    names_g = [_name(p.name, p.aliases_in_text) for p in gold]
    pairs = _pair(len(extracted), len(gold), lambda i, j: name_match(names_x[i], names_g[j]))
    matched_x = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    people = Score(len(pairs), len(extracted) - len(pairs), len(gold) - len(pairs))
    for j, person in enumerate(gold):
        if j not in matched_g:
            note("people", "missing", person.name, expected=person.country)
    for i, person in enumerate(extracted):
        if i not in matched_x:
            note("people", "extra", person.name, extracted=person.country)

    right = 0
    for i, j in pairs:
        x, g = extracted[i].country, gold[j].country
        if x is not None and x == g:
            right += 1
        elif x != g:
            note("person_country", "wrong", gold[j].name, x, g)
    with_country_x = sum(1 for p in extracted if p.country is not None)
    with_country_g = sum(1 for p in gold if p.country is not None)
    person_country = Score(right, with_country_x - right, with_country_g - right)
    return people, person_country


def _compare_agreements(
    extraction: Extraction, gold: Gold, note: Callable[..., None]
) -> tuple[Score, FieldCounts]:
    extracted, expected = extraction.agreements, gold.agreements
    pairs = _pair(
        len(extracted), len(expected), lambda i, j: agreement_match(extracted[i], expected[j])
    )
    matched_x = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    score = Score(len(pairs), len(extracted) - len(pairs), len(expected) - len(pairs))
    for j, agreement in enumerate(expected):
        if j not in matched_g:
            note("agreements", "missing", agreement.title)
    for i, fact in enumerate(extracted):
        if i not in matched_x:
            note("agreements", "extra", fact.title)

    aliases_x = {p.name: p.aliases for p in extraction.people}
    aliases_g = {p.name: p.aliases_in_text for p in gold.people}
    right = dict.fromkeys(AGREEMENT_FIELDS, 0)
    for i, j in pairs:
        x, g = extracted[i], expected[j]
        checks = {
            "parties": (set(x.parties) == set(g.parties), sorted(x.parties), sorted(g.parties)),
            "signatories": (
                _same_signatories(x.signatories, g.signatories, aliases_x, aliases_g),
                list(x.signatories),
                list(g.signatories),
            ),
            "signed_on": (x.signed_on == g.signed_on, x.signed_on, g.signed_on),
            "status": (x.status == g.status, x.status, g.status),
        }
        for name, (ok, x_value, g_value) in checks.items():
            if ok:
                right[name] += 1
            else:
                note(name, "wrong", g.title, x_value, g_value)
    return score, FieldCounts(len(pairs), **right)


def _same_signatories(
    extracted: Sequence[str],
    gold: Sequence[str],
    aliases_x: dict[str, tuple[str, ...]],
    aliases_g: dict[str, tuple[str, ...]],
) -> bool:
    """Same number, and each extracted signer pairs with a gold one under the name rules."""
    if len(extracted) != len(gold):
        return False
    names_x = [_name(n, aliases_x.get(n, ())) for n in extracted]
    names_g = [_name(n, aliases_g.get(n, ())) for n in gold]
    pairs = _pair(len(names_x), len(names_g), lambda i, j: name_match(names_x[i], names_g[j]))
    return len(pairs) == len(gold)


# --- a directory of articles ------------------------------------------------


def evaluate(
    articles_dir: str | Path,
    gold_dir: str | Path,
    *,
    show_errors: bool = False,
    extractor: Extractor = extract,
) -> Evaluation:
    """Run ``extractor`` on each ``articles_dir/NAME.txt``; score it against ``gold_dir/NAME.json``.

    Every file is read and checked before anything is extracted; an
    :class:`EvaluationError` lists each problem (a missing directory, an
    article without a gold file or the reverse, an unreadable article, a gold
    file that breaks the format). With ``show_errors`` the result also lists
    each article's :class:`Mistake`.
    """
    inputs = _read_inputs(Path(articles_dir), Path(gold_dir))
    scores = dict.fromkeys(MEASURES, Score())
    fields = FieldCounts()
    mistakes: list[Mistake] = []
    for name, article, gold in inputs:
        one = compare(name, extractor(article.body, article.published), gold)
        scores = {measure: scores[measure] + getattr(one, measure) for measure in MEASURES}
        fields += one.fields
        if show_errors:
            mistakes.extend(one.mistakes)
    return Evaluation(articles=len(inputs), **scores, fields=fields, mistakes=tuple(mistakes))


def _read_inputs(articles_dir: Path, gold_dir: Path) -> list[tuple[str, RawArticle, Gold]]:
    problems: list[InputError] = []
    for folder in (articles_dir, gold_dir):
        if not folder.exists():
            problems.append(InputError(str(folder), "no such directory"))
        elif not folder.is_dir():
            problems.append(InputError(str(folder), "not a directory"))
    if problems:
        raise EvaluationError(problems)

    articles = _files(articles_dir, ARTICLE_SUFFIX)
    golds = _files(gold_dir, GOLD_SUFFIX)
    if not articles:
        raise EvaluationError(
            [InputError(str(articles_dir), f"no {ARTICLE_SUFFIX} article files in this directory")]
        )
    for name in sorted(articles.keys() - golds.keys()):
        problems.append(
            InputError(
                str(articles[name]),
                f"no gold file {gold_dir / (name + GOLD_SUFFIX)}; write one "
                f"(see {ANNOTATION_GUIDE}) or move the article out",
            )
        )
    for name in sorted(golds.keys() - articles.keys()):
        problems.append(
            InputError(
                str(golds[name]),
                f"no article {articles_dir / (name + ARTICLE_SUFFIX)} for this gold file; "
                "add the article or remove the gold file",
            )
        )

    inputs = []
    for name in sorted(articles.keys() & golds.keys()):
        [article] = read_file(articles[name])
        if isinstance(article, InputError):
            problems.append(article)
        try:
            gold = load_gold(golds[name])
        except GoldFileError as error:
            problems.append(error)
            continue
        if isinstance(article, InputError):
            continue
        if gold.published is not None and gold.published != article.published:
            problems.append(
                GoldFileError(
                    str(golds[name]),
                    f"`published` is {gold.published}, but the article "
                    f"{articles[name]} is dated {article.published}",
                )
            )
        else:
            inputs.append((name, article, gold))
    if problems:
        raise EvaluationError(problems)
    return inputs


def _files(folder: Path, suffix: str) -> dict[str, Path]:
    """Files named ``NAME{suffix}`` directly in ``folder``, hidden ones left out, by NAME."""
    return {
        path.stem: path
        for path in sorted(folder.iterdir())
        if path.suffix.lower() == suffix and not path.name.startswith(".") and path.is_file()
    }
