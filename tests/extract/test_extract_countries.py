"""Country mentions: names, aliases, demonyms, governments by capital; false friends."""

from datetime import date

from corpus_db.extract import extract

DAY = date(2025, 3, 14)


def codes(text: str) -> list[str]:
    return [c.code for c in extract(text, DAY).countries]


def mentions(text: str) -> list[tuple[str, str, str]]:
    return [(c.code, c.how, c.span.text) for c in extract(text, DAY).countries]


def test_names_aliases_and_demonyms():
    found = mentions("Kazakh officials met the Kyrgyz Republic and Türkiye delegations.")
    assert found == [
        ("KZ", "demonym", "Kazakh"),
        ("KG", "alias", "Kyrgyz Republic"),
        ("TR", "name", "Türkiye"),
    ]


def test_diacritics_and_curly_apostrophes_fold():
    text = "Côte d’Ivoire, Cote d'Ivoire and Ivory Coast"
    assert codes(text) == ["CI", "CI", "CI"]


def test_possessive_and_hyphenated_forms():
    found = mentions("Kyrgyzstan’s border with Uzbekistan's Fergana; Kazakh-Kyrgyz talks.")
    assert [t for _, _, t in found] == ["Kyrgyzstan", "Uzbekistan", "Kazakh", "Kyrgyz"]


def test_longest_match_wins():
    assert codes("Papua New Guinea and Guinea-Bissau") == ["PG", "GW"]
    assert codes("the Democratic Republic of the Congo") == ["CD"]


def test_lowercase_common_words_are_not_countries():
    assert codes("They carved a turkey and served it on fine china.") == []


def test_short_aliases_must_be_uppercase():
    assert codes("The US and the UK told us.") == ["US", "GB"]
    assert codes("let us go") == []


def test_seas_and_states_are_not_countries():
    assert codes("Ships in the South China Sea") == []
    assert codes("Voters in New Mexico and Atlanta, Georgia") == []


def test_organisation_names_hide_the_country():
    assert codes("The Bank of China lent to Kenya Airways.") == []


def test_given_names_are_people_not_countries():
    assert codes("Michael Jordan flew to Chad.") == ["TD"]
    assert codes("Jordan and Chad signed.") == ["JO", "TD"]


def test_capital_counts_only_for_the_government():
    assert codes("Astana and Bishkek agreed on water quotas.") == ["KZ", "KG"]
    assert codes("Moscow has warned of a response.") == ["RU"]
    assert codes("He arrived on a visit to Astana. Talks in Astana ended.") == []
