"""Full-text search over articles; views for analysts; comments on the id columns.

Search index, filled for the articles already stored and then kept in sync by
the database itself:

- SQLite: ``articles_fts``, an FTS5 external-content table over
  ``articles(title, body)`` (porter stemming, accents folded), and three
  triggers on ``articles`` that mirror every insert, update and delete into it.
- PostgreSQL: ``articles.search_vector``, a generated (stored) tsvector of the
  title (weight A) and body (weight B) with the ``english`` configuration, and
  the GIN index ``ix_articles_search_vector``.

Views, the same columns on both backends: ``agreement_overview``,
``article_entities`` and ``person_role_history``.

None of these is in the models (the ORM never loads the index); ``alembic/env.py``
leaves them out of autogenerate by name. Careful in later migrations: a batch
migration that rebuilds ``articles`` on SQLite drops its triggers, so such a
migration must create them again (``_create_sqlite_fts`` below shows how).

Revision ID: 64b60385e21b
Revises: 223afae78f8a
Create Date: 2026-11-28 03:00:55.726729

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "64b60385e21b"
down_revision: str | None = "223afae78f8a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


ID_COMMENTS = {
    "articles": "Article id; the mention tables' article_id.",
    "places": "Place id; place_mentions.place_id.",
    "people": "Person id; the person_id of other tables.",
    "person_aliases": "Row id.",
    "person_roles": "Row id.",
    "country_mentions": "Row id.",
    "person_mentions": "Row id.",
    "agreements": "Agreement id; the agreement_id of other tables.",
    "agreement_mentions": "Row id.",
    "place_mentions": "Row id.",
}

# --- Full-text search -------------------------------------------------------

SQLITE_FTS = [
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body,
        content='articles', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END
    """,
    """
    CREATE TRIGGER articles_fts_after_update AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END
    """,
    # Index the articles stored before this revision.
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]

SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS articles_fts_after_update",
    "DROP TRIGGER IF EXISTS articles_fts_after_delete",
    "DROP TRIGGER IF EXISTS articles_fts_after_insert",
    "DROP TABLE IF EXISTS articles_fts",
]

POSTGRESQL_FTS = [
    # A stored generated column: PostgreSQL computes it for every existing row
    # now and for every insert and update later.
    """
    ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')
    ) STORED
    """,
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
    "COMMENT ON COLUMN articles.search_vector IS 'Full-text index of title (weight A) and "
    "body (weight B) with the english configuration, kept up to date by PostgreSQL. Use: "
    "search_vector @@ websearch_to_tsquery(''english'', ''words'')'",
]

POSTGRESQL_FTS_DROP = [
    "DROP INDEX IF EXISTS ix_articles_search_vector",
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
]

# --- Views ------------------------------------------------------------------

# Parties and signatories as one comma-separated text cell each, in a stable
# order: string_agg(... ORDER BY) on PostgreSQL; on SQLite, group_concat over
# an ordered subquery (SQLite < 3.44 has no ORDER BY inside an aggregate).
_AGREEMENT_OVERVIEW = """
CREATE VIEW agreement_overview AS
-- One row per agreement: parties and signatories flattened to text.
SELECT
    a.id AS agreement_id,
    a.title,
    a.kind,
    a.status,
    a.signed_on,
    a.place,
    parties.parties,            -- alpha-2 codes, e.g. 'KG, KZ'
    parties.party_names,        -- country names in the same order
    signatories.signatories,    -- canonical names, alphabetical
    reports.articles,           -- how many articles report it
    reports.first_reported_on,  -- publication date of the first of them
    reports.last_reported_on
FROM agreements a
LEFT JOIN ({parties}) parties ON parties.agreement_id = a.id
LEFT JOIN ({signatories}) signatories ON signatories.agreement_id = a.id
LEFT JOIN (
    SELECT m.agreement_id,
           count(DISTINCT m.article_id) AS articles,
           min(ar.published) AS first_reported_on,
           max(ar.published) AS last_reported_on
    FROM agreement_mentions m
    JOIN articles ar ON ar.id = m.article_id
    GROUP BY m.agreement_id
) reports ON reports.agreement_id = a.id
"""

_PARTIES = {
    "sqlite": """
    SELECT agreement_id,
           group_concat(country_code, ', ') AS parties,
           group_concat(name, ', ') AS party_names
    FROM (
        SELECT p.agreement_id, p.country_code, c.name
        FROM agreement_parties p JOIN countries c ON c.code = p.country_code
        ORDER BY p.agreement_id, p.country_code
    )
    GROUP BY agreement_id""",
    "postgresql": """
    SELECT p.agreement_id,
           string_agg(p.country_code, ', ' ORDER BY p.country_code) AS parties,
           string_agg(c.name, ', ' ORDER BY p.country_code) AS party_names
    FROM agreement_parties p JOIN countries c ON c.code = p.country_code
    GROUP BY p.agreement_id""",
}

_SIGNATORIES = {
    "sqlite": """
    SELECT agreement_id, group_concat(name, ', ') AS signatories
    FROM (
        SELECT s.agreement_id, pe.name
        FROM agreement_signatories s JOIN people pe ON pe.id = s.person_id
        ORDER BY s.agreement_id, pe.name
    )
    GROUP BY agreement_id""",
    "postgresql": """
    SELECT s.agreement_id, string_agg(pe.name, ', ' ORDER BY pe.name) AS signatories
    FROM agreement_signatories s JOIN people pe ON pe.id = s.person_id
    GROUP BY s.agreement_id""",
}

# The same text on both backends.
_ARTICLE_ENTITIES = """
CREATE VIEW article_entities AS
-- Every entity mention with its article: one row per mention.
-- entity_key: the country code, or the id in people, places or agreements.
SELECT m.article_id, ar.published, ar.source,
       'country' AS entity_type, m.country_code AS entity_key, c.name AS entity_name,
       m.start_char, m.end_char, m.text
FROM country_mentions m
JOIN articles ar ON ar.id = m.article_id
JOIN countries c ON c.code = m.country_code
UNION ALL
SELECT m.article_id, ar.published, ar.source,
       'person', CAST(m.person_id AS TEXT), p.name,
       m.start_char, m.end_char, m.text
FROM person_mentions m
JOIN articles ar ON ar.id = m.article_id
JOIN people p ON p.id = m.person_id
UNION ALL
SELECT m.article_id, ar.published, ar.source,
       'place', CAST(m.place_id AS TEXT), pl.name,
       m.start_char, m.end_char, m.text
FROM place_mentions m
JOIN articles ar ON ar.id = m.article_id
JOIN places pl ON pl.id = m.place_id
UNION ALL
SELECT m.article_id, ar.published, ar.source,
       'agreement', CAST(m.agreement_id AS TEXT), ag.title,
       m.start_char, m.end_char, m.text
FROM agreement_mentions m
JOIN articles ar ON ar.id = m.article_id
JOIN agreements ag ON ag.id = m.agreement_id
"""

_PERSON_ROLE_HISTORY = """
CREATE VIEW person_role_history AS
-- Each role a person held, dated by the article that shows it.
SELECT r.person_id,
       p.name AS person_name,
       r.role,
       r.country_code,
       c.name AS country_name,
       r.observed_on,
       r.article_id,
       ar.source,
       ar.title AS article_title
FROM person_roles r
JOIN people p ON p.id = r.person_id
JOIN articles ar ON ar.id = r.article_id
LEFT JOIN countries c ON c.code = r.country_code
"""

VIEWS = ("agreement_overview", "article_entities", "person_role_history")
_DROP_VIEWS = {view: f"DROP VIEW IF EXISTS {view}" for view in VIEWS}

# PostgreSQL keeps comments on views and their columns; SQLite keeps the SQL
# comments inside each CREATE VIEW (see sqlite_master.sql).
VIEW_COMMENTS = {
    "agreement_overview": (
        "One row per agreement, parties and signatories as comma-separated text.",
        {
            "agreement_id": "agreements.id.",
            "parties": "Parties as alpha-2 codes, e.g. 'KG, KZ'.",
            "party_names": "Parties' country names, in the order of parties.",
            "signatories": "Signatories' canonical names, alphabetical.",
            "articles": "How many articles report the agreement.",
            "first_reported_on": "Publication date of the first article reporting it.",
            "last_reported_on": "Publication date of the last article reporting it.",
        },
    ),
    "article_entities": (
        "Every mention of a country, person, place or agreement, with its article.",
        {
            "entity_type": "country, person, place or agreement.",
            "entity_key": "The country code, or the id in people, places or agreements.",
            "entity_name": "Country name, canonical person name, place name or agreement title.",
            "start_char": "Offset of the first character in articles.body.",
            "end_char": "Offset just past the last character.",
            "text": "The text at those offsets.",
        },
    ),
    "person_role_history": (
        "Roles people held over time: one row per role and evidence article.",
        {
            "observed_on": "Publication date of the article that shows the role.",
            "source": "The evidence article's source name.",
        },
    ),
}


def _create_views(dialect: str) -> None:
    overview = _AGREEMENT_OVERVIEW.format(
        parties=_PARTIES[dialect], signatories=_SIGNATORIES[dialect]
    )  # DDL built from this module's constants, no user input
    op.execute(overview)
    op.execute(_ARTICLE_ENTITIES)
    op.execute(_PERSON_ROLE_HISTORY)
    if dialect != "postgresql":
        return
    for view, (comment, columns) in VIEW_COMMENTS.items():
        # Identifiers and comments are this module's constants: DDL cannot bind them.
        op.execute(sa.text(_comment_on("VIEW", view, comment)))
        for column, column_comment in columns.items():
            op.execute(sa.text(_comment_on("COLUMN", f"{view}.{column}", column_comment)))


def _comment_on(kind: str, name: str, comment: str) -> str:
    return f"COMMENT ON {kind} {name} IS {_literal(comment)}"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _create_sqlite_fts() -> None:
    for statement in SQLITE_FTS:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _create_sqlite_fts()
    else:
        for statement in POSTGRESQL_FTS:
            op.execute(statement)
        # SQLite keeps no comments, so only PostgreSQL gets them.
        for table, comment in ID_COMMENTS.items():
            op.alter_column(table, "id", existing_type=sa.Integer(), comment=comment)
    _create_views(dialect)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for view in reversed(VIEWS):
        op.execute(_DROP_VIEWS[view])
    if dialect == "sqlite":
        for statement in SQLITE_FTS_DROP:
            op.execute(statement)
    else:
        for table in ID_COMMENTS:
            op.alter_column(table, "id", existing_type=sa.Integer(), comment=None)
        for statement in POSTGRESQL_FTS_DROP:
            op.execute(statement)
