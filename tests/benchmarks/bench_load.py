"""Load speed, memory and query times at 1,000 to 100,000 articles, SQLite and PostgreSQL.

Run by hand, not by the test suite (minutes, not seconds, and the machine is
shared and noisy):

    python tests/benchmarks/bench_load.py [--sizes 1000,10000,100000]
        [--backends sqlite,postgresql] [--workers N] [--work DIR]
        [--postgres URL]  (default $CORPUS_DB_TEST_POSTGRES_URL or
                           postgresql://postgres@127.0.0.1/postgres)

It writes a seeded synthetic corpus once (``make_corpus.py``: the largest size
plus 1,000 more articles, kept in ``--work`` for later runs) and then, for
each backend and size, into a new database with the schema and no articles:

- load: ``corpus-db load --workers N`` as a separate process, as a user runs
  it: articles per second; the fixed cost of a load (the same command on one
  stored file); microseconds per article without it and their ratio to the
  smallest size (flat means no step grows with the database), peak memory
  (of the loader and its workers together, sampled every 250 ms: see
  ``PeakMemory``), and CPU seconds of all of them;
- floor: the same rows (date, text, hash) inserted with the driver alone into
  a table with a unique hash index: sqlite3 executemany in one transaction,
  psycopg COPY; and the load's time as a multiple of it;
- extractor share: extraction alone, in this process, over a sample, as a
  share of the load's CPU seconds;
- reload: the same articles plus 1,000 new ones, as a share of the first load;
- queries on the loaded database, through the library, medians of 5: the first
  100 articles by country, by person and by date range, the first 100 people
  by country and agreements by party, and a full-text search (its first 20);
- then, on PostgreSQL, the middle size loaded by one loader and by
  ``--loaders`` loaders at once, each with its share of the files and of the
  workers: what several loaders against one server look like here.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

from corpus_db import Corpus
from corpus_db.readers import RawArticle, find_files, read_file
from corpus_db.workers import default_workers, extract_many

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run as a script, from anywhere
from tests.benchmarks.make_corpus import PER_FOLDER, write_corpus

NEW = 1000  # articles added for the reload
SEED = 1
EXTRACT_SAMPLE = 2000
PAGE = 100


@dataclass
class Figures:
    backend: str
    size: int
    seconds: float
    startup: float
    cpu: float
    peak_mb: float
    floor_seconds: float
    extract_cpu: float
    reload_seconds: float
    queries_ms: dict[str, float]

    @property
    def per_second(self) -> float:
        return self.size / self.seconds

    @property
    def us_per_article(self) -> float:
        """Net of the fixed cost of starting (imports, tables, connecting)."""
        return (self.seconds - self.startup) / self.size * 1e6


def corpus_folders(work: Path, largest: int) -> tuple[list[Path], Path]:
    """The corpus (folders of 1,000) and the folder of new articles, written once."""
    corpus, new = work / "corpus", work / "new"
    marker = work / f"written-{largest}-{SEED}"
    if not marker.exists():
        print(f"writing {largest + NEW:,} articles under {work} (once) ...", flush=True)
        write_corpus(corpus, largest, SEED)
        write_corpus(new, NEW, SEED, start=largest)
        marker.touch()
    folders = sorted(path for path in corpus.iterdir() if path.is_dir())
    return folders, new


def of_size(folders: list[Path], size: int) -> list[Path]:
    return folders[: max(1, size // PER_FOLDER)]


class PeakMemory:
    """Memory of a process and its descendants together, at its highest.

    Proportional set size (PSS): the workers are forked from the loader and
    share its gazetteers and code pages; resident sizes would count those
    once per process, PSS counts each page once in all. Reading it walks the
    page tables, so it is sampled four times a second, not more: memory grows
    slowly and the sampling must not slow the load it measures.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak / 2**20

    def _sample(self) -> None:
        while not self._done.wait(0.25):
            self.peak = max(self.peak, sum(_pss(pid) for pid in _tree(self.pid)))


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(child) for child in children)
    return found


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def load_command(url: str, paths: list[Path], workers: int) -> list[str]:
    script = Path(sys.executable).with_name("corpus-db")  # the installed console script
    return [str(script), "--db", url, "load", "--workers", str(workers), *map(str, paths)]


def run_load(url: str, paths: list[Path], workers: int) -> tuple[float, float, float]:
    """``corpus-db load`` in its own process: wall seconds, CPU seconds, peak MB."""
    command = load_command(url, paths, workers)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process.pid)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    peak = memory.stop()
    out, err = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"load failed ({process.returncode}):\n{out}\n{err}")
    return seconds, usage.ru_utime + usage.ru_stime, peak


def raw_rows(paths: list[Path]) -> list[tuple[str, str, str]]:
    files, _ = find_files(paths)
    return [
        (raw.published.isoformat(), raw.body, raw.content_hash)
        for path in files
        for raw in read_file(path)
        if isinstance(raw, RawArticle)
    ]


def floor_sqlite(rows: list[tuple[str, str, str]], folder: Path) -> float:
    path = folder / "floor.db"
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "CREATE TABLE raw (id INTEGER PRIMARY KEY, published DATE, body TEXT, hash TEXT UNIQUE)"
    )
    start = time.perf_counter()
    with connection:
        connection.executemany("INSERT INTO raw (published, body, hash) VALUES (?, ?, ?)", rows)
    seconds = time.perf_counter() - start
    connection.close()
    path.unlink()
    return seconds


def floor_postgresql(rows: list[tuple[str, str, str]], url: str) -> float:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as connection:
        connection.execute(
            "CREATE TABLE raw (id serial PRIMARY KEY, published date, body text, hash text UNIQUE)"
        )
        connection.commit()
        start = time.perf_counter()
        copying = "COPY raw (published, body, hash) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(copying) as copy:
            for row in rows:
                copy.write_row(row)
        connection.commit()
        seconds = time.perf_counter() - start
        connection.execute("DROP TABLE raw")
        connection.commit()
    return seconds


def extraction_cpu(paths: list[Path], size: int) -> float:
    """CPU seconds extraction alone would take for ``size`` articles (from a sample)."""
    files, _ = find_files(paths)
    sample = [
        (raw.body, raw.published)
        for path in files[:EXTRACT_SAMPLE]
        for raw in read_file(path)
        if isinstance(raw, RawArticle)
    ]
    extract_many(sample[:10])  # build the automata outside the timing
    start = time.process_time()
    extract_many(sample)
    return (time.process_time() - start) / len(sample) * size


def query_times(url: str) -> dict[str, float]:
    """Median milliseconds of each analyst query, as the library runs it."""
    with Corpus(url) as corpus:
        person = corpus.people(limit=1)[0].name
        queries: dict[str, Callable[[], object]] = {
            "articles by country": lambda: corpus.articles(country="KZ", limit=PAGE),
            "articles by person": lambda: corpus.articles(person=person, limit=PAGE),
            "articles by dates": lambda: corpus.articles(
                since="2020-03-01", until="2020-03-31", limit=PAGE
            ),
            "people by country": lambda: corpus.people(country="KZ", limit=PAGE),
            "agreements by party": lambda: corpus.agreements(party="KZ", limit=PAGE),
            "full-text search": lambda: corpus.search("water management"),
        }
        times = {}
        for name, query in queries.items():
            query()  # warm the cache, as a second query by a user would find it
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                query()
                runs.append(time.perf_counter() - start)
            times[name] = statistics.median(runs) * 1000
    return times


class Databases:
    """A new empty database per run: a SQLite file, or a PostgreSQL database on the server."""

    def __init__(self, work: Path, postgres: str) -> None:
        self.work = work
        self.server = make_url(postgres).set(drivername="postgresql+psycopg")
        self.made: list[str] = []

    def new(self, backend: str, size: int) -> str:
        if backend == "sqlite":
            path = self.work / f"bench-{size}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}"
        name = f"corpus_bench_{size}"
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return self.server.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        for name in self.made:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self, *statements: str) -> None:
        admin = create_engine(self.server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
        admin.dispose()


def measure(backend: str, size: int, folders: list[Path], new: Path, args, dbs) -> Figures:
    paths = of_size(folders, size)
    url = dbs.new(backend, size)
    with Corpus(url) as corpus:
        corpus.migrate()  # the schema is made once per database, not per load: not timed
    seconds, cpu, peak = run_load(url, paths, args.workers)
    startup, _, _ = run_load(url, [next(paths[0].iterdir())], args.workers)  # one stored file
    reload_seconds, _, _ = run_load(url, [*paths, new], args.workers)
    queries = query_times(url)
    rows = raw_rows(paths)
    floor = floor_sqlite(rows, args.work) if backend == "sqlite" else floor_postgresql(rows, url)
    del rows
    return Figures(
        backend,
        size,
        seconds,
        startup,
        cpu,
        peak,
        floor,
        extraction_cpu(paths, size),
        reload_seconds,
        queries,
    )


def loaders_at_once(folders: list[Path], size: int, loaders: int, args, dbs) -> None:
    """One PostgreSQL, ``size`` articles: one loader, then ``loaders`` at once on shares."""
    paths = of_size(folders, size)
    workers = max(1, args.workers // loaders)
    shares = [paths[i::loaders] for i in range(loaders)]
    url = dbs.new("postgresql", size)
    with Corpus(url) as corpus:
        corpus.migrate()
    one, _, _ = run_load(url, paths, args.workers)
    url = dbs.new("postgresql", size)
    with Corpus(url) as corpus:
        corpus.migrate()
    start = time.perf_counter()
    running = [
        subprocess.Popen(load_command(url, share, workers), stdout=subprocess.DEVNULL)
        for share in shares
    ]
    if any(process.wait() != 0 for process in running):
        sys.exit("a loader failed")
    many = time.perf_counter() - start
    with Corpus(url) as corpus:
        stored = corpus.stats().tables["articles"]
    print(
        f"\nPostgreSQL, {size:,} articles: one loader with {args.workers} workers "
        f"{size / one:,.0f} articles/s; {loaders} loaders at once with {workers} each "
        f"{size / many:,.0f} articles/s ({stored:,} of {size:,} articles stored)"
    )


def report(figures: list[Figures]) -> None:
    print()
    print(
        f"{'backend':<11}{'N':>8}{'art/s':>8}{'start s':>8}{'us/art':>8}{'vs 1st':>8}{'peak MB':>9}"
        f"{'floor/s':>9}{'x floor':>8}{'extract':>8}{'reload':>8}"
    )
    first: dict[str, float] = {}
    for f in figures:
        base = first.setdefault(f.backend, f.us_per_article)
        print(
            f"{f.backend:<11}{f.size:>8,}{f.per_second:>8,.0f}{f.startup:>8.2f}"
            f"{f.us_per_article:>8,.0f}"
            f"{f.us_per_article / base:>8.2f}{f.peak_mb:>9,.0f}"
            f"{f.size / f.floor_seconds:>9,.0f}{f.seconds / f.floor_seconds:>8.1f}"
            f"{f.extract_cpu / f.cpu:>8.0%}{f.reload_seconds / f.seconds:>8.1%}"
        )
    print()
    print("queries, median ms (first 100 rows; search: first 20)")
    names = list(figures[0].queries_ms)
    print(f"{'backend':<11}{'N':>8}" + "".join(f"{name[:13]:>14}" for name in names))
    for f in figures:
        print(
            f"{f.backend:<11}{f.size:>8,}"
            + "".join(f"{f.queries_ms[name]:>14.1f}" for name in names)
        )
    print()
    print(
        "art/s: articles per second of `corpus-db load`; start s: the same command on one "
        "stored file (imports, connecting: paid once a load); us/art: time per article "
        "without it; vs 1st: that against the smallest N; peak MB: loader and workers "
        "together; x floor: load time over the "
        "driver-only insert of (date, text, hash); extract: extraction alone as a share of "
        "the load's CPU seconds; reload: the same articles plus 1,000 new, against the first load"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="articles per run")
    parser.add_argument("--backends", default="sqlite,postgresql", help="which to measure")
    parser.add_argument(
        "--workers", type=int, default=default_workers(), help="corpus-db load --workers"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "corpus_bench",
        help="folder for the corpus (written once, kept) and the SQLite files",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "CORPUS_DB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1/postgres"
        ),
        help="a server where this user may create databases (made and dropped per run)",
    )
    parser.add_argument(
        "--loaders",
        type=int,
        default=2,
        help="also load the middle size into one PostgreSQL with this many loaders at once "
        "(0: skip)",
    )
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    folders, new = corpus_folders(args.work, max(sizes))
    dbs = Databases(args.work, args.postgres)
    print(
        f"{os.cpu_count()} cores, {args.workers} workers, Python {sys.version.split()[0]}, "
        f"SQLite {sqlite3.sqlite_version}; corpus under {args.work}"
    )
    figures = []
    try:
        for backend in args.backends.split(","):
            for size in sizes:
                print(f"{backend}, {size:,} articles ...", flush=True)
                figures.append(measure(backend, size, folders, new, args, dbs))
        report(figures)
        if "postgresql" in args.backends and args.loaders > 1:
            loaders_at_once(folders, sizes[len(sizes) // 2], args.loaders, args, dbs)
    finally:
        dbs.drop_all()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this script's own peak: {peak:,.0f} MB, holding the floor's rows)")


if __name__ == "__main__":
    main()
