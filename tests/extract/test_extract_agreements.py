"""Agreements: signed, planned, negotiating, none; titles, dates, places, parties."""

from datetime import date

from corpus_db.extract import extract

FRIDAY = date(2025, 3, 14)  # a Friday


def agreements(text: str, published: date = FRIDAY):
    return extract(text, published).agreements


def test_memorandum_planned():
    (memo,) = agreements(
        "India and Germany will sign a memorandum of understanding on green hydrogen next month."
    )
    assert memo.kind == "memorandum"
    assert memo.status == "planned"
    assert memo.title == "memorandum of understanding on green hydrogen"
    assert memo.signed_on is None
    assert memo.parties == ("DE", "IN")


def test_memorandum_signed_with_explicit_date_and_place():
    (memo,) = agreements(
        "Oman and Kenya signed a memorandum of understanding on fisheries on 3 March 2025 "
        "in Muscat."
    )
    assert memo.status == "signed"
    assert memo.signed_on == date(2025, 3, 3)
    assert memo.place == "Muscat"
    assert memo.parties == ("KE", "OM")


def test_named_document_and_later_references_are_one():
    text = (
        "Ghana and Togo signed the Accra Declaration on Border Trade yesterday. "
        "The declaration opens two crossings. The document was welcomed by traders."
    )
    (decl,) = agreements(text)
    assert decl.title == "Accra Declaration on Border Trade"
    assert decl.kind == "declaration"
    assert decl.signed_on == date(2025, 3, 13)
    assert len(decl.mentions) == 3


def test_relative_weekday_resolves_before_publication():
    (deal,) = agreements("Peru and Chile signed a fisheries agreement on Monday.")
    assert deal.signed_on == date(2025, 3, 10)
    assert deal.title == "fisheries agreement"


def test_no_date_in_the_text_gives_none():
    (deal,) = agreements("Peru and Chile signed a fisheries agreement.")
    assert deal.signed_on is None


def test_negotiating():
    (fta,) = agreements("Negotiations are underway on a free trade agreement with Vietnam.")
    assert fta.status == "negotiating"
    assert fta.title == "free trade agreement"


def test_plans_without_a_document_are_not_agreements():
    text = (
        "Kazakhstan expressed interest in building a solar power plant. Negotiations are "
        "underway for a steel plant. The sides reached important agreements."
    )
    assert agreements(text) == ()


def test_a_document_said_not_to_exist_is_no_agreement():
    text = (
        "Ghana and Togo held talks in Lome. No formal treaty exists on the shared border, "
        "and officials said no agreement has been drafted yet."
    )
    assert agreements(text) == ()


def test_article_with_no_agreement():
    assert agreements("The ministers discussed regional security and trade.") == ()


def test_two_different_documents_stay_apart():
    text = (
        "Japan and Vietnam signed an agreement on defence equipment transfer and a "
        "memorandum on rice exports on Tuesday in Hanoi."
    )
    found = agreements(text)
    assert sorted(a.kind for a in found) == ["agreement", "memorandum"]
    assert all(a.place == "Hanoi" for a in found)


def test_signatories_are_the_signers():
    text = (
        "Foreign Minister Ana Torres of Chile and Foreign Minister Luis Vega of Peru "
        "signed a protocol on migration on Tuesday."
    )
    (protocol,) = agreements(text)
    assert protocol.kind == "protocol"
    assert protocol.signatories == ("Ana Torres", "Luis Vega")
    assert protocol.parties == ("CL", "PE")


def test_a_list_of_memoranda_is_one_agreement_each():
    found = extract(
        "Ministers of Chile and Peru exchanged memoranda of understanding on fisheries, on "
        "port logistics, and on tourism on Tuesday.",
        date(2025, 3, 14),
    ).agreements
    titles = sorted(a.title for a in found)
    assert titles == [
        "memorandum of understanding on fisheries",
        "memorandum of understanding on port logistics",
        "memorandum of understanding on tourism",
    ]
    assert {a.status for a in found} == {"signed"}
    assert {a.signed_on for a in found} == {date(2025, 3, 11)}


def test_never_signed_initialled_and_in_force_documents():
    found = {
        a.title: a
        for a in extract(
            "A water-sharing agreement between Laos and Cambodia, ready in 2019, was never "
            "signed. The Treaty on Riverine Navigation was initialled by Laos and Thailand "
            "last month. Both countries still apply the 2004 Vientiane Accord on Transit.",
            date(2025, 3, 14),
        ).agreements
    }
    assert found["water-sharing agreement"].status == "planned"
    assert found["Treaty on Riverine Navigation"].status == "planned"
    accord = found["Vientiane Accord on Transit"]
    assert (accord.status, accord.signed_on, accord.signatories) == ("signed", None, ())


def test_a_dateline_date_is_not_the_signing_date():
    [treaty] = extract(
        "RIGA, March 14 (Wire) - Latvia and Estonia on Thursday signed a treaty on rail links.",
        date(2025, 3, 14),
    ).agreements
    assert treaty.signed_on == date(2025, 3, 13)


def test_onlookers_are_not_signatories():
    [memo] = extract(
        "The memorandum on solar power was signed by Omani Energy Minister Salim Al Aufi and "
        "Indian Power Minister Raj Mehra in the presence of Omani Sultan Haitham bin Tariq "
        "and Indian Prime Minister Arun Desai.",
        date(2025, 3, 14),
    ).agreements
    assert sorted(memo.signatories) == ["Raj Mehra", "Salim Al Aufi"]
    assert memo.parties == ("IN", "OM")


def test_an_undated_signing_takes_the_lead_date_but_never_an_old_one():
    (deal,) = agreements(
        "Ghana and Togo signed an agreement on Tuesday to run a joint customs post. "
        "The Agreement on the Joint Customs Post at Noepe was signed in Accra by Trade Minister "
        "Kwame Asante and Commerce Minister Kossi Amegah."
    )
    assert deal.title == "Agreement on the Joint Customs Post"
    assert deal.signed_on == date(2025, 3, 11)
    history = agreements(
        "Paraguay and Brazil signed the Itaipu Treaty on 26 April 1973. At the end of the "
        "meeting the two foreign ministers signed a memorandum of understanding on river "
        "patrols."
    )
    memo = next(a for a in history if a.kind == "memorandum")
    assert memo.signed_on is None  # 1973 is the treaty's day, not this ceremony's


def test_titles_keep_against_and_capitalised_lists_and_the_two_vice_ministers_sign():
    (decl,) = agreements(
        "The Declaration against Illegal, Unreported and Unregulated Fishing was signed by "
        "Peru and Chile on Thursday."
    )
    assert decl.title == "Declaration against Illegal, Unreported and Unregulated Fishing"
    (memo,) = agreements(
        "Chinese Vice Foreign Minister Sun Weidong met Lao Vice Foreign Minister Phoxay "
        "Khaykhamphithoune and Thai Deputy Transport Minister Somsak Chan. The two vice "
        "ministers signed a memorandum of understanding on border ports."
    )
    assert set(memo.signatories) == {"Sun Weidong", "Phoxay Khaykhamphithoune"}


def test_a_documents_own_description_decides_its_status_over_a_bare_mention():
    (protocol,) = agreements(
        "The four countries signed a protocol approving the financing plan on Monday. "
        "Bulgaria is negotiating an accession protocol that would make it a shareholder, "
        "officials said."
    )
    assert (protocol.title, protocol.status, protocol.signed_on) == (
        "accession protocol",
        "negotiating",
        None,
    )


def test_signed_a_treaty_is_the_articles_one_treaty_not_a_negotiated_agreement():
    treaty, crossing = agreements(
        "Chile and Argentina signed a treaty on Thursday to develop lithium deposits. The "
        "Treaty on Mining Integration and Complementation was hailed by both foreign ministers. "
        "Negotiations continue on an agreement on the use of the Paso Cristo Redentor crossing.",
        date(2025, 5, 24),
    )
    assert (treaty.kind, treaty.status, treaty.signed_on) == ("treaty", "signed", date(2025, 5, 22))
    assert (crossing.kind, crossing.status) == ("agreement", "negotiating")


def test_the_document_signed_by_the_two_ministers_names_its_signatories():
    (treaty,) = agreements(
        "Uzbekistan and South Korea signed the Agreement on the Avoidance of Double Taxation "
        "on 12 February 2025 in Seoul. Uzbek Deputy Prime Minister Laziz Kudratov and South "
        "Korean Trade Minister Ahn Duk-geun led the talks. The document was signed by the two "
        "ministers after talks.",
        date(2025, 2, 14),
    )
    assert treaty.signatories == ("Laziz Kudratov", "Ahn Duk-geun")
    assert treaty.place == "Seoul"


def test_the_dateline_host_is_a_party_when_the_text_names_only_the_visitor():
    (memo,) = agreements(
        "MUSCAT, March 12 (ONA) -- The foreign minister received visiting Indian External "
        "Affairs Minister Ravi Menon on Tuesday. The two ministers then signed a memorandum of "
        "understanding on maritime heritage."
    )
    assert memo.parties == ("IN", "OM")
