"""Agreements: the documents an article reports, each with all its mentions.

A document noun (treaty, agreement, accord, pact, memorandum, MoU,
declaration, joint statement, protocol, contract, convention, charter,
roadmap) becomes an agreement only with a status cue near it in its sentence,
with no other document noun in between:

* signed: "signed", "inked", "concluded", "initialled", "sealed", "ratified",
  "the signing of", "resulted in signing";
* planned: "will sign", "will be signed", "plan/expected/agreed/set to sign";
* negotiating: "negotiate/negotiations", "talks on", "draft".

A signed or planned cue beats a negotiating one. Plural nouns ("reached
important agreements", "signed documents") are never a document; plans with no
document noun ("building a solar power plant") are not agreements.

Title: the document's own name when the text gives one (a capitalised
"Treaty on ...", "Paris Agreement", a quoted name), else a descriptive title
from the noun, its modifiers and its subject ("agreement on deepening and
expanding allied relations"), cut at the next verb or clause boundary.

Coreference within one article: mentions whose subjects share at least half
their word stems are one document; a mention with no subject ("a signed
agreement", "the treaty", "this document") attaches to the only document of a
compatible kind, or is dropped when that is ambiguous.

signed_on comes only from dates in the signing sentences (explicit dates
before relative ones; none after the publication date) and only for signed
documents, never from the publication date. Place: "in <City>", "visit to
<City>" in those sentences. Parties: countries of the signatories and of the
cue sentences, topped up from the lead sentence when fewer than two.
Signatories: people named in the signing sentences, except speakers ("X said")
and onlookers ("in the presence of X").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from datetime import date

from corpus_db.extract import cues
from corpus_db.extract.dates import find_dates
from corpus_db.extract.facts import AgreementFact, CountryMention, PersonFact, Span
from corpus_db.extract.gazetteer import lookup
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

_NOUN_RE = re.compile(
    r"\b(?P<noun>memorand(?:um|a|ums)(?:[ \t]+of[ \t]+understanding)?|mous?"
    r"|treat(?:y|ies)|agreements?|accords?|pacts?|declarations?|joint[ \t]+statements?"
    r"|protocols?|contracts?|road[ \t]?maps?|conventions?|charters?|communiques?|compacts?"
    r"|letters?[ \t]+of[ \t]+intent|action[ \t]+plans?"
    r"|programmes?[ \t]+of[ \t]+cooperation|programs?[ \t]+of[ \t]+cooperation)\b(?![-']\w)"
)  # matched against the folded (lowercase) text
# The one-word forms _NOUN_RE matches, for testing a single word cheaply.
_ONE_WORD_NOUNS = frozenset(
    words("""memorandum memoranda memorandums mou mous treaty treaties agreement agreements accord
    accords pact pacts declaration declarations protocol protocols contract contracts roadmap
    roadmaps convention conventions charter charters communique communiques compact compacts""")
)
_GENERIC_RE = re.compile(
    r"\b(?P<det>[Tt]his|[Tt]hat|[Tt]he)[ \t]+(?:(?:historic|new|landmark|signed|important|key|"
    r"final)[ \t]+)?document\b(?![-'’]?\w)"
)
_NOUNS = cues.register(
    "document noun",
    words(
        """memorandum memoranda memorandums mou mous treaty treaties agreement agreements
        accord accords pact pacts declaration declarations joint protocol protocols contract
        contracts road roadmap roadmaps convention conventions charter charters communique
        communiques letter letters action programme programmes program programs compact
        compacts"""
    ),
)
# Both patterns below are tried around their last word, which is rarer than
# their first ("the", "to"): a cue word that stands everywhere costs a Python
# step each time it is found.
_DOCUMENT = cues.register("document", ["document"])
_PLANNED = cues.register(
    "signing verb",
    words("sign signed ink inked conclude concluded signing initialled initialed proposed"),
)
_SIGNED = cues.register(
    "signed cue",
    words(
        """signed inked concluded sealed ratified penned clinched exchanged adopted signing
        conclusion resulted took takes entered enters came comes entry"""
    ),
)
_NEGOTIATING = cues.register(
    "negotiating cue",
    words(
        """negotiate negotiates negotiated negotiating negotiation negotiations negotiators talks
        draft drafting drafted"""
    ),
)
_PLANNED_RE = re.compile(
    r"\b(?:will|would|shall|should|could|may|might|must|to)[ \t]+(?:be[ \t]+)?"
    r"(?:sign(?:ed)?|ink(?:ed)?|conclude[d]?)\b|\b(?:plans?|planned|planning|intends?|intended|expected|set|agreed|ready|"
    r"prepared|due|going|hopes?|hoped|aims?|aimed|poised|expects?)[ \t]+to[ \t]+"
    r"(?:sign|ink|conclude)\b"
    r"|\b(?:upcoming|forthcoming|planned)[ \t]+signing\b"
    # Initialled is agreed but not yet signed; a proposed document is not signed either.
    r"|\binitiall?ed\b|\bproposed\b",
    re.IGNORECASE,
)
_SIGNED_RE = re.compile(
    r"\b(?:signed|inked|concluded|sealed|ratified|penned|clinched|exchanged|adopted)\b"
    r"|\b(?:took|takes)[ \t]+effect\b|\b(?:entered|enters|came|comes)[ \t]+into[ \t]+"
    r"(?:force|effect)\b|\bentry[ \t]+into[ \t]+force\b"
    r"|\b(?:signing|conclusion)[ \t]+of\b|\bsigning[ \t]+ceremony\b"
    r"|\bresulted[ \t]+in[ \t]+(?:the[ \t]+)?signing\b",
    re.IGNORECASE,
)
_NEGOTIATING_RE = re.compile(
    r"\bnegotiat(?:e|es|ed|ing|ions?|ors)\b|\btalks[ \t]+on\b|\bdraft(?:ing|ed)?\b",
    re.IGNORECASE,
)
# "was never signed", "has not been signed", "is yet to be signed": not signed.
_NOT_YET = re.compile(
    r"\b(?:never|not|n't|yet[ \t]+to|failed[ \t]+to|refused[ \t]+to|declined[ \t]+to)"
    r"[ \t]+(?:(?:been|be|have|get)[ \t]+)?\Z"
)
_IN_FORCE = re.compile(r"(?:took|takes|entered|enters|came|comes|entry)\b", re.IGNORECASE)
_EXISTING = "existing"  # a named document reported with no cue: signed, unless a cue says more
_CUE_REACH = 120
_LISTED_CAPITAL = re.compile(r"[ \t]+[A-Z]")
_WORD_START = re.compile(r"\w")
_LETTERS = re.compile(r"[^\W\d_]+")
# "signed an agreement on X and a memorandum on Y": one verb, two documents.
_COORDINATED = re.compile(
    r"[^.;:]{0,80}(?:\b(?:and|as[ \t]+well[ \t]+as)[ \t]+|,[ \t]*)(?:[\w-]+[ \t]+){0,3}\Z"
)

_KIND_PREFIXES = (
    ("treat", "treaty"),
    ("convention", "treaty"),
    ("agreement", "agreement"),
    ("accord", "agreement"),
    ("pact", "agreement"),
    ("memorand", "memorandum"),
    ("mou", "memorandum"),
    ("declaration", "declaration"),
    ("joint", "declaration"),
    ("communique", "declaration"),
    ("letter", "memorandum"),
    ("action", "roadmap"),
    ("compact", "agreement"),
    ("program", "other"),
    ("protocol", "protocol"),
    ("contract", "contract"),
    ("road", "roadmap"),
)

_PREP = r"(?:on|of|between|for|against|concerning|regarding|about|in[ \t]+the[ \t]+field[ \t]+of)"
_SUBJECT_LEAD = re.compile(
    rf"(?:[ \t]+(?:was|were|has[ \t]+been|had[ \t]+been|have[ \t]+been|is|will[ \t]+be)"
    rf"[ \t]+(?:signed|inked|concluded|initialled)(?:[ \t]+today)?)?[ \t]+(?P<prep>{_PREP})[ \t]+"
)
# A document's own name may go on with what it amends or sets up: "Protocol Amending the
# Agreement on ...", "Agreement Establishing the ... Bank", "Additional Protocol to the ...".
_SUBJECT_DIRECT = re.compile(
    rf"[ \t]+(?P<prep>{_PREP}|(?P<object>amending|establishing|creating|implementing|to))[ \t]+",
    re.IGNORECASE,
)
_DEFINITE = re.compile(r"\b(?:the|this|that)[ \t]+(?:[\w'’-]+[ \t]+){0,3}\Z", re.IGNORECASE)
_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")
_QUOTED = re.compile(
    r"[ \t]*,?[ \t]*(?:(?:titled|entitled|called|named|known[ \t]+as)[ \t]+)?"
    r"[\"“«](?P<q>[^\"”»\n]{3,160})[\"”»]"
)
_WHEN_NEXT = re.compile(
    r"[ \t]+(?:\d|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|"
    r"February|March|April|May|June|July|August|September|October|November|December)\b)"
)
# "a" that opens the next document of a list: "... on energy and a memorandum on ..."
_NOUN_AHEAD = re.compile(
    r"(?:[ \t]+[\w-]+){0,3}?[ \t]+(?:memorand|mou|treat|agreement|accord|pact|declaration|"
    r"joint[ \t]+statement|protocol|contract|road[ \t]?map|convention|charter|communiq)",
    re.IGNORECASE,
)
_VERB_NEXT = re.compile(r"[ \t]+(?:[a-z]+ed|will|would|said|also|then|signed)\b")
_PHRASE_WORD = re.compile(r"[ \t]*([\w'’-]+|[^\w\s])")
_STOP_PHRASE = frozenset(
    words("""was were is are has have had will would which that who whom whose signed inked by
    during at with as between after before following when while since to under within amid upon from
    yesterday today last next this""")
) | frozenset(MONTHS + WEEKDAYS)
_NOT_MODIFIERS = frozenset(
    words("""a an the this that these those its their our his her your my signed new historic
    important landmark key major first long-awaited relevant said such another any every
    each one two three several corresponding respective same final whole entire
    of and or to on in for with by""")
)
_SUBJECT_STOP = frozenset(
    words("""the a an of on and in for between to with by at from about concerning regarding
    field sphere area areas treaty agreement accord pact memorandum understanding mou
    declaration joint statement protocol contract convention charter roadmap road map
    document signed new communique letter intent action plan programme program cooperation
    compact""")
)
_PLACE_RE = re.compile(
    rf"\b(?:in|at|visit[ \t]+to|trip[ \t]+to|visits[ \t]+to)[ \t]+"
    rf"(?:the[ \t]+(?:\w+[ \t]+)?(?:capital|city)(?:[ \t]+of[ \t]+\w+)?,?[ \t]+)?"
    rf"(?P<place>{UP}(?:{LETTER}|['’](?={LETTER}))+(?:[- ]{UP}{LETTER}+)?)"
)
_NOT_PLACES = frozenset(w.capitalize() for w in MONTHS + WEEKDAYS) | frozenset(
    words(
        "The This That A An Addition Particular General Total Turn Order Response Line Accordance"
    )
)
# "BISHKEK, March 15 (Kazinform) –": the date a story was filed, not of its events.
_DATELINE = re.compile(
    r"\s*[A-Z][A-Za-z .'’-]{1,40}(?:,[ \t]*[A-Z][A-Za-z .]{1,30})?,?[ \t]+"
    r"(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?"
    r"|\d{1,2}[ \t]+[A-Z][a-z]{2,8}(?:[ \t]+\d{4})?)"
    r"[ \t]*(?:\([^)\n]{1,40}\))?[ \t]*(?:--|[-–—:])"
)
_SPEAKER_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:said|says|told|noted|stressed|added|stated)\b")
# "signed by", "signed at the same ceremony by", "signed in Astana on Friday by".
_SIGNED_BY = re.compile(
    r"\b(?:signed|inked|initialled|initialed)(?:[ \t]+[\w-]+){0,6}?[ \t]+by[ \t]"
)
_CLAUSE_END = re.compile(
    r"[;(]|,[ \t]+(?:who|which|during|while|after|before|as|at|in|on)\b|[ \t]+(?:during|while|"
    r"after|before|at[ \t]+the|on[ \t]+the[ \t]+sidelines)\b"
)
_ONLOOKERS = re.compile(r"\b(?:presence[ \t]+of|witnessed[ \t]+by|attended[ \t]+by)[ \t]")


@dataclass(slots=True)
class _Mention:
    span: Span
    kind: str | None  # None for a generic "this document"
    plural: bool
    named: str | None  # the document's own name
    described: str | None  # a descriptive title
    subject: frozenset[str]
    sentence: int
    definite: bool
    status: str | None = None
    cue: int = -1


@dataclass(slots=True)
class _Doc:
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def kind(self) -> str:
        for m in self.mentions:
            if m.named and m.kind:
                return m.kind
        return next((m.kind for m in self.mentions if m.status and m.kind), "other")

    @property
    def subject(self) -> frozenset[str]:
        return frozenset().union(*(m.subject for m in self.mentions))


def find_agreements(
    text: str,
    published: date,
    sentences: list[tuple[int, int]],
    countries: list[CountryMention],
    people: list[PersonFact],
    host: str | None = None,
) -> list[AgreementFact]:
    """Every document the article reports as signed, planned or under negotiation.

    ``host`` is the country of the story's dateline (``countries.dateline_country``).
    """
    mentions = _mentions(text, sentences)
    docs = _cluster([m for m in mentions if not m.plural])
    facts = []
    for doc in docs:
        fact = _fact(text, published, sentences, countries, people, doc, host)
        if fact is not None:
            facts.append(fact)
    facts = _same_ceremony(text, published, sentences, docs, facts)
    return facts


# "reached no agreement", "no formal treaty exists": a document that is not there.
_NEGATED = re.compile(r"\b[Nn]o[ \t]+(?:[a-z-]+[ \t]+){0,2}\Z")


def _mentions(text: str, sentences: list[tuple[int, int]]) -> list[_Mention]:
    found = []
    for m in cues.matches(_NOUN_RE, fold(text), text, _NOUNS):
        s = sentence_index(sentences, m.start())
        if s >= 0 and not _NEGATED.search(text, max(0, m.start() - 30), m.start()):
            found.append(_noun_mention(text, m, sentences[s], s))
    for m in _around(_GENERIC_RE, text, _DOCUMENT, 0, len(text)):
        s = sentence_index(sentences, m.start())
        span = Span(m.start(), m.end(), m.group())
        found.append(_Mention(span, None, False, None, None, frozenset(), s, True))
    found.sort(key=lambda x: x.span.start)
    by_sentence: dict[int, list[_Mention]] = {}
    for mention in found:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    for s, group in by_sentence.items():
        if s >= 0:
            _set_status(text, *sentences[s], group)
    expanded: list[_Mention] = []
    for mention in found:
        items = _list_items(text, mention, sentences) if mention.plural else ()
        expanded.extend(items or (mention,))
    return expanded


_SINGULAR = {
    "memoranda": "memorandum",
    "memorandums": "memorandum",
    "mous": "memorandum of understanding",
    "treaties": "treaty",
}
# "memoranda of understanding on energy, on railways and on tourism",
# "memoranda in five areas: energy, transport, ...".
_LIST_LEAD = re.compile(
    r"(?P<of>[ \t]+of[ \t]+understanding)?(?:[ \t]+(?:were[ \t]+|was[ \t]+)?"
    r"(?:signed|exchanged|inked))?(?:[ \t]+(?:yesterday|today|on[ \t]+[A-Z][a-z]+day))?[ \t]*"
    r"(?:(?:on|in|covering)[ \t]+(?:the[ \t]+)?(?:[\w-]+[ \t]+)?(?:areas|fields|sectors|spheres)"
    r"(?:[ \t]*:|[ \t]+of|[ \t]+such[ \t]+as|[ \t]*,[ \t]*including|[ \t]+including)"
    r"|[ \t]*:?[ \t]+(?:on|covering|in))[ \t]+"
)
_COUNT_BEFORE = re.compile(r"\b(\w+)[ \t]+\Z")
_ITEM_SPLIT = re.compile(
    r"[ \t]*(?:,|;)[ \t]*(?:and[ \t]+|as[ \t]+well[ \t]+as[ \t]+)?(?:on[ \t]+)?"
)
_ITEM_END = re.compile(
    r"[.;:!?\n(]|[ \t]+(?:was|were|which|that|signed|during|at|with|yesterday|today)\b"
    r"|[ \t]+(?:on|last|this|next)[ \t]+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
)


def _list_items(
    text: str, mention: _Mention, sentences: list[tuple[int, int]]
) -> tuple[_Mention, ...]:
    """One mention per item of "memoranda on A, B and C": each is a document of its own."""
    lead = _LIST_LEAD.match(text, mention.span.end)
    if lead is None:
        return ()
    stop = _ITEM_END.search(text, lead.end(), sentences[mention.sentence][1])
    end = stop.start() if stop else sentences[mention.sentence][1]
    listed = text[lead.end() : end]
    parts = _ITEM_SPLIT.split(listed)
    count = _COUNT_BEFORE.search(text, max(0, mention.span.start - 20), mention.span.start)
    wanted = _NUMBERS.get(count.group(1).lower(), 0) if count else 0
    if wanted == len(parts) + 1 and " and " in parts[-1]:
        # "three memoranda on agriculture, health and space": the last "and" parts items too.
        parts[-1:] = parts[-1].split(" and ", 1)
    if len(parts) < 2:
        return ()
    noun = mention.span.text.lower().split()[0]
    singular = _SINGULAR.get(noun, noun.rstrip("s"))
    of_understanding = lead.group("of") or "understanding" in mention.span.text.lower()
    if of_understanding and not singular.endswith("understanding"):
        singular += " of understanding"
    items, cursor = [], lead.end()
    for part in parts:
        part = part.strip()
        if part.startswith("and "):
            part = part[4:]
        start = text.find(part, cursor, end)
        if not part or start < 0 or len(part.split()) > 12:
            return ()
        cursor = start + len(part)
        described = f"{singular} on {part}"
        items.append(
            _Mention(
                Span(start, cursor, part),
                mention.kind,
                False,
                None,
                described,
                _stems(described),
                mention.sentence,
                False,
                mention.status,
                mention.cue,
            )
        )
    return tuple(items)


def _around(
    pattern: re.Pattern[str], text: str, kind: str, start: int, end: int
) -> list[re.Match[str]]:
    """Matches of ``pattern`` that end at or just after a ``kind`` cue word in [start, end)."""
    found: list[re.Match[str]] = []
    at = cues.positions(text, kind)
    for pos in at[bisect_left(at, start) : bisect_left(at, end)]:
        m = pattern.search(text, max(start, pos - 40), min(end, pos + 20))
        if m is not None and (not found or m.start() >= found[-1].end()):
            found.append(m)
    return found


def _noun_mention(text: str, m: re.Match[str], sentence: tuple[int, int], s: int) -> _Mention:
    noun = text[m.start() : m.end()]
    low = SPACES.sub(" ", noun.lower())
    modifiers = _modifiers(text, sentence[0], m.start())
    proper = _proper_run(modifiers)
    named = None
    start, end = m.start(), m.end()
    if noun[:1].isupper() and not _is_plural(low):  # "Fiji and Vanuatu Sign Agreements on"
        words, phrase_end = _subject_phrase(text, m.end(), sentence[1], after_verb=False)
        if proper or words:
            start = proper[0][1] if proper else m.start()
            end = phrase_end if words else m.end()
            if (start, end) != (m.start(), m.end()):
                named = text[start:end]
            else:
                start, end = m.start(), m.end()
    quoted = _QUOTED.match(text, m.end())
    if quoted and named is None:
        q = quoted.group("q").strip()
        named = f"{noun[:1].upper()}{noun[1:]} {q}" if q.lower().startswith(("on ", "of ")) else q
    described = None
    if named is None:
        words, _ = _subject_phrase(text, m.end(), sentence[1], after_verb=True)
        if words and words[0] == "between":
            words = []  # "between the two countries" says who, not what
        described = " ".join([*(w for w, _ in modifiers), low, *words])
    det = _DEFINITE.search(text, max(sentence[0], m.start() - 40), m.start())
    plural = _is_plural(low) and named is None
    return _Mention(
        Span(start, end, text[start:end]),
        _kind(low),
        plural,
        named,
        described,
        _stems(named or described or ""),
        s,
        det is not None,
    )


def _proper_run(modifiers: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The capitalised words right before the noun ("Paris", "Strategic Partnership")."""
    run: list[tuple[str, int]] = []
    for word, pos in reversed(modifiers):
        if not word[:1].isupper():
            break
        run.insert(0, (word, pos))
    return run


def _kind(noun: str) -> str:
    for prefix, kind in _KIND_PREFIXES:
        if noun.startswith(prefix):
            return kind
    return "other"


def _is_plural(noun: str) -> bool:
    if noun.startswith("memorand"):
        return noun.split()[0] in ("memoranda", "memorandums")
    nouns = noun.split()
    head = nouns[0] if "of" in nouns else nouns[-1]  # "letters of intent", "action plans"
    return head.endswith("s")


def _modifiers(text: str, lo: int, noun_start: int) -> list[tuple[str, int]]:
    """Up to four words right before the noun that describe it ("free trade"), with offsets."""
    tokens = list(_TOKEN.finditer(text, max(lo, noun_start - 80), noun_start))
    kept: list[tuple[str, int]] = []
    expected_end = noun_start
    for tok in reversed(tokens):
        word = tok.group()
        if text[tok.end() : expected_end].strip() or len(kept) == 4:
            break
        if not _WORD_START.match(word) or word.lower() in _NOT_MODIFIERS:
            break
        if word[:1].islower() and word.endswith(("ed", "ing")) and "-" not in word:
            break  # a verb, not a modifier; "water-sharing" is a modifier
        kept.insert(0, (word, tok.start()))
        expected_end = tok.start()
    return kept


def _subject_phrase(text: str, pos: int, limit: int, after_verb: bool) -> tuple[list[str], int]:
    """The words after the noun that say what the document is about, and where they end."""
    lead = (_SUBJECT_LEAD if after_verb else _SUBJECT_DIRECT).match(text, pos, limit)
    if lead is None:
        return [], pos
    words = [SPACES.sub(" ", lead.group("prep"))]
    names_another = not after_verb and lead.group("object") is not None
    end = cursor = lead.end()
    for m in _PHRASE_WORD.finditer(text, cursor, limit):
        if m.start() != cursor:
            break
        word = m.group(1)
        low = word.lower()
        if (
            word == ","
            and not after_verb
            and words[-1][:1].isupper()
            and _LISTED_CAPITAL.match(text, m.end())
        ):  # "against Illegal, Unreported and Unregulated Fishing"
            words.append(word)
            cursor = m.end()
            continue
        if not _WORD_START.match(word) or low in _STOP_PHRASE or len(words) > 14:
            break
        if low in ("in", "at") and not text[m.end() + 1 : m.end() + 2].islower():
            break  # "in Astana", "in 2019": where or when, not what
        if low == "on" and _WHEN_NEXT.match(text, m.end()):
            break  # "on 7 December 2023", "on Friday": when, not what
        if low == "and" and _VERB_NEXT.match(text, m.end()):
            break  # "on lithium and adopted ...": a new clause, not more of the subject
        if not names_another and (
            low in _ONE_WORD_NOUNS or (low in ("a", "an") and _NOUN_AHEAD.match(text, m.end()))
        ):
            break  # the next document of a list starts here
        words.append(word)
        cursor = m.end()
        if low not in ("and", "of", "the", "on", "in", "for", "between", "its"):
            end = cursor
    while len(words) > 1 and words[-1].lower() in ("and", "of", "the", "on", "in", "for", "its"):
        words.pop()
    if len(words) < 2:
        return [], pos
    if words[1][:1].isdigit():
        return [], pos
    return words, end


def _stems(title: str) -> frozenset[str]:
    words = _LETTERS.findall(title.lower())
    return frozenset(w[:5] for w in words if w not in _SUBJECT_STOP and len(w) > 2)


def _set_status(text: str, start: int, end: int, mentions: list[_Mention]) -> None:
    if not mentions:
        return
    strong: list[tuple[int, int, str]] = [
        (m.start(), m.end(), "planned") for m in _around(_PLANNED_RE, text, _PLANNED, start, end)
    ]
    planned = list(strong)
    for m in cues.matches(_SIGNED_RE, text, text, _SIGNED, start, end):
        a, b = m.start(), m.end()
        if not any(p[0] <= a < p[1] for p in planned):
            if _IN_FORCE.match(m.group()):
                strong.append((a, b, _EXISTING))  # in force: signed, but not reported here
                continue
            negated = _NOT_YET.search(text, max(start, a - 25), a)
            strong.append((a, b, "planned" if negated else "signed"))
    weak = [
        (m.start(), m.end(), "negotiating")
        for m in cues.matches(_NEGOTIATING_RE, text, text, _NEGOTIATING, start, end)
    ]
    nouns = [m.span for m in mentions]
    for mention in mentions:
        for found in (strong, weak):
            best = _nearest(text, mention.span, found, nouns)
            if best is not None:
                mention.status, mention.cue = best[2], best[0]
                break
        else:
            if mention.named and not mention.plural:
                mention.status = _EXISTING  # "the 2018 Prespa Agreement": in force already


def _nearest(text: str, span: Span, cues: list[tuple[int, int, str]], nouns: list[Span]):
    """The closest cue with no other document noun in between, save a coordinated one."""
    best, best_distance = None, _CUE_REACH + 1
    for cue in cues:
        distance = cue[0] - span.end if cue[0] >= span.end else span.start - cue[1]
        if distance < -1 or distance > _CUE_REACH:
            continue
        lo, hi = sorted((cue[0], span.start))
        between = [n for n in nouns if lo < n.start < hi and n != span]
        coordinated = (
            cue[0] < span.start
            and bool(between)
            and _COORDINATED.match(text, between[-1].end, span.start) is not None
        )
        if between and not coordinated:
            continue
        if distance < best_distance:
            best, best_distance = cue, distance
    return best


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or "agreement" in (a, b)


def _overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    shared, fewest = len(a & b), min(len(a), len(b))
    # One shared word is enough only for a one-word subject: "visas for traders" and
    # "transit trade" share "trade" and are two documents.
    return shared * 2 >= fewest and (shared >= 2 or fewest == 1)


def _same_kind_first(docs: list[_Doc], kind: str | None) -> list[_Doc]:
    """ "the declaration" means the one declaration, even beside an agreement."""
    same = [d for d in docs if d.kind == kind]
    return same if len(same) == 1 else docs


def _cluster(mentions: list[_Mention]) -> list[_Doc]:
    docs: list[_Doc] = []
    for m in mentions:
        if m.status and m.subject:
            home = next(
                (d for d in docs if _compatible(d.kind, m.kind) and _overlap(d.subject, m.subject)),
                None,
            )
            if home is None:
                home = _Doc()
                docs.append(home)
            home.mentions.append(m)
    for m in mentions:
        if m.status and not m.subject:
            # "signed a treaty" is the article's one treaty, even one named without a cue;
            # else a document merely in force is not what "an agreement was signed" reports.
            options = [d for d in docs if d.kind == m.kind]
            if len(options) != 1:
                live = [d for d in docs if any(x.status != _EXISTING for x in d.mentions)]
                options = _same_kind_first([d for d in live if _compatible(d.kind, m.kind)], m.kind)
            if len(options) == 1:
                options[0].mentions.append(m)
            elif not options and m.kind is not None and not any(d.kind == m.kind for d in docs):
                doc = _Doc([m])
                docs.append(doc)
    for m in mentions:
        if m.status:
            continue
        if m.subject:
            options = [
                d for d in docs if _compatible(d.kind, m.kind) and _overlap(d.subject, m.subject)
            ]
        elif m.definite:
            options = _same_kind_first([d for d in docs if _compatible(d.kind, m.kind)], m.kind)
        else:
            options = []
        if len(options) == 1:
            options[0].mentions.append(m)
    for doc in docs:
        doc.mentions.sort(key=lambda x: x.span.start)
    return docs


def _fact(
    text: str,
    published: date,
    sentences: list[tuple[int, int]],
    countries: list[CountryMention],
    people: list[PersonFact],
    doc: _Doc,
    host: str | None,
) -> AgreementFact | None:
    cued = [m for m in doc.mentions if m.status]
    if not cued:
        return None
    # What the document's own name or description says outranks a bare "the agreement",
    # which may stand for another document of the article.
    statuses = {m.status for m in cued if m.subject} or {m.status for m in cued}
    status = next(s for s in ("signed", "planned", "negotiating", _EXISTING) if s in statuses)
    signing = [m for m in cued if m.status == status]
    signing_sentences = sorted({m.sentence for m in signing})
    signatories: tuple[str, ...] = ()
    if status == "signed":
        signatories = _signatories(text, sentences, signing_sentences, people)
        if len(signatories) < 2:
            signatories = _group_signers(text, sentences, signing_sentences, people) or signatories
    spans = tuple(sorted({m.span for m in doc.mentions}, key=lambda s: (s.start, s.end)))
    parties = _parties(sentences, signing_sentences, countries, people, signatories)
    if len(parties) == 1 and host is not None and host not in parties:
        # "MUSCAT (ONA) -- ... received the Indian minister; the two signed": the host signs too.
        parties = tuple(sorted({*parties, host}))
    in_title = {c.code for c in countries for sp in spans if sp.start <= c.span.start < sp.end}
    if in_title - set(parties):
        parties = tuple(sorted({*parties, *in_title}))  # "the Korea-U.S. Free Trade Agreement"
    if status == _EXISTING:  # in force, but this article does not report its signing
        return AgreementFact(_title(doc), doc.kind, "signed", None, None, parties, (), spans)
    return AgreementFact(
        title=_title(doc),
        kind=doc.kind,
        status=status,
        signed_on=_signed_on(text, published, sentences, signing) if status == "signed" else None,
        # The place of signing: a planned document's "talks in Nairobi" is not one.
        place=_place(text, sentences, signing_sentences) if status == "signed" else None,
        parties=parties,
        signatories=signatories,
        mentions=spans,
    )


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _same_ceremony(
    text: str,
    published: date,
    sentences: list[tuple[int, int]],
    docs: list[_Doc],
    facts: list[AgreementFact],
) -> list[AgreementFact]:
    """Undated signed documents take the date the article gives its other signings.

    A report of one ceremony dates it once ("signed ... on Thursday") and then
    lists what was signed. Only when every dated signing shares one date, and
    never for a document whose sentences name a year of their own (history).
    With no dated signing, the lead's date counts when the lead reports a
    signing ("Ghana and Togo signed an agreement on Tuesday ...").
    """
    dates = {f.signed_on for f in facts if f.status == "signed" and f.signed_on}
    lead_day = None if dates else _lead_date(text, published, sentences)
    if len(dates) > 1 or (not dates and lead_day is None):
        return facts
    day = next(iter(dates)) if dates else lead_day[0]
    if (published - day).days > 31:
        return facts  # a signing of years ago is history, not this article's ceremony
    out = []
    for fact in facts:
        if fact.status == "signed" and fact.signed_on is None:
            own = [m for d in docs for m in d.mentions if m.span in fact.mentions]
            reported = any(m.status == "signed" for m in own)  # not merely in force
            years = any(_YEAR.search(text, *sentences[m.sentence]) for m in own)
            if reported and not years and (dates or lead_day[1]):
                fact = replace(fact, signed_on=day)
        out.append(fact)
    return out


_LEAD_SIGNING = re.compile(r"\b(?:signed|inked|agreed|sealed|concluded)\b")


def _lead_date(
    text: str, published: date, sentences: list[tuple[int, int]]
) -> tuple[date, bool] | None:
    """The date in the story's first sentence, and whether that sentence reports a signing."""
    if not sentences:
        return None
    dateline = _DATELINE.match(text)
    start, end = sentences[0]
    if dateline is not None and dateline.end() >= end and len(sentences) > 1:
        start, end = sentences[1]
    start = max(start, dateline.end() if dateline else 0)
    hits = [h for h in find_dates(text, published, start, end) if h.value <= published]
    if not hits:
        return None
    return hits[0].value, _LEAD_SIGNING.search(text, start, end) is not None


def _title(doc: _Doc) -> str:
    named = [m.named for m in doc.mentions if m.named]
    if named:
        return max(named, key=len)
    described = [m.described for m in doc.mentions if m.described and m.status]
    described = described or [m.described for m in doc.mentions if m.described]
    return (
        max(described, key=lambda d: (len(d.split()), -described.index(d)))
        if described
        else doc.kind
    )


def _signed_on(
    text: str, published: date, sentences: list[tuple[int, int]], signing: list[_Mention]
) -> date | None:
    best = None
    dateline = _DATELINE.match(text)
    filed = dateline.end() if dateline else 0
    for order, m in enumerate(signing):
        start, end = sentences[m.sentence]
        for hit in find_dates(text, published, max(start, filed), end):
            if hit.value > published:
                continue
            key = (hit.rank, order, abs(hit.start - m.cue))
            if best is None or key < best[0]:
                best = (key, hit.value)
    return best[1] if best else None


def _place(text: str, sentences: list[tuple[int, int]], indices: list[int]) -> str | None:
    for s in indices:
        start, end = sentences[s]
        for m in _PLACE_RE.finditer(text, start, end):
            place = m.group("place")
            term = lookup(place)
            if term is not None and term.how in ("capital", "city", "region"):
                return place
            if term is None and place.split()[0] not in _NOT_PLACES and m.group().startswith("in"):
                return place
    return None


def _signatories(
    text: str, sentences: list[tuple[int, int]], indices: list[int], people: list[PersonFact]
) -> tuple[str, ...]:
    found: list[tuple[int, str]] = []
    # Where signers can stand in each signing sentence: after "signed by" up to
    # the end of that clause when the sentence says "by"; and never from "in the
    # presence of" on, where people look on.
    window, named_by = {}, []
    for s in indices:
        start, end = sentences[s]
        # Plain substring tests first: the patterns are rarely there and costly to search for.
        low = text[start:end].lower()
        if "presence" in low or "witnessed" in low or "attended" in low:
            onlookers = _ONLOOKERS.search(text, start, end)
            end = onlookers.start() if onlookers else end
        by = _SIGNED_BY.search(text, start, end) if " by " in low else None
        if by is not None:
            clause_end = _CLAUSE_END.search(text, by.end(), end)
            start, end = by.end(), clause_end.start() if clause_end else end
            named_by.append(s)
        window[s] = (start, end)
    if named_by:
        indices = named_by  # "signed by A and B" says who signed better than a mention nearby
    for person in people:
        for span in person.mentions:
            s = sentence_index(sentences, span.start)
            if s not in indices or not window[s][0] <= span.start < window[s][1]:
                continue
            if _SPEAKER_AFTER.match(text, span.end):
                continue
            found.append((span.start, person.name))
            break
    return tuple(name for _, name in sorted(found))


_NUMBERS = {w: n for n, w in enumerate(words("two three four five six seven eight nine ten"), 2)}
_GROUP_RE = re.compile(
    r"\b(?:the|The|their|Their)[ \t]+"
    r"(?:(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)[ \t]+)?"
    r"(?:[A-Z][a-z]+[ \t]+)?(?:(?P<qual>vice|deputy|trade|energy|finance|economy|defence|defense|"
    r"interior|transport|agriculture|health)[ \t]+)?"
    r"(?P<who>presidents|leaders|heads[ \t]+of[ \t]+state|"
    r"prime[ \t]+ministers|foreign[ \t]+ministers|ministers|heads[ \t]+of[ \t]+government)\b"
)
_GROUP_ROLES = {
    "presidents": ("President",),
    "prime ministers": ("Prime Minister",),
    "foreign ministers": ("Foreign Minister",),
}
_LEADER_ROLES = ("President", "Prime Minister", "King", "Emir", "Chancellor", "Sultan", "Premier")


def _group_signers(
    text: str, sentences: list[tuple[int, int]], indices: list[int], people: list[PersonFact]
) -> tuple[str, ...]:
    """ "The five presidents signed ...": every person of the article with that title."""
    for s in indices:
        start, end = sentences[s]
        for m in _GROUP_RE.finditer(text, start, end):
            who = SPACES.sub(" ", m.group("who"))
            roles = _GROUP_ROLES.get(who, _LEADER_ROLES)
            if who == "ministers":
                qual = (m.group("qual") or "").lower()
                holders = [
                    p
                    for p in people
                    if p.role and "Minister" in p.role and p.country and qual in p.role.lower()
                ]
            else:
                holders = [p for p in people if p.role in roles and p.country]
            n = m.group("n")
            wanted = int(n) if n and n.isdigit() else _NUMBERS.get(n or "", len(holders))
            if len(holders) >= 2 and len(holders) == wanted:
                return tuple(p.name for p in holders)
    return ()


def _parties(
    sentences: list[tuple[int, int]],
    indices: list[int],
    countries: list[CountryMention],
    people: list[PersonFact],
    signatories: tuple[str, ...],
) -> tuple[str, ...]:
    codes = {p.country for p in people if p.name in signatories and p.country}
    if len(codes) >= 2:
        return tuple(sorted(codes))  # the signers' countries say it better than the sentence
    spans = [sentences[i] for i in indices]
    codes.update(c.code for c in countries if any(a <= c.span.start < b for a, b in spans))
    if len(codes) < 2 and sentences:
        lead_end = sentences[0][1]
        codes.update(c.code for c in countries if c.span.start < lead_end)
    return tuple(sorted(codes))
