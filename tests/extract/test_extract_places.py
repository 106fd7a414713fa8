"""Places below the country: cities, regions, capitals named as places."""

from datetime import date

from corpus_db.extract import extract

DAY = date(2025, 3, 14)


def places(text: str):
    return {(p.name, p.country, p.kind) for p in extract(text, DAY).places}


def countries(text: str):
    return {c.code for c in extract(text, DAY).countries}


def test_a_capital_as_a_place_is_a_place_not_a_country():
    text = "The ministers met in Bishkek on Monday."
    assert places(text) == {("Bishkek", "KG", "capital")}
    assert countries(text) == set()


def test_a_capital_for_its_government_is_a_country_not_a_place():
    text = "Astana said the talks went well, and relations with Rabat improved."
    assert countries(text) == {"KZ", "MA"}
    assert places(text) == set()


def test_cities_and_regions_with_their_country():
    found = places(
        "Investors toured Shymkent and the Jalal-Abad region, then the Issyk-Kul region of "
        "Kyrgyzstan."
    )
    assert ("Shymkent", "KZ", "city") in found
    assert ("Jalal-Abad", "KG", "region") in found
    assert ("Issyk-Kul", "KG", "region") in found


def test_an_unknown_region_takes_the_country_named_with_it():
    assert ("Verdalia", "CL", "region") in places(
        "Copper output in the Verdalia region of Chile rose."
    )


def test_georgia_the_us_state_is_not_the_country():
    assert countries("The governor of Georgia visited a plant near Atlanta.") == set()
    assert countries("Georgia and Armenia signed a border deal in Tbilisi.") >= {"GE", "AM"}


def test_every_place_span_is_its_text():
    text = "Talks in Almaty and Tashkent, and in the Fergana region of Uzbekistan."
    for place in extract(text, DAY).places:
        assert text[place.span.start : place.span.end] == place.span.text


def test_a_place_name_inside_a_persons_name_is_not_a_place():
    found = places(
        "President Santiago Pena met economist Sofia Lagos of the central bank in Asuncion. "
        "Economist Hassan Yao said so."
    )
    assert {name for name, _, _ in found} == {"Asuncion"}
