"""Any string: no exception, and every span is a slice of the text."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_db.extract import extract

_VOCABULARY = (
    "President Prime Minister King Kazakhstan Kazakh Astana said signed agreement treaty "
    "memorandum on of the and will sign Friday April 19th, 2024 yesterday “ ” ’s . , – \n "
    "Côte d’Ivoire US UK South China Sea Jordan Chad Sadyr Japarov Nurgozhoyevich"
)
_WORDS = st.sampled_from(_VOCABULARY.split(" "))


def _check(text: str) -> None:
    facts = extract(text, date(2024, 4, 20))
    spans = [c.span for c in facts.countries]
    spans += [s for p in facts.people for s in p.mentions]
    spans += [s for a in facts.agreements for s in a.mentions]
    for span in spans:
        assert text[span.start : span.end] == span.text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=60).map(" ".join))
def test_word_salad_of_the_vocabulary(text):
    _check(text)


def test_empty_and_very_long_inputs():
    _check("")
    _check("   ")
    _check("President Kassym-Jomart Tokayev signed a treaty on Friday. " * 2000)
