"""Extraction on every core: article bodies go to worker processes, facts come back.

Text files are read there too, ahead of the loader: a reload of a large corpus
is mostly reading and hashing files whose text is already stored.

The extractor is pure Python and holds the GIL, so threads would not help;
processes do. Workers are forked from the loader after the gazetteers are
built, so they start at once and share that memory. They ignore Ctrl-C (the
loader handles it and stops them) and exit when the loader dies, even by
SIGKILL. With one worker, extraction runs in the calling process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from pathlib import Path

from corpus_db.extract import extract
from corpus_db.extract.facts import Extraction
from corpus_db.readers import ReadResult, read_file
from corpus_db.store import Rows, flatten

# Articles per task: large enough that pickling and queueing cost little,
# small enough that both workers get a share of every batch.
CHUNK = 32
# Files per reading task (one article each: JSONL files are read by the loader).
FILES = 64

Outcome = Extraction | Rows | str  # the facts (as rows, from a worker), or why extraction failed
Pending = list[Future[list[Outcome]]]


def default_workers() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_many(texts: Sequence[tuple[str, date]]) -> list[Outcome]:
    """Extract each (body, published); a rule that fails names itself instead of stopping all."""
    outcomes: list[Outcome] = []
    for body, published in texts:
        try:
            outcomes.append(extract(body, published))
        except Exception as error:  # a bug in a rule must not stop the batch
            outcomes.append(f"extraction failed (please report this): {error!r}")
    return outcomes


def outcomes(pending: Pending) -> list[Outcome]:
    """Wait for what :meth:`Extractors.submit` started: one outcome per text, in order."""
    return [outcome for future in pending for outcome in future.result()]


def _extract_flat(texts: Sequence[tuple[str, date]]) -> list[Outcome]:
    """:func:`extract_many` in a worker: the facts flattened to rows for the store.

    Pickle handles frozen dataclasses one Python call per object, some sixty
    per article: about half a millisecond to pickle and unpickle, several
    times the cost of the same facts as plain tuples, and the loader, the one
    process that writes, would pay the larger half.
    """
    return [o if isinstance(o, str) else flatten(o) for o in extract_many(texts)]


class Extractors:
    """Reads text files and extracts articles, in ``workers`` processes or in this one.

    The processes start with the first full batch or chunk of files; a small
    load runs entirely in the calling process.
    """

    def __init__(self, workers: int | None = None) -> None:
        """``workers``: how many processes (default: one per core; 1 starts none)."""
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers or default_workers()
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Extractors:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit(self, texts: Sequence[tuple[str, date]]) -> Pending:
        """Start extracting; :func:`outcomes` waits for the results."""
        if self.workers == 1 or len(texts) <= CHUNK:
            done: Future[list[Outcome]] = Future()
            done.set_result(extract_many(texts))
            return [done]
        pool = self._start()
        return [
            pool.submit(_extract_flat, texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)
        ]

    def read(self, paths: Sequence[Path]) -> Future[list[list[ReadResult]]]:
        """Start reading ``FILES`` text files; the result is what each one holds, in order.

        Fewer than that (the end of a load, or a small one) are read here.
        """
        if self.workers == 1 or len(paths) < FILES:
            done: Future[list[list[ReadResult]]] = Future()
            done.set_result(_read_files(paths))
            return done
        return self._start().submit(_read_files, paths)

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            extract("Warm-up.", date(2000, 1, 1))  # build the automata once, before forking
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=_worker_started,
                initargs=(os.getpid(),),
            )
        return self._pool


def _read_files(paths: Sequence[Path]) -> list[list[ReadResult]]:
    return [list(read_file(path)) for path in paths]


def _worker_started(loader_pid: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The loader writing to the database is the one serial step: when the
    # cores are short, it should run and the workers wait, not the other way.
    with contextlib.suppress(OSError, AttributeError):
        os.nice(5)
    threading.Thread(target=_exit_with, args=(loader_pid,), daemon=True).start()


def _exit_with(loader_pid: int) -> None:
    """Exit when the loader is gone: a killed parent closes no queue, so nothing else would."""
    while os.getppid() == loader_pid:
        time.sleep(1)
    os._exit(1)
