"""Alembic environment for corpus_db.

The database comes from ``config.attributes["connection"]`` when code hands one
over (a Connection or an Engine), else from the same resolution as the CLI:
``-x db=URL``, then ``sqlalchemy.url`` in alembic.ini, then ``CORPUS_DB_URL``,
then ``sqlite:///corpus.db``.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, Engine

from corpus_db.db import make_engine
from corpus_db.models import Base

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
target_metadata = Base.metadata

# Made by hand in migrations and absent from the models, so autogenerate must not
# offer to drop them: the full-text index (SQLite: the FTS5 table articles_fts and
# its shadow tables articles_fts_*; PostgreSQL: the generated column
# articles.search_vector and its GIN index) and the analysts' views.
_HAND_MADE_TABLE_PREFIX = "articles_fts"
_HAND_MADE = {
    ("column", "search_vector"),
    ("index", "ix_articles_search_vector"),
    ("table", "agreement_overview"),
    ("table", "article_entities"),
    ("table", "person_role_history"),
}


def _include_name(name: str | None, type_: str, parent_names: dict[str, str | None]) -> bool:
    """Leave the hand-made search index and views out of autogenerate."""
    if type_ == "table" and name is not None and name.startswith(_HAND_MADE_TABLE_PREFIX):
        return False
    return (type_, name) not in _HAND_MADE


def _url() -> str | None:
    given = context.get_x_argument(as_dictionary=True).get("db")
    return given or config.get_main_option("sqlalchemy.url") or None


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=True,
        include_name=_include_name,
    )


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite and not connection.in_transaction():
        # Batch migrations copy tables; foreign keys must be off while they do.
        # The final rename of the copy would fail on the views that name the
        # table ("error in view ...: no such table") unless renames are legacy.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.exec_driver_sql("PRAGMA legacy_alter_table=ON")
        connection.commit()
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()
    if sqlite and not connection.in_transaction():
        connection.exec_driver_sql("PRAGMA legacy_alter_table=OFF")
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it (``alembic upgrade head --sql``)."""
    from corpus_db.settings import resolve_url

    url = resolve_url(_url())
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.get_backend_name() == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations over the given connection or engine, or one made from the URL."""
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _run(given)
        return
    engine = given if isinstance(given, Engine) else make_engine(_url())
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        if given is None:
            engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
