"""What curation decisions cost a load, a re-extraction, a decision and an undo.

Run by hand, not by the test suite:

    python tests/benchmarks/bench_curation.py [--articles 2000] [--aliases 1000]
        [--settings 200] [--runs 3] [--backends sqlite,postgresql] [--work DIR]
        [--postgres URL]

For each backend and run, into a new database: load the first half of a
seeded synthetic corpus (``make_corpus.py``), make the decisions (``--aliases``
alias-person and ``--settings`` set-person, over the people found), then time
loading the second half, re-extracting every article, and undoing the last
decision; then the same with no decision. Prints medians over the runs and the
ratio of the curated figures to the plain ones.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from corpus_db import Corpus

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script, from anywhere
from tests.benchmarks.make_corpus import write_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles in all (even)")
    parser.add_argument("--aliases", type=int, default=1000, help="alias-person decisions")
    parser.add_argument("--settings", type=int, default=200, help="set-person decisions")
    parser.add_argument("--runs", type=int, default=3, help="runs per case (medians shown)")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "bench_cur")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "CORPUS_DB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1/postgres"
        ),
    )
    args = parser.parse_args()
    half = args.articles // 2
    first, second = args.work / "first", args.work / "second"
    if not first.exists():
        write_corpus(first, half, seed=11)
        write_corpus(second, half, seed=11, start=half)
    for backend in args.backends.split(","):
        results = {
            label: [_run(backend, args, first, second, curated) for _ in range(args.runs)]
            for label, curated in (("none", False), ("curated", True))
        }
        _print(backend, half, results, args)


def _run(
    backend: str, args: argparse.Namespace, first: Path, second: Path, curated: bool
) -> dict[str, float]:
    url = _new_database(backend, args)
    with Corpus(url) as corpus:
        corpus.load(first)
        people = corpus.people()
        started = time.perf_counter()
        if curated:
            for i in range(args.aliases):
                person = people[i % len(people)]
                corpus.alias_person(person.id, f"{person.name} Alias {i}")
            for person in people[: args.settings]:
                corpus.set_person(person.id, country="FR", role="Envoy")
        decided = time.perf_counter() - started
        count = args.aliases + args.settings if curated else 0
        loaded, load = _timed(lambda: corpus.load(second).loaded)
        redone, reextract = _timed(lambda: corpus.reextract(everything=True).articles)
        undo = _timed(lambda: corpus.undo(corpus.decisions()[-1].id))[1] if curated else 0.0
    return {
        "load /s": loaded / load,
        "reextract /s": redone / reextract,
        "ms a decision": 1000 * decided / count if count else 0.0,
        "undo s": undo,
    }


def _timed(work):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def _new_database(backend: str, args: argparse.Namespace) -> str:
    if backend == "sqlite":
        path = args.work / "bench.db"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    server = make_url(args.postgres).set(drivername="postgresql+psycopg")
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS corpus_bench_curation"))
        connection.execute(text("CREATE DATABASE corpus_bench_curation"))
    engine.dispose()
    return server.set(database="corpus_bench_curation").render_as_string(hide_password=False)


def _print(
    backend: str, half: int, results: dict[str, list[dict[str, float]]], args: argparse.Namespace
) -> None:
    decisions = args.aliases + args.settings
    print(
        f"{backend}: {half:,} articles loaded, then {half:,} more, then all re-extracted; "
        f"{decisions:,} decisions ({args.aliases:,} alias, {args.settings:,} set person); "
        f"medians of {args.runs}"
    )
    for measure in ("load /s", "reextract /s"):
        plain = statistics.median(r[measure] for r in results["none"])
        curated = statistics.median(r[measure] for r in results["curated"])
        ratio = curated / plain
        print(f"  {measure:<14} none {plain:8.0f}  curated {curated:8.0f}  ratio {ratio:.2f}")
    for measure in ("ms a decision", "undo s"):
        print(f"  {measure:<14} {statistics.median(r[measure] for r in results['curated']):.2f}")


if __name__ == "__main__":
    main()
