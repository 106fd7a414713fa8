"""A small corpus for the query tests: the seed and four short articles written for them.

What each article yields (checked by the tests that rely on it):
- seed (2024-04-20): KZ, KG; Tokayev, Japarov; the treaty signed 2024-04-19 in Astana.
- water_2023 (2023-06-10): KZ, UZ; Tokayev, Mirziyoyev; a memorandum signed 2023-06-09.
- ankara_2025 (2025-02-01): TR, KG; Erdoğan (an accented name), Japarov; a trade
  agreement under negotiation.
- tokyo_2022 (2022-03-05) and astana_2024 (2024-09-02): KZ, JP; Mukhtar Tileuberdi as
  Foreign Minister, then as Deputy Prime Minister; one planned roadmap reported twice.
"""

from __future__ import annotations

import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest

from corpus_db import Corpus

from .conftest import BACKENDS, SEEDS, postgres_database

SEED_SOURCE = "000_2042737d8e2a6737"
TREATY = "Treaty on deepening and expansion of allied relations"
MEMORANDUM = "memorandum on water and energy cooperation"
ROADMAP = "roadmap on energy"

ARTICLES = {
    "water_2023": (
        "2023-06-10",
        "President Kassym-Jomart Tokayev of Kazakhstan and President Shavkat Mirziyoyev of "
        "Uzbekistan signed a memorandum on water and energy cooperation in Tashkent on June 9, "
        "2023. Tokayev said the Uzbek side would build a canal. Mirziyoyev thanked Astana.",
    ),
    "ankara_2025": (
        "2025-02-01",
        "Turkish President Recep Tayyip Erdoğan met Kyrgyz President Sadyr Japarov in Ankara. "
        "Turkey and Kyrgyzstan are negotiating a trade agreement, Erdoğan said. Japarov praised "
        "the talks.",
    ),
    "tokyo_2022": (
        "2022-03-05",
        "Foreign Minister Mukhtar Tileuberdi of Kazakhstan visited Tokyo. Japan and Kazakhstan "
        "plan to sign a roadmap on energy. Tileuberdi met Japanese officials in Tokyo.",
    ),
    "astana_2024": (
        "2024-09-02",
        "Deputy Prime Minister Mukhtar Tileuberdi of Kazakhstan said on Monday that Kazakhstan "
        "and Japan will sign a roadmap on energy next year. Tileuberdi spoke in Astana.",
    ),
}


def write_corpus(folder: Path) -> Path:
    """The seed and the articles above as .txt files in ``folder``; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEEDS / f"{SEED_SOURCE}.txt", folder)
    for name, (published, body) in ARTICLES.items():
        (folder / f"{name}.txt").write_text(f"date {published}\n{body}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The corpus above, loaded once per test module and backend; tests only read it."""
    folder = write_corpus(tmp_path_factory.mktemp("articles"))
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'query.db'}"
        else:
            url = stack.enter_context(postgres_database())
        with Corpus(url) as corpus:
            summary = corpus.load(folder)
        assert (summary.loaded, summary.failed) == (5, 0)
        yield url
