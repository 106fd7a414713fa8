"""Evidence, on SQLite and PostgreSQL: each mention and role says how it was found, and
``show`` displays it with the mention's ref."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import insert, select

from corpus_db import Corpus
from corpus_db.cli import cli
from corpus_db.models import Person, PersonMention, PersonRole

SURVEY = (
    "2025-05-02",
    "Mongolian President Batu Erdene met Foreign Minister Lina Varga of Hungary in "
    "Ulaanbaatar on Monday. Erdene and Varga signed the Agreement on Cooperation in Geological "
    "Research. The Mongolian President said the agreement would open the steppe to survey "
    "teams. The document takes effect in July, Varga said.",
)
BRIEFING = (
    "2025-05-03",
    "ULAANBAATAR, May 3 (Montsame) - Foreign Minister Oyun Dorjsuren said on Friday that the "
    "talks would resume in June. Dorjsuren gave no details.",
)
EVIDENCE_TABLES = (
    "country_mentions",
    "place_mentions",
    "person_mentions",
    "agreement_mentions",
    "person_roles",
)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def corpus_url(db_url: str, tmp_path: Path) -> str:
    """Both articles above, loaded into an empty database."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (published, body) in {"survey": SURVEY, "briefing": BRIEFING}.items():
        (folder / f"{name}.txt").write_text(f"date {published}\n{body}\n", encoding="utf-8")
    with Corpus(db_url) as corpus:
        assert corpus.load(folder).loaded == 2
    return db_url


def test_person_mentions_say_name_alias_or_title(corpus_url: str) -> None:
    with Corpus(corpus_url) as corpus:
        people = {p.name: p for p in corpus.article("survey").people}
    erdene = {m.text: m.how for m in people["Batu Erdene"].mentions}
    assert erdene == {"Batu Erdene": "name", "Erdene": "alias", "Mongolian President": "title"}


def test_agreement_mentions_say_title_or_reference(corpus_url: str) -> None:
    with Corpus(corpus_url) as corpus:
        [agreement] = corpus.article("survey").agreements
    hows = {m.text: m.how for m in agreement.mentions}
    assert hows[agreement.title] == "title"
    assert (hows["agreement"], hows["The document"]) == ("reference", "reference")


def test_a_role_says_how_its_country_was_found(corpus_url: str) -> None:
    with Corpus(corpus_url) as corpus:
        erdene = corpus.person("Erdene")
        dorjsuren = corpus.person("Dorjsuren")
    assert (erdene.country, erdene.country_how) == ("MN", "title")
    assert [(r.role, r.country, r.how) for r in erdene.roles] == [("President", "MN", "title")]
    # A bare official under a dateline serves the government where the story was filed.
    assert [(r.country, r.how) for r in dorjsuren.roles] == [("MN", "dateline")]


def test_no_method_gives_a_confidence(corpus_url: str) -> None:
    with Corpus(corpus_url) as corpus:
        profile = corpus.article("survey")
        for table in EVIDENCE_TABLES:
            found = corpus.sql(f"SELECT count(*) FROM {table} WHERE confidence IS NOT NULL")
            assert found.rows == ((0,),), table
    entries = (*profile.country_mentions, *profile.places, *profile.people, *profile.agreements)
    assert all(m.confidence is None for entry in entries for m in entry.mentions)


def test_each_mention_has_a_ref_to_its_row(corpus_url: str) -> None:
    with Corpus(corpus_url) as corpus:
        profile = corpus.article("survey")
        with corpus.engine.connect() as connection:
            ids = connection.scalars(
                select(PersonMention.id).where(PersonMention.article_id == profile.id)
            ).all()
    refs = {m.ref for entry in profile.people for m in entry.mentions}
    assert refs == {f"person:{row_id}" for row_id in ids}
    kinds = {
        m.ref.split(":")[0]
        for entry in (*profile.country_mentions, *profile.places, *profile.agreements)
        for m in entry.mentions
    }
    assert kinds == {"country", "place", "agreement"}
    assert {m.how for place in profile.places for m in place.mentions} == {"gazetteer"}


def test_show_article_lists_each_mention_with_ref_offsets_and_how(corpus_url: str) -> None:
    out = run("show", "article", "survey", "--db", corpus_url).output
    erdene = re.search(r"^(person:\d+) +(\d+)-(\d+) +Batu Erdene +name +Batu Erdene$", out, re.M)
    assert erdene is not None, out
    assert re.search(r"^person:\d+ +\d+-\d+ +Mongolian President +title +Batu Erdene$", out, re.M)
    assert re.search(r"^agreement:\d+ +\d+-\d+ +The document +reference ", out, re.M)
    assert re.search(r"^country:\d+ +\d+-\d+ +Mongolian +demonym ", out, re.M)
    data = json.loads(
        run("show", "article", "survey", "--db", corpus_url, "--format", "json").stdout
    )
    mention = next(m for p in data["people"] for m in p["mentions"] if m["ref"] == erdene.group(1))
    assert mention == {
        "ref": erdene.group(1),
        "start_char": int(erdene.group(2)),
        "end_char": int(erdene.group(3)),
        "text": "Batu Erdene",
        "how": "name",
        "confidence": None,
    }


def test_show_person_shows_how_the_country_was_found(corpus_url: str) -> None:
    out = run("show", "person", "Batu Erdene", "--db", corpus_url).output
    assert re.search(r"^country_how +title$", out, re.M)
    assert re.search(r"^President +MN +title +2025-05-02 +2025-05-02 +1$", out, re.M), out


def test_a_curated_role_with_no_article_shows_in_show_person(corpus_url: str) -> None:
    with Corpus(corpus_url) as corpus, corpus.engine.begin() as connection:
        person_id = connection.scalar(select(Person.id).where(Person.name == "Batu Erdene"))
        connection.execute(
            insert(PersonRole).values(
                person_id=person_id,
                role="Chairman",
                country_code="MN",
                article_id=None,
                observed_on=date(2025, 6, 1),
                how="curation",
            )
        )
    result = run("show", "person", "Batu Erdene", "--db", corpus_url)
    assert result.exit_code == 0, result.output
    assert re.search(r"^Chairman +MN +curation +2025-06-01 +2025-06-01 +0$", result.output, re.M)
    data = json.loads(
        run("show", "person", "Erdene", "--db", corpus_url, "--format", "json").stdout
    )
    assert [(r["role"], r["how"]) for r in data["roles"]] == [
        ("President", "title"),
        ("Chairman", "curation"),
    ]
    assert data["country_how"] == "title"
    assert [a["source"] for a in data["articles"]] == ["survey"]
