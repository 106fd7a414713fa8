"""The ``corpus-db`` command: thin wrappers over :class:`corpus_db.Corpus`.

Each command opens the corpus, makes one library call, formats the result with
:mod:`corpus_db.output` and turns library errors into ``Error: ...`` and exit 1.
No SQL and no parsing here.
"""

from __future__ import annotations

import functools
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from sqlalchemy.exc import DBAPIError, OperationalError

from corpus_db.corpus import Corpus
from corpus_db.curation import PORTABLE, DecisionRecord
from corpus_db.errors import CorpusError, LoadInterrupted, LoadStopped
from corpus_db.evaluate import evaluate as evaluate_extraction
from corpus_db.extract.facts import AGREEMENT_KINDS, AGREEMENT_STATUSES
from corpus_db.fulltext import DEFAULT_LIMIT as DEFAULT_SEARCH_LIMIT
from corpus_db.loader import LoadSummary
from corpus_db.output import (
    EXPORT_FORMATS,
    FORMATS,
    PROFILE_FORMATS,
    render,
    render_evaluation,
    render_profile,
    stream,
)
from corpus_db.records import (
    EXPORTS,
    AgreementRecord,
    ArticleRecord,
    CountryRecord,
    PersonRecord,
    Record,
)
from corpus_db.reextract import KINDS, ReextractSummary
from corpus_db.settings import DEFAULT_URL, ENV_VAR, display_url
from corpus_db.workers import default_workers

F = TypeVar("F", bound=Callable[..., Any])

_DB_HELP = (
    f"Database: a SQLAlchemy URL or a SQLite file path. Default: ${ENV_VAR}, else {DEFAULT_URL}."
)


def _db_from_group(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """A command's --db, else the one given before the command (``corpus-db --db X load``).

    Neither given: None, and settings.resolve_url reads the environment variable.
    """
    return value if value is not None else ctx.find_root().params.get("url")


db_option = click.option("--db", "url", metavar="URL", callback=_db_from_group, help=_DB_HELP)


def workers_option(description: str) -> Callable[[F], F]:
    """--workers, default one per core, for the commands that extract."""
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=default_workers(),
        show_default="the number of cores",
        help=description,
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


def emit(
    records: Sequence[Record], fmt: str, noun: str, *, fields: Sequence[str] | None = None
) -> None:
    """Print records in ``fmt``; an empty table says so instead (CSV still gets its header)."""
    if not records and fmt == "table":
        click.echo(f"No {noun} found.", err=True)
        return
    text = render([record.to_dict() for record in records], fmt, fields=fields, width=_width())
    if text:
        click.echo(text)


def emit_profile(record: Record, fmt: str) -> None:
    """Print one object: its fields and tables, or JSON."""
    click.echo(render_profile(record.to_dict(), fmt, width=_width()))


def _width() -> int | None:
    """The terminal's width when printing to one; tables are not cut for pipes."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def profile_format(command: F) -> F:
    """--format for a single object."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(PROFILE_FORMATS),
        default="table",
        show_default=True,
        help="Output format: fields and tables, or one JSON object.",
    )(command)


def date_option(name: str, description: str) -> Callable[[F], F]:
    """--since / --until: a date, parsed (and refused with a clear message) by the library."""
    return click.option(name, metavar="YYYY[-MM[-DD]]", default=None, help=description)


@click.group()
@click.version_option(package_name="corpus-db")
@click.option("--db", "url", metavar="URL", help=_DB_HELP)
def cli(url: str | None) -> None:
    """corpus_db: load news articles, then query the people, countries and
    agreements they report, from the CLI, Python or SQL."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--strict",
    is_flag=True,
    help="Stop at the first failure; nothing from the file it is in is stored.",
)
@workers_option("Processes that read and extract in parallel (1: none, all in this one).")
@db_option
@translate_errors
def load(paths: tuple[Path, ...], strict: bool, workers: int, url: str | None) -> None:
    """Load article files (.txt, .jsonl) and directories of them.

    Articles already in the database (same text) are skipped, so running the
    same load again after Ctrl-C or a crash continues where it stopped. Exits 1
    if any file or line failed; the others are loaded all the same. Ctrl-C
    exits 130.
    """
    try:
        with Corpus(url) as corpus, _Progress() as progress:
            summary = corpus.load(
                paths, strict=strict, workers=workers, on_progress=progress.update
            )
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
        self._bar.update(done - self._bar.pos)


def _print_summary(summary: LoadSummary) -> None:
    click.echo(
        f"Loaded {summary.loaded} article(s), {summary.present} already present, "
        f"{summary.failed} failed."
    )
    if summary.loaded:
        click.echo(
            f"Found {summary.country_mentions} country mention(s), {summary.people} "
            f"person(s) and {summary.agreements} agreement(s) in the new articles, "
            "each article counted on its own (`corpus-db stats` counts the rows)."
        )
    _print_unapplied(summary.unapplied)
    for failure in summary.failures:
        click.echo(f"  failed: {failure}", err=True)


def _print_unapplied(unapplied: list[str]) -> None:
    if unapplied:
        click.echo(
            f"{len(unapplied)} curation decision(s) found no target (`corpus-db decisions`):",
            err=True,
        )
        for line in unapplied:
            click.echo(f"  {line}", err=True)


@cli.command()
@click.option("--all", "everything", is_flag=True, help="Every article.")
@click.option(
    "--outdated",
    is_flag=True,
    help="Articles another version of the extractor did (or of unknown version).",
)
@click.option("--article", type=int, metavar="ID", help="One article, by id.")
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@workers_option("Processes that extract in parallel (1: none, all in this one).")
@db_option
@translate_errors
def reextract(
    everything: bool,
    outdated: bool,
    article: int | None,
    dry_run: bool,
    workers: int,
    url: str | None,
) -> None:
    """Run the extractor again over stored articles and replace their facts.

    The original files are not needed. Prints what changed: countries, people,
    places and agreements added and removed, with examples. People, agreements
    and places left with no mention are removed.
    """
    if sum((everything, outdated, article is not None)) != 1:
        raise click.UsageError("say which articles: --all, --outdated or --article ID")
    with Corpus(url) as corpus:
        summary = corpus.reextract(
            everything=everything,
            outdated=outdated,
            article=article,
            dry_run=dry_run,
            workers=workers,
        )
    _print_reextract(summary)


def _print_reextract(summary: ReextractSummary) -> None:
    click.echo(
        f"Re-extracted {summary.articles} article(s) with extractor {summary.version}; "
        f"{summary.changed} changed."
    )
    for kind in KINDS:
        examples = ", ".join(summary.examples[kind])
        line = f"  {kind:<11} +{summary.added[kind]} -{summary.removed[kind]}"
        click.echo(f"{line}   e.g. {examples}" if examples else line)
    dropped = summary.dropped
    click.echo(
        f"Removed {dropped['people']} person(s), {dropped['agreements']} agreement(s) and "
        f"{dropped['places']} place(s) left with no mention."
    )
    _print_unapplied(summary.unapplied)
    for failure in summary.failed:
        click.echo(f"  failed: {failure}", err=True)
    if summary.dry_run:
        click.echo("Dry run: nothing was written.")
    if summary.failed:
        sys.exit(1)


def decision_options(command: F) -> F:
    """--by and --note, for every command that records a curation decision."""
    command = click.option("--note", help="Why: kept with the decision.")(command)
    return click.option(
        "--by",
        metavar="NAME",
        help="Who decides. Default: $CORPUS_DB_USER, else your login name.",
    )(command)


def _what(decision: DecisionRecord) -> str:
    """A decision's action, target and what it sets: "set-person X (country=KZ)"."""
    sets = ", ".join(f"{key}={value}" for key, value in decision.value.items() if value)
    return f"{decision.action} {decision.target}" + (f" ({sets})" if sets else "")


def _print_decision(decision: DecisionRecord) -> None:
    click.echo(
        f"Decision {decision.id}: {_what(decision)}, {decision.outcome}. "
        "It is applied again after every load and re-extraction; "
        f"`corpus-db undo {decision.id}` reverts it."
    )


@cli.group()
def merge() -> None:
    """Say two stored rows are one (a curation decision)."""


@merge.command("person")
@click.argument("keep")
@click.argument("other")
@decision_options
@db_option
@translate_errors
def merge_person(keep: str, other: str, by: str | None, note: str | None, url: str | None) -> None:
    """OTHER is the same person as KEEP: mentions, roles, aliases and signatures move to
    KEEP, and OTHER's name becomes an alias. Names in any form, or ids."""
    with Corpus(url) as corpus:
        _print_decision(corpus.merge_people(keep, other, by=by, note=note))


@cli.group()
def split() -> None:
    """Take apart what extraction or a merge joined (a curation decision)."""


@split.command("person")
@click.argument("name")
@click.argument("form")
@decision_options
@db_option
@translate_errors
def split_person(name: str, form: str, by: str | None, note: str | None, url: str | None) -> None:
    """The mentions of NAME written as FORM are someone else: they move to a person
    called FORM. (A merge made by a decision is reverted with `undo`.)"""
    with Corpus(url) as corpus:
        _print_decision(corpus.split_person(name, form, by=by, note=note))


@cli.group()
def alias() -> None:
    """Give another name to a stored row (a curation decision)."""


@alias.command("person")
@click.argument("name")
@click.argument("alias")
@decision_options
@db_option
@translate_errors
def alias_person(name: str, alias: str, by: str | None, note: str | None, url: str | None) -> None:
    """ALIAS is another name of NAME; a person stored under ALIAS joins NAME."""
    with Corpus(url) as corpus:
        _print_decision(corpus.alias_person(name, alias, by=by, note=note))


@cli.group("set")
def set_group() -> None:
    """Correct what extraction found (a curation decision)."""


@set_group.command("person")
@click.argument("name")
@click.option("--country", help="The country they serve: alpha-2, alpha-3 or name.")
@click.option("--role", help="A role they hold, e.g. President.")
@click.option(
    "--since", metavar="YYYY-MM-DD", help="The role is held from this date (default: today)."
)
@decision_options
@db_option
@translate_errors
def set_person(
    name: str,
    country: str | None,
    role: str | None,
    since: str | None,
    by: str | None,
    note: str | None,
    url: str | None,
) -> None:
    """Set a person's country and/or add a role they hold."""
    with Corpus(url) as corpus:
        decision = corpus.set_person(
            name, country=country, role=role, since=since, by=by, note=note
        )
        _print_decision(decision)


@set_group.command("agreement")
@click.argument("ident", metavar="ID")
@click.option("--title", help="The document's name.")
@click.option("--status", type=click.Choice(AGREEMENT_STATUSES), help="Its status.")
@click.option("--signed-on", metavar="YYYY-MM-DD", help="Its date of signing.")
@click.option("--place", help="Where it was signed.")
@decision_options
@db_option
@translate_errors
def set_agreement(
    ident: str,
    title: str | None,
    status: str | None,
    signed_on: str | None,
    place: str | None,
    by: str | None,
    note: str | None,
    url: str | None,
) -> None:
    """Correct an agreement's title, status, date of signing or place."""
    with Corpus(url) as corpus:
        decision = corpus.set_agreement(
            ident, title=title, status=status, signed_on=signed_on, place=place, by=by, note=note
        )
        _print_decision(decision)


@cli.group()
def reject() -> None:
    """Mark a false extraction (a curation decision): removed, and kept out."""


@reject.command("agreement")
@click.argument("ident", metavar="ID")
@decision_options
@db_option
@translate_errors
def reject_agreement(ident: str, by: str | None, note: str | None, url: str | None) -> None:
    """The agreement is not one: it is removed now and after every re-extraction."""
    with Corpus(url) as corpus:
        _print_decision(corpus.reject_agreement(ident, by=by, note=note))


@reject.command("mention")
@click.argument("ref", metavar="KIND:ID")
@decision_options
@db_option
@translate_errors
def reject_mention(ref: str, by: str | None, note: str | None, url: str | None) -> None:
    """One mention is false, given as `show article` prints it: person:17, country:4,
    place:2 or agreement:9."""
    with Corpus(url) as corpus:
        _print_decision(corpus.reject_mention(ref, by=by, note=note))


@cli.command()
@click.option("--holding", is_flag=True, help="Only the decisions that hold (not undone).")
@db_option
@output_options
@translate_errors
def decisions(holding: bool, url: str | None, fmt: str, limit: int | None) -> None:
    """List the curation decisions, oldest first, with what their last application found."""
    with Corpus(url) as corpus:
        found = corpus.decisions(holding=holding)[:limit]
        emit(found, fmt, "decisions", fields=DecisionRecord.field_names())


@cli.command()
@click.argument("decision_id", type=int)
@click.option("--by", metavar="NAME", help="Who undoes it. Default: as for decisions.")
@db_option
@translate_errors
def undo(decision_id: int, by: str | None, url: str | None) -> None:
    """Revert a decision: what it changed is extracted again from the articles involved,
    and the other decisions are applied again."""
    with Corpus(url) as corpus:
        undone = corpus.undo(decision_id, by=by)
    decision = undone.decision
    click.echo(f"Undid decision {decision.id}: {_what(decision)}.")
    _print_reextract(undone.reextracted)


@cli.group("import")
def import_group() -> None:
    """Bring data from another corpus_db database."""


@import_group.command("decisions")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@db_option
@translate_errors
def import_decisions(source: Any, url: str | None) -> None:
    """Add the decisions of SOURCE (written by `export decisions`; - for standard input)
    and apply them. Decisions held already are skipped."""
    with Corpus(url) as corpus:
        imported = corpus.import_decisions(source)
    click.echo(f"Imported decisions: {imported.added} added, {imported.skipped} already held.")
    _print_unapplied(imported.unapplied)


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


@cli.group()
def show() -> None:
    """Show one article, person, country or agreement in full."""


@show.command("article")
@click.argument("ident", metavar="ID")
@db_option
@profile_format
@translate_errors
def show_article(ident: str, url: str | None, fmt: str) -> None:
    """An article by id or source name: its countries, places, people and
    agreements, each with the offsets of its mentions."""
    with Corpus(url) as corpus:
        emit_profile(corpus.article(ident), fmt)


@show.command("person")
@click.argument("name")
@db_option
@profile_format
@translate_errors
def show_person(name: str, url: str | None, fmt: str) -> None:
    """A person by any form of the name: roles over time, country, articles and
    agreements signed."""
    with Corpus(url) as corpus:
        emit_profile(corpus.person(name), fmt)


@show.command("country")
@click.argument("code")
@db_option
@profile_format
@translate_errors
def show_country(code: str, url: str | None, fmt: str) -> None:
    """A country by alpha-2, alpha-3 or name: articles, people, agreements and
    partner countries with counts."""
    with Corpus(url) as corpus:
        emit_profile(corpus.country(code), fmt)


@show.command("agreement")
@click.argument("ident", metavar="ID")
@db_option
@profile_format
@translate_errors
def show_agreement(ident: str, url: str | None, fmt: str) -> None:
    """An agreement: parties, signatories, date, place, and each source article
    with the sentence that reports it."""
    with Corpus(url) as corpus:
        emit_profile(corpus.agreement(ident), fmt)


@cli.command()
@click.option(
    "--top", type=click.IntRange(min=1), default=5, show_default=True, help="How many to rank."
)
@db_option
@profile_format
@translate_errors
def stats(top: int, url: str | None, fmt: str) -> None:
    """Rows in each table, the date range, the most mentioned countries and people."""
    with Corpus(url) as corpus:
        emit_profile(corpus.stats(top=top), fmt)


@cli.command()
@click.argument("table", type=click.Choice([*EXPORTS, "decisions"]))
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="jsonl",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Write at most this many rows."
)
@translate_errors
def export(table: str, url: str | None, fmt: str, limit: int | None) -> None:
    """Write a whole table (articles with their text) for pandas or a spreadsheet,
    streaming: csv, jsonl or json. `export decisions` writes the curation decisions
    for `import decisions` into another database."""
    with Corpus(url) as corpus:
        if table == "decisions":
            for line in stream(corpus.export_decisions()[:limit], fmt, fields=PORTABLE):
                click.echo(line)
            return
        records = corpus.export(table, limit=limit)
        for line in stream(
            (r.to_dict() for r in records), fmt, fields=EXPORTS[table].field_names()
        ):
            click.echo(line)


@cli.command()
@db_option
@click.option("--country", help="Naming this country: alpha-2, alpha-3 or name.")
@click.option("--person", help="Naming this person: any form of the name.")
@date_option("--since", "Published on or after this date.")
@date_option("--until", "Published on or before this date.")
@click.option("--text", help="Holding every one of these words (title or body).")
@output_options
@translate_errors
def articles(url: str | None, fmt: str, limit: int | None, **filters: Any) -> None:
    """List articles by publication date."""
    with Corpus(url) as corpus:
        emit(
            corpus.articles(limit=limit, **filters),
            fmt,
            "articles",
            fields=ArticleRecord.field_names(),
        )


@cli.command()
@db_option
@click.option("--country", help="Serving this country: alpha-2, alpha-3 or name.")
@click.option("--name", help="A form of whose name contains this (case, accents ignored).")
@output_options
@translate_errors
def people(url: str | None, fmt: str, limit: int | None, **filters: Any) -> None:
    """List people with the other forms of their names and their country."""
    with Corpus(url) as corpus:
        emit(
            corpus.people(limit=limit, **filters), fmt, "people", fields=PersonRecord.field_names()
        )


@cli.command()
@db_option
@click.option(
    "--min-mentions", type=click.IntRange(min=1), help="Mentioned at least this many times."
)
@output_options
@translate_errors
def countries(url: str | None, fmt: str, limit: int | None, **filters: Any) -> None:
    """List the countries the articles mention, most mentioned first."""
    with Corpus(url) as corpus:
        emit(
            corpus.countries(limit=limit, **filters),
            fmt,
            "countries",
            fields=CountryRecord.field_names(),
        )


@cli.command()
@db_option
@click.option(
    "--party", multiple=True, help="Between this country and the others given (repeatable)."
)
@click.option("--signatory", help="Signed by this person: any form of the name.")
@click.option("--status", type=click.Choice(AGREEMENT_STATUSES), help="Only this status.")
@click.option("--kind", type=click.Choice(AGREEMENT_KINDS), help="Only this kind.")
@date_option("--since", "Signed on or after this date (undated ones left out).")
@date_option("--until", "Signed on or before this date (undated ones left out).")
@output_options
@translate_errors
def agreements(url: str | None, fmt: str, limit: int | None, **filters: Any) -> None:
    """List agreements with their parties and signatories."""
    with Corpus(url) as corpus:
        emit(
            corpus.agreements(limit=limit, **filters),
            fmt,
            "agreements",
            fields=AgreementRecord.field_names(),
        )


@cli.command()
@click.argument("articles_dir", type=click.Path(path_type=Path))
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "json")),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--show-errors",
    is_flag=True,
    help="After the scores, list each article's missing, extra and wrong facts.",
)
@translate_errors
def evaluate(articles_dir: Path, gold_dir: Path, fmt: str, show_errors: bool) -> None:
    """Score the extractor against gold files: precision, recall and F1.

    Runs the extractor on each ARTICLES_DIR/NAME.txt and compares it with
    GOLD_DIR/NAME.json (format: tests/data/ANNOTATION.md). No database is used.
    """
    result = evaluate_extraction(articles_dir, gold_dir, show_errors=show_errors)
    click.echo(render_evaluation(result, fmt, show_errors))


@cli.command()
@click.argument("query")
@db_option
@output_options
@translate_errors
def search(query: str, url: str | None, fmt: str, limit: int | None) -> None:
    """Full-text search of article titles and bodies, best match first.

    QUERY is words (an article must contain them all, in any form: "sign"
    finds "signed"), "quoted phrases" and OR between alternatives, e.g.
    'treaty "allied relations"' or 'treaty OR memorandum'. Shows the best 20
    unless --limit says otherwise; matched words are marked **like this**.
    """
    with Corpus(url) as corpus:
        emit(corpus.search(query, limit=limit or DEFAULT_SEARCH_LIMIT), fmt, "matching articles")


@cli.command()
@click.argument("query")
@db_option
@output_options
@translate_errors
def sql(query: str, url: str | None, fmt: str, limit: int | None) -> None:
    """Run one SQL statement read-only and print its rows.

    Tables and views are described in the README, e.g.
    corpus-db sql "SELECT title, parties FROM agreement_overview". Statements
    that would change the database are refused and change nothing.
    """
    with Corpus(url) as corpus:
        rows = corpus.sql(query, limit=limit).to_dicts()
    if not rows and fmt == "table":
        click.echo("No rows found.", err=True)
        return
    text = render(rows, fmt)
    if text:
        click.echo(text)


def main() -> None:
    """Entry point of the ``corpus-db`` console script."""
    cli()
