"""Curation decisions on SQLite and PostgreSQL: corrections that outlive loads and re-extraction.

The articles in tests/data/curation (written for these tests) name one
president twice over ("Kassym-Jomart Tokayev", "Kassym Tokayev": two rows until
merged) and report a memorandum a curator rejects; visit.txt, loaded after the
decisions, names both again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from corpus_db import Corpus
from corpus_db.cli import cli
from corpus_db.errors import InvalidQuery, NotFound

from .snapshots import assert_same_rows, snapshot

DATA = Path(__file__).parent / "data" / "curation"
FIRST = [DATA / "summit.txt", DATA / "briefing.txt"]
LATER = DATA / "visit.txt"
MEMORANDUM = "memorandum of understanding on water sharing"


def _loaded(url: str) -> Corpus:
    corpus = Corpus(url)
    summary = corpus.load(FIRST, workers=1)
    assert summary.loaded == 2
    return corpus


def _people(corpus: Corpus) -> dict[str, tuple[str | None, tuple[str, ...], int]]:
    return {p.name: (p.country, p.aliases, p.articles) for p in corpus.people()}


def _agreement(corpus: Corpus, title: str) -> int:
    return next(a.id for a in corpus.agreements() if a.title == title)


def _correct(corpus: Corpus) -> None:
    """The three corrections the issue names: a person's country, a merge, a rejection."""
    corpus.set_person("Bakhtiyor Saidov", country="KZ", role="Special Envoy", since="2024-02-01")
    corpus.merge_people("Kassym-Jomart Tokayev", "Kassym Tokayev", note="same man")
    corpus.reject_agreement(_agreement(corpus, MEMORANDUM), by="analyst-1")


def _assert_corrected(corpus: Corpus, articles: int) -> None:
    people = _people(corpus)
    assert "Kassym Tokayev" not in people
    country, aliases, count = people["Kassym-Jomart Tokayev"]
    assert (country, count) == ("KZ", articles)
    assert "Kassym Tokayev" in aliases
    assert people["Bakhtiyor Saidov"][0] == "KZ"
    assert corpus.person("Saidov").country_how == "curation"  # the evidence is the decision
    roles = {(r.role, r.country) for r in corpus.person("Saidov").roles}
    assert ("Special Envoy", "KZ") in roles
    assert [a.title for a in corpus.agreements()] == ["Treaty on Allied Relations"]


def test_corrections_apply_at_once_and_hold_through_reextraction(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        _correct(corpus)
        _assert_corrected(corpus, articles=2)

        # An older extractor's leftovers: re-extraction finds the countries again...
        with corpus.engine.begin() as connection:
            connection.execute(text("UPDATE articles SET extractor_version = 'older'"))
            connection.execute(text("DELETE FROM country_mentions"))
        summary = corpus.reextract(outdated=True, workers=1)
        assert summary.added["countries"] == 4
        assert summary.unapplied == []
        # ... and the corrections still hold.
        _assert_corrected(corpus, articles=2)
        assert corpus.reextract(everything=True, workers=1).changed == 0
        _assert_corrected(corpus, articles=2)


def test_corrections_hold_for_articles_loaded_later(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        _correct(corpus)
        assert corpus.load(LATER, workers=1).loaded == 1
        # visit.txt names "Kassym Tokayev" and the memorandum again: merged, rejected.
        _assert_corrected(corpus, articles=3)


def test_undo_restores_the_extracted_state(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        extracted = snapshot(db_url)
        _correct(corpus)
        corpus.set_agreement(
            _agreement(corpus, "Treaty on Allied Relations"),
            title="Treaty on Allied Relations between Kazakhstan and Uzbekistan",
            status="planned",
        )
        corpus.reject_mention(_mention_ref(corpus, "Saidov"))
        decisions = corpus.decisions()
        assert [d.action for d in decisions] == [
            "set-person",
            "merge-person",
            "reject-agreement",
            "set-agreement",
            "reject-mention",
        ]
        for decision in decisions:
            undone = corpus.undo(decision.id)
            assert undone.decision.undone_at is not None
        assert {d.outcome for d in corpus.decisions()} == {"undone"}
        restored = snapshot(db_url)
        del restored["decisions"], extracted["decisions"]
        assert_same_rows(restored, extracted)


def test_undo_reports_what_came_back(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        rejected = corpus.reject_agreement(_agreement(corpus, MEMORANDUM))
        undone = corpus.undo(rejected.id)
        assert undone.reextracted.added["agreements"] == 1
        assert MEMORANDUM in {a.title for a in corpus.agreements()}
        with pytest.raises(Exception, match="undone already"):
            corpus.undo(rejected.id)


def test_split_separates_a_form_and_the_split_holds(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        corpus.split_person("Shavkat Mirziyoyev", "Mirziyoyev", note="a namesake")
        people = _people(corpus)
        assert "Mirziyoyev" not in people["Shavkat Mirziyoyev"][1]
        assert people["Mirziyoyev"][2] == 1
        corpus.reextract(everything=True, workers=1)
        assert _people(corpus)["Mirziyoyev"][2] == 1
        assert "Mirziyoyev" not in _people(corpus)["Shavkat Mirziyoyev"][1]


def test_alias_joins_the_person_later_stored_under_it(db_url: str) -> None:
    with Corpus(db_url) as corpus:
        corpus.load(FIRST[0], workers=1)
        corpus.alias_person("Kassym-Jomart Tokayev", "Kassym Tokayev")
        corpus.load([FIRST[1], LATER], workers=1)
        people = _people(corpus)
        assert "Kassym Tokayev" not in people
        assert people["Kassym-Jomart Tokayev"][1:] == (("Kassym Tokayev", "Tokayev"), 3)
        assert corpus.person("Kassym Tokayev").name == "Kassym-Jomart Tokayev"


def test_alias_refuses_a_name_that_is_a_person_of_their_own(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        with pytest.raises(InvalidQuery, match=r"a person of their own .* merge person"):
            corpus.alias_person("Kassym-Jomart Tokayev", "Kassym Tokayev")
        with pytest.raises(InvalidQuery, match="already a name"):
            corpus.alias_person("Kassym-Jomart Tokayev", "Tokayev")
        assert corpus.decisions() == []


def test_a_decision_never_moves_to_someone_sharing_a_surname(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        split = corpus.split_person("Shavkat Mirziyoyev", "Mirziyoyev")
        corpus.set_person("Mirziyoyev", role="Former Premier", since="2003-12-12")
        corpus.undo(split.id)  # the person "Mirziyoyev" is gone again
        assert corpus.decisions()[1].outcome == "no person 'Mirziyoyev' any more"
        roles = {r.role for r in corpus.person("Shavkat Mirziyoyev").roles}
        assert roles == {"President"}


def test_rejected_mention_stays_out_and_set_agreement_holds(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        ref = _mention_ref(corpus, "Saidov")
        corpus.reject_mention(ref)
        treaty = _agreement(corpus, "Treaty on Allied Relations")
        corpus.set_agreement(treaty, status="planned", signed_on="2024-03-02", place="Astana")
        corpus.reextract(everything=True, workers=1)
        texts = [m.text for p in corpus.article(2).people for m in p.mentions]
        assert "Saidov" not in texts and "Bakhtiyor Saidov" in texts
        record = corpus.agreement(treaty)
        assert (record.status, str(record.signed_on), record.place) == (
            "planned",
            "2024-03-02",
            "Astana",
        )


def test_a_decision_whose_target_is_gone_is_reported(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        corpus.set_person("Bakhtiyor Saidov", country="KZ")
        with corpus.engine.begin() as connection:  # as if the article had never been loaded
            connection.execute(text("DELETE FROM articles WHERE source = 'briefing'"))
            connection.execute(text("DELETE FROM people WHERE name = 'Bakhtiyor Saidov'"))
        summary = corpus.reextract(everything=True, workers=1)
        assert summary.unapplied == ["#1 set-person: no person 'Bakhtiyor Saidov' any more"]
        assert corpus.decisions()[0].outcome == "no person 'Bakhtiyor Saidov' any more"


def test_refused_decisions_record_nothing(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        with pytest.raises(NotFound):
            corpus.set_person("Nobody Known", country="KZ")
        with pytest.raises(InvalidQuery, match="KIND:ID"):
            corpus.reject_mention("17")
        with pytest.raises(NotFound):
            corpus.reject_agreement(999)
        with pytest.raises(InvalidQuery):
            corpus.merge_people("Saidov", "Bakhtiyor Saidov")
        with pytest.raises(NotFound, match="written 'Heydar'"):
            corpus.split_person("Shavkat Mirziyoyev", "Heydar")
        with pytest.raises(InvalidQuery, match="role is empty"):
            corpus.set_person("Saidov", role=" ")
        with pytest.raises(InvalidQuery, match="full date"):
            corpus.set_agreement(1, signed_on="2024")
        assert corpus.decisions() == []


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ({"target": "bakhtiyor saidov"}, "target and value must be JSON objects"),
        ({"action": "merge-person"}, "merge-person needs other in its target"),
        ({"action": "set-agreement", "target": {"agreement": "a"}}, "needs document, title"),
        ({"action": "set-person", "value": {"name": "X", "country": "XX"}}, "unknown country"),
        ({"action": "set-person", "value": {"name": "X"}}, "neither a country nor a role"),
        ({"action": "fly"}, "unknown action 'fly'"),
    ],
)
def test_import_refuses_a_decision_it_could_not_apply(
    db_url: str, row: dict[str, object], reason: str
) -> None:
    good = {
        "action": "set-person",
        "target": {"person": "bakhtiyor saidov"},
        "value": {"name": "Bakhtiyor Saidov", "country": "KZ"},
        "made_by": "ana",
        "made_at": "2026-11-30T06:00:00+00:00",
    }
    with _loaded(db_url) as corpus:
        with pytest.raises(InvalidQuery, match=f"decision 2 cannot be imported: .*{reason}"):
            corpus.import_decisions([good, {**good, **row}])
        assert corpus.decisions() == []  # the whole file or nothing


def test_decisions_imported_before_the_first_load_apply_when_it_comes(
    tmp_path: Path, db_url: str
) -> None:
    with _loaded(f"sqlite:///{tmp_path / 'source.db'}") as source:
        _correct(source)
        exported = source.export_decisions()
    with Corpus(db_url) as corpus:
        imported = corpus.import_decisions(exported)
        assert imported.added == 3 and len(imported.unapplied) == 2  # nobody is loaded yet
        corpus.load(FIRST, workers=1)
        assert corpus.decisions(holding=True)[0].outcome == "applied"
        _assert_corrected(corpus, articles=2)


def test_decisions_move_from_sqlite_to_postgresql(tmp_path: Path, postgres_url: str) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'curated.db'}"
    with _loaded(sqlite_url) as source:
        _correct(source)
        exported = source.export_decisions()
        expected = (_people(source), [a.title for a in source.agreements()])
    with _loaded(postgres_url) as target:
        imported = target.import_decisions(json.loads(json.dumps(exported)))
        assert (imported.added, imported.skipped, imported.unapplied) == (3, 0, [])
        assert (_people(target), [a.title for a in target.agreements()]) == expected
        again = target.import_decisions(exported)
        assert (again.added, again.skipped) == (0, 3)
        assert [d.made_by for d in target.decisions()] == [d["made_by"] for d in exported]


def test_cli_curates_lists_undoes_and_moves_decisions(tmp_path: Path, db_url: str) -> None:
    runner = CliRunner()
    _loaded(db_url).close()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli, [*args, "--db", db_url], env={"CORPUS_DB_USER": "ana"})
        assert result.exit_code == code, result.output
        return result.output

    out = run("merge", "person", "Kassym-Jomart Tokayev", "Kassym Tokayev", "--note", "same")
    assert "Decision 1: merge-person Kassym Tokayev -> Kassym-Jomart Tokayev, applied" in out
    run("set", "person", "Saidov", "--country", "KZ", "--role", "Envoy", "--since", "2024-02-01")
    run("reject", "agreement", "1")
    run("alias", "person", "Saidov", "B. Saidov")
    listed = run("decisions")
    assert "merge-person" in listed and "ana" in listed and "same" in listed
    assert "no person mention 99" in run("reject", "mention", "person:99", code=1)
    assert "Undid decision 3" in run("undo", "3")
    assert MEMORANDUM in run("agreements")
    exported = run("export", "decisions")
    assert len(exported.splitlines()) == 4
    (tmp_path / "decisions.jsonl").write_text(exported)
    assert "0 added, 4 already held" in run(
        "import", "decisions", str(tmp_path / "decisions.jsonl")
    )
    run("split", "person", "Shavkat Mirziyoyev", "Mirziyoyev")
    assert "Mirziyoyev" in run("people", "--name", "Mirziyoyev")


def _mention_ref(corpus: Corpus, written: str) -> str:
    """The reference ``show article`` gives the first mention written exactly so."""
    for article in corpus.articles():
        for person in corpus.article(article.id).people:
            for mention in person.mentions:
                if mention.text == written:
                    return mention.ref
    raise AssertionError(f"no mention {written!r}")


def test_a_decision_made_before_a_merge_does_not_reach_the_kept_person(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        corpus.set_person("Kassym Tokayev", country="RU", role="Ambassador")
        corpus.merge_people("Kassym-Jomart Tokayev", "Kassym Tokayev")
        # The merge moved the Ambassador role; the person kept is still of KZ.
        assert _people(corpus)["Kassym-Jomart Tokayev"][0] == "KZ"
        corpus.reextract(article=1, workers=1)
        corpus.reextract(everything=True, workers=1)
        assert _people(corpus)["Kassym-Jomart Tokayev"][0] == "KZ"
        roles = {(r.role, r.country) for r in corpus.person("Kassym-Jomart Tokayev").roles}
        assert ("Ambassador", "RU") in roles
        assert {d.outcome for d in corpus.decisions()} == {"applied"}


def test_a_date_set_on_an_agreement_lets_a_dated_report_join_it(
    db_url: str, tmp_path: Path
) -> None:
    with _loaded(db_url) as corpus:
        memorandum = _agreement(corpus, MEMORANDUM)
        corpus.set_agreement(memorandum, signed_on="2024-03-04")
        dated = tmp_path / "dated.txt"
        dated.write_text(
            "date 2024-03-06\nUzbekistan and Kazakhstan signed the memorandum of "
            "understanding on water sharing on March 4, 2024, officials in Tashkent said.\n"
        )
        corpus.load(dated, workers=1)
        found = [a for a in corpus.agreements() if a.title == MEMORANDUM]
        assert [(a.id, str(a.signed_on)) for a in found] == [(memorandum, "2024-03-04")]


def test_split_points_to_undo_for_a_name_a_decision_merged(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        merged = corpus.merge_people("Kassym-Jomart Tokayev", "Kassym Tokayev")
        with pytest.raises(InvalidQuery, match=f"corpus-db undo {merged.id}"):
            corpus.split_person("Kassym-Jomart Tokayev", "Kassym Tokayev")


def test_the_same_decision_twice_is_refused(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        first = corpus.set_person("Saidov", role="Envoy", since="2024-02-01")
        with pytest.raises(InvalidQuery, match=f"decision {first.id} says that already"):
            corpus.set_person("Saidov", role="Envoy", since="2024-02-01")
        assert len(corpus.decisions()) == 1


def test_a_role_alone_leaves_the_country_evidence_to_extraction(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        corpus.set_person("Saidov", role="Envoy", since="2020-01-01")  # older than any article
        person = corpus.person("Saidov")
        assert (person.country, person.country_how) == ("UZ", "title")


def test_undoing_a_country_reports_the_country_that_came_back(db_url: str) -> None:
    with _loaded(db_url) as corpus:
        decision = corpus.set_person("Saidov", country="KZ")
        undone = corpus.undo(decision.id).reextracted
        assert undone.changed == 1
        assert "+Bakhtiyor Saidov (UZ) (article 2)" in undone.examples["people"]
        assert "-Bakhtiyor Saidov (KZ) (article 2)" in undone.examples["people"]
