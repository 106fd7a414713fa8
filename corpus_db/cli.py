"""The ``corpus-db`` command: thin wrappers over :class:`corpus_db.Corpus`.

Each command opens the corpus, makes one library call, formats the result with
:mod:`corpus_db.output` and turns library errors into ``Error: ...`` and exit 1.
No SQL and no parsing here.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy.exc import DBAPIError, OperationalError

from corpus_db.corpus import Corpus
from corpus_db.errors import CorpusError, LoadInterrupted, LoadStopped
from corpus_db.loader import LoadSummary
from corpus_db.output import FORMATS, render
from corpus_db.records import Record
from corpus_db.settings import DEFAULT_URL, ENV_VAR, display_url

F = TypeVar("F", bound=Callable[..., Any])

db_option = click.option(
    "--db",
    "url",
    envvar=ENV_VAR,
    show_envvar=True,
    metavar="URL",
    help=f"Database: a SQLAlchemy URL or a SQLite file path. Default: {DEFAULT_URL}.",
)


def output_options(command: F) -> F:
    """--format and --limit, shared by every listing."""
    command = click.option(
        "--limit", type=click.IntRange(min=1), default=None, help="Show at most this many rows."
    )(command)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(command)


def translate_errors(command: F) -> F:
    """Show library and connection errors as ``Error: ...`` with exit code 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CorpusError as error:
            raise click.ClickException(str(error)) from error
        except OperationalError as error:
            raise click.ClickException(
                f"cannot use the database {display_url(kwargs.get('url'))}: "
                f"{str(error.orig).strip()}"
            ) from error
        except DBAPIError as error:
            raise click.ClickException(
                f"the database refused: {str(error.orig).strip()}"
            ) from error

    return wrapper  # type: ignore[return-value]


def emit(records: Sequence[Record], fmt: str, noun: str) -> None:
    """Print records in ``fmt``; an empty table says so instead."""
    if not records and fmt == "table":
        click.echo(f"No {noun} found.", err=True)
        return
    text = render([record.to_dict() for record in records], fmt)
    if text:
        click.echo(text)


@click.group()
@click.version_option(package_name="corpus-db")
def cli() -> None:
    """corpus_db: load news articles, then query the people, countries and
    agreements they report, from the CLI, Python or SQL."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--strict",
    is_flag=True,
    help="Stop at the first failure; nothing from the file it is in is stored.",
)
@db_option
@translate_errors
def load(paths: tuple[Path, ...], strict: bool, url: str | None) -> None:
    """Load article files (.txt, .jsonl) and directories of them.

    Articles already in the database (same text) are skipped, so running the
    same load again after Ctrl-C or a crash continues where it stopped. Exits 1
    if any file or line failed; the others are loaded all the same. Ctrl-C
    exits 130.
    """
    try:
        with Corpus(url) as corpus, _Progress() as progress:
            summary = corpus.load(paths, strict=strict, on_progress=progress.update)
    except LoadStopped as stopped:
        _print_summary(stopped.summary)
        raise
    except LoadInterrupted as interrupted:
        for failure in interrupted.summary.failures:
            click.echo(f"  failed: {failure}", err=True)
        click.echo(str(interrupted), err=True)
        sys.exit(130)
    except KeyboardInterrupt:  # before the load started, or a second Ctrl-C while stopping
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    _print_summary(summary)
    if not summary.ok:
        sys.exit(1)


class _Progress:
    """A progress bar on stderr, shown only on a terminal and only once work starts."""

    def __init__(self) -> None:
        self._bar: Any = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.render_finish()

    def update(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="Loading", file=sys.stderr)
        self._bar.update(1)


def _print_summary(summary: LoadSummary) -> None:
    click.echo(
        f"Loaded {summary.loaded} article(s), {summary.present} already present, "
        f"{summary.failed} failed."
    )
    if summary.loaded:
        click.echo(
            f"Found {summary.country_mentions} country mention(s), {summary.people} "
            f"person(s) and {summary.agreements} agreement(s) in the new articles."
        )
    for failure in summary.failures:
        click.echo(f"  failed: {failure}", err=True)


@cli.command()
@click.option("--revision", default="head", show_default=True, help="Target revision.")
@db_option
@translate_errors
def migrate(revision: str, url: str | None) -> None:
    """Create or upgrade the database schema."""
    with Corpus(url) as corpus:
        before, after = corpus.migrate(revision)
    where = display_url(corpus.url)
    if before == after:
        click.echo(f"{where} is already at revision {after}; nothing to do.")
    else:
        click.echo(f"{where} upgraded from {before or 'an empty database'} to revision {after}.")


@cli.command()
@db_option
@output_options
@translate_errors
def articles(url: str | None, fmt: str, limit: int | None) -> None:
    """List articles by publication date."""
    with Corpus(url) as corpus:
        emit(corpus.articles(limit=limit), fmt, "articles")


@cli.command()
@db_option
@output_options
@translate_errors
def people(url: str | None, fmt: str, limit: int | None) -> None:
    """List people with the other forms of their names and their country."""
    with Corpus(url) as corpus:
        emit(corpus.people(limit=limit), fmt, "people")


@cli.command()
@db_option
@output_options
@translate_errors
def countries(url: str | None, fmt: str, limit: int | None) -> None:
    """List the countries the articles mention, most mentioned first."""
    with Corpus(url) as corpus:
        emit(corpus.countries(limit=limit), fmt, "countries")


@cli.command()
@db_option
@output_options
@translate_errors
def agreements(url: str | None, fmt: str, limit: int | None) -> None:
    """List agreements with their parties and signatories."""
    with Corpus(url) as corpus:
        emit(corpus.agreements(limit=limit), fmt, "agreements")


def main() -> None:
    """Entry point of the ``corpus-db`` console script."""
    cli()
