"""The sample article in seeds/ yields exactly the facts a reader would list."""

from datetime import date
from pathlib import Path

import pytest

from corpus_db.extract import extract

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_2042737d8e2a6737.txt"
HEADER = " date 2024-04-20 "


@pytest.fixture(scope="module")
def body() -> str:
    raw = SEED.read_text(encoding="utf-8")
    assert raw.startswith(HEADER)
    return raw[len(HEADER) :]


@pytest.fixture(scope="module")
def facts(body):
    return extract(body, date(2024, 4, 20))


def test_every_span_points_into_the_body(body, facts):
    spans = [c.span for c in facts.countries]
    spans += [s for p in facts.people for s in p.mentions]
    spans += [s for a in facts.agreements for s in a.mentions]
    assert spans
    for span in spans:
        assert body[span.start : span.end] == span.text


def test_countries_are_kazakhstan_and_kyrgyzstan(facts):
    assert {c.code for c in facts.countries} == {"KZ", "KG"}
    texts = {c.span.text for c in facts.countries}
    assert "Astana" not in texts  # "visit to Astana", "in Astana": a place
    assert "Central Asian" not in texts


def test_two_presidents_with_all_their_forms(facts):
    by_name = {p.name: p for p in facts.people}
    assert set(by_name) == {"Kassym-Jomart Tokayev", "Sadyr Japarov"}

    tokayev = by_name["Kassym-Jomart Tokayev"]
    assert (tokayev.country, tokayev.role) == ("KZ", "President")
    assert "Tokayev" in tokayev.aliases
    assert "President of Kazakhstan" in {m.text for m in tokayev.mentions}

    japarov = by_name["Sadyr Japarov"]
    assert (japarov.country, japarov.role) == ("KG", "President")
    assert {"Japarov", "Sadyr Nurgozhoyevich"} <= set(japarov.aliases)
    texts = [m.text for m in japarov.mentions]
    assert "President of Kyrgyzstan" in texts
    assert texts.count("Japarov") == 2  # "Japarov’s" (possessive left out) and "Japarov said"


def test_no_organisation_or_award_is_a_person(facts):
    names = " ".join(n for p in facts.people for n in (p.name, *p.aliases))
    for word in ("Council", "Dostyk", "Consultative", "Order"):
        assert word not in names


def test_exactly_one_agreement_the_treaty(facts):
    assert len(facts.agreements) == 1
    treaty = facts.agreements[0]
    assert treaty.title == "Treaty on deepening and expansion of allied relations"
    assert treaty.kind == "treaty"
    assert treaty.status == "signed"
    assert treaty.signed_on == date(2024, 4, 19)
    assert treaty.place == "Astana"
    assert sorted(treaty.parties) == ["KG", "KZ"]
    assert set(treaty.signatories) == {"Kassym-Jomart Tokayev", "Sadyr Japarov"}


def test_treaty_mentions_cover_its_several_forms(body, facts):
    starts = {m.start for m in facts.agreements[0].mentions}
    assert body.index("Treaty on deepening") in starts
    assert body.index("This document") in starts
    assert body.index("agreement was signed on deepening") in starts
    assert body.index("agreement by President") in starts
    assert body.index("agreements.") not in starts  # "reached ... important agreements"


def test_extraction_is_deterministic(body, facts):
    assert extract(body, date(2024, 4, 20)) == facts
