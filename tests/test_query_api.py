"""The Corpus query API on SQLite and PostgreSQL: filters, profiles, stats and exports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from itertools import pairwise

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus_db import Ambiguous, Corpus, InvalidQuery, NotFound
from corpus_db.models import Agreement, Article, Person

from .query_corpus import MEMORANDUM, ROADMAP, SEED_SOURCE, TREATY, corpus_url

__all__ = ["corpus_url"]


@pytest.fixture
def corpus(corpus_url: str) -> Iterator[Corpus]:
    with Corpus(corpus_url) as corpus:
        yield corpus


def sources(records) -> list[str]:
    return [r.source for r in records]


# articles


def test_articles_come_by_date(corpus: Corpus) -> None:
    assert sources(corpus.articles()) == [
        "tokyo_2022",
        "water_2023",
        SEED_SOURCE,
        "astana_2024",
        "ankara_2025",
    ]


@pytest.mark.parametrize("country", ["KG", "kg", "KGZ", "Kyrgyzstan", "kyrgyz republic"])
def test_articles_by_country_take_a_code_or_a_name(corpus: Corpus, country: str) -> None:
    assert sources(corpus.articles(country=country)) == [SEED_SOURCE, "ankara_2025"]


@pytest.mark.parametrize("person", ["Tokayev", "kassym jomart TOKAYEV", "Kassym-Jomart Tokayev"])
def test_articles_by_person_match_any_form_of_the_name(corpus: Corpus, person: str) -> None:
    assert sources(corpus.articles(person=person)) == ["water_2023", SEED_SOURCE]


def test_person_filters_ignore_accents(corpus: Corpus) -> None:
    assert sources(corpus.articles(person="erdogan")) == ["ankara_2025"]
    assert sources(corpus.articles(person="Recep Tayyip Erdoğan")) == ["ankara_2025"]


def test_articles_in_a_date_range(corpus: Corpus) -> None:
    found = corpus.articles(since="2023-01-01", until=date(2024, 6, 30))
    assert sources(found) == ["water_2023", SEED_SOURCE]
    assert sources(corpus.articles(since="2024-09-02")) == ["astana_2024", "ankara_2025"]


def test_a_year_or_a_month_means_the_whole_of_it(corpus: Corpus) -> None:
    assert sources(corpus.articles(since="2024", until="2024")) == [SEED_SOURCE, "astana_2024"]
    assert sources(corpus.articles(until="2024-04")) == ["tokyo_2022", "water_2023", SEED_SOURCE]


def test_articles_with_every_word_of_the_text(corpus: Corpus) -> None:
    assert sources(corpus.articles(text="water energy")) == ["water_2023", SEED_SOURCE]
    assert sources(corpus.articles(text="WATER canal")) == ["water_2023"]
    assert corpus.articles(text="water submarine") == []


def test_article_filters_combine(corpus: Corpus) -> None:
    found = corpus.articles(country="KZ", person="Tokayev", since="2024-01-01", text="treaty")
    assert sources(found) == [SEED_SOURCE]
    assert corpus.articles(country="UZ", until="2022-12-31") == []


def test_articles_limit(corpus: Corpus) -> None:
    assert sources(corpus.articles(limit=2)) == ["tokyo_2022", "water_2023"]


@pytest.mark.parametrize("country", ["XX", "Atlantis", "Astana", ""])
def test_an_unknown_country_is_not_found(corpus: Corpus, country: str) -> None:
    with pytest.raises(NotFound, match="no country"):
        corpus.articles(country=country)


def test_an_unknown_person_is_not_found(corpus: Corpus) -> None:
    with pytest.raises(NotFound, match="no person named 'Nobody Atall'"):
        corpus.articles(person="Nobody Atall")


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2024-13-01", None, "since must be a date"),
        ("yesterday", None, "since must be a date"),
        (None, "2024-02-30", "until must be a date"),
        ("2025-01-01", "2024-01-01", "is after until"),
    ],
)
def test_bad_dates_are_refused(corpus: Corpus, since, until, message: str) -> None:
    with pytest.raises(InvalidQuery, match=message):
        corpus.articles(since=since, until=until)


# people, countries, agreements


def test_people_by_country_with_latest_role_and_article_count(corpus: Corpus) -> None:
    people = {p.name: p for p in corpus.people(country="Kazakhstan")}
    assert set(people) == {"Kassym-Jomart Tokayev", "Mukhtar Tileuberdi"}
    assert people["Mukhtar Tileuberdi"].role == "Deputy Prime Minister"
    assert people["Kassym-Jomart Tokayev"].articles == 2
    assert people["Mukhtar Tileuberdi"].aliases == ("Tileuberdi",)


def test_people_by_part_of_a_name_ignore_case_and_accents(corpus: Corpus) -> None:
    assert [p.name for p in corpus.people(name="tok")] == ["Kassym-Jomart Tokayev"]
    assert [p.name for p in corpus.people(name="ERDOG")] == ["Recep Tayyip Erdoğan"]
    assert [p.name for p in corpus.people(name="nurgozho")] == ["Sadyr Japarov"]
    assert corpus.people(name="tok", country="KG") == []


def test_countries_with_a_minimum_of_mentions(corpus: Corpus) -> None:
    every = corpus.countries()
    assert [c.code for c in every][:2] == ["KZ", "KG"]
    assert all(a.mentions >= b.mentions for a, b in pairwise(every))
    kept = corpus.countries(min_mentions=3)
    assert {c.code for c in kept} == {c.code for c in every if c.mentions >= 3}
    assert "UZ" not in {c.code for c in kept}
    assert corpus.countries(min_mentions=10_000) == []


def titles(records) -> list[str]:
    return [r.title for r in records]


def test_agreements_between_all_the_parties_given(corpus: Corpus) -> None:
    assert titles(corpus.agreements(party="KZ")) == [TREATY, MEMORANDUM, ROADMAP]
    assert titles(corpus.agreements(party=["KZ", "KG"])) == [TREATY]
    assert titles(corpus.agreements(party=["Kazakhstan", "JPN"])) == [ROADMAP]
    assert corpus.agreements(party=["UZ", "KG"]) == []


def test_agreements_by_signatory_status_and_kind(corpus: Corpus) -> None:
    assert titles(corpus.agreements(signatory="Japarov")) == [TREATY]
    assert titles(corpus.agreements(signatory="tokayev", status="signed")) == [TREATY, MEMORANDUM]
    assert titles(corpus.agreements(status="negotiating")) == ["trade agreement"]
    assert titles(corpus.agreements(kind="memorandum")) == [MEMORANDUM]


def test_agreement_dates_filter_on_signing_and_leave_undated_ones_out(corpus: Corpus) -> None:
    assert titles(corpus.agreements(since="2024-01-01")) == [TREATY]
    assert titles(corpus.agreements(until="2023")) == [MEMORANDUM]


def test_an_unknown_status_or_kind_is_refused(corpus: Corpus) -> None:
    with pytest.raises(InvalidQuery, match="unknown status 'done': one of signed"):
        corpus.agreements(status="done")
    with pytest.raises(InvalidQuery, match="unknown kind"):
        corpus.agreements(kind="pact")


# profiles


@pytest.mark.parametrize("how", ["id", "source", "file name"])
def test_article_by_id_or_source(corpus: Corpus, how: str) -> None:
    [seed] = corpus.articles(country="KG", person="Tokayev")
    ident = {"id": seed.id, "source": SEED_SOURCE, "file name": f"{SEED_SOURCE}.txt"}[how]
    assert corpus.article(ident).id == seed.id


def test_article_profile_has_its_facts_with_offsets_into_the_body(corpus: Corpus) -> None:
    profile = corpus.article(SEED_SOURCE)
    assert (profile.date, profile.source) == (date(2024, 4, 20), SEED_SOURCE)
    assert set(profile.countries) == {"KZ", "KG"}
    assert {c.code for c in profile.country_mentions} == {"KZ", "KG"}
    assert {(p.name, p.country, p.role) for p in profile.people} == {
        ("Kassym-Jomart Tokayev", "KZ", "President"),
        ("Sadyr Japarov", "KG", "President"),
    }
    [treaty] = profile.agreements
    assert (treaty.title, treaty.status, treaty.signed_on) == (TREATY, "signed", date(2024, 4, 19))
    assert treaty.parties == ("KG", "KZ")
    for entry in (*profile.country_mentions, *profile.people, *profile.agreements):
        assert entry.mentions
        for m in entry.mentions:
            assert profile.body[m.start_char : m.end_char] == m.text


def test_a_role_comes_from_the_article_shown(corpus: Corpus) -> None:
    [earlier] = corpus.article("tokyo_2022").people
    assert (earlier.name, earlier.role) == ("Mukhtar Tileuberdi", "Foreign Minister")


@pytest.mark.parametrize("ident", ["999999", "no_such_source", "0"])
def test_an_unknown_article_is_not_found(corpus: Corpus, ident: str) -> None:
    with pytest.raises(NotFound, match="no article with id or source"):
        corpus.article(ident)


def test_person_profile_roles_over_time_articles_and_agreements(corpus: Corpus) -> None:
    profile = corpus.person("tileuberdi")
    assert profile.name == "Mukhtar Tileuberdi"
    assert [(r.role, r.country, r.first_seen) for r in profile.roles] == [
        ("Foreign Minister", "KZ", date(2022, 3, 5)),
        ("Deputy Prime Minister", "KZ", date(2024, 9, 2)),
    ]
    assert sources(profile.articles) == ["tokyo_2022", "astana_2024"]
    assert profile.agreements == ()
    signer = corpus.person("Tokayev")
    assert titles(signer.agreements) == [TREATY, MEMORANDUM]
    assert [(r.role, r.articles) for r in signer.roles] == [("President", 2)]


def test_a_person_by_part_of_a_name_when_only_one_matches(corpus: Corpus) -> None:
    assert corpus.person("mirziyo").name == "Shavkat Mirziyoyev"
    assert corpus.person("ERDOGAN").name == "Recep Tayyip Erdoğan"


def test_a_name_several_people_share_is_ambiguous(corpus: Corpus) -> None:
    # Tokayev, Mirziyoyev and Japarov (as Sadyr Nurgozhoyevich)
    with pytest.raises(Ambiguous, match=r"'yev' names 3 people .*: give more of the name"):
        corpus.person("yev")


def test_an_unknown_person_profile_is_not_found(corpus: Corpus) -> None:
    with pytest.raises(NotFound, match="no person named 'Zorro'"):
        corpus.person("Zorro")


def test_country_profile_with_partners_and_their_counts(corpus: Corpus) -> None:
    profile = corpus.country("kazakhstan")
    assert (profile.code, profile.alpha3, profile.name) == ("KZ", "KAZ", "Kazakhstan")
    assert len(profile.articles) == 4
    assert {p.name for p in profile.people} == {"Kassym-Jomart Tokayev", "Mukhtar Tileuberdi"}
    assert titles(profile.agreements) == [TREATY, MEMORANDUM, ROADMAP]
    partners = {p.code: (p.agreements, p.articles) for p in profile.partners}
    assert partners == {"JP": (1, 2), "KG": (1, 1), "UZ": (1, 1)}
    assert profile.partners[0].code == "JP"


def test_a_country_the_corpus_never_mentions_has_an_empty_profile(corpus: Corpus) -> None:
    profile = corpus.country("FR")
    assert (profile.name, profile.mentions, profile.articles, profile.partners) == (
        "France",
        0,
        (),
        (),
    )


def test_agreement_profile_quotes_the_sentence_of_each_source(corpus: Corpus) -> None:
    [roadmap] = corpus.agreements(party="JP")
    profile = corpus.agreement(roadmap.id)
    assert (profile.status, profile.parties) == ("planned", ("JP", "KZ"))
    assert [(a.source, a.sentences) for a in profile.articles] == [
        ("tokyo_2022", ("Japan and Kazakhstan plan to sign a roadmap on energy.",)),
        (
            "astana_2024",
            (
                "Deputy Prime Minister Mukhtar Tileuberdi of Kazakhstan said on Monday that "
                "Kazakhstan and Japan will sign a roadmap on energy next year.",
            ),
        ),
    ]
    assert all(any(m.text in s for s in a.sentences) for a in profile.articles for m in a.mentions)


def test_agreement_profile_of_the_seed_treaty(corpus: Corpus) -> None:
    [treaty] = corpus.agreements(party="KG", status="signed")
    profile = corpus.agreement(str(treaty.id))
    assert (profile.signed_on, profile.place) == (date(2024, 4, 19), "Astana")
    assert set(profile.signatories) == {"Kassym-Jomart Tokayev", "Sadyr Japarov"}
    assert {a.source for a in profile.articles} == {SEED_SOURCE}
    [source] = profile.articles  # one entry for the one article, however many mentions
    assert any(TREATY in sentence for sentence in source.sentences)
    assert len(source.sentences) == len(set(source.sentences)) >= 2


@pytest.mark.parametrize("ident", [999999, "abc"])
def test_an_unknown_agreement_is_not_found(corpus: Corpus, ident) -> None:
    with pytest.raises(NotFound, match="no agreement with id"):
        corpus.agreement(ident)


# stats, export, records


def test_stats_count_every_table_and_rank(corpus: Corpus) -> None:
    stats = corpus.stats(top=2)
    assert stats.tables["articles"] == 5
    assert stats.tables["agreements"] == 4
    assert stats.tables["countries"] >= 249
    assert (stats.first_date, stats.last_date) == (date(2022, 3, 5), date(2025, 2, 1))
    assert [c.code for c in stats.top_countries] == ["KZ", "KG"]
    assert len(stats.top_people) == 2
    assert all(p.articles == 2 for p in stats.top_people)


def test_export_streams_every_row_and_articles_carry_their_text(corpus: Corpus) -> None:
    rows = corpus.export("articles")
    assert not isinstance(rows, list)
    articles = list(rows)
    assert len(articles) == 5
    assert all(a.body and a.path for a in articles)
    assert len(list(corpus.export("people"))) == 5
    assert [c.code for c in corpus.export("countries", limit=2)] == ["KZ", "KG"]
    assert titles(corpus.export("agreements", limit=1)) == [TREATY]


def test_export_of_an_unknown_table_is_refused(corpus: Corpus) -> None:
    with pytest.raises(InvalidQuery, match="cannot export 'places'"):
        corpus.export("places")


def test_records_outlive_the_corpus_and_turn_into_json(corpus_url: str) -> None:
    with Corpus(corpus_url) as corpus:
        profile = corpus.article(SEED_SOURCE)
        listing = corpus.agreements()
        stats = corpus.stats()
    data = profile.to_dict()
    assert data["date"] == "2024-04-20"
    assert data["people"][0]["mentions"][0].keys() == {
        "ref",
        "start_char",
        "end_char",
        "text",
        "how",
        "confidence",
    }
    assert listing[0].to_dict()["signed_on"] == "2024-04-19"
    json.dumps([data, stats.to_dict(), *(a.to_dict() for a in listing)])


def test_the_orm_models_work_in_your_own_session(corpus: Corpus) -> None:
    with Session(corpus.engine) as session:
        treaty = session.scalar(select(Agreement).where(Agreement.title == TREATY))
        assert treaty is not None
        assert [c.code for c in treaty.parties] == ["KG", "KZ"]
        assert session.scalar(select(Person.name).where(Person.name_key == "sadyr japarov"))


def test_places_appear_in_the_article_profile(db_url: str, tmp_path) -> None:
    from .query_corpus import write_corpus

    with Corpus(db_url) as corpus:
        corpus.load(write_corpus(tmp_path / "in") / f"{SEED_SOURCE}.txt")
        with Session(corpus.engine) as session:
            body = session.scalar(select(Article.body))
        places = {place.name: place for place in corpus.article(SEED_SOURCE).places}
    astana = places["Astana"]
    assert (astana.country, astana.kind) == ("KZ", "capital")
    assert [m.text for m in astana.mentions] == ["Astana", "Astana"]
    assert all(body[m.start_char : m.end_char] == m.text for m in astana.mentions)
    assert (places["Jalal-Abad"].country, places["Jalal-Abad"].kind) == ("KG", "region")


def test_a_corpus_with_no_articles_gives_empty_results(db_url: str) -> None:
    with Corpus(db_url) as corpus:
        corpus.migrate()
        assert corpus.articles(country="KZ") == []
        assert corpus.people() == []
        assert corpus.countries() == []
        assert corpus.agreements(status="signed") == []
        assert list(corpus.export("articles")) == []
        stats = corpus.stats()
        assert (stats.tables["articles"], stats.first_date, stats.top_people) == (0, None, ())
        with pytest.raises(NotFound):
            corpus.article(1)
