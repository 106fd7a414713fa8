"""The benchmark corpus generator: seeded, stable, and shaped like the issue asks."""

from __future__ import annotations

from pathlib import Path

from corpus_db.extract import extract
from corpus_db.readers import find_files, read_file
from tests.benchmarks.make_corpus import MAX_WORDS, MIN_WORDS, article, write_corpus


def test_an_article_depends_only_on_the_seed_and_its_number() -> None:
    assert article(1, 42) == article(1, 42)
    assert article(1, 42) != article(2, 42)
    assert article(1, 42) != article(1, 43)


def test_the_articles_read_back_with_their_size_countries_people_and_agreements(
    tmp_path: Path,
) -> None:
    write_corpus(tmp_path, 40, seed=5)
    files, errors = find_files([tmp_path])
    assert (len(files), errors) == (40, [])
    kinds = set()
    for path in files:
        (raw,) = read_file(path)
        assert MIN_WORDS <= len(raw.body.split()) <= MAX_WORDS
        facts = extract(raw.body, raw.published)
        assert 2 <= len({m.code for m in facts.countries}) <= 5
        assert 2 <= len(facts.people) <= 4
        assert len({a.title for a in facts.agreements if a.status == "signed"}) <= 3
        kinds.update(a.kind for a in facts.agreements)
    assert {"memorandum", "agreement", "declaration"} <= kinds
