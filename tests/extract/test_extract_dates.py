"""Date expressions resolve against the publication date."""

from datetime import date

from corpus_db.extract.dates import find_dates

SATURDAY = date(2024, 4, 20)


def values(text: str) -> list[date]:
    return [hit.value for hit in find_dates(text, SATURDAY)]


def test_explicit_forms():
    assert values("April 19th, 2024") == [date(2024, 4, 19)]
    assert values("19 April 2024") == [date(2024, 4, 19)]
    assert values("2024-04-19") == [date(2024, 4, 19)]


def test_day_and_month_take_the_latest_year_not_after_publication():
    assert values("on April 19") == [date(2024, 4, 19)]
    assert values("on May 2") == [date(2023, 5, 2)]


def test_relative_days():
    assert values("yesterday") == [date(2024, 4, 19)]
    assert values("today") == [SATURDAY]
    assert values("on Friday") == [date(2024, 4, 19)]
    assert values("on Saturday") == [SATURDAY]
    assert values("on Monday") == [date(2024, 4, 15)]


def test_vague_or_invalid_dates_resolve_to_nothing():
    assert values("last week, recently, February 30, 2024") == []
