"""The ``extract`` entry point: runs each finder once over one article."""

from __future__ import annotations

from datetime import date

from corpus_db.extract.agreements import find_agreements
from corpus_db.extract.countries import country_mentions, dateline_country
from corpus_db.extract.facts import Extraction
from corpus_db.extract.gazetteer import scan
from corpus_db.extract.people import find_people
from corpus_db.extract.places import find_places
from corpus_db.extract.text import split_sentences


def extract(text: str, published: date) -> Extraction:
    """Countries, people and agreements in ``text``, with offsets into ``text``.

    Pure and deterministic; ``published`` only anchors relative dates.
    """
    if not isinstance(text, str) or not text.strip():
        return Extraction((), (), (), ())
    sentences = split_sentences(text)
    matches = scan(text)
    countries = country_mentions(text, matches)
    host = dateline_country(text)
    people = find_people(text, sentences, countries, host)
    places = find_places(text, matches, countries, sentences, people)
    agreements = find_agreements(text, published, sentences, countries, people, host)
    return Extraction(tuple(countries), tuple(people), tuple(agreements), tuple(places))
