"""corpus-db evaluate: gold files, matching rules, scores, and the command's output and errors.

Most tests inject a fixed extraction, so they prove the scoring and not the
extractor's current quality; one runs the real extractor on a trivial text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from corpus_db.cli import cli
from corpus_db.errors import EvaluationError, GoldFileError
from corpus_db.evaluate import Evaluation, evaluate, load_gold
from corpus_db.extract import AgreementFact, CountryMention, Extraction, PersonFact, Span

PUBLISHED = "2023-11-02"
ARTICLE = "A made-up report about Ruritania and Freedonia."


def mention(code: str) -> CountryMention:
    return CountryMention(code, Span(0, 1, "x"), "name")


def person(
    name: str, country: str | None = None, aliases: tuple[str, ...] = (), role: str | None = None
) -> PersonFact:
    return PersonFact(name, aliases, country, role, ())


def agreement(
    title: str,
    kind: str = "treaty",
    status: str = "signed",
    signed_on: date | None = None,
    parties: tuple[str, ...] = (),
    signatories: tuple[str, ...] = (),
) -> AgreementFact:
    return AgreementFact(title, kind, status, signed_on, None, parties, signatories, ())


def gold_agreement(title: str, **fields: Any) -> dict[str, Any]:
    record = {
        "title": title,
        "kind": "treaty",
        "status": "signed",
        "signed_on": None,
        "place": None,
        "parties": [],
        "signatories": [],
    }
    record.update(fields)
    return record


def write_case(
    root: Path,
    name: str,
    *,
    countries: Sequence[str] = (),
    people: Sequence[dict[str, Any]] = (),
    agreements: Sequence[dict[str, Any]] = (),
    text: str = ARTICLE,
) -> None:
    """One article file and its gold file under root/articles and root/gold."""
    (root / "articles").mkdir(exist_ok=True)
    (root / "gold").mkdir(exist_ok=True)
    (root / "articles" / f"{name}.txt").write_text(f"date {PUBLISHED}\n{text}\n", encoding="utf-8")
    gold = {
        "published": PUBLISHED,
        "countries": list(countries),
        "people": list(people),
        "agreements": list(agreements),
        "annotator": "ignored: unknown fields are allowed",
    }
    (root / "gold" / f"{name}.json").write_text(json.dumps(gold), encoding="utf-8")


def run_with(root: Path, extractions: dict[str, Extraction], **kwargs: Any) -> Evaluation:
    """Evaluate root/articles against root/gold, the extractor answering from ``extractions``."""
    by_text = {f"{ARTICLE}#{name}": found for name, found in extractions.items()}

    def fake_extract(text: str, published: date) -> Extraction:
        assert published == date.fromisoformat(PUBLISHED)
        return by_text[text]

    return evaluate(root / "articles", root / "gold", extractor=fake_extract, **kwargs)


def case(root: Path, name: str, **gold: Any) -> None:
    """A case whose article text names it, so the fake extractor can tell cases apart."""
    write_case(root, name, text=f"{ARTICLE}#{name}", **gold)


PERSON_A = {
    "name": "Ana-María Ortiz Vela",
    "aliases_in_text": ["Ortiz Vela"],
    "country": "RR",
    "role": "President",
}
PERSON_B = {"name": "Tomas Brandt", "aliases_in_text": ["Brandt"], "country": "FD", "role": None}


def test_a_perfect_extraction_scores_1_everywhere(tmp_path: Path) -> None:
    case(
        tmp_path,
        "one",
        countries=["RR", "FD"],
        people=[PERSON_A, PERSON_B],
        agreements=[
            gold_agreement(
                "Treaty of Friendship",
                signed_on="2023-11-01",
                parties=["RR", "FD"],
                signatories=["Ana-María Ortiz Vela", "Tomas Brandt"],
            )
        ],
    )
    found = Extraction(
        (mention("RR"), mention("FD"), mention("RR")),
        (person("Ana-María Ortiz Vela", "RR"), person("Tomas Brandt", "FD")),
        (
            agreement(
                "Treaty of Friendship",
                signed_on=date(2023, 11, 1),
                parties=("FD", "RR"),
                signatories=("Tomas Brandt", "Ana-María Ortiz Vela"),
            ),
        ),
    )
    result = run_with(tmp_path, {"one": found}).to_dict()
    perfect = {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert result == {
        "articles": 1,
        "countries": perfect,
        "people": perfect,
        "person_country": perfect,
        "agreements": perfect,
        "agreement_fields": {"parties": 1.0, "signatories": 1.0, "signed_on": 1.0, "status": 1.0},
    }


def test_a_missing_country_lowers_recall_micro_averaged_over_articles(tmp_path: Path) -> None:
    case(tmp_path, "one", countries=["RR", "FD"])
    case(tmp_path, "two", countries=["RR", "FD", "GB"])
    result = run_with(
        tmp_path,
        {
            "one": Extraction((mention("RR"), mention("FD")), (), ()),
            "two": Extraction((mention("RR"), mention("FD"), mention("FR")), (), ()),
        },
    )
    # 4 right, 1 extra (FR), 1 missing (GB): precision 4/5, recall 4/5.
    assert result.countries.tp == 4
    assert result.to_dict()["countries"] == {"precision": 0.8, "recall": 0.8, "f1": 0.8}
    assert result.articles == 2


def test_a_missing_country_alone_lowers_only_recall(tmp_path: Path) -> None:
    case(tmp_path, "one", countries=["RR", "FD", "GB"])
    result = run_with(tmp_path, {"one": Extraction((mention("RR"), mention("FD")), (), ())})
    # recall 2/3; F1 = 2 * 1 * (2/3) / (1 + 2/3) = 0.8
    assert result.to_dict()["countries"] == {"precision": 1.0, "recall": 0.6667, "f1": 0.8}


def test_nothing_expected_and_nothing_found_scores_1_but_misses_score_0(tmp_path: Path) -> None:
    case(tmp_path, "one", countries=["RR"])
    result = run_with(tmp_path, {"one": Extraction((), (), ())}).to_dict()
    assert result["people"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert result["countries"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert result["agreement_fields"]["status"] == 1.0


def test_a_surname_matches_the_gold_full_name(tmp_path: Path) -> None:
    case(tmp_path, "one", people=[PERSON_B])
    result = run_with(tmp_path, {"one": Extraction((), (person("Brandt"),), ())})
    assert result.people.tp == 1


def test_a_shorter_form_with_the_same_surname_matches(tmp_path: Path) -> None:
    gold = {"name": "Luis Alberto Ruiz de la Peña", "aliases_in_text": [], "country": None}
    case(tmp_path, "one", people=[gold])
    result = run_with(tmp_path, {"one": Extraction((), (person("Ruiz de la Pena"),), ())})
    assert result.people.tp == 1


def test_a_shared_given_name_is_not_a_match(tmp_path: Path) -> None:
    gold = {"name": "Tomas Brandt", "aliases_in_text": ["Tomas"], "country": None}
    case(tmp_path, "one", people=[gold])
    found = Extraction((), (person("Tomas Keller", aliases=("Tomas",)),), ())
    result = run_with(tmp_path, {"one": found})
    assert (result.people.tp, result.people.fp, result.people.fn) == (0, 1, 1)


def test_person_country_counts_matched_people_with_the_gold_country(tmp_path: Path) -> None:
    carla = {"name": "Carla Nunes", "aliases_in_text": [], "country": None}
    case(tmp_path, "one", people=[PERSON_A, PERSON_B, carla])
    found = Extraction(
        (),
        (
            person("Ortiz Vela", "RR"),  # right
            person("Tomas Brandt", "RR"),  # wrong country
            person("Carla Nunes", None),  # no country on either side: not counted
            person("Piet Smit", "FD"),  # not in the gold file
        ),
        (),
    )
    result = run_with(tmp_path, {"one": found}, show_errors=True)
    assert result.people.tp == 3
    # 3 extracted with a country, 2 gold with a country, 1 right.
    assert (result.person_country.tp, result.person_country.fp, result.person_country.fn) == (
        1,
        2,
        1,
    )
    assert result.to_dict()["person_country"] == {"precision": 0.3333, "recall": 0.5, "f1": 0.4}
    wrong = [m for m in result.mistakes if m.field == "person_country"]
    assert [(m.item, m.extracted, m.gold) for m in wrong] == [("Tomas Brandt", "RR", "FD")]


def test_agreements_match_by_title_words(tmp_path: Path) -> None:
    case(tmp_path, "one", agreements=[gold_agreement("The Treaty on Fisheries and Maritime Trade")])
    found = Extraction((), (), (agreement("treaty on maritime trade", kind="agreement"),))
    result = run_with(tmp_path, {"one": found})
    # {treaty, maritime, trade} of {treaty, fisheries, maritime, trade}: 0.75.
    assert result.agreements.tp == 1


def test_agreements_match_by_kind_and_parties_when_a_title_is_generic(tmp_path: Path) -> None:
    case(
        tmp_path,
        "one",
        agreements=[
            gold_agreement("Memorandum on grain exports", kind="memorandum", parties=["RR", "FD"]),
            gold_agreement("Convention on rivers", parties=["RR", "FD"]),
        ],
    )
    found = Extraction(
        (),
        (),
        (
            agreement("memorandum of understanding", kind="memorandum", parties=("FD", "RR")),
            agreement("document", kind="treaty", parties=("RR",)),  # parties differ
        ),
    )
    result = run_with(tmp_path, {"one": found}, show_errors=True)
    assert (result.agreements.tp, result.agreements.fp, result.agreements.fn) == (1, 1, 1)
    assert [(m.field, m.error, m.item) for m in result.mistakes] == [
        ("agreements", "missing", "Convention on rivers"),
        ("agreements", "extra", "document"),
    ]


def test_unrelated_titles_do_not_match_even_with_the_same_kind_and_parties(
    tmp_path: Path,
) -> None:
    case(tmp_path, "one", agreements=[gold_agreement("Treaty on rivers", parties=["RR"])])
    found = Extraction((), (), (agreement("Pact on tariffs", parties=("RR",)),))
    assert run_with(tmp_path, {"one": found}).agreements.tp == 0


def test_agreement_field_shares_over_matched_agreements(tmp_path: Path) -> None:
    case(
        tmp_path,
        "one",
        people=[PERSON_A, PERSON_B],
        agreements=[
            gold_agreement(
                "Treaty on rivers",
                signed_on="2023-10-30",
                parties=["RR", "FD"],
                signatories=["Ana-María Ortiz Vela", "Tomas Brandt"],
            ),
            gold_agreement("Protocol on bridges", kind="protocol", status="planned"),
        ],
    )
    found = Extraction(
        (),
        (person("Ortiz Vela"), person("Brandt")),
        (
            # parties right, signatories right by surname, date wrong, status right
            agreement(
                "Treaty on rivers",
                signed_on=date(2023, 10, 31),
                parties=("FD", "RR"),
                signatories=("Brandt", "Ortiz Vela"),
            ),
            # parties right (none), signatories right (none), date right (null), status wrong
            agreement("Protocol on bridges", kind="protocol", status="negotiating"),
        ),
    )
    result = run_with(tmp_path, {"one": found}, show_errors=True)
    assert result.to_dict()["agreement_fields"] == {
        "parties": 1.0,
        "signatories": 1.0,
        "signed_on": 0.5,
        "status": 0.5,
    }
    wrong = [
        (m.field, m.item, m.extracted, m.gold)
        for m in result.mistakes
        if m.error == "wrong" and m.field != "person_country"
    ]
    assert wrong == [
        ("signed_on", "Treaty on rivers", date(2023, 10, 31), date(2023, 10, 30)),
        ("status", "Protocol on bridges", "negotiating", "planned"),
    ]


def test_signatories_are_wrong_when_one_is_missing(tmp_path: Path) -> None:
    case(
        tmp_path,
        "one",
        agreements=[gold_agreement("Treaty on rivers", signatories=["Tomas Brandt", "Eva Lind"])],
    )
    found = Extraction((), (), (agreement("Treaty on rivers", signatories=("Tomas Brandt",)),))
    assert run_with(tmp_path, {"one": found}).to_dict()["agreement_fields"]["signatories"] == 0.0


def test_the_real_extractor_finds_the_countries_of_a_trivial_text(tmp_path: Path) -> None:
    text = "President Kassym-Jomart Tokayev of Kazakhstan visited Kyrgyzstan."
    write_case(tmp_path, "visit", countries=["KZ", "KG"], text=text)
    result = evaluate(tmp_path / "articles", tmp_path / "gold")
    assert result.to_dict()["countries"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


# --- errors -----------------------------------------------------------------


def test_an_article_without_a_gold_file_is_an_error_naming_both(tmp_path: Path) -> None:
    case(tmp_path, "one")
    (tmp_path / "articles" / "two.txt").write_text(f"date {PUBLISHED}\nText.\n", encoding="utf-8")
    with pytest.raises(EvaluationError) as caught:
        evaluate(tmp_path / "articles", tmp_path / "gold")
    assert str(caught.value) == (
        f"{tmp_path / 'articles' / 'two.txt'}: no gold file {tmp_path / 'gold' / 'two.json'}; "
        "write one (see tests/data/ANNOTATION.md) or move the article out"
    )


def test_a_gold_file_without_an_article_is_an_error(tmp_path: Path) -> None:
    case(tmp_path, "one")
    (tmp_path / "gold" / "stray.json").write_text("{}", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"stray\.json: no article .*stray\.txt"):
        evaluate(tmp_path / "articles", tmp_path / "gold")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"countries": [', "not valid JSON"),
        ('{"countries": [], "people": []}', "`agreements` is missing"),
        ('{"countries": ["Kazakhstan"], "people": [], "agreements": []}', "`countries[0]`"),
        ('{"countries": [], "people": [{"country": "KZ"}], "agreements": []}', "people[0].name"),
        (
            '{"countries": [], "people": [], "agreements": [{"title": "T", "kind": "treaty", '
            '"status": "signed", "signed_on": "19 April"}]}',
            "agreements[0].signed_on",
        ),
    ],
)
def test_a_broken_gold_file_is_named_with_the_reason(
    tmp_path: Path, content: str, reason: str
) -> None:
    case(tmp_path, "one")
    gold = tmp_path / "gold" / "one.json"
    gold.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFileError) as caught:
        load_gold(gold)
    assert str(caught.value).startswith(str(gold))
    assert reason in str(caught.value)


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    case(tmp_path, "one")
    case(tmp_path, "two")
    (tmp_path / "gold" / "one.json").write_text("[1, 2", encoding="utf-8")
    (tmp_path / "articles" / "two.txt").write_text("no date line", encoding="utf-8")
    with pytest.raises(EvaluationError) as caught:
        evaluate(tmp_path / "articles", tmp_path / "gold")
    assert len(caught.value.problems) == 2
    assert str(caught.value).startswith("2 problems with the evaluation files:")


def test_a_gold_date_other_than_the_articles_is_an_error(tmp_path: Path) -> None:
    case(tmp_path, "one")
    gold = tmp_path / "gold" / "one.json"
    gold.write_text(
        json.dumps({"published": "2023-11-03", "countries": [], "people": [], "agreements": []}),
        encoding="utf-8",
    )
    with pytest.raises(EvaluationError, match="`published` is 2023-11-03"):
        evaluate(tmp_path / "articles", tmp_path / "gold")


# --- the command ------------------------------------------------------------


def invoke(*args: str):
    return CliRunner().invoke(cli, ["evaluate", *args], catch_exceptions=False)


def test_the_json_output_has_exactly_the_documented_keys(tmp_path: Path) -> None:
    write_case(
        tmp_path, "visit", countries=["KZ", "KG"], text="Kazakhstan welcomed Kyrgyzstan's envoy."
    )
    result = invoke(str(tmp_path / "articles"), str(tmp_path / "gold"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == [
        "articles",
        "countries",
        "people",
        "person_country",
        "agreements",
        "agreement_fields",
    ]
    assert data["articles"] == 1
    for measure in ("countries", "people", "person_country", "agreements"):
        assert list(data[measure]) == ["precision", "recall", "f1"]
        assert all(isinstance(v, float) for v in data[measure].values())
    assert list(data["agreement_fields"]) == ["parties", "signatories", "signed_on", "status"]


def test_the_table_shows_each_measure_and_show_errors_lists_mistakes(tmp_path: Path) -> None:
    write_case(
        tmp_path, "visit", countries=["KZ", "UZ"], text="Kazakhstan welcomed the envoy warmly."
    )
    result = invoke(str(tmp_path / "articles"), str(tmp_path / "gold"), "--show-errors")
    assert result.exit_code == 0, result.output
    assert "1 article(s) evaluated." in result.output
    for measure in ("countries", "people", "person_country", "agreements", "signed_on"):
        assert measure in result.output
    assert re.search(r"^visit +countries +missing +UZ$", result.output, re.MULTILINE)


def test_show_errors_in_json_adds_an_errors_list(tmp_path: Path) -> None:
    write_case(tmp_path, "visit", countries=["UZ"], text="Nothing to see.")
    result = invoke(
        str(tmp_path / "articles"), str(tmp_path / "gold"), "--format", "json", "--show-errors"
    )
    assert json.loads(result.output)["errors"] == [
        {
            "article": "visit",
            "field": "countries",
            "error": "missing",
            "item": "UZ",
            "extracted": None,
            "gold": None,
        }
    ]


def test_the_command_exits_1_naming_an_article_without_gold(tmp_path: Path) -> None:
    write_case(tmp_path, "visit", text="Nothing to see.")
    (tmp_path / "gold" / "visit.json").unlink()
    result = invoke(str(tmp_path / "articles"), str(tmp_path / "gold"))
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'articles' / 'visit.txt'}: no gold file" in result.output


def test_the_command_exits_1_naming_a_gold_file_with_bad_json(tmp_path: Path) -> None:
    write_case(tmp_path, "visit", text="Nothing to see.")
    (tmp_path / "gold" / "visit.json").write_text('{"countries": ["KZ",]}', encoding="utf-8")
    result = invoke(str(tmp_path / "articles"), str(tmp_path / "gold"))
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'gold' / 'visit.json'}:1: not valid JSON" in result.output


def test_the_command_exits_1_on_a_missing_directory(tmp_path: Path) -> None:
    result = invoke(str(tmp_path / "nowhere"), str(tmp_path))
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'nowhere'}: no such directory" in result.output
