"""People: titles, name shapes, aliases, roles and countries."""

from datetime import date

import pytest

from corpus_db.extract import extract

DAY = date(2025, 3, 14)


def people(text: str):
    return {p.name: p for p in extract(text, DAY).people}


def test_prime_minister_chancellor_and_country_adjective():
    found = people(
        "Prime Minister Narendra Modi met German Chancellor Olaf Scholz. Scholz said the "
        "talks went well, and Modi agreed."
    )
    assert set(found) == {"Narendra Modi", "Olaf Scholz"}
    assert found["Olaf Scholz"].role == "Chancellor"
    assert found["Olaf Scholz"].country == "DE"
    assert found["Olaf Scholz"].aliases == ("Scholz",)
    assert found["Narendra Modi"].role == "Prime Minister"


def test_foreign_minister_of_country_after_the_name():
    found = people("Foreign Minister Wang Yi of China met reporters. Wang spoke first.")
    wang = found["Wang Yi"]
    assert (wang.role, wang.country) == ("Foreign Minister", "CN")
    assert "Wang" in wang.aliases


def test_possessive_country_before_title():
    found = people("Kyrgyzstan's President Sadyr Japarov arrived.")
    assert found["Sadyr Japarov"].country == "KG"


def test_king_and_emir_with_particles():
    text = (
        "King Abdullah II of Jordan received Emir Tamim bin Hamad Al Thani of Qatar. "
        "King Abdullah later thanked the Emir."
    )
    found = people(text)
    assert set(found) == {"Abdullah II", "Tamim bin Hamad Al Thani"}
    assert found["Abdullah II"].country == "JO"
    emir = found["Tamim bin Hamad Al Thani"]
    assert (emir.role, emir.country) == ("Emir", "QA")
    assert [m.text for m in emir.mentions][-1] == "Emir"


def test_hyphenated_names_and_appositive():
    text = (
        "The Uzbek President, Shavkat Mirziyoyev, met Kassym-Jomart Tokayev, "
        "President of Kazakhstan."
    )
    found = people(text)
    assert found["Shavkat Mirziyoyev"].country == "UZ"
    assert found["Kassym-Jomart Tokayev"].country == "KZ"
    assert found["Kassym-Jomart Tokayev"].role == "President"


def test_plural_title_names_both():
    found = people("Presidents Emmanuel Macron and Luiz Inácio Lula da Silva met.")
    assert set(found) == {"Emmanuel Macron", "Luiz Inácio Lula da Silva"}
    assert {p.role for p in found.values()} == {"President"}


def test_alignment_pairs_countries_and_people_in_order():
    text = "Chile and Peru held talks between President Ana Torres and President Luis Vega."
    found = people(text)
    assert found["Ana Torres"].country == "CL"
    assert found["Luis Vega"].country == "PE"


def test_possessive_mention_excludes_the_apostrophe():
    text = "Premier Li Qiang arrived. Li’s visit was short."
    li = people(text)["Li Qiang"]
    assert [m.text for m in li.mentions] == ["Li Qiang", "Li"]


def test_no_people_without_a_title():
    text = "The Supreme Interstate Council met. The Order of Friendship was awarded in May."
    assert people(text) == {}


def test_people_without_a_title_quoted_described_or_possessed():
    found = people(
        '"Prices will rise," said Dana Orlova, an independent economist. Marat Sadykov, '
        "a Kazakh water resources expert, agreed. The pact was signed by Norway's Ingrid "
        "Halvorsen and Finland's Mikko Laine. Japan's Toyota Motor Corp welcomed it."
    )
    assert set(found) == {"Dana Orlova", "Marat Sadykov", "Ingrid Halvorsen", "Mikko Laine"}
    assert found["Marat Sadykov"].country == "KZ"
    assert (found["Ingrid Halvorsen"].country, found["Mikko Laine"].country) == ("NO", "FI")
    assert found["Dana Orlova"].country is None


def test_counterpart_takes_the_title_and_the_demonym_country():
    found = people(
        "Foreign Minister Arman Tulegenov of Kazakhstan met his Malaysian counterpart "
        "Razif Hamdan in Astana."
    )
    assert (found["Razif Hamdan"].role, found["Razif Hamdan"].country) == (
        "Foreign Minister",
        "MY",
    )


def test_ranks_honorifics_and_given_name_with_title_resolve_to_one_person():
    found = people(
        "The accord was witnessed by Emirati President Sheikh Khalid bin Saeed Al Mansoori. "
        "Sheikh Khalid later met Commandant Admiral Rosa Villar of Chile. Mr. Paulo Reis "
        "said little."
    )
    khalid = found["Khalid bin Saeed Al Mansoori"]
    assert (khalid.role, khalid.country) == ("President", "AE")
    assert "Khalid" in khalid.aliases
    assert "Rosa Villar" in found and found["Rosa Villar"].country == "CL"
    assert found["Paulo Reis"].role is None


def test_a_city_or_a_country_is_not_cut_into_or_read_as_a_name():
    found = people('Tanzanian President Amina Dodoma Hassan spoke. "Yes," said South Africa.')
    assert set(found) == {"Amina Dodoma Hassan"}


def test_reference_table_fills_the_country_and_finds_untitled_leaders(tmp_path, monkeypatch):
    from corpus_db.extract import reference

    table = tmp_path / "leaders.json"
    table.write_text(
        '{"as_of": "2026-01-01", "people": ['
        '{"name": "Teodor Vasilescu", "aliases": ["Vasilescu"], "country": "RO", '
        '"role": "President"},'
        '{"name": "Ilse Brandvold", "aliases": ["Brandvold"], "country": "NO", '
        '"role": "Prime Minister"}]}',
        encoding="utf-8",
    )
    monkeypatch.setenv(reference.ENV_VAR, str(table))
    found = people(
        "Teodor Vasilescu opened the forum. Vasilescu said Romania was ready. "
        "Prime Minister Ilse Brandvold of Sweden spoke next."
    )
    assert (found["Teodor Vasilescu"].country, found["Teodor Vasilescu"].role) == (
        "RO",
        "President",
    )
    assert found["Teodor Vasilescu"].aliases == ("Vasilescu",)
    assert found["Ilse Brandvold"].country == "SE"  # the text wins over the table


def test_given_names_that_are_countries_and_sentence_initial_particles():
    found = people(
        "Farm owner Chad Lindquist said prices rose. Foreign Minister Alberto van Klaveren "
        'of Chile spoke. "We agree," Van Klaveren said.'
    )
    assert set(found) == {"Chad Lindquist", "Alberto van Klaveren"}
    assert "Van Klaveren" in found["Alberto van Klaveren"].aliases


def test_described_official_with_the_country_after_the_title():
    found = people(
        '"We agree," said Almasadam Satkaliyev, the minister of energy of Kazakhstan, on Friday.'
    )
    assert found["Almasadam Satkaliyev"].country == "KZ"


DELEGATIONS = (
    "The treaty was signed by Foreign Minister Aibek Tashiev for Kyrgyzstan and Foreign "
    "Minister Yerlan Bekov on behalf of Kazakhstan. The Uzbek delegation was led by "
    "Deputy Prime Minister Jamshid Kuchkarov. Norway was represented by Deputy Minister of "
    "Fisheries Ingrid Solberg Haugen. Iceland's delegation was headed by Minister of State "
    "for Fisheries Einar Thorvaldsson, and Trade Minister Petra Lind signed for Sweden. "
    "Deputy Trade Minister Aylin Demirci, speaking for the Turkish delegation, welcomed the "
    "text. The agreement was also signed by Mattias Berg, who heads Finland's maritime agency."
)


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Aibek Tashiev", "KG"),  # "for Kyrgyzstan"
        ("Yerlan Bekov", "KZ"),  # "on behalf of Kazakhstan"
        ("Jamshid Kuchkarov", "UZ"),  # "The Uzbek delegation was led by"
        ("Ingrid Solberg Haugen", "NO"),  # "Norway was represented by"
        ("Einar Thorvaldsson", "IS"),  # "Iceland's delegation was headed by"
        ("Petra Lind", "SE"),  # "signed for Sweden"
        ("Aylin Demirci", "TR"),  # "speaking for the Turkish delegation"
        ("Mattias Berg", "FI"),  # "who heads Finland's maritime agency"
    ],
)
def test_country_of_whoever_signs_for_leads_or_represents_a_country(name, country):
    assert people(DELEGATIONS)[name].country == country


def test_officials_of_a_body_named_for_its_country_and_of_a_described_body():
    found = people(
        "Amara Diallo, governor of the Central Bank of Senegal, spoke first. "
        "Chile's central bank governor, Rosa Valdes, followed. The Omani central bank "
        "governor, Sheikh Talal bin Hamad Al Busaidi, said little. Economist Lena Kovac of "
        "the American University in Bulgaria disagreed."
    )
    assert found["Amara Diallo"].country == "SN"
    assert found["Rosa Valdes"].country == "CL"
    assert found["Talal bin Hamad Al Busaidi"].country == "OM"
    assert found["Lena Kovac"].country is None  # a university's name, not her country


def test_two_titles_in_apposition_and_plural_titles_with_a_list_of_countries():
    found = people(
        "Uganda's Energy Minister Ruth Okello met her Kenyan counterpart, Cabinet Secretary "
        "Samuel Kiprono. The foreign ministers of Bolivia, Paraguay and Uruguay, Ana Quispe, "
        "Luis Benitez and Marta Sosa, signed the text."
    )
    assert found["Samuel Kiprono"].country == "KE"
    assert found["Samuel Kiprono"].role == "Cabinet Secretary"
    assert [found[n].country for n in ("Ana Quispe", "Luis Benitez", "Marta Sosa")] == [
        "BO",
        "PY",
        "UY",
    ]


def test_the_dateline_gives_a_bare_government_office_its_country():
    text = (
        "PRESS RELEASE\n\nNew ties with Mongolia\n\nHANOI, May 4 (VNA) -- Foreign Ministry "
        "spokesperson Tran Thu Ha said on Friday that the talks would resume in June. "
        "Minister of Trade Bui Van Long and Mongolian Minister of Trade Bat-Erdene Ganbold "
        "signed a memorandum. Analyst Karin Holm said the deal was small."
    )
    found = people(text)
    assert found["Tran Thu Ha"].country == "VN"
    assert found["Bat-Erdene Ganbold"].country == "MN"
    assert found["Bui Van Long"].country == "VN"  # the other side of a same-title pair
    assert found["Karin Holm"].country is None  # an analyst is not the government's


def test_envoys_to_international_bodies_and_names_never_start_with_a_title():
    found = people(
        "Brazilian Permanent Representative to the UN Sergio Danese said Brasilia agreed. "
        "The memorandum was signed by Kenji Mori, Executive Director of the agency."
    )
    assert found["Sergio Danese"].country == "BR"
    assert found["Sergio Danese"].role == "Permanent Representative to the UN"
    assert "Director" not in found and "UN Sergio Danese" not in found


def test_untitled_people_quoted_aged_or_described_by_a_clause():
    found = people(
        "State media quoted Ruslan Abenov as saying the road would open. In a statement, "
        "Priya Raman welcomed the move. Tomas Varga, 61, a farmer near the border, was "
        "unimpressed. Nadia Karam, the bank's chief economist, disagreed. Omar Haddad, who "
        "runs a bakery in Tripoli, was hopeful. The Foreign Ministry welcomed the news, and "
        "Kazakhstan welcomed it too."
    )
    assert set(found) == {
        "Ruslan Abenov",
        "Priya Raman",
        "Tomas Varga",
        "Nadia Karam",
        "Omar Haddad",
    }
    assert found["Nadia Karam"].role == "Chief Economist"
    assert all(p.country is None for p in found.values())


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("A spokesman for Nigeria's presidency, Bayo Adeyemi, said no.", "Bayo Adeyemi", "NG"),
        (
            "Aliya Serikova, a spokeswoman for the Kazakh Foreign Ministry, said yes.",
            "Aliya Serikova",
            "KZ",
        ),
        (
            "Ingrid Dahl, chief executive of Nordvolt, the Norwegian state-owned power company, "
            "said prices would fall.",
            "Ingrid Dahl",
            "NO",
        ),
        # Brazil is what she spoke of, not her country.
        ("Carla Mendes, chief executive of Verdana, said Brazil would grow.", "Carla Mendes", None),
    ],
)
def test_country_of_a_spokesperson_or_company_head_from_the_body_they_speak_for(
    text, name, country
):
    assert people(text)[name].country == country


def test_abbreviated_offices_in_capitals_only():
    found = people("PM Narendra Modi met FM Ishaq Dar at 5 pm on Monday.")
    assert found["Narendra Modi"].role == "Prime Minister"
    assert found["Ishaq Dar"].role == "Foreign Minister"
    assert set(found) == {"Narendra Modi", "Ishaq Dar"}


def test_a_conjunction_ends_a_demonyms_phrase():
    found = people(
        "Deputy Prime Minister Laziz Kudratov led the Uzbek side and Trade Minister Ahn "
        "Duk-geun the other one. Kazakh political analyst Yerlan Saktaganov disagreed."
    )
    assert found["Ahn Duk-geun"].country is None
    assert found["Yerlan Saktaganov"].country == "KZ"


def test_a_place_or_company_after_a_possessive_is_not_a_person():
    found = people(
        "The port lies near Iraq's Grand Faw port. The refinery, owned by Russia's Gazprom "
        "Neft, has struggled. Exports rose in Vietnam's Central Highlands."
    )
    assert found == {}


def test_an_envoy_is_not_of_the_country_they_are_posted_to():
    found = people(
        "Chinese Ambassador to Kuwait Zhao Mingde attended. Ambassador Zhao praised the port. "
        "Saudi Arabia's envoy for Lebanon, Prince Yazid bin Farhan, pressed both sides."
    )
    assert set(found) == {"Zhao Mingde", "Yazid bin Farhan"}
    assert found["Zhao Mingde"].country == "CN"
    assert found["Zhao Mingde"].aliases == ("Zhao",)
    assert found["Yazid bin Farhan"].country == "SA"


def test_undersecretaries_commissioners_and_long_portfolios():
    found = people(
        "Rodrigo Esquivel, Mexico's undersecretary for Latin America, spoke first. "
        "European Commissioner for Sustainable Transport and Tourism Apostolos Tzitzikostas "
        "attended, and Zambian Transport and Logistics Minister Frank Tayali signed."
    )
    assert found["Rodrigo Esquivel"].country == "MX"
    assert found["Rodrigo Esquivel"].role == "Undersecretary"
    tayali = found["Frank Tayali"]
    assert (tayali.role, tayali.country) == ("Transport and Logistics Minister", "ZM")
    commissioner = found["Apostolos Tzitzikostas"]
    assert commissioner.role == "Commissioner for Sustainable Transport and Tourism"
    assert commissioner.country is None


def test_names_with_initials_and_a_country_after_each_listed_name():
    found = people(
        "Lamin K. Jobe, managing director of the Gambia Ports Authority, added a word. "
        "Tourism ministers David Collado of the Dominican Republic and Edmund Bartlett of "
        "Jamaica signed a memorandum."
    )
    assert found["Lamin K. Jobe"].country == "GM"
    assert (found["David Collado"].role, found["David Collado"].country) == (
        "Tourism Minister",
        "DO",
    )
    assert found["Edmund Bartlett"].country == "JM"


def test_a_title_of_a_body_then_the_name_after_a_comma():
    found = people(
        "It was signed by the chairman of Uzbekistan's national grid operator, Sardor "
        "Tursunov. Talal bin Ahmed Al Rawahi, undersecretary at Oman's transport ministry, "
        "said work had begun. Farah Nadzri, a lecturer at Universiti Malaya, said so too. "
        "Aishath Shifza, deputy governor of the Maldives Monetary Authority, signed."
    )
    assert set(found) == {
        "Sardor Tursunov",
        "Talal bin Ahmed Al Rawahi",
        "Farah Nadzri",
        "Aishath Shifza",
    }
    assert found["Sardor Tursunov"].country == "UZ"
    assert found["Talal bin Ahmed Al Rawahi"].country == "OM"
    assert found["Aishath Shifza"].country == "MV"


def test_a_company_head_takes_the_country_the_article_gives_the_company():
    found = people(
        "Serbian pipeline operator Transnafta and Hungarian energy group MOL signed a deal. "
        "It was signed by Nenad Kostic, acting director of Transnafta, and Gabor Szekeres, "
        "MOL's executive vice president. Algeria's state energy company Sonatrach and Italy's "
        "Eni signed too: Rachid Benmansour, Sonatrach's executive vice president, and Claudio "
        "Descalzi, Eni's chief executive. Vietnam Electricity (EVN) signed with Electricite du "
        "Laos (EDL): Nguyen Thi Thu Ha, deputy general director of EVN, and Phonesavanh "
        "Keomany, managing director of EDL. Meanwhile Halvar Lund, chief executive of TenneX, "
        "the Dutch state-owned grid operator, spoke of Belgium."
    )
    countries = {name: p.country for name, p in found.items()}
    assert countries == {
        "Nenad Kostic": "RS",
        "Gabor Szekeres": "HU",
        "Rachid Benmansour": "DZ",
        "Claudio Descalzi": "IT",
        "Nguyen Thi Thu Ha": "VN",
        "Phonesavanh Keomany": "LA",
        "Halvar Lund": "NL",
    }
    assert found["Nguyen Thi Thu Ha"].role == "Deputy General Director"


def test_a_company_named_beside_another_person_is_not_theirs():
    found = people(
        "Argentine shale producer Patagonia Shale Energy signed with Chile's Codelco. It was "
        "signed by Patagonia Shale Energy Chief Executive Tomas Grinberg and a senior Codelco "
        "executive."
    )
    assert found["Tomas Grinberg"].country == "AR"


def test_an_international_body_official_gets_no_guessed_country():
    found = people(
        "ACCRA, May 2 (Reuters) - Katrin Oberholzer, the IMF's mission chief for Ghana, said "
        "talks with Ghana would go on. IMF Managing Director Kalina Petrova agreed with Ghana."
    )
    assert found["Katrin Oberholzer"].country is None
    assert found["Kalina Petrova"].country is None


def test_a_name_with_its_country_before_the_title():
    found = people(
        "The declaration was signed by Kristaps Eglitis of Latvia, state secretary at the "
        "transport ministry, and by a Lithuanian official."
    )
    eglitis = found["Kristaps Eglitis"]
    assert (eglitis.role, eglitis.country) == ("State Secretary", "LV")


def test_the_company_s_head_and_a_company_named_after_a_person():
    found = people(
        "US engineering group Halvorsen Energy signed a contract in Riyadh. Mark Halvorsen, "
        "the company's chief executive, signed for the group. Korea Aerospace Industries (KAI) "
        "will build jets for Indonesia. Park Jin-woo, a vice president at KAI, said Indonesia "
        "would get work."
    )
    halvorsen = found["Mark Halvorsen"]
    assert halvorsen.country == "US"
    assert [m.text for m in halvorsen.mentions] == ["Mark Halvorsen"]
    assert found["Park Jin-woo"].country == "KR"


def test_portfolio_lists_heads_of_bodies_and_international_delegations():
    found = people(
        "SKOPJE, March 3 - Ghana's Minister of Trade, Agribusiness and Industry, Elizabeth "
        "Ofosu-Adjare, spoke. The head of Peru's National Water Authority (ANA), Jose Luis "
        "Quispe, signed. Albanian Minister for Europe and Foreign Affairs Igli Hasani came. "
        "The Head of the Delegation of the European Union, Ambassador Katarina Lindqvist, "
        "attended."
    )
    assert set(found) == {
        "Elizabeth Ofosu-Adjare",
        "Jose Luis Quispe",
        "Igli Hasani",
        "Katarina Lindqvist",
    }
    assert found["Elizabeth Ofosu-Adjare"].country == "GH"
    assert found["Jose Luis Quispe"].country == "PE"
    assert found["Igli Hasani"].country == "AL"
    assert found["Katarina Lindqvist"].country is None


def test_local_officials_take_the_country_of_their_region_or_city():
    found = people(
        "Officials said Kigoma Regional Commissioner Halima Mtanda saw jobs grow. The akim of "
        "Mangystau region, Serik Abenov, took part. Mato Grosso do Sul Governor Eduardo "
        "Riedel agreed."
    )
    assert {name: p.country for name, p in found.items()} == {
        "Halima Mtanda": "TZ",
        "Serik Abenov": "KZ",
        "Eduardo Riedel": "BR",
    }


def test_a_leader_named_with_a_middle_initial_is_found_in_the_reference_table():
    found = people("President Ferdinand R. Marcos Jr. has directed the department to act.")
    assert found["Ferdinand R. Marcos Jr"].country == "PH"


def test_buildings_bodies_and_country_names_are_not_people():
    found = people(
        "Prime Minister John Briceno hosted the talks at the Sir Edney Cain Building. Jordan "
        "Alleyne, chief executive of the Barbados Agricultural Development and Marketing "
        "Corporation, spoke. Christopher Luxon, the prime minister of New Zealand, Papua New "
        "Guinea Prime Minister James Marape and others came. Rafael Grossi, Director General "
        "of the International Atomic Energy Agency, said so. Laura Mitchell, a Caspian energy "
        "specialist at the University of Georgia, agreed."
    )
    assert set(found) == {
        "John Briceno",
        "Jordan Alleyne",
        "Christopher Luxon",
        "James Marape",
        "Rafael Grossi",
        "Laura Mitchell",
    }
    assert found["Christopher Luxon"].country == "NZ"
    assert found["James Marape"].country == "PG"
    assert found["Rafael Grossi"].role == "Director General"
    assert found["Laura Mitchell"].country is None


def test_bodies_named_with_their_country_and_companies_by_their_first_word():
    found = people(
        "It was signed by Abdiweli Hersi Nur, director general of the Somali Petroleum "
        "Authority, and by Mr. Mamadou Lamine Ndiaye, Director of Maritime Fisheries of "
        "Senegal. Ikenga Industrial Holdings, the Nigerian cement and packaging group, bought "
        "the firm; the deal was signed by Ikenga's group chief executive, Adaeze Nwankwo. "
        "Indonesia's PLN is in talks with Singapore's Sembcorp Industries. Lim Wei Jie, head "
        "of renewables at Sembcorp, said talks went on."
    )
    assert {name: p.country for name, p in found.items()} == {
        "Abdiweli Hersi Nur": "SO",
        "Mamadou Lamine Ndiaye": "SN",
        "Adaeze Nwankwo": "NG",
        "Lim Wei Jie": "SG",
    }


def test_each_side_of_the_talks_gives_its_people_a_country():
    found = people(
        "The technical talks are led on the Japanese side by Hiroshi Nakagawa, a deputy "
        "director-general of the Fisheries Agency, and on the Chinese side by Zhou Lianfeng, "
        "a deputy minister at the customs office. Nakagawa spoke first."
    )
    assert found["Hiroshi Nakagawa"].country == "JP"
    assert found["Zhou Lianfeng"].country == "CN"


def test_occupations_who_clauses_and_employers_named_in_a_list():
    found = people(
        "Sanjay Kothari, an Indian manufacturer, turned down orders. Orlando Paz, who grows "
        "coffee, lost half his crop. Kazakhstan's Defence Minister Ruslan Zhaksylykov came; "
        "Haluk Gorgun, President of Defence Industries, signed. South Korean shipbuilder Daesan "
        "Marine and Indonesian state shipbuilder PT PAL signed a contract. It was signed by "
        "Daesan Marine CEO Park Ji-hoon and PT PAL President Director Wahyu Pratama."
    )
    assert {name: p.country for name, p in found.items()} == {
        "Sanjay Kothari": "IN",
        "Orlando Paz": None,
        "Ruslan Zhaksylykov": "KZ",
        "Haluk Gorgun": None,
        "Park Ji-hoon": "KR",
        "Wahyu Pratama": "ID",
    }


def test_headlines_appointments_former_and_born_and_agencies():
    found = people(
        "Foreign Minister Abdelatty Receives Lebanese Counterpart in Cairo\n"
        "Quito, Jun 2 (Prensa Latina) Foreign Minister Badr Abdelatty met Youssef Rajji. "
        "Noboa appointed Paola Jaramillo as Minister of Energy and Mines. Marta Kos, a former "
        "Slovenian diplomat, spoke, as did Ingrid Solheim Diaz, a Chilean-born fisheries "
        'economist. "We need jobs," she told Prensa Latina. The Finnish Border Guard said '
        "the ship was escorted. Prime Minister Luis Montenegro of Portugal agreed."
    )
    assert set(found) == {
        "Badr Abdelatty",
        "Youssef Rajji",
        "Paola Jaramillo",
        "Marta Kos",
        "Ingrid Solheim Diaz",
        "Luis Montenegro",
    }
    assert found["Badr Abdelatty"].aliases == ("Abdelatty",)
    assert found["Paola Jaramillo"].role == "Minister of Energy and Mines"
    assert found["Marta Kos"].country is None
    assert found["Ingrid Solheim Diaz"].country is None
    assert found["Luis Montenegro"].country == "PT"


def test_the_other_side_is_no_guess_and_leaders_of_groups_are_titled():
    found = people(
        "CAIRO, Aug 3 (MENA) - Minister of Water Resources and Irrigation Hani Sewilam said "
        "the lack of data from the Ethiopian side made planning hard. Canadian farm leader "
        "Marianne Dufresne said growers were paying the price."
    )
    assert found["Hani Sewilam"].country == "EG"
    assert (found["Marianne Dufresne"].role, found["Marianne Dufresne"].country) == (
        "Farm Leader",
        "CA",
    )


def test_a_name_after_an_oxford_comma_is_no_portfolio():
    found = people(
        "It was signed by the UAE's Minister of State for Foreign Trade, Thani Al Zeyoudi, "
        "and Chipoka Mulenga, Zambia's Minister of Commerce, Trade and Industry."
    )
    assert found["Thani Al Zeyoudi"].role == "Minister of State for Foreign Trade"
    assert found["Chipoka Mulenga"].country == "ZM"


def test_consultancies_outlets_and_bodies_are_not_speakers():
    found = people(
        "Rebecca Thornhill, head of research at consultancy Kestrel Risk, said so. Caputo told "
        "Radio Mitre the deal would help. Martin Echeverria, president of the Argentine Beef "
        "Exporters Consortium, said exports would rise. Gurbanguly Berdimuhamedov is chairman "
        "of the Halk Maslahaty, who wields influence."
    )
    assert "Kestrel Risk" not in found
    assert "Radio Mitre" not in found
    assert "Beef Exporters Consortium" not in found
    assert "Halk Maslahaty" not in found
    assert {"Rebecca Thornhill", "Martin Echeverria"} <= set(found)


def test_employers_named_by_initials_or_described_with_a_comma():
    found = people(
        "Nigerian supplier Deltaline Gas Ltd. signed a contract with Ghana's state power "
        "producer, Volta River Authority. It was signed by Adaeze Okonkwo, Deltaline's chief "
        "commercial officer, and Abena Asante-Darko, VRA's deputy chief executive. Falcon "
        "Mineral Holdings, an Emirati mining investor, signed too: Omar Al Mansoori, Falcon's "
        "chief executive, spoke."
    )
    assert found["Adaeze Okonkwo"].country == "NG"
    assert found["Abena Asante-Darko"].country == "GH"
    assert found["Omar Al Mansoori"].country == "AE"


def test_a_company_described_by_its_country_but_not_named():
    found = people(
        "Anil Kumar Iyer, managing director of an Indian seafood exporter based in Kochi, said "
        "tariffs fell. Mr Tesfaye Wolde-Giorgis, chief executive officer of the Ethiopian state "
        "utility, signed."
    )
    assert found["Anil Kumar Iyer"].country == "IN"
    assert found["Tesfaye Wolde-Giorgis"].country == "ET"


def test_delegate_ministers_police_ranks_and_reported_subjects():
    found = people(
        "It was signed by Madam Aminata Kone, the Ivorian Minister-Delegate for Agricultural "
        "Value Chains. Detective Superintendent Ville Lehtonen of the National Bureau of "
        "Investigation spoke. The Hungarian operator FGSZ and its Slovak counterpart Eustream "
        "signed. Namibian economist Ndapewa Shilongo said Walvis Bay would need investment."
    )
    assert set(found) == {"Aminata Kone", "Ville Lehtonen", "Ndapewa Shilongo"}
    assert found["Aminata Kone"].country == "CI"
    assert found["Ville Lehtonen"].role == "Superintendent"


def test_a_bare_speaker_or_vice_president_under_a_dateline_serves_its_government():
    found = people(
        "QUITO, Jun 2 (Prensa Latina) - The president was flanked by Vice President Maria Jose "
        "Pinto, and Speaker Niels Olsen welcomed the new cabinet."
    )
    assert found["Maria Jose Pinto"].country == "EC"
    assert found["Niels Olsen"].country == "EC"


def test_state_agency_titles_run_into_the_name():
    found = people(
        "The memorandum was signed by Chairman of the Management Board of Tau-Ken Samruk "
        "Askhat Nurpeisov and Managing Director of Rohstoffwerk Lausitz Jens Oberdorf. It was "
        "also signed by Chairman of the Board of JSC National Electric Grid of Uzbekistan "
        "Sherzod Khodjaev. Plenipotentiary Representative of the Cabinet of Ministers in "
        "Issyk-Kul region Bakyt Sadykov attended. Secretary of Foreign Affairs Theresa P. Lazaro "
        "spoke, as did Ramasamy, managing director of Sri Valli Knits, one of many exporters."
    )
    assert {"Askhat Nurpeisov", "Jens Oberdorf", "Sherzod Khodjaev", "Bakyt Sadykov"} <= set(found)
    assert found["Sherzod Khodjaev"].country == "UZ"
    assert "Theresa P" not in found
    assert "Valli Knits" not in found


def test_destinations_and_chief_ministers():
    found = people(
        "Boats left the coast controlled by Marshal Khalifa Haftar, for the Greek island of "
        "Crete. Khyber Pakhtunkhwa Chief Minister Sohail Afridi urged Kabul to reopen the border."
    )
    assert found["Khalifa Haftar"].country != "GR"
    assert found["Sohail Afridi"].country == "PK"


@pytest.mark.parametrize(
    ("text", "name", "how"),
    [
        ("Vietnamese Prime Minister Tran Duc Minh arrived in Hanoi.", "Tran Duc Minh", "title"),
        (
            "SANTIAGO, July 8 (Reuters) - Finance Minister Camila Rojas said inflation would "
            "ease. Rojas spoke after a cabinet meeting.",
            "Camila Rojas",
            "dateline",
        ),
        (
            "Ilham Aliyev inaugurated a bridge on Saturday. Aliyev said more would follow.",
            "Ilham Aliyev",
            "reference",
        ),
        (
            "Chief Executive Marta Olsen said the company would hire 200 engineers.",
            "Marta Olsen",
            None,
        ),
    ],
)
def test_each_country_says_which_rule_found_it(text: str, name: str, how: str | None):
    person = people(text)[name]
    assert person.country_how == how
    assert (person.country is None) == (how is None)
