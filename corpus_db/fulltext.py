"""Full-text search over article titles and bodies, ranked, with a highlighted snippet.

Owns the search query language and its translation for each backend:

- plain words: an article must contain them all (stemmed: "signs" finds "signed");
- "quoted phrases": the words in that order;
- ``OR`` (upper case) between alternatives: ``treaty OR memorandum``.

Anything else (punctuation, FTS5 or tsquery operators) is read as word
separators, so no input can make a syntax error: the query is rebuilt from its
words and always sent as a bound parameter. SQLite runs it against the FTS5
table ``articles_fts`` (ranked by bm25), PostgreSQL against the generated
column ``articles.search_vector`` via ``websearch_to_tsquery`` (ranked by
ts_rank); migration 64b60385e21b makes both. Ranks are comparable within one
search only. Imports SQLAlchemy, records and errors; no ORM models, no CLI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, Float, Integer, String, Text, text
from sqlalchemy.orm import Session

from corpus_db.errors import QueryError
from corpus_db.records import Record

DEFAULT_LIMIT = 20
MARK = "**"  # around each matched word in a snippet, on both backends
SNIPPET_WORDS = 24
TITLE_WEIGHT = 5.0  # SQLite bm25: a match in the title counts five times a body match

_TERM = re.compile(r'"([^"]*)"?|(\S+)')  # a quoted phrase (closed or not) or a bare token
_WORD = re.compile(r"\w+")
_JOINED = re.compile(r"\w+(?:['’.-]+\w+)*")
_CONFIG = "english"  # must match the generated column's configuration


@dataclass(frozen=True, slots=True)
class SearchResult(Record):
    """An article matching a search: best first by ``rank`` (higher is better)."""

    id: int
    date: date
    title: str
    source: str
    rank: float
    snippet: str


Phrase = tuple[str, ...]  # one word, or several that must appear in this order


def parse(query: str) -> list[list[Phrase]]:
    """``query`` as alternatives (split at OR), each a list of phrases that must all match."""
    alternatives: list[list[Phrase]] = [[]]
    for match in _TERM.finditer(query):
        quoted, bare = match.groups()
        if bare == "OR":
            alternatives.append([])
            continue
        # A quoted phrase keeps its words together; so do the parts of a word
        # joined by - ' or . ("Kassym-Jomart", "U.S."); other marks separate words.
        pieces = [quoted] if quoted is not None else _JOINED.findall(bare or "")
        for piece in pieces:
            words = tuple(_WORD.findall(piece))
            if words:
                alternatives[-1].append(words)
    found = [alternative for alternative in alternatives if alternative]
    if not found:
        raise QueryError(
            f"the search query {query!r} has no words to look for: "
            'give words, "a quoted phrase" or alternatives joined by OR'
        )
    return found


def to_fts5(alternatives: list[list[Phrase]]) -> str:
    """The parsed query in FTS5 MATCH syntax: every phrase a quoted string."""
    # Words hold only \w characters, so a phrase never contains a double quote.
    groups = [" ".join(f'"{" ".join(phrase)}"' for phrase in group) for group in alternatives]
    return " OR ".join(f"({group})" for group in groups)


def to_websearch(alternatives: list[list[Phrase]]) -> str:
    """The parsed query as input for PostgreSQL's websearch_to_tsquery."""
    groups = [
        " ".join(f'"{" ".join(phrase)}"' if len(phrase) > 1 else phrase[0] for phrase in group)
        for group in alternatives
    ]
    return " or ".join(groups)


_COLUMNS = {
    "id": Integer,
    "published": Date,
    "title": Text,
    "source": String,
    "rank": Float,
    "snippet": Text,
}

_SQLITE = text(
    """
    SELECT a.id, a.published, a.title, a.source,
           -bm25(articles_fts, :title_weight, 1.0) AS rank,
           snippet(articles_fts, 1, :mark, :mark, '…', :words) AS snippet
    FROM articles_fts
    JOIN articles a ON a.id = articles_fts.rowid
    WHERE articles_fts MATCH :query
    ORDER BY rank DESC, a.published DESC, a.id
    LIMIT :limit
    """
).columns(**_COLUMNS)

# Rank first, then make headlines for the rows shown only: ts_headline re-parses
# the body and is the expensive part.
_POSTGRESQL = text(
    """
    WITH q AS (SELECT websearch_to_tsquery(CAST(:config AS regconfig), :query) AS query),
    hits AS (
        SELECT a.id, ts_rank(a.search_vector, q.query) AS rank
        FROM articles a CROSS JOIN q
        WHERE a.search_vector @@ q.query
        ORDER BY rank DESC, a.published DESC, a.id
        LIMIT :limit
    )
    SELECT a.id, a.published, a.title, a.source, hits.rank,
           ts_headline(CAST(:config AS regconfig), a.body, q.query, :options) AS snippet
    FROM hits
    JOIN articles a ON a.id = hits.id
    CROSS JOIN q
    ORDER BY hits.rank DESC, a.published DESC, a.id
    """
).columns(**_COLUMNS)

_HEADLINE_OPTIONS = (
    f'StartSel="{MARK}", StopSel="{MARK}", MaxWords={SNIPPET_WORDS}, '
    f'MinWords={SNIPPET_WORDS // 2}, MaxFragments=1, FragmentDelimiter=" … "'
)


def search(
    session: Session, query: str, *, limit: int | None = DEFAULT_LIMIT
) -> list[SearchResult]:
    """Articles matching ``query``, best first; at most ``limit`` (None: all)."""
    alternatives = parse(query)
    if session.get_bind().dialect.name == "sqlite":
        statement = _SQLITE
        params = {
            "query": to_fts5(alternatives),
            "title_weight": TITLE_WEIGHT,
            "mark": MARK,
            "words": SNIPPET_WORDS,
            "limit": -1 if limit is None else limit,  # SQLite: a negative LIMIT is none
        }
    else:
        statement = _POSTGRESQL
        params = {
            "query": to_websearch(alternatives),
            "config": _CONFIG,
            "options": _HEADLINE_OPTIONS,
            "limit": limit,  # PostgreSQL: LIMIT NULL is none
        }
    return [
        SearchResult(
            id=row.id,
            date=row.published,
            title=row.title,
            source=row.source,
            rank=float(f"{row.rank:.6g}"),  # six significant digits: enough to compare
            # One line per hit: bodies keep their paragraph breaks.
            snippet=" ".join(row.snippet.split()),
        )
        for row in session.execute(statement, params)
    ]
