"""Property tests (hypothesis): readers and extractor take any input without an
exception, every offset lies inside the text, and every stored span equals the
text it points at, on both backends."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from corpus_db import Corpus
from corpus_db.errors import InputError
from corpus_db.extract import extract
from corpus_db.models import (
    AgreementMention,
    Article,
    CountryMention,
    PersonMention,
    PlaceMention,
)
from corpus_db.readers import MAX_TITLE_CHARS, RawArticle, read_file

_VOCABULARY = (
    "President Prime Minister Foreign King Emir Kazakhstan Kazakh Astana Moscow Beijing said "
    "signed agreement treaty memorandum declaration protocol on of the and will sign Friday "
    "April 19th, 2024 yesterday “ ” ’s . , – \n \n\n Côte d’Ivoire US UK Georgia Chad "
    "Sadyr Japarov Nurgozhoyevich Tokayev Kassym-Jomart é e\u0301 ﬁ İ ß 🇰🇿 \r\n \t"
)
WORDS = st.lists(st.sampled_from(_VOCABULARY.split(" ")), max_size=50).map(" ".join)
TEXT = st.one_of(st.text(), WORDS, st.text(alphabet=_VOCABULARY, max_size=300))


def _read(suffix: str, data: bytes) -> list[RawArticle | InputError]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, f"article{suffix}")
        path.write_bytes(data)
        results = list(read_file(path))
        for result in results:
            if isinstance(result, InputError):
                assert result.path == str(path) and result.reason
            else:
                assert result.path.startswith(str(path))
                _check_article(result)
        return results


def _check_article(article: RawArticle) -> None:
    body = article.body
    assert body and body == body.strip()
    assert unicodedata.is_normalized("NFC", body)
    assert "\x00" not in body and "\r" not in body
    body.encode("utf-8")  # storable: no lone surrogates
    assert len(article.title) <= MAX_TITLE_CHARS or article.title == article.title.strip()
    assert len(article.content_hash) == 64


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(), TEXT.map(lambda t: f"date 2024-04-20 {t}".encode())))
def test_any_bytes_as_a_text_file_give_one_article_or_one_error(data: bytes) -> None:
    [result] = _read(".txt", data)
    if isinstance(result, InputError):
        # The reader takes CR LF, and a lone CR as old Mac files have, as a line break.
        lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
        assert result.line is None or 1 <= result.line <= lines


_FIELD = st.one_of(
    st.none(),
    st.integers(),
    st.text(),
    st.text(st.characters(categories=["Cs", "Cc", "Ll"])),  # lone surrogates, NUL
    WORDS,
    st.just("2024-02-30"),
    st.dates().map(str),
)
RECORD = st.fixed_dictionaries(
    {"date": st.one_of(st.dates().map(str), _FIELD), "text": _FIELD},
    optional={"title": _FIELD, "url": _FIELD, "source": _FIELD, "other": _FIELD},
)
JSONL = st.lists(
    st.one_of(RECORD.map(json.dumps), st.text(max_size=40), RECORD.map(str)), max_size=8
).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(), JSONL))
def test_any_bytes_as_a_jsonl_file_give_articles_and_errors_by_line(data: bytes) -> None:
    lines = data.count(b"\n") + 1
    for result in _read(".jsonl", data):
        if isinstance(result, InputError) and result.line is not None:
            assert 1 <= result.line <= lines
        if isinstance(result, RawArticle):
            assert 1 <= int(result.path.rsplit(":", 1)[1]) <= lines


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_extracted_offsets_lie_inside_the_text_and_point_at_their_words(text: str) -> None:
    facts = extract(text, date(2024, 4, 20))
    spans = [c.span for c in facts.countries]
    spans += [s for p in facts.people for s in p.mentions]
    spans += [s for a in facts.agreements for s in a.mentions]
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # one database for all examples
)
@given(TEXT.filter(lambda text: "\x00" not in text))  # a NUL makes the file binary: refused
def test_every_stored_span_equals_the_text_it_points_at(db_url: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder, Corpus(db_url) as corpus:
        path = Path(folder, "article.txt")
        path.write_text(f"date 2024-04-20\nPresident Kassym-Jomart Tokayev said {text}")
        summary = corpus.load(path)
        assert summary.failed == 0, summary.failures
        with corpus._sessions() as session:
            for model in (CountryMention, PersonMention, AgreementMention, PlaceMention):
                rows = session.execute(select(Article.body, model).join(model.article)).all()
                for body, mention in rows:
                    assert 0 <= mention.start_char < mention.end_char <= len(body)
                    assert body[mention.start_char : mention.end_char] == mention.text
