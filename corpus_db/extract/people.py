"""People: titled persons, every form that refers to each, their role and country.

A person is introduced only by a title pattern, which keeps organisations,
awards and sentence-initial words out:

* title + name: "President Kassym-Jomart Tokayev", "Foreign Minister Wang Yi",
  "Crown Prince Mohammed bin Salman", optionally with the country before
  ("Kazakh President ...", "Kyrgyzstan's President ...") or after
  ("President of Kazakhstan ...");
* name + appositive: "Sadyr Japarov, President of Kyrgyzstan";
* plural title: "Presidents A and B".

Then every form of each known name is found in the whole article: the full
name, the surname (last token; possessive "'s" left outside the span), a short
first token of a two- or three-token name ("Xi" of "Xi Jinping"), the given
name with a patronymic ("Sadyr Nurgozhoyevich"), and the bare title
("the President of Kyrgyzstan", "the Kazakh President") when exactly one
person holds that title for that country (or, for a bare "the Emir", exactly
one person holds that title at all). A short form shared by two people is
left unresolved. Bare titles are mentions but not aliases.

Country, from the most direct evidence: the country in the title pattern
("Kazakh President", "Minister of Energy of Azerbaijan", "governor of the
Central Bank of Egypt", "director general of the Somali Petroleum
Authority", "Kigoma Regional Commissioner", "its foreign minister"; never
the country an envoy is posted to); a country written beside the name ("Z of
Turkmenistan", "signed for Romania", "Georgia was represented by Z", "Z, who
heads Nepal's energy ministry", "on the Japanese side by Z"); alignment, when
one sentence lists N countries and N people of the same title with no
country, paired in order ("Kazakhstan and Kyrgyzstan ... President A and
President B"); the reference table; a company head's employer, when the
article gives the company a country (``organisations``); and last, for state
officials only, guesses from context: the other side of a same-title pair
that meets, the one country of the introducing sentence, and the dateline's
country for a bare government office. An official of an international body
("the IMF's mission chief") gets no guess; "a former Slovenian diplomat" and
"a Chilean-born economist" are not of that country now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from corpus_db.extract import cues, reference
from corpus_db.extract.facts import CountryMention, PersonFact, Span
from corpus_db.extract.gazetteer import data, lookup
from corpus_db.extract.organisations import ORG_NOUNS, organisations
from corpus_db.extract.text import (
    LETTER,
    MONTHS,
    SPACES,
    UP,
    WEEKDAYS,
    fold,
    sentence_index,
    words,
)

_PORTFOLIO = (
    "Foreign|Affairs|Defence|Defense|Finance|Economy|Economic|Trade|Industry|Energy|Interior|"
    "Internal|Home|Health|Education|Agriculture|Justice|Labour|Labor|Transport|Culture|"
    "Environment|Digital|Development|Investment|Investments|Tourism|Emergency|Emergencies|"
    "Situations|Information|Water|Resources|Natural|Oil|Petroleum|Mines|Mining|Commerce|"
    "Communications|Science|Higher|Youth|Sports?|Social|Security|Integration|Planning|Public|"
    "Works|Infrastructure|Fisheries|Food|Technology|Innovation|Relations|International|"
    "Cooperation|European|Climate|Housing|Urban|Rural|Land|Enterprise|National|Welfare|"
    "Protection|Family|Women|Children|Religious|Legal|Parliamentary|Veterans|Power|"
    "Electricity|Gas|Budget|Treasury|Intelligence|Diaspora|Ecology|Construction|Aviation|"
    "Minerals|Mineral|Transition|Sustainable|Hydrocarbons|Maritime|Blue|Employment|Wealth|"
    "Administration|Reform|Reforms|Solidarity|Heritage|Arts|Humanitarian|Affairs|Territorial|"
    "Regional|Local|Government|Civil|Service|Telecommunications|Posts|Media|Entrepreneurship|"
    "Cooperatives|Livestock|Irrigation|Forestry|Forests|Wildlife|Oceans|Metallurgy|"
    "Chemicals|Textiles|Commerce|Statistics|Finances|Economic|Affairs|Overseas|Commonwealth|"
    "Defense|Armed|Forces|Citizenship|Immigration|Migration|Refugees|Equality|Gender|External|"
    "Industries|Productivity|Workplace|Growth|Green|Enterprises|Connectivity|Ports|Shipping|"
    "Sanitation|Lands|Infrastructures|Privatisation|Privatization|Plantation|Plantations|Commodities|"
    "Roads|Promotion|Exports|Export|Industrialisation|Industrialization|Tourism|Antiquities|"
    "Logistics|Accounts|Mobility|Waterways|Railways|Broadcasting|Consumer|Fiscal|Monetary|"
    "Nuclear|Space|Digitalisation|Digitalization|Ecological|Peace|Reconciliation|Disaster|"
    "Management|Marine|Coastal|Endowments|Indigenous|Minorities|Crafts|Strategic|Human|Rights|"
    "Europe|Agribusiness|Equipment|Basic|Restoration|Reconstruction|Recovery|Industrial|"
    "Agricultural|Asylum|Governance|Insular|Handicrafts|Sanitation|Hygiene|Tourism|Vocational|Training"
)
_PORT_JOIN = r"(?:,[ \t]*|[ \t]+and[ \t]+|[ \t]+&[ \t]+|[ \t]+)(?:the[ \t]+)?"
_PORTS = rf"(?:{_PORTFOLIO})(?:{_PORT_JOIN}(?:{_PORTFOLIO}))*"
_PORT_WORDS = frozenset(w.lower() for w in _PORTFOLIO.replace("Sports?", "Sport|Sports").split("|"))
_MODIFIERS = frozenset(words("first deputy vice acting interim former senior"))
# Words that may stand before each head word to make a longer title.
_BEFORE_HEAD = {
    "minister": _PORT_WORDS | {"prime", "state", "and", "&", "chief"},
    "secretary": _PORT_WORDS | {"and", "&", "press", "cabinet", "permanent", "state", "under"},
    "general": frozenset({"lieutenant", "major", "brigadier", "attorney", "director"}),
    "director": frozenset(
        words("general managing executive commercial regional technical country")
    ),
    "prince": frozenset({"crown"}),
    "executive": frozenset({"chief"}),
    "envoy": frozenset({"special"}),
    "coordinator": frozenset({"special", "resident", "humanitarian"}),
    "commissioner": frozenset(words("high regional district county provincial")),
    "adviser": _PORT_WORDS,
    "advisor": _PORT_WORDS,
    "representative": frozenset({"special", "permanent", "plenipotentiary"}),
    "leader": frozenset(
        words("""supreme opposition farm union business party community industry church rebel
        tribal religious military labour labor trade student youth protest""")
    ),
}
_TITLE_WORDS = _PORT_WORDS | _MODIFIERS | frozenset(words("prime crown supreme special state"))
_GIVEN_NAMES = frozenset(data()["given_names"])
_WORLD_REGIONS = frozenset(
    words("Asia Africa Europe America Americas Pacific Caribbean Balkans Caucasus Arctic Sahel")
)
_RANKS = frozenset(
    words("""admiral general lieutenant colonel major captain commander marshal brigadier
    sergeant dr mr mrs ms prof professor sheikh sir dame lord lady ambassador hon datuk dato
    datin seri tun tengku tunku sayyid mawlawi maulana mullah haji hajji""")
)
_NEEDS_BEFORE = frozenset({"leader", "representative", "coordinator"})
_WORD_BEFORE = re.compile(r"([A-Za-z&]+),?[ \t-]+\Z")
# "Permanent Representative to the UN": an office held at an international body.
_TO_BODY = (
    r"[ \t]+to[ \t]+(?:the[ \t]+)?(?:un|united[ \t]+nations|eu|european[ \t]+union|nato|wto|osce|"
    r"iaea|african[ \t]+union|au|asean|opec|who|unesco|imf|world[ \t]+bank)\b"
)
_TAIL = {
    "minister": re.compile(
        rf"[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?(?:State[ \t]+for[ \t]+)?{_PORTS}\b"
        r"|[ \t]+of[ \t]+State\b",
        re.IGNORECASE,
    ),
    "secretary": re.compile(
        rf"(?:[ \t]*-[ \t]*|[ \t]+)general\b|[ \t]+of[ \t]+state\b(?:[ \t]+for[ \t]+{_PORTS}\b)?"
        rf"|[ \t]+for[ \t]+(?:the[ \t]+)?{_PORTS}\b",
        re.I,
    ),
    "head": re.compile(r"[ \t]+of[ \t]+(?:state|government)\b", re.IGNORECASE),
    "ambassador": re.compile(
        rf"[ \t]+extraordinary[ \t]+and[ \t]+plenipotentiary\b(?:{_TO_BODY})?|{_TO_BODY}", re.I
    ),
    "representative": re.compile(_TO_BODY, re.I),
    "envoy": re.compile(_TO_BODY, re.I),
    "commissioner": re.compile(rf"[ \t]+(?:for|of)[ \t]+(?:the[ \t]+)?{_PORTS}\b", re.I),
}
_TAIL["undersecretary"] = _TAIL["secretary"]
# "Director-General of Maritime Affairs"; "of the International Atomic Energy Agency" is a body.
_TAIL["general"] = re.compile(rf"[ \t]+(?:for|of)[ \t]+{_PORTS}\b", re.I)
# Offices held in another country: "Chinese Ambassador to Kuwait Zhao Mingde", "Saudi
# Arabia's envoy for Lebanon, Prince Yazid bin Farhan". The country posted to is not theirs.
_POSTED = frozenset(words("ambassador envoy representative"))
_POSTED_TO = re.compile(r"[ \t]+(?:to|for|in)[ \t]+(?:the[ \t]+)?")
# Heads that are a title only with their tail: "Head of State", not "head".
_NEEDS_TAIL = frozenset({"head"})
# The rest of a list of portfolios the pattern does not know, up to the comma after it.
# One word between commas, up to two after "and": "of Trade, Agribusiness and Industry",
# "of Infrastructure, Equipment and Social Housing" (never "of Energy, Ali Khan and ..."
# nor "for Foreign Trade, and Chipoka Mulenga,").
_MORE_PORTFOLIOS = re.compile(
    r"(?:,[ \t]*[A-Z][\w-]*)+,?[ \t]+(?:and|&)[ \t]+(?:the[ \t]+)?"
    r"[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*)?(?=,)"
)
_TITLE_HEADS = words(
    """minister president premier secretary king queen emir amir prince princess sultan
    sheikh emperor chancellor ambassador envoy representative chair chairman chairwoman
    chairperson speaker governor mayor senator leader pope spokesman spokeswoman
    spokesperson undersecretary analyst expert economist professor researcher director ceo executive
    commissioner adviser advisor diplomat negotiator founder lawmaker counterpart coordinator
    commandant admiral commander general colonel marshal mr mrs ms dr hon head pm fm akim wali
    prefect superintendent inspector prosecutor judge"""
)
# Forms of address, not offices: "Mr Tokayev", "Sheikh Mohamed" (an office follows, if any).
_HONORIFICS = frozenset(words("mr mrs ms dr sheikh hon"))
# Abbreviated offices, written in capitals: "PM Modi", "FM Dar".
_ABBREVIATED = {"pm": "Prime Minister", "fm": "Foreign Minister"}
_TITLE = "title"
_TITLE_HEAD = cues.word_pattern(_TITLE, _TITLE_HEADS)
_PLURAL = "plural title"
_PLURAL_HEAD = cues.word_pattern(_PLURAL, words("presidents ministers kings leaders"))
_PLURAL_TAIL = re.compile(
    r"(?:[ \t]+of[ \t]+the[ \t]+(?:two|three|four|five|six)[ \t]+"
    r"(?:countries|nations|states|sides))?,?[ \t]+"
)
_WORD_BEFORE_CASED = re.compile(r"([A-Za-z]+)[ \t]+\Z")
_PARTICLE = (
    r"(?:bin|bint|ibn|binti|al|el|de|da|do|dos|das|du|del|della|der|den|van|von|di|le|la|ter|ten)"
)
_TOKEN = rf"(?:(?:al|el|ad|as|ash|at|az|ibn|bin)-)?{UP}{LETTER}*(?:(?:-|['’](?!s\b)){LETTER}+)*"
_GAP = r"[ \t\u00a0]+"
_NAME_RE = re.compile(
    rf"(?:{UP}\.(?:{UP}\.)?{_GAP})?"  # a leading initial: "S. Jaishankar", "H.D. Deve Gowda"
    rf"{_TOKEN}(?:{_GAP}(?:{_PARTICLE}{_GAP})*(?:{UP}\.{_GAP})?{_TOKEN}){{0,5}}"
    r"(?:,?[ \t]+(?:Jr|Sr)\.?)?"
)
_PATRONYMIC = re.compile(
    rf"{_GAP}({UP}{LETTER}*(?:ovich|evich|ovna|evna|uly|ulu|kyzy|qyzy|oglu|oğlu|ovych|ivna)"
    rf"(?!{LETTER}))"
)
_TO_COUNTRY = re.compile(r"[ \t]+(?:to|in)[ \t]+(?:the[ \t]+)?")
_HOST_PLACE = re.compile(
    r"[ \t]+(?:to|in)[ \t]+(?:the[ \t]+)?[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?(?=,)"
)
_OF_COUNTRY = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?")
_OF_OR_AT = re.compile(r"[ \t]+(?:of|at)[ \t]+(?:the[ \t]+)?")
# "X for Romania", "X, signing for Romania"; not "X, for the Greek island" (a destination).
_FOR_COUNTRY = re.compile(
    r"(?:,?[ \t]+(?:signed|signing|speaking|spoke|acting)[ \t]+|[ \t]+)"
    r"(?:for|on[ \t]+behalf[ \t]+of)[ \t]+(?:the[ \t]+)?"
)
# "X, who heads Nepal's energy ministry", "X, who represents Ghana".
_WHO_HEADS = re.compile(
    r",[ \t]+who[ \t]+(?:heads|headed|leads|led|runs|chairs|represents|represented)[ \t]+"
    r"(?:the[ \t]+)?"
)
# Starts right after the country: "Nigeria's delegation was headed by Minister of
# State for Gas Resources X", "Georgia was represented by", "the Cook Islands side was led by".
_LED_BY = re.compile(
    r"(?:['’]s)?(?:[ \t]+(?:delegation|side|team|government))?[ \t]+(?:was[ \t]+|were[ \t]+)?"
    r"(?:led|headed|represented)[ \t]+by[ \t]+"
    r"(?:(?:[A-Z][\w'’-]*|of|for|the|and|&|its|their),?[ \t]+){0,8}\Z"
)
_THE_BEFORE = re.compile(r"\b[Tt]he[ \t]+\Z")
_PRE_GAP = re.compile(
    r"(?:['’]s)?[ \t]+(?:(?:new|former|acting|interim|incumbent|then|outgoing|late|top)[ \t]+)?\Z"
)
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|told|according[ \t]+to|quoted)[ \t]")
_SPEECH_VERBS = words(
    """said says told added noted stressed explained warned stated wrote announced emphasised
    emphasized underlined urged insisted argued declared acknowledged recalled estimated
    predicted cautioned confirmed welcomed criticised criticized praised rejected denied
    dismissed tweeted posted replied responded countered"""
)
_SPEECH = cues.register("speech", ["according", "quoted"])
_SPEECH_VERB = cues.word_pattern(_SPEECH, _SPEECH_VERBS)
_ORG_NOUN_BEFORE = re.compile(
    rf"\b(?:{'|'.join(sorted(ORG_NOUNS | {'think-tank', 'outlet', 'newspaper'}))})[ \t]+\Z"
)
# A verb right after a name: the name is the subject of a reported clause.
_CLAUSE_VERB = re.compile(
    r"[ \t]+(?:would|will|could|can|should|may|might|must|had|has|have|was|were|is|are|needs?|"
    r"remains?|faces?)\b"
)
_SPEECH_GAP = re.compile(r"(?:,[ \t]*|[ \t]+)\Z")
_APPOSITIVE_GAP = re.compile(
    r",[ \t]+(?:(?:the|a|an)[ \t]+)?(?:(?:independent|political|leading|local|regional|chief|"
    r"managing|executive|general|deputy|senior|former|veteran|prominent|foreign|economic)[ \t]+)?\Z"
)
_ONE_TOKEN = re.compile(_TOKEN)
_INITIALS = re.compile(rf"(?:{UP}\.){{1,3}}")  # "Lamin K. Jobe", "H.D. Deve Gowda"
_PARTICLES = frozenset(_PARTICLE.strip("(?:)").split("|"))
_OPENERS = "(\"“‘'«["
_AND = re.compile(r"(?:[ \t]*,[ \t]*|[ \t]+)(?:and[ \t]+)?|[ \t]+and[ \t]+")
_ROMAN = re.compile(r"^[IVX]+$")
_LOWER_WORDS = frozenset(words("of for the and to"))
_ACRONYM = re.compile(r"(?![IVX]+$)[A-Z]{2,5}")  # "UN", "ASEAN"; not "II" of "Abdullah II"
_COMMA_GAP = re.compile(r",?[ \t]+")
_ADDRESS = re.compile(r"(?:Hon|Mr|Mrs|Ms|Dr|H\.[ \t]?E)\.[ \t]+")
_GAP_RE = re.compile(_GAP)

# Words of a body's, a building's or a document's name: a name that runs into one is
# that name ("the Maldives Monetary Authority", "the Sir Edney Cain Building").
_BODY_WORDS = frozenset(
    words("""Council Order Meeting Summit Ministry Bank Republic Government Forum Committee
    Organization Organisation Union Party Assembly Parliament Office Court Agency Fund Cup
    University Airlines Treaty Agreement Memorandum Declaration Protocol Palace House
    Administration Cabinet Senate Congress Commission Federation Kingdom Foundation Company
    Corporation Group Association Institute Center Centre News Press Award Prize Medal Region
    Province City Square Hall Street Avenue Road Corp Inc Ltd Plc LLC Motor Motors Holding
    Holdings Industries Technologies Systems Partners Capital Investments Electric Petroleum
    Oil Mining Steel Telecom Airways Railways Shipping Logistics Pharmaceuticals Exchange Port
    Airport Stadium Partnership Cooperation Relations Development Initiative Strategy Plan
    Programme Program Framework Facility Charter Statement Accord Pact Convention Roadmap
    Corridor Zone Authority Authorities Board Bureau Department Directorate Service Services
    Building Tower Hospital College School Museum Marketing Guard Guards Police Army Navy Force
    Forces Consortium Chamber Alliance Coalition Network Observatory Radio Television TV Times
    Post Journal Herald Gazette Tribune Daily Securities Research Consulting Advisory Studies
    Policy Secretariat Nations National""")
)
_STOP_WORDS = (
    _BODY_WORDS
    | frozenset(
        words("""The A An This That These Those It He She They We I On In At For From By With To Of
    And But Or As After Before During Since While When Where Who Which Following According Both
    Mr Mrs Ms Dr Sir Madam His Her Their Our Its Also Meanwhile However Earlier Later Today
    Yesterday Tomorrow State States Said Says Day Week Year""")
    )
    | frozenset(w.capitalize() for w in MONTHS + WEEKDAYS)
)


@dataclass(slots=True)
class _Person:
    name: str
    role: str | None
    country: str | None
    first: int
    forms: dict[str, int] = field(default_factory=dict)  # form -> first offset
    mentions: dict[int, Span] = field(default_factory=dict)  # start -> span
    # The reference table knows them as an official of an international body: no
    # country is to be guessed for them (the text may still give one).
    stateless: bool = False
    # (country, how): which step of find_people gave ``country`` (see _credit).
    found: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class _Titled:
    """A title found in the text, with the name and country it comes with."""

    role: str | None
    country: str | None
    name: str | None
    name_start: int
    span: Span  # title span (with its country), used for bare-title mentions
    stateless: bool = False  # the title is an international body's ("IMF mission chief")


def find_people(
    text: str,
    sentences: list[tuple[int, int]],
    mentions: list[CountryMention],
    host: str | None = None,
) -> list[PersonFact]:
    """Every titled person in the article, in order of first mention.

    ``host`` is the country of the story's dateline (``countries.dateline_country``).
    """
    by_end = {m.span.end: m for m in mentions}
    by_start = {m.span.start: m for m in mentions}
    titled = _titled(text, fold(text), by_end, by_start)
    people = _people_from(titled)
    if not people:
        return []
    _find_forms(text, people)
    _credit(people, "title")
    _country_beside(text, people, by_end, by_start)
    _credit(people, "beside")
    _align(sentences, mentions, people)
    _credit(people, "alignment")
    # The table knows an office-holder better than a sentence that merely names one country.
    _sides(text, sentences, mentions, people)
    _credit(people, "side")
    people = _from_reference(people)
    _credit(people, "reference")
    _employer(text, mentions, people)
    _credit(people, "employer")
    _other_side(text, mentions, people)
    _credit(people, "counterpart")
    # "a former Slovenian diplomat", "a Chilean-born economist": no country of theirs now
    current = [m for m in mentions if _is_current(text, m) and not _is_a_side(text, m)]
    _sole_country(sentences, current, people)
    _credit(people, "sentence")
    _company_country(sentences, current, people)
    _credit(people, "employer")
    _host_country(host, people)
    _credit(people, "dateline")
    _bare_titles(titled, people)
    ordered = sorted(people, key=lambda p: min(p.mentions) if p.mentions else p.first)
    return [_fact(p) for p in ordered if p.mentions]


def _credit(people: list[_Person], how: str) -> None:
    """Credit the step just run (``how``) with each country it set or changed.

    Kept beside the rules rather than in them, so that no rule has to know.
    """
    for p in people:
        if p.country is None:
            p.found = None
        elif p.found is None or p.found[0] != p.country:
            p.found = (p.country, how)


def _titled(
    text: str,
    folded: str,
    by_end: dict[int, CountryMention],
    by_start: dict[int, CountryMention],
) -> list[_Titled]:
    found: list[_Titled] = []
    for title_start, title_end in _title_matches(text, folded):
        role: str | None = _role(text[title_start:title_end])
        role = _ABBREVIATED.get(role.lower().rstrip("."), role)
        if role == "Diplomat" and text.endswith("top ", 0, title_start):
            role = "Foreign Minister"  # "Brazil's top diplomat": the press's name for the office
        if role is not None and role.lower().rstrip(".") in _HONORIFICS:
            role = None  # "Mr Tokayev": a person, no office
        left, country = title_start, None
        gap = _PRE_GAP.search(text, max(0, title_start - 24), title_start)
        if gap and gap.start() in by_end:
            before = by_end[gap.start()]
            left, country = before.span.start, before.code if _is_current(text, before) else None
        elif (body := _country_of_body(text, title_start, by_end)) is not None:
            country = body.code  # "Philippine Coast Guard Commandant"
        elif its := _ITS.search(text, max(0, title_start - 20), title_start):
            country = _its_country(text, its.start(), by_end)  # "Uzbekistan ... Its minister"
        end = title_end
        after = _country_after(text, end, by_start)
        if after is not None:
            end, country = after.span.end, country or after.code
        elif role and role.split()[-1].lower() in _POSTED:
            posted = _POSTED_TO.match(text, end)
            if posted and (post := by_start.get(posted.end())) is not None:
                end = post.span.end  # "Ambassador to Kuwait": where they serve, not whose
        if host := _HOST_PLACE.match(text, end):
            end = host.end()  # "Ambassador of Tunisia in Tripoli, X": where, not whose
        if country is None and role and role.lower().startswith("spokes"):
            if (spoken := _spoken_for(text, end, by_start)) is not None:
                country = spoken.code  # "A spokesman for Nigeria's presidency, Bayo Onanuga"
                body = _BODY_UNTIL_COMMA.match(text, spoken.span.end)
                end = body.end() if body else spoken.span.end
        elif country is None:
            country = _body_country(text, end, _is_state_role(role))
        if country is None and _is_local_role(role):
            country = _place_country(text, left, end)  # "Kigoma Regional Commissioner X"
        span = Span(left, end, text[left:end])
        # "director general of the Ivorian Coffee and Cocoa Council": a body follows.
        body_follows = after is not None and after.how == "demonym"
        # "Minister of Foreign Affairs, X": a multi-word title may take its name after a comma.
        comma = country is not None or " " in text[title_start:title_end]
        name = None if body_follows else _name_after(text, end, comma=comma)
        if name is None or (role and _ENDS_CLAUSE.match(text, name[1] + len(name[0]))):
            # "Aminata Kone, the Ivorian Minister-Delegate for Agricultural Value Chains,":
            # the title is in apposition; what follows it is the rest of the portfolio
            name = _appositive(text, left) or name
        if name is None and (named_as := _AS_BEFORE.search(text, max(0, left - 12), left)):
            name = _name_before(text, named_as.start())  # "appointed X as Minister of Energy"
        if name is None and (body_follows or _OF_SOMETHING.match(text, end)):
            # "the chairman of Uzbekistan's national grid operator, Sardor Tursunov"
            held = _BODY_TO_COMMA.match(text, end)
            name = _name_after(text, held.end(), comma=True) if held else None
            name = name if name and " " in name[0] else None
            # "Ramasamy, managing director of Sri Valli Knits,": the title describes Ramasamy
            apposed = text.endswith(", ", 0, left) and _names_someone(text, left - 2)
            if name is None and not apposed and (run := _name_after_body(text, end)) is not None:
                # "Chairman of the Board of JSC National Electric Grid of Uzbekistan Sherzod
                # Khodjaev": state-agency style, the body's name runs into the person's
                name, body = run
                country = (
                    country
                    or _country_in(body, text, end, by_start)
                    or (_place_country(text, name[1], name[1]) if _is_local_role(role) else None)
                )
        elif country is None and name is not None:
            after = _country_after(text, name[1] + len(name[0]), by_start)
            if after is not None and (
                after.how != "demonym"
                or _is_state_role(role)
                or _GOVERNMENT_BODY.match(text, after.span.end)
            ):
                # "Economist X of the American University": a body's name, not X's country
                country = after.code
        if name is None and (
            role == "Head"
            or (
                country is None
                and not _THE_BEFORE.search(text, max(0, title_start - 5), title_start)
            )
        ):
            continue
        if role == "Counterpart":
            if name and " " not in name[0] and not reference.lookup(name[0]):
                continue  # "its Slovak counterpart Eustream": a company's counterpart
            role = _counterpart_role(found, left)
        found.append(
            _Titled(
                role,
                country,
                name and name[0],
                name[1] if name else -1,
                span,
                _of_international_body(text, left, title_end),
            )
        )
    _pass_country_on(text, found)
    found.extend(_plural_titled(text, folded, by_start))
    taken = {t.name_start for t in found}
    found.extend(_described(text, folded, by_start, by_end, taken))
    found.extend(_possessed(text, by_end, taken))
    found.extend(_who_clauses(text, by_start, taken))
    found.extend(_aged(text, taken))
    found.extend(_known_names(text, taken))
    found.extend(_quoted_speakers(text))
    found.sort(key=lambda t: t.span.start)
    return _out_of_headline(text, found)


def _out_of_headline(text: str, found: list[_Titled]) -> list[_Titled]:
    """Names read in a Title Case headline keep only the words the story uses again.

    "Foreign Minister Abdelatty Receives Lebanese Counterpart in Cairo": every
    word is capitalised, so "Abdelatty Receives" looks like a name.
    """
    end = _headline_end(text)
    if not end:
        return found
    kept = []
    for t in found:
        if t.name and 0 <= t.name_start < end:
            tokens = t.name.split()
            while tokens and text.find(tokens[-1], end) < 0:
                tokens.pop()
            if not tokens:
                continue
            t = replace(t, name=" ".join(tokens))
        kept.append(t)
    return kept


def _headline_end(text: str) -> int:
    """Where a first line in Title Case (a headline with no full stop) ends, or 0."""
    first = text.lstrip()
    line_end = first.find("\n")
    line = first[:line_end] if line_end > 0 else ""
    words_ = line.split()
    if len(words_) < 4 or line.rstrip().endswith((".", '"', "”")):
        return 0
    capitalised = sum(1 for w in words_ if w[:1].isupper())
    if capitalised < 0.7 * len(words_):
        return 0
    return len(text) - len(first) + line_end


_APPOSED = re.compile(r",[ \t]+")
_ENDS_CLAUSE = re.compile(r"[ \t]*[,.;]")
_AS_BEFORE = re.compile(r"[ \t]+as[ \t]+(?:the[ \t]+)?(?:new[ \t]+)?\Z")
# An international body just before a title: "IMF Managing Director", "the UN's special
# envoy", "EU foreign policy chief". Its officials serve no one country.
# International bodies whose officials serve no one country.
_BODY_NAMES = (
    "UN",
    "U.N.",
    "United Nations",
    "IMF",
    "World Bank",
    "EU",
    "European Union",
    "European Commission",
    "NATO",
    "WTO",
    "OSCE",
    "IAEA",
    "AU",
    "African Union",
    "ASEAN",
    "OPEC",
    "WHO",
    "UNESCO",
    "UNICEF",
    "UNHCR",
    "WFP",
    "UNDP",
    "ECOWAS",
    "SADC",
    "OECD",
    "IEA",
    "ADB",
    "AfDB",
    "EBRD",
    "Asian Development Bank",
    "African Development Bank",
    "Fund",
)
_BODIES = "(?:" + "|".join(re.escape(n).replace(r"\ ", r"[ \t]+") for n in _BODY_NAMES) + ")"
# Their first words: a cheap test before the patterns, which are slow to search with.
_BODY_HINTS = frozenset(n.split()[0] for n in _BODY_NAMES)
_INTERNATIONAL_BODY = re.compile(rf"\b{_BODIES}(?:['’]s)?[ \t]+(?:[a-z][\w-]*[ \t]+){{0,3}}\Z")
# "Head of the Delegation of the European Union", "Director at the World Bank".
_AT_INTERNATIONAL_BODY = re.compile(
    r"[ \t]+(?:of|at|to)[ \t]+(?:the[ \t]+)?(?:[A-Z][\w-]*[ \t]+(?:of[ \t]+)?(?:the[ \t]+)?)?"
    rf"{_BODIES}\b"
)


def _of_international_body(text: str, title_start: int, title_end: int | None = None) -> bool:
    """True for a title held at an international body, named before or just after it."""
    before = text[max(0, title_start - 60) : title_start]
    words_before = before.replace("'s", " ").replace("’s", " ").split()
    if not _BODY_HINTS.isdisjoint(words_before) and _INTERNATIONAL_BODY.search(before):
        return True
    if title_end is None:
        return False
    words_after = text[title_end : title_end + 60].split()[:6]
    return not _BODY_HINTS.isdisjoint(words_after) and bool(
        _AT_INTERNATIONAL_BODY.match(text, title_end)
    )


# After a title: "of (the)", then the words of a body's name and of a person's.
_OF_THE = re.compile(r"[ \t]+(?:of|for|in|at)[ \t]+(?:the[ \t]+)?")
_BODY_WORD = re.compile(r"[A-Z][\w'’.&-]*|of|for|and|the|in|&|region|oblast|province")
_NAME_WORD = re.compile(r"[A-Z][\w'’-]+")
_CONNECTORS = frozenset(words("of for and the in &"))
# What may follow a person's name that ends such a run.
_AFTER_NAME = re.compile(
    r"[ \t]*(?:[,.;:]|[ \t]and[ \t]|[ \t](?:signed|said|attended|met|noted|stressed|told|"
    r"visited|welcomed|added|announced|received|held|spoke|took)\b)"
)


def _name_after_body(text: str, end: int) -> tuple[tuple[str, int], str] | None:
    """The name ending a title's body, and the body: "Chairman of the Management Board of
    Tau-Ken Samruk Askhat Nurpeisov and ...", the state agencies' style.

    The body is read word by word; the first two words that can be a name (no title,
    portfolio, body, country or place word, not after a connecting word) and are
    followed by the end of a clause are the name.
    """
    of = _OF_THE.match(text, end)
    if of is None:
        return None
    spans = [(m.start(), m.end()) for m in _WORD_SPAN.finditer(text, of.end(), of.end() + 160)]
    for i in range(1, min(len(spans) - 1, 13)):
        word = text[spans[i - 1][0] : spans[i - 1][1]]
        if not _BODY_WORD.fullmatch(word):
            return None  # the body's words end here, and no name came first
        if word in _CONNECTORS:
            continue
        (s1, e1), (s2, e2) = spans[i], spans[i + 1]
        first, last = text[s1:e1], text[s2:e2]
        if not (_NAME_WORD.fullmatch(first) and _NAME_WORD.fullmatch(last)):
            continue
        if text[e1:s2].strip() or not _AFTER_NAME.match(text, e2):
            continue
        if any(_not_a_name_word(w) for w in (first, last)) or lookup(f"{first} {last}"):
            continue
        return (f"{first} {last}", s1), text[of.end() : spans[i - 1][1]]
    return None


_WORD_SPAN = re.compile(r"[^ \t\n,.;:]+")


def _names_someone(text: str, end: int) -> bool:
    """True when the word ending at ``end`` may end a name (not "on Wednesday")."""
    word = text[max(0, end - 30) : end].rsplit(None, 1)[-1:]
    return bool(word) and word[0][:1].isupper() and word[0] not in _STOP_WORDS


def _not_a_name_word(word: str) -> bool:
    return bool(
        _is_title_word(word)
        or word.lower() in _PORT_WORDS
        or word in _STOP_WORDS
        or lookup(word) is not None
        or _ACRONYM.fullmatch(word)
    )


def _country_in(body: str, text: str, end: int, by_start: dict[int, CountryMention]) -> str | None:
    """The last country named in the body after a title (not a capital)."""
    found = None
    for pos in range(end, end + len(body) + 8):
        mention = by_start.get(pos)
        if mention is not None and mention.how != "capital":
            found = mention.code
    return found


_OF_SOMETHING = re.compile(r"['’]s[ \t]|[ \t]+(?:of|at)[ \t]")
_BODY_TO_COMMA = re.compile(r"(?:['’]s)?(?:[ \t]+[\w'’&()-]+){1,8}?(?=,[ \t]+[A-Z])")


_LOCAL_ROLES = frozenset(words("governor mayor akim wali prefect"))
_LOCAL_COMMISSIONER = re.compile(r"\b(?:Regional|District|County|Provincial)\b", re.IGNORECASE)
_PLACE_WORDS = rf"{UP}[\w'’-]*(?:[ \t]+(?:(?:do|de|da|del|of)[ \t]+)?{UP}[\w'’-]*){{0,3}}"
_PLACE_BEFORE = re.compile(rf"({_PLACE_WORDS})[ \t]+\Z")
_PLACE_AFTER = re.compile(rf"[ \t]+of[ \t]+(?:the[ \t]+)?({_PLACE_WORDS})")


def _is_local_role(role: str | None) -> bool:
    """A governor's, a mayor's, a regional commissioner's office: it names a place."""
    if not role:
        return False
    last = role.split()[-1].lower()
    return (
        last in _LOCAL_ROLES
        or role.lower().startswith("chief minister")
        or (last == "commissioner" and bool(_LOCAL_COMMISSIONER.search(role)))
    )


def _place_country(text: str, start: int, end: int) -> str | None:
    """The country of the region or city named just before or after a local title."""
    for m in (
        _PLACE_BEFORE.search(text, max(0, start - 40), start),
        _PLACE_AFTER.match(text, end),
    ):
        if m is None:
            continue
        words_ = m.group(1).split()
        spans = [words_[i:j] for i in range(len(words_)) for j in range(len(words_), i, -1)]
        for part in sorted(spans, key=len, reverse=True):
            term = lookup(" ".join(part))
            if term is not None and term.code and term.how in ("region", "city", "capital"):
                return term.code
    return None


def _pass_country_on(text: str, found: list[_Titled]) -> None:
    """ "her Kenyan counterpart, Cabinet Secretary Opiyo Wandayi": one person, two titles.

    A title with a country and no name, followed by a comma and a named title
    with no country, gives that person its country.
    """
    for i in range(len(found) - 1):
        first, second = found[i], found[i + 1]
        if (
            first.name is None
            and (first.country is not None or first.stateless)
            and second.name is not None
            and second.country is None
            and _APPOSED.fullmatch(text, first.span.end, second.span.start)
        ):
            # "the Head of the Delegation of the European Union, Ambassador X": no country
            found[i + 1] = replace(second, country=first.country, stateless=first.stateless)


def _is_title_word(token: str) -> bool:
    """ "Minister", "Foreign", "Secretary-General" (every part a title word)."""
    return all(
        _TITLE_HEAD.fullmatch(part) or part in _TITLE_WORDS for part in token.lower().split("-")
    )


# The body's words: capitalised, or the few lower-case ones of a named body
# ("Ecuador's central bank governor", "the Qatari state oil company chief").
_BODY_GAP = re.compile(
    r"(?:['’]s)?(?:[ \t]+(?:[A-Z][\w'’-]*|central|bank|state|national|foreign|oil|gas|energy|"
    r"trade|finance|investment|wealth|fund|ministry|company|agency|authority|power)){1,3}[ \t]+"
)


# One or two describing words between a demonym and a title ("Kazakh political analyst",
# "the Kyrgyz delegation head"); a conjunction starts another phrase ("the Uzbek side
# and Trade Minister X": X is not Uzbek).
_DESCRIBING = re.compile(r"(?:[ \t]+(?!(?:and|or|but)\b)[a-z][a-z-]*){1,2}[ \t]+")


_ITS = re.compile(r"\b(?:[Ii]ts|[Tt]he[ \t]+(?:country|nation)['’]s)[ \t]+\Z")


_UP_TO_SENTENCE_END = re.compile(r".*[.!?][\"”’)]?\s", re.DOTALL)


def _its_country(text: str, its: int, by_end: dict[int, CountryMention]) -> str | None:
    """The country "its" stands for: the last one named before it in its sentence, or,
    when "Its" opens the sentence, the first one named in the sentence before (the
    subject: "Burkina Faso takes over from Mali. Its foreign minister ...")."""
    named = [m for end, m in by_end.items() if end <= its and m.how in ("name", "alias")]
    if not named:
        return None
    if not text[:its].rstrip().endswith((".", "!", "?")):
        last = named[-1]
        return last.code if its - last.span.end <= 300 else None
    dot = text.rfind(".", 0, its)
    lo = max(0, dot - 1000)  # one sentence back is enough, and keeps long texts linear
    before = _UP_TO_SENTENCE_END.match(text, lo, dot)
    previous = before.end() if before else lo
    first = next((m for m in named if m.span.start >= previous), None)
    return first.code if first is not None else None


def _country_of_body(
    text: str, title_start: int, by_end: dict[int, CountryMention]
) -> CountryMention | None:
    """The country before a body that precedes a title: "Kazakh Foreign Ministry spokesman"."""
    lo = title_start - 40
    for end, mention in by_end.items():  # in text order
        if not lo <= end < title_start or mention.how not in ("demonym", "name", "alias"):
            continue
        if _BODY_GAP.fullmatch(text, end, title_start):
            return mention
        if mention.how == "demonym" and _DESCRIBING.fullmatch(text, end, title_start):
            return mention  # "Kazakh political analyst": the adjective is the person's
    return None


def _counterpart_role(found: list[_Titled], left: int) -> str | None:
    """ "X met his Malaysian counterpart Y": Y holds X's title, in Y's country."""
    for t in reversed(found):
        if left - t.span.start > 300:
            break
        if t.role and t.role != "Counterpart":
            return t.role
    return None


# Work outside a state's offices: a person so described is named, but no country is
# guessed for them.
_OCCUPATIONS = """ manufacturer exporter importer entrepreneur businessman businesswoman farmer
    grower trader investor owner engineer scientist pathologist activist physician doctor
    surgeon teacher student driver worker fisherman trucker shopkeeper vendor nurse pilot
    miner"""
_DESCRIBED_HEADS = words(
    """analyst expert adviser advisor economist professor researcher director spokesman
    spokeswoman spokesperson official chairman chairwoman chief head commander lawmaker
    diplomat negotiator executive founder scholar fellow journalist ambassador envoy consultant
    secretary undersecretary minister president governor mayor lawyer attorney banker strategist
    historian lecturer commentator manager coordinator legislator parliamentarian mp councillor
    councilor specialist akim commissioner"""
    + _OCCUPATIONS
)
_DESCRIBED = "described"
_DESCRIBED_HEAD = cues.word_pattern(_DESCRIBED, _DESCRIBED_HEADS)
_DESCRIBED_GAP = re.compile(r",[ \t]+(?:(?:the|a|an)[ \t]+)?((?:[\w'’-]+[ \t]+){0,4})\Z")


_ROLE_QUALIFIERS = frozenset(words("chief managing deputy vice executive general state permanent"))
_SECOND_HEAD = re.compile(
    r"[ \t]+(economist|executive|negotiator|strategist|analyst|adviser|advisor|spokesman|"
    r"spokeswoman|spokesperson|director|officer|secretary|editor)\b"
)


def _described(
    text: str,
    folded: str,
    by_start: dict[int, CountryMention],
    by_end: dict[int, CountryMention],
    taken: set[int],
) -> list[_Titled]:
    """ "Touhid Hossain, the foreign affairs adviser ...", "X, a Bangladeshi water expert"."""
    found = []
    for head in cues.matches(_DESCRIBED_HEAD, folded, text, _DESCRIBED):
        if text[head.start()].isupper():
            continue  # a capitalised title is the title finder's
        gap = _DESCRIBED_GAP.search(text, max(0, head.start() - 60), head.start())
        if gap is None:
            continue
        named = _name_before(text, gap.start())
        of = by_end.get(gap.start())
        if named is None and of is not None and of.how != "capital":
            # "Kristaps Eglitis of Latvia, state secretary at the transport ministry"
            before = _OF_BEFORE.search(text, max(0, of.span.start - 8), of.span.start)
            named = _name_before(text, before.start()) if before else None
        else:
            of = None
        if named is None or named[1] in taken:
            continue
        name, start = named
        country = (
            of.code
            if of is not None
            else next(
                (
                    by_start[i].code
                    for i in range(gap.start(1), head.start())
                    if i in by_start
                    and by_start[i].how != "capital"
                    and _is_current(text, by_start[i])
                ),
                None,
            )
        )
        words_before = [
            w for w in gap.group(1).split() if w.lower() in _PORT_WORDS | _ROLE_QUALIFIERS
        ]
        head_words = [head.group()]
        if head.group() in _ROLE_QUALIFIERS and (second := _SECOND_HEAD.match(folded, head.end())):
            head_words.append(second.group(1))  # "the bank's chief economist"
        role = _role(" ".join([*words_before, *head_words]))
        if country is None:
            # "X, the minister of energy of Kazakhstan": the country after the title.
            tail = _TAIL.get(head.group())
            end = head.end()
            if tail is not None and (m := tail.match(folded, end)):
                end = m.end()
            after = _country_after(text, end, by_start)
            if after is None and head.group().startswith("spokes"):
                after = _spoken_for(text, end, by_start)
            if after is not None:
                country = after.code
            else:
                country = _body_country(text, end, _is_state_role(role))
        stateless = _of_international_body(text, head.start())
        found.append(_Titled(role, country, name, start, Span(start, start, ""), stateless))
    return found


_OF_BEFORE = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?\Z")
# "a Chilean-born economist" was born there; "a former Slovenian diplomat" served it once.
_NOT_NOW = re.compile(r"-(?:born|raised|educated|trained)\b")


def _is_current(text: str, mention: CountryMention) -> bool:
    start = mention.span.start
    return not _NOT_NOW.match(text, mention.span.end) and not text.endswith("former ", 0, start)


def _is_a_side(text: str, mention: CountryMention) -> bool:
    """ "data-sharing from the Ethiopian side": a party to talks, often the other one."""
    return _SIDE.match(text, mention.span.end) is not None


_FOR_THE = re.compile(r"[ \t]+for[ \t]+(?:the[ \t]+)?")
_BODY_UNTIL_COMMA = re.compile(r"(?:['’]s)?(?:[ \t]+[\w-]+){1,4}(?=,)")


def _spoken_for(text: str, pos: int, by_start: dict[int, CountryMention]) -> CountryMention | None:
    """ "a spokesman for the Kazakh Foreign Ministry", "a spokeswoman for Ghana's army"."""
    spoken = _FOR_THE.match(text, pos)
    mention = by_start.get(spoken.end()) if spoken else None
    return mention if mention is not None and mention.how != "capital" else None


# "governor of the Central Bank of Sri Lanka": the body's name ends in its country.
_OF_BODY = re.compile(
    r"[ \t]+(?:of|at)[ \t]+(?:the[ \t]+)?((?:[A-Z][\w'’-]*[ \t]+){1,4})"
    r"(?:of|for)[ \t]+(?:the[ \t]+)?((?:[A-Z][\w'’-]*)(?:[ \t]+[A-Z][\w'’-]*){0,2})"
)
# "of the Somali Petroleum Authority": a national body named with its country first.
_OF_NATIONAL_BODY = re.compile(
    r"[ \t]+(?:of|at)[ \t]+the[ \t]+([A-Z][\w'’-]*)((?:[ \t]+[A-Z][\w'’-]*){1,4})"
)
# Bodies named after a place rather than run by its state: "the University of Georgia".
_NOT_OF_A_STATE = frozenset(
    words("University College Institute School Foundation Company Corporation Group Club Museum")
)
_STATE_BODY_ENDS = frozenset(
    words("Authority Agency Ministry Directorate Commission Office Service Bank Council Board")
)


def _body_country(text: str, pos: int, state_role: bool = True) -> str | None:
    """The country of a body named right after a title, if its name gives one.

    "governor of the Central Bank of Sri Lanka", "Director of Maritime Fisheries
    of Senegal", "director general of the Somali Petroleum Authority". A title
    that is not a state's office takes it only from a body that is not named
    after a place ("a specialist at the University of Georgia" is not Georgian).
    """
    m = _OF_BODY.match(text, pos)
    if m is not None and (state_role or not _NOT_OF_A_STATE.intersection(m.group(1).split())):
        words_after = m.group(2).split()
        for n in range(len(words_after), 0, -1):
            term = lookup(" ".join(words_after[:n]))
            if term is not None and term.code is not None and term.how in ("name", "alias"):
                return term.code
    national = _OF_NATIONAL_BODY.match(text, pos)
    if national is not None and national.group(2).split()[-1] in _STATE_BODY_ENDS:
        term = lookup(national.group(1))
        if term is not None and term.code is not None and term.how in ("name", "alias", "demonym"):
            return term.code
    return None


_POSSESSIVE = re.compile(r"['’]s[ \t]+")
# What follows a person's name, not a place's or a company's: another country's
# person in a list ("Finland's Petteri Orpo, Sweden's Ulf Kristersson"), or speech.
_PERSON_FOLLOWS = re.compile(
    r",?[ \t]+(?:and[ \t]+)?[A-Z][\w'’. -]*?['’]s[ \t]+[A-Z]"
    rf"|,?[ \t]+(?:{'|'.join(_SPEECH_VERBS)})\b"
)
_LIST_LINK = re.compile(r",?[ \t]+(?:and[ \t]+)?")


def _possessed(text: str, by_end: dict[int, CountryMention], taken: set[int]) -> list[_Titled]:
    """ "Finland's Petteri Orpo, Sweden's Ulf Kristersson": a country's person, no title."""
    found = []
    for end, mention in by_end.items():
        gap = _POSSESSIVE.match(text, end)
        if gap is None or gap.end() in taken:
            continue
        name = _name_after(text, gap.end() - 1, comma=False)
        if name is None or " " not in name[0] or name[1] != gap.end():
            continue
        tokens = name[0].split()
        if any(_is_title_word(t) for t in tokens):
            continue
        end = name[1] + len(name[0])
        follows = text[end : end + 2]
        if follows[:1] == " " and follows[1:].isupper():
            continue  # "Japan's Toyota Motor Corp": more capitalised words, a company
        listed = bool(found) and _LIST_LINK.fullmatch(
            text, found[-1].name_start + len(found[-1].name or ""), mention.span.start
        )
        if not (listed or reference.lookup(name[0]) or _PERSON_FOLLOWS.match(text, end)):
            continue  # "Iraq's Grand Faw port", "Russia's Gazprom Neft": a place, a company
        span = Span(mention.span.start, mention.span.end, mention.span.text)
        found.append(_Titled(None, mention.code, name[0], name[1], span))
    return found


_WHO = cues.register("who", ["who"])
_WHO_VERB = re.compile(r"who[ \t]+(?:[a-z]+[ \t]+)?[a-z]+\b")


def _who_clauses(text: str, by_start: dict[int, CountryMention], taken: set[int]) -> list[_Titled]:
    """ "Jordan Baksh, who runs a food import business", "X, who heads Nepal's energy ministry"."""
    found = []
    for m in cues.matches(_WHO_VERB, text, text, _WHO):
        if not text.endswith(", ", 0, m.start()):
            continue
        named = _name_before(text, m.start() - 2)
        if (
            named is None
            or named[1] in taken
            or _THE_BEFORE.search(text, max(0, named[1] - 5), named[1])
        ):
            continue  # "chairman of the Halk Maslahaty, who": a body
        who = _WHO_HEADS.match(text, m.start() - 2)
        mention = by_start.get(who.end()) if who else None
        country = mention.code if mention is not None and mention.how != "capital" else None
        found.append(_Titled(None, country, named[0], named[1], Span(named[1], named[1], "")))
    return found


_AGE = re.compile(r"\d{1,3},[ \t]")
_DIGIT = cues.register("digit", "123456789", prefix=True)


def _aged(text: str, taken: set[int]) -> list[_Titled]:
    """ "Carlos Ortega, 54, a farmer near the border": a name followed by an age."""
    found = []
    for pos in cues.positions(text, _DIGIT):
        if text.endswith(", ", 0, pos) and _AGE.match(text, pos):
            named = _name_before(text, pos - 2)
            if named is not None and named[1] not in taken:
                found.append(_Titled(None, None, named[0], named[1], Span(pos, pos, "")))
    return found


def _known_names(text: str, taken: set[int]) -> list[_Titled]:
    """Full names the reference table knows, titled in the text or not ("Kim Jong Un")."""
    found = []
    for start, end in reference.full_names_in(text):
        name = text[start:end]
        if start not in taken and name[:1].isupper() and " " in name:
            found.append(_Titled(None, None, name, start, Span(start, start, "")))
    return found


def _from_reference(people: list[_Person]) -> list[_Person]:
    """Country (and role, and full name for a surname) from the reference table.

    Only where the text is silent: a country or role the text gives stays.
    Two people of the article that the table says are one ("Erdogan",
    "Erdoğan") become one.
    """
    by_leader: dict[str, _Person] = {}
    kept = []
    for p in people:
        leader = next((hit for form in (p.name, *p.forms) if (hit := reference.lookup(form))), None)
        if leader is None:
            kept.append(p)
            continue
        if p.country is None:
            p.country = leader.country
            p.stateless = leader.country is None
        if p.role is None and leader.role and not leader.role.startswith("former"):
            p.role = leader.role
        if " " not in p.name:
            p.forms.setdefault(p.name, p.first)
            p.name = leader.name
        same = by_leader.get(leader.name)
        if same is None:
            by_leader[leader.name] = p
            kept.append(p)
        else:
            _merge(same, p)
            same.forms.update({f: o for f, o in p.forms.items() if f not in same.forms})
            same.mentions.update(p.mentions)
    return kept


def _quoted_speakers(text: str) -> list[_Titled]:
    """People named with no title as the source of a statement ("said Aida Bekova")."""
    found = []
    for m in cues.matches(_SPEECH_BEFORE, text, text, _SPEECH):
        name = _name_after(text, m.end() - 1, comma=False)
        if name and any(_is_title_word(t) for t in name[0].split()):
            continue  # "said Kigoma Regional Commissioner X": the title finder has X
        if name and f"({name[0]})" in text:
            continue  # "she told Prensa Latina" under "Quito, Jun 2 (Prensa Latina)": the agency
        if name and _CLAUSE_VERB.match(text, name[1] + len(name[0])):
            continue  # "said Walvis Bay would need ...": the subject of what was said
        if name and " " in name[0]:
            found.append(_Titled(None, None, name[0], name[1], Span(m.start(), m.end(), "")))
    for verb in cues.matches(_SPEECH_VERB, text, text, _SPEECH):
        gap = _SPEECH_GAP.search(text, max(0, verb.start() - 3), verb.start())
        if gap is None:
            continue
        before = text[max(0, gap.start() - 40) : gap.start()]
        last_word = before.rsplit(None, 1)[-1] if before and not before[-1].isspace() else ""
        if not last_word[:2].lstrip("\"“‘'(")[:1].isupper():
            continue  # "he said", "officials said": no name stands before the verb
        named = _name_before(text, gap.start())
        tokens = named[0].split() if named else []
        titles = [i for i, token in enumerate(tokens) if _is_title_word(token)]
        if titles:
            tokens = tokens[titles[-1] + 1 :]
        elif named and text.endswith(
            (" for ", " of ", " at ", " in ", " from ", "the "), 0, named[1]
        ):
            continue  # "the Institute for Ocean Policy said", "a lecturer at Universiti Malaya"
        elif named and _ORG_NOUN_BEFORE.search(text, max(0, named[1] - 20), named[1]):
            continue  # "at consultancy Kestrel Risk, said", "the ferry operator Island Link, said"
        if not tokens:
            before = text[max(0, gap.start() - 30) : gap.start()].split()
            word = before[-1] if before else ""
            if word[:1].isupper() and _ONE_TOKEN.fullmatch(word) and reference.lookup(word):
                tokens = [word]  # "Erdogan said": a surname the table knows
        if len(tokens) >= 2 or (tokens and reference.lookup(tokens[0])):
            full = " ".join(tokens)
            start = gap.start() - len(full)
            found.append(_Titled(None, None, full, start, Span(start, start, "")))
    return found


def _title_matches(text: str, folded: str):
    """(start, end) of each title: a head word found cheaply, widened word by word."""
    for head in cues.matches(_TITLE_HEAD, folded, text, _TITLE):
        word = head.group()
        if word in _ABBREVIATED and not text[head.start()].isupper():
            continue  # "5 pm", "next-gen": not an office
        after = folded[head.end() : head.end() + 1]
        elect = folded.startswith(("-elect", "-delegate", "-designate"), head.end())
        if word == "director" and folded.startswith((" general", "-general"), head.end()):
            continue  # "Director General": read from "general"
        if word == "general" and folded.startswith((" director", " manager"), head.end()):
            continue  # "deputy general director": the director's title, read from "director"
        if after in ("'", "-") and word != "secretary" and not elect:
            continue
        start = _widen_back(folded, head.start(), word)
        if start is None:
            continue
        tail = _TAIL.get(word)
        if (
            word in _NEEDS_TAIL
            and (tail is None or not tail.match(folded, head.end()))
            and not folded.startswith(" of ", head.end())
        ):
            continue  # "head of the water authority, X" is kept (only if a name follows)
        end = folded.find(" ", head.end()) if elect else head.end()  # "Minister-Delegate"
        if (word in _HONORIFICS or word in _ABBREVIATED) and folded.startswith(".", end):
            end += 1
        if tail is not None and (m := tail.match(folded, end)):
            end = m.end()
            more = _MORE_PORTFOLIOS.match(text, end)
            if more and not any(
                _is_title_word(w) or _is_country_word(w) for w in more.group().split()
            ):
                end = more.end()  # "Minister of Trade, Agribusiness and Industry"
        yield start, end


def _widen_back(folded: str, pos: int, head: str) -> int | None:
    allowed = _BEFORE_HEAD.get(head, frozenset()) | _MODIFIERS
    start, widened = pos, False
    while True:
        m = _WORD_BEFORE.search(folded, max(0, start - 25), start)
        if m is None or m.group(1) not in allowed:
            break
        start, widened = m.start(), True
    while folded.startswith(("and ", "& "), start):
        start = folded.index(" ", start) + 1
    if head in _NEEDS_BEFORE and not widened:
        return None
    return start


def _country_after(
    text: str, pos: int, by_start: dict[int, CountryMention]
) -> CountryMention | None:
    """The country in "... of Kazakhstan", "at Oman's ..." right at ``pos``, if any."""
    of = _OF_OR_AT.match(text, pos)
    if of is None or of.end() not in by_start:
        return None
    mention = by_start[of.end()]
    if mention.how == "capital":
        return None
    to = _TO_COUNTRY.match(text, mention.span.end)
    if to and to.end() in by_start:  # "Ambassador of Japan to Kazakhstan": the envoy's is Japan
        host = by_start[to.end()]
        return CountryMention(mention.code, Span(mention.span.start, host.span.end, ""), "name")
    return mention


def _name_after(text: str, pos: int, comma: bool) -> tuple[str, int] | None:
    gap = (_COMMA_GAP if comma else _GAP_RE).match(text, pos)
    if gap is None:
        return None
    start = gap.end()
    if address := _ADDRESS.match(text, start):
        start = address.end()  # "The Prime Minister, Hon. Sitiveni Rabuka"
    m = _NAME_RE.match(text, start)
    if m is None:
        return None
    tokens = _clean_tokens(m.group(), from_left=True)
    if not tokens or (len(tokens) == 1 and "," in text[pos:start]):
        return None  # "Minister of Justice, Keeper of the Seals": a name after a comma is full
    return " ".join(tokens), m.start()


def _name_before(text: str, end: int) -> tuple[str, int] | None:
    """The name of two or more tokens that ends at ``end``, and where it starts.

    Walks back one word at a time: far cheaper than searching backwards with a
    name pattern anchored at ``end``.
    """
    tokens: list[str] = []
    for part in reversed(text[max(0, end - 80) : end].split(" ")):
        word = part.rsplit(None, 1)[-1] if part and not part[0].isspace() else part.strip()
        opened = word[:1] in _OPENERS
        if opened:
            word = word[1:]
        if len(tokens) == 6 or not (
            _ONE_TOKEN.fullmatch(word)
            or (tokens and (word in _PARTICLES or _INITIALS.fullmatch(word)))
        ):
            break
        tokens.insert(0, word)
        if opened or word != part:
            break  # a line break or an opening quote ends the name
    tokens = _clean_tokens(" ".join(tokens), from_left=False)
    if len(tokens) < 2:
        return None
    name = " ".join(tokens)
    return name, end - len(name)


def _appositive(text: str, left: int) -> tuple[str, int] | None:
    gap = _APPOSITIVE_GAP.search(text, max(0, left - 30), left)
    return None if gap is None else _name_before(text, gap.start())


def _plural_titled(text: str, folded: str, by_start: dict[int, CountryMention]) -> list[_Titled]:
    found: list[_Titled] = []
    for head in cues.matches(_PLURAL_HEAD, folded, text, _PLURAL):
        codes, pos = _countries_listed(text, head.end(), by_start)
        m = _PLURAL_TAIL.match(text, pos)
        if m is None:
            continue
        title, start = [text[head.start() : head.end()]], head.start()
        before = _WORD_BEFORE_CASED.search(text, max(0, start - 20), start)
        if before and before.group(1).lower() in _PORT_WORDS | {"prime"}:
            title.insert(0, before.group(1))  # "Foreign Ministers", "agriculture ministers"
            start = before.start()
        role = _role(" ".join(title).removesuffix("s"))
        pos = m.end()
        names: list[tuple[str, int]] = []
        own: list[str | None] = []  # "ministers A of Jamaica and B of Haiti": each one's country
        while len(names) < 6:
            nm = _NAME_RE.match(text, pos)
            tokens = _clean_tokens(nm.group(), from_left=True) if nm else []
            if nm is None or len(tokens) < 2:
                break
            names.append((" ".join(tokens), nm.start()))
            after = nm.start() + len(" ".join(tokens))
            if tokens[-1] in ("Jr", "Sr") and text.startswith(".", after):
                after += 1
            of = _OF_COUNTRY.match(text, after)
            mention = by_start.get(of.end()) if of else None
            if mention is not None and mention.how != "capital":
                own.append(mention.code)
                after = mention.span.end
            else:
                own.append(None)
            link = _AND.match(text, after)
            if link is None or link.end() == link.start():
                break
            pos = link.end()
        if len(names) >= 2:
            span = Span(start, head.end(), text[start : head.end()])
            # "the foreign ministers of Ecuador, Peru and Chile, A, B and C": in order.
            paired = codes if len(codes) == len(names) else own
            found.extend(
                _Titled(role, c, n, s, span) for c, (n, s) in zip(paired, names, strict=True)
            )
    return found


def _countries_listed(
    text: str, pos: int, by_start: dict[int, CountryMention]
) -> tuple[list[str | None], int]:
    """The countries of "of Ecuador, Peru and Chile" at ``pos``, and where the list ends."""
    of = _OF_COUNTRY.match(text, pos)
    if of is None or of.end() not in by_start:
        return [], pos
    codes: list[str | None] = []
    at = of.end()
    while (mention := by_start.get(at)) is not None and mention.how != "capital":
        codes.append(mention.code)
        end = mention.span.end
        link = _AND.match(text, end)
        if link is None or link.end() == end or link.end() not in by_start:
            return codes, end
        at = link.end()
    return codes, at


def _clean_tokens(name: str, from_left: bool) -> list[str]:
    """Cut a name at the first word that cannot be part of it (from the title's side)."""
    return list(_cleaned(name, from_left))


@lru_cache(maxsize=8192)
def _cleaned(name: str, from_left: bool) -> tuple[str, ...]:
    # Names recur within an article and across a corpus: the checks run once per form.
    tokens = name.split()
    if not from_left:
        tokens.reverse()
    kept = []
    for token in tokens:
        if from_left and kept and token in _BODY_WORDS:
            return ()  # "governor of the Maldives Monetary Authority": a body's name
        if (
            kept
            and _is_country_word(token)
            and reference.lookup(" ".join([*kept, token][:: 1 if from_left else -1]))
        ):
            kept.append(token)  # "Luis Montenegro", Portugal's prime minister
            continue
        if token in _STOP_WORDS or _is_country_word(token) or _ACRONYM.fullmatch(token):
            if kept and from_left and _is_country_word(" ".join([*kept, token])):
                return ()  # "Papua New" of "Papua New Guinea"
            break  # "UN" in "the UN Vassily Nebenzia" is a body, not a name
        kept.append(token)
    if not from_left:
        kept.reverse()
    while kept and not _capitalised(kept[-1]):
        kept.pop()
    while kept and not kept[0][:1].isupper() and "-" not in kept[0]:
        kept.pop(0)
    while len(kept) > 2 and kept[0].lower().rstrip(".") in _RANKS:
        kept.pop(0)  # "Admiral Ramon Villanueva", "Dr. Aida Bekova"
    if kept and kept[0].lower() not in _RANKS and _is_title_word(kept[0]):
        return ()  # "Director" of "Executive Director", "Deputy Foreign Minister": a title
    if len(kept) >= 2 and _is_place_words(kept):
        return ()  # "said South Africa would ...": a country, not a person
    return tuple(kept)


def _is_place_words(tokens: list[str]) -> bool:
    """True when the name starts or ends with a multi-word country or place ("South Africa")."""
    if tokens[-1] in _WORLD_REGIONS:
        return True  # "Central Asia", "West Africa", "Latin America"
    for pair in (tokens[:2], tokens[-2:], tokens[:3], tokens[-3:]):
        term = lookup(" ".join(pair)) if len(pair) >= 2 else None
        if term is not None and term.code is not None:
            return True
    return False


def _capitalised(token: str) -> bool:
    """ "Sisi", "el-Sisi", "al-Falih": a name token, particles prefixed or not."""
    return token[:1].isupper() or token.partition("-")[2][:1].isupper()


def _is_country_word(token: str) -> bool:
    if token in _GIVEN_NAMES:
        return False  # "Chad Lindquist", "Jordan Hayes": countries.py decides the country
    term = lookup(token) if token[:1].isupper() else None
    return term is not None and term.how in ("name", "alias", "demonym")


@lru_cache(maxsize=4096)
def _role(title: str) -> str:
    words = SPACES.split(title.strip())
    if words and words[0].lower() == "former":
        words = words[1:]
    return " ".join(w if w.lower() in _LOWER_WORDS else w[:1].upper() + w[1:] for w in words)


def _people_from(titled: list[_Titled]) -> list[_Person]:
    people: dict[str, _Person] = {}
    for t in titled:
        if t.name and " " in t.name and t.name not in people:
            people[t.name] = _Person(t.name, t.role, t.country, t.name_start)
    for full in sorted(people, key=len):
        longer = [p for p in people.values() if p.name != full and _contains(p.name, full)]
        if len(longer) == 1:
            _merge(longer[0], people.pop(full))
    for t in titled:
        if t.name is None:
            continue
        owner = _owner(t.name, people.values())
        if owner is None and " " not in t.name:
            owner = people.setdefault(t.name, _Person(t.name, t.role, t.country, t.name_start))
        if owner is not None:
            owner.forms.setdefault(t.name, t.name_start)
            owner.role = owner.role or t.role
            owner.country = owner.country or t.country
            owner.stateless = owner.stateless or t.stateless
    return list(people.values())


def _contains(longer: str, shorter: str) -> bool:
    # Case apart: "Van Klaveren" opening a sentence is "Alberto van Klaveren".
    big, small = longer.lower().split(), shorter.lower().split()
    return small[-1] == big[-1] and set(small) <= set(big)


def _merge(into: _Person, other: _Person) -> None:
    if into.country is None:
        into.found = other.found  # the country, if any, is the other's, found as it was
    into.forms.setdefault(other.name, other.first)
    into.role = into.role or other.role
    into.country = into.country or other.country
    into.first = min(into.first, other.first)


def _owner(name: str, people) -> _Person | None:
    exact = [p for p in people if p.name == name or name in p.forms]
    if exact:
        return exact[0]
    owners = [p for p in people if name in _short_forms(p.name)]
    if not owners and " " not in name:
        # "Prince Mohammed", "Sheikh Mohamed": a title with the given name alone.
        owners = [p for p in people if " " in p.name and p.name.split()[0] == name]
    return owners[0] if len(owners) == 1 else None


def _short_forms(name: str) -> tuple[str, ...]:
    tokens = name.split()
    if len(tokens) < 2:
        return (name,)
    last = tokens[-1]
    if _ROMAN.match(last):
        return (tokens[0],)
    forms = [last]
    if len(tokens) <= 3 and len(tokens[0]) <= 4 and tokens[0] not in _STOP_WORDS:
        forms.append(tokens[0])
    return tuple(forms)


# A word that makes the surname before it part of a body's name.
_NAMED_BODY_NEXT = re.compile(
    r"[ \t]+(?:Energy|Group|Holdings?|Corp|Corporation|Company|Industries|Foundation|Institute|"
    r"Capital|Partners|Bank|Motors?|Airlines?|Airways|Oil|Gas|Power|Mining|Steel|Electric|"
    r"International|Global|Enterprises|Technologies|Systems|Prize|Award|Cup|Stadium|Airport|"
    r"University|Street|Avenue|Square|Bridge|Dam|Doctrine|Plan|Initiative|Administration)\b"
)


def _find_forms(text: str, people: list[_Person]) -> None:
    """Find every full, short and patronymic form of every person in one pass."""
    full: dict[str, list[tuple[str, _Person]]] = {}
    short: dict[str, list[_Person]] = {}
    given: dict[str, list[_Person]] = {}
    for p in people:
        for form in {p.name, *p.forms}:
            full.setdefault(form.split()[0], []).append((form, p))
        for form in {*_short_forms(p.name), *(f for f in p.forms if " " not in f)}:
            short.setdefault(form, []).append(p)
        if " " in p.name:
            given.setdefault(p.name.split()[0], []).append(p)
    for forms in full.values():
        forms.sort(key=lambda fp: -len(fp[0]))
    skip_until = 0
    for start, token in _token_positions(text, {*full, *short, *given}):
        if start < skip_until:
            continue
        hit = _full_form_at(text, start, full.get(token, ()))
        if hit is None:
            hit = _patronymic_at(text, start, start + len(token), given.get(token, ()))
        if hit is None and len(short.get(token, ())) == 1:
            if _NAMED_BODY_NEXT.match(text, start + len(token)):
                continue  # "Halvorsen Energy": a company named after someone
            hit = (token, short[token][0])
        if hit is None:
            continue
        form, person = hit
        end = start + len(form)
        person.mentions[start] = Span(start, end, form)
        person.forms.setdefault(form, start)
        skip_until = end


def _token_positions(text: str, tokens: set[str]) -> list[tuple[int, str]]:
    """Where each token stands as a whole word (str.find: far faster than a regex)."""
    found = []
    for token in tokens:
        pos = text.find(token)
        while pos >= 0:
            end = pos + len(token)
            before_ok = pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "-'’")
            after = text[end : end + 2]
            after_ok = not after[:1].isalnum() and not (after[:1] == "-" and after[1:].isalpha())
            if before_ok and after_ok:
                found.append((pos, token))
            pos = text.find(token, end)
    found.sort()
    return found


def _full_form_at(text: str, pos: int, forms) -> tuple[str, _Person] | None:
    for form, person in forms:
        end = pos + len(form)
        # The form must end a word: "Tokayev's" yes, "Tokayeva" no.
        if " " in form and text.startswith(form, pos) and not text[end : end + 1].isalnum():
            return form, person
    return None


def _patronymic_at(text: str, start: int, end: int, owners) -> tuple[str, _Person] | None:
    if len(owners) != 1:
        return None
    pat = _PATRONYMIC.match(text, end)
    if pat is None:
        return None
    return text[start : pat.end()], owners[0]


def _align(
    sentences: list[tuple[int, int]], mentions: list[CountryMention], people: list[_Person]
) -> None:
    """Pair N countries and N same-titled people of one sentence, in order.

    Countries already held by people of that sentence are left out first, so
    "A, B and C, Presidents X and Y, joined host Z of C" pairs A-X and B-Y.
    Mentions are grouped by sentence once, so the cost grows with the number
    of mentions, not with sentences times people.
    """
    firsts: dict[int, dict[int, _Person]] = {}  # sentence -> person id -> the person
    starts: dict[tuple[int, int], int] = {}  # (sentence, person id) -> first offset there
    for p in people:
        for offset in p.mentions:
            s = sentence_index(sentences, offset)
            firsts.setdefault(s, {})[id(p)] = p
            key = (s, id(p))
            starts[key] = min(offset, starts.get(key, offset))
    codes_in: dict[int, list[CountryMention]] = {}
    for c in mentions:
        if c.how != "capital":
            codes_in.setdefault(sentence_index(sentences, c.span.start), []).append(c)
    for s, present in firsts.items():
        here = sorted((starts[s, key], p) for key, p in present.items() if p.country is None)
        if len(here) < 2 or len({p.role for _, p in here}) != 1:
            continue
        held = {p.country for p in present.values() if p.country is not None}
        codes: list[str] = []
        for c in codes_in.get(s, ()):
            if c.code not in codes and c.code not in held:
                codes.append(c.code)
        if len(codes) == len(here):
            for code, (_, person) in zip(codes, here, strict=True):
                person.country = code


def _led_by(text: str, start: int, by_end: dict[int, CountryMention]) -> CountryMention | None:
    """The country in "<Country>'s delegation was led by [title] <name at start>"."""
    lo = max(0, start - 110)
    if text.rfind(" by ", lo, start) < 0:
        return None  # the pattern needs "by": a substring test is far cheaper
    led = _LED_BY.search(text, lo, start)
    return by_end.get(led.start()) if led else None


def _country_beside(
    text: str,
    people: list[_Person],
    by_end: dict[int, CountryMention],
    by_start: dict[int, CountryMention],
) -> None:
    """A country written right next to a person's name.

    "Z of Turkmenistan", "Kazakhstan's Z", "signed by Z for Kazakhstan", "Z,
    on behalf of the Kyrgyz side", "the Kazakh delegation led by Z".
    """
    for p in people:
        if p.country is not None:
            continue
        for span in sorted(p.mentions.values(), key=lambda sp: sp.start):
            of = _OF_COUNTRY.match(text, span.end) or _FOR_COUNTRY.match(text, span.end)
            after = by_start.get(of.end()) if of else None
            if (
                after is not None
                and after.how == "demonym"
                and not _is_state_role(p.role)
                and not _GOVERNMENT_BODY.match(text, after.span.end)
            ):
                after = None  # "X of the American University": a body's name, not X's country
            if after is None:
                after = _led_by(text, span.start, by_end)
            if after is None and (who := _WHO_HEADS.match(text, span.end)):
                after = by_start.get(who.end())
            before = None
            gap = _PRE_GAP.search(text, max(0, span.start - 12), span.start)
            if gap and text[gap.start() : gap.start() + 1] in "'’":
                before = by_end.get(gap.start())
            found = after or before
            if found is not None and found.how != "capital":
                p.country = found.code
                break


_NON_STATE_ROLES = frozenset(
    words(
        """analyst expert economist professor researcher director ceo executive founder consultant
    scholar fellow journalist chairman chairwoman chair head lawyer attorney banker strategist
    historian lecturer commentator manager coordinator specialist"""
        + _OCCUPATIONS
    )
)


# Between two people who meet or sign together: "A and B", "A met B", "A hosted B".
_MEETING = re.compile(r"[^.;]{0,120}?\b(?:and|met|with|hosted|received)\b[^.;]{0,120}\Z")


def _other_side(text: str, mentions: list[CountryMention], people: list[_Person]) -> None:
    """ "Minister of Trade X and Czech Minister of Trade Y signed": X is the other side.

    Two holders of one title meet in a sentence, one with a country: the other
    takes the article's most-named other country, when one clearly leads.
    """
    counts: dict[str, int] = {}
    for c in mentions:
        if c.how != "capital":
            counts[c.code] = counts.get(c.code, 0) + 1
    for p in people:
        if not _guessable(p):
            continue
        first = min(p.mentions)
        for q in people:
            if q.role != p.role or q.country is None or q is p:
                continue
            near = [o for o in q.mentions if abs(o - first) <= 250]
            if not any(_MEETING.match(text, *sorted((first, o))) for o in near):
                continue
            ranked = sorted(((n, c) for c, n in counts.items() if c != q.country), reverse=True)
            if ranked and ranked[0][0] >= 2 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
                p.country = ranked[0][1]
            break


# After a demonym, a body of the state: "X of the Kazakh Foreign Ministry" is Kazakh.
_GOVERNMENT_BODY = re.compile(
    r"(?:[ \t]+[A-Z][\w'’-]*){0,2}?[ \t]+(?:Ministry|Government|Embassy|Presidency|Parliament|"
    r"Senate|Army|Navy|Air[ \t]+Force|Armed[ \t]+Forces|Central[ \t]+Bank|Cabinet|Mission|"
    r"Delegation|Consulate|Foreign[ \t]+Office|State[ \t]+Department)\b"
)


def _guessable(p: _Person) -> bool:
    """A state official with no country yet, whose country the context may suggest."""
    return p.country is None and bool(p.mentions) and not p.stateless and _is_state_role(p.role)


# A secretary- or director-general heads an international body, as a rule; a general
# ("Lieutenant General") serves a state.
_BODY_GENERAL = re.compile(r"(?:Secretary|Director)[- ]General", re.IGNORECASE)


def _is_state_role(role: str | None) -> bool:
    """An office that serves a state: not an analyst's, and not a secretary-general's."""
    if not role:
        return False
    return role.split()[-1].lower() not in _NON_STATE_ROLES and not _BODY_GENERAL.search(role)


def _introduction(
    p: _Person, sentences: list[tuple[int, int]], mentions: list[CountryMention]
) -> tuple[tuple[int, int], list[CountryMention]] | None:
    """The sentence that first names ``p``, and the country mentions in it."""
    here = sentence_index(sentences, min(p.mentions))
    if here < 0:
        return None
    start, end = sentences[here]
    return (start, end), [c for c in mentions if start <= c.span.start < end]


def _sole_country(
    sentences: list[tuple[int, int]], mentions: list[CountryMention], people: list[_Person]
) -> None:
    """An official introduced in a sentence that names one country and no other official.

    "Deputy Prime Minister Serik Zhumangarin told investors that Astana wanted ...":
    the one country of the sentence that introduces a state official is theirs.
    Only the first sentence counts (introductions carry the context), and only
    for state titles; an analyst's country is not implied this way.
    """
    for p in people:
        if not _guessable(p):
            continue  # analysts, and secretaries-general of international bodies
        introduced = _introduction(p, sentences, mentions)
        if introduced is None:
            continue
        (start, end), named = introduced
        codes = {c.code for c in named}
        others = [
            q for q in people if q is not p and q.role and any(start <= o < end for o in q.mentions)
        ]
        if len(codes) == 1 and not others:
            p.country = next(iter(codes))


_CORPORATE_ROLES = frozenset(
    words("""executive ceo chairman chairwoman chair president director founder officer head
    manager chief""")
)
_THE_COMPANY = re.compile(
    r"\b[Tt]he[ \t]+(?:company|group|firm|operator|utility|carrier|producer|bank)['’]s[ \t]"
)
_CLAUSE_END = re.compile(r"[.;]|,[ \t]+(?:and|while|but|who|which)\b")


def _appositive_after(text: str, p: _Person) -> str:
    """The appositive after ``p``'s first mention (", deputy director of EVN"), or ""."""
    end = p.mentions[min(p.mentions)].end
    after = text[end : end + 120] if text.startswith(",", end) else ""
    stop = _CLAUSE_END.search(after, 1)
    return after[: stop.start()] if stop else after


def _title_before(text: str, first: int) -> str:
    """The words before a name back to the last punctuation or "by": "... by EVN Chief
    Executive " and, past a comma, "Ikenga's group chief executive, X"."""
    title_end = first
    while title_end and text[title_end - 1] in ", \t":
        title_end -= 1
    window = text[max(0, title_end - 60) : title_end]
    by = window.rfind(" by ")
    return window[max(max(window.rfind(c) for c in ',.:;()"“”') + 1, by + 4 if by >= 0 else 0) :]


def _employer_country(text: str, p: _Person, orgs: dict[str, str]) -> str | None:
    """The country of the organisation named beside ``p``'s first mention, the nearest.

    "X, deputy director of EVN," and "EVN's director X" and "EVN Chief Executive X".
    """
    first = min(p.mentions)
    after, before = _appositive_after(text, p), _title_before(text, first)
    nearest: list[tuple[int, str]] = []
    for name, code in orgs.items():
        if (at := _find_word(after, name)) >= 0:
            nearest.append((at, code))
        if (at := _find_word(before, name, last=True)) >= 0:
            nearest.append((len(before) - at, code))
    if not nearest and _THE_COMPANY.search(after or before):
        # "Mark Halvorsen, the company's chief executive": the last one named before
        earlier = text[max(0, first - 400) : first]
        for name, code in orgs.items():
            if (at := _find_word(earlier, name, last=True)) >= 0:
                nearest.append((len(earlier) - at, code))
    return min(nearest)[1] if nearest else None


_UNNAMED_EMPLOYER = re.compile(
    rf"\b(?:an?|the)[ \t]+({UP}[\w'’-]*(?:[ \t]+{UP}[\w'’-]*)?)(?:[ \t]+[\w-]+){{0,3}}?[ \t]+"
    rf"(?:{'|'.join(sorted(ORG_NOUNS))})\b"
)


def _unnamed_employer(text: str, p: _Person) -> str | None:
    """ "X, managing director of an Indian seafood exporter", "Y, chief executive officer
    of the Ethiopian state utility": a company described by its country, not named."""
    described = _UNNAMED_EMPLOYER.search(_appositive_after(text, p))
    term = lookup(described.group(1)) if described else None
    if term is None or term.code is None or term.how not in ("name", "alias", "demonym"):
        return None
    return term.code


def _find_word(region: str, word: str, last: bool = False) -> int:
    """Where ``word`` stands in ``region`` as a whole word (the first or last time), or -1."""
    at = region.rfind(word) if last else region.find(word)
    if at < 0:
        return -1
    end = at + len(word)
    if (at and region[at - 1].isalnum()) or (end < len(region) and region[end].isalnum()):
        return -1
    return at


_ON_THE = re.compile(r"\b[Oo]n[ \t]+the[ \t]+\Z")
_SIDE = re.compile(r"[ \t]+side\b")


def _sides(
    text: str,
    sentences: list[tuple[int, int]],
    mentions: list[CountryMention],
    people: list[_Person],
) -> None:
    """ "led on the Japanese side by X, and on the Chinese side by Y": each side's people.

    Everyone first named after "on the X side" and before the next side or the
    end of the sentence takes X, unless the text already gave them a country.
    """
    sides = [
        m
        for m in mentions
        if m.how != "capital"
        and _SIDE.match(text, m.span.end)
        and _ON_THE.search(text, max(0, m.span.start - 8), m.span.start)
    ]
    for i, side in enumerate(sides):
        here = sentence_index(sentences, side.span.start)
        limit = sentences[here][1] if here >= 0 else side.span.end
        if i + 1 < len(sides):
            limit = min(limit, sides[i + 1].span.start)
        for p in people:
            if p.country is None and p.mentions and side.span.end < min(p.mentions) < limit:
                p.country = side.code


def _company_heads(people: list[_Person]) -> list[_Person]:
    """People with a company title and no country yet."""
    return [
        p
        for p in people
        if p.country is None
        and not p.stateless
        and p.mentions
        and p.role
        and p.role.split()[-1].split("-")[-1].lower() in _CORPORATE_ROLES
    ]


def _employer(text: str, mentions: list[CountryMention], people: list[_Person]) -> None:
    """A company's head takes the country the article gives the company: "Gabor Szekeres,
    MOL's executive vice president" after "Hungarian energy group MOL"."""
    heads = _company_heads(people)
    orgs = organisations(text, mentions) if heads else {}
    for p in heads:
        p.country = (_employer_country(text, p, orgs) if orgs else None) or _unnamed_employer(
            text, p
        )


def _company_country(
    sentences: list[tuple[int, int]], mentions: list[CountryMention], people: list[_Person]
) -> None:
    """A company's head, in a sentence whose one country is an adjective: "Manon van Beek,
    chief executive of TenneT, the Dutch state-owned grid operator" is Dutch."""
    for p in _company_heads(people):
        introduced = _introduction(p, sentences, mentions)
        if introduced is None:
            continue
        _, named = introduced
        if len({c.code for c in named}) == 1 and all(c.how == "demonym" for c in named):
            p.country = named[0].code


def _host_country(code: str | None, people: list[_Person]) -> None:
    """A state official the text gives no country: the country of the story's dateline.

    Wire copy names a visiting official's country ("visiting Indian Foreign
    Minister"); an official it leaves bare ("Foreign Ministry spokesperson Mao
    Ning" under "BEIJING --") serves the government where the story was filed.
    Applied last, after every rule that reads the text and the reference table.
    """
    if code is None:
        return
    for p in people:
        if not _guessable(p) or not _is_home_role(p.role):
            continue
        if any(q.role == p.role and q.country == code for q in people):
            continue  # "Minister X and Czech Minister Y" under "PRAGUE": X is the visitor
        p.country = code


# Offices of a national government; a bare "President" is as often a body's.
_HOME_ROLES = frozenset(
    words("""minister spokesperson spokesman spokeswoman secretary undersecretary ambassador envoy
    governor mayor speaker vice-president""")
)


def _is_home_role(role: str | None) -> bool:
    if not _is_state_role(role) or role is None:
        return False
    return any(word.lower() in _HOME_ROLES for word in role.replace("Vice ", "Vice-").split())


def _bare_titles(titled: list[_Titled], people: list[_Person]) -> None:
    for t in titled:
        if t.name is not None:
            continue
        holders = [
            p for p in people if p.role == t.role and (t.country is None or p.country == t.country)
        ]
        if len(holders) == 1 and t.span.start not in holders[0].mentions:
            holders[0].mentions[t.span.start] = t.span


def _fact(p: _Person) -> PersonFact:
    name = p.name
    used = _used(p)
    aliases = tuple(
        f for f, _ in sorted(p.forms.items(), key=lambda kv: kv[1]) if f != name and f in used
    )
    mentions = tuple(p.mentions[k] for k in sorted(p.mentions))
    how = p.found[1] if p.found and p.found[0] == p.country else None
    return PersonFact(name, aliases, p.country, p.role, mentions, how)


def _used(p: _Person) -> set[str]:
    return {span.text for span in p.mentions.values()}
