"""Extractor speed on one core: articles per second, normalised to 500 words.

Run by hand, not by the test suite (the machine is shared and noisy; medians
of several runs are printed):

    python tests/benchmarks/bench_extract.py [ARTICLES_DIR ...] [--runs 5] [--articles 2000]
        [--stages]

By default it reads the development set (tests/data/devset/articles) and the
seeds. Articles are cycled until ``--articles`` have been extracted per run;
each copy gets a distinct suffix so no cache can serve a repeat. The figure
to compare with the 2,000 articles/s target is "per second at 500 words":
words per second divided by 500. ``--stages`` adds one more run that times
each step of ``corpus_db.extract.pipeline`` (microseconds per article), to
show where the time goes.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

from corpus_db.extract import extract, pipeline
from corpus_db.readers import RawArticle, find_files, read_file

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIRS = [ROOT / "tests" / "data" / "devset" / "articles", ROOT / "seeds"]


def articles(dirs: list[Path]) -> list[RawArticle]:
    files, _ = find_files(dirs)
    return [item for path in files for item in read_file(path) if isinstance(item, RawArticle)]


def one_run(texts: list[tuple[str, object]]) -> float:
    """Seconds to extract every text once."""
    gc.collect()
    start = time.perf_counter()
    for body, published in texts:
        extract(body, published)
    return time.perf_counter() - start


STEPS = (
    "split_sentences",
    "scan",
    "country_mentions",
    "find_places",
    "find_people",
    "find_agreements",
)


def stage_times(texts: list[tuple[str, object]]) -> dict[str, float]:
    """Seconds spent in each pipeline step over one run (the steps wrapped with a timer)."""
    spent = dict.fromkeys(STEPS, 0.0)
    originals = {name: getattr(pipeline, name) for name in STEPS}

    def timed(name, step):
        def run(*args):
            start = time.perf_counter()
            result = step(*args)
            spent[name] += time.perf_counter() - start
            return result

        return run

    try:
        for name, step in originals.items():
            setattr(pipeline, name, timed(name, step))
        one_run(texts)
    finally:
        for name, step in originals.items():
            setattr(pipeline, name, step)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--stages", action="store_true", help="time each extraction step too")
    args = parser.parse_args()
    raws = articles(args.dirs)
    if not raws:
        sys.exit("no articles found")
    texts = [
        (f"{raws[i % len(raws)].body} ({i})", raws[i % len(raws)].published)
        for i in range(args.articles)
    ]
    words = sum(len(body.split()) for body, _ in texts)
    extract(*texts[0])  # build the gazetteer and compile patterns outside the timing
    seconds = [one_run(texts) for _ in range(args.runs)]
    median = statistics.median(seconds)
    print(
        f"{len(raws)} distinct articles, {args.articles} per run, "
        f"{words / len(texts):.0f} words each on average"
    )
    print("runs (s): " + ", ".join(f"{s:.2f}" for s in seconds))
    print(f"median: {len(texts) / median:,.0f} articles/s, {words / median:,.0f} words/s")
    print(f"at 500 words an article: {words / median / 500:,.0f} articles/s (one core)")
    if args.stages:
        spent = stage_times(texts)
        total = sum(spent.values())
        print("per article, by step (one more run):")
        for name, seconds_in in spent.items():
            share = seconds_in / total if total else 0.0
            print(f"  {name:<18} {seconds_in / len(texts) * 1e6:7.1f} us  {share:5.1%}")


if __name__ == "__main__":
    main()
