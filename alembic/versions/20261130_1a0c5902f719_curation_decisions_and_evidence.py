"""Curation decisions, and how each fact was found.

``decisions`` keeps curators' corrections by stable identity; a role a
decision gives has no article (``person_roles.article_id`` null) and names its
decision. Mentions and roles say how they were found (``how``) and hold a
``confidence`` that stays null: no current rule gives one. Rows stored before
this revision have ``how`` null (unknown) until ``corpus-db reextract``.
The view ``person_role_history`` keeps curated roles (no article) and shows
``how`` and ``decision_id``; it is dropped while SQLite rebuilds person_roles.

Revision ID: 1a0c5902f719
Revises: 8e4b2f61c9a3
Create Date: 2026-11-30 06:15:04.847876

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1a0c5902f719"
down_revision: str | None = "8e4b2f61c9a3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONFIDENCE = (
    "Confidence the finding method gives, 0 to 1; null when it gives none "
    "(no current rule does: never a made-up 1.0)."
)
PERSON_HOW = (
    "name (the full name), alias (another form of it) or title (a bare title "
    "standing for the person); null: unknown (loaded before this was kept)."
)
AGREEMENT_HOW = (
    'title (the document\'s name or description) or reference ("the treaty", '
    '"the document"); null: unknown (loaded before this was kept).'
)
ROLE_HOW = (
    "How the role's country was found: title, beside, alignment, side, reference, "
    "employer, counterpart, sentence, dateline; curation for a decision's; null: unknown."
)
_ROLE_HISTORY = """
CREATE VIEW person_role_history AS
-- Each role a person held, dated by the article that shows it{curated}.
SELECT r.person_id,
       p.name AS person_name,
       r.role,
       r.country_code,
       c.name AS country_name,
       r.observed_on,
       r.article_id,
       ar.source,
       ar.title AS article_title{columns}
FROM person_roles r
JOIN people p ON p.id = r.person_id
{join} articles ar ON ar.id = r.article_id
LEFT JOIN countries c ON c.code = r.country_code
"""
ROLE_HISTORY = _ROLE_HISTORY.format(
    curated=", or given by a curation decision (no article)",
    columns=",\n       r.how,\n       r.decision_id",
    join="LEFT JOIN",
)
OLD_ROLE_HISTORY = _ROLE_HISTORY.format(curated="", columns="", join="JOIN")
ROLE_HISTORY_COMMENTS = {
    "observed_on": "Publication date of the article that shows the role, or the decision's "
    "--since date.",
    "source": "The evidence article's source name; null for a curated role.",
    "how": "How the role's country was found; curation for a decision's.",
    "decision_id": "The decision that gave the role; null when extracted.",
}
OLD_ROLE_HISTORY_COMMENTS = {
    "observed_on": "Publication date of the article that shows the role.",
    "source": "The evidence article's source name.",
}
# Which evidence columns each table gains.
EVIDENCE = {
    "country_mentions": None,
    "place_mentions": None,
    "person_mentions": PERSON_HOW,
    "agreement_mentions": AGREEMENT_HOW,
}


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False, comment="Decision id, for `corpus-db undo`."),
        sa.Column(
            "action",
            sa.String(length=30),
            nullable=False,
            comment="merge-person, split-person, alias-person, set-person, reject-agreement, "
            "reject-mention or set-agreement.",
        ),
        sa.Column(
            "target",
            sa.JSON(),
            nullable=False,
            comment="What it applies to, by stable identity: folded names, agreement keys, "
            "article content hashes with offsets; never row ids.",
        ),
        sa.Column(
            "value",
            sa.JSON(),
            nullable=False,
            comment="What it sets (country, role, title ...), empty when nothing.",
        ),
        sa.Column(
            "made_by",
            sa.String(length=200),
            nullable=False,
            comment="Who made it (--by, or the user).",
        ),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False, comment="When."),
        sa.Column("note", sa.Text(), nullable=True, comment="Why, in the curator's words."),
        sa.Column(
            "outcome",
            sa.String(length=300),
            nullable=False,
            comment="What its last application found: applied, or why its target was missing.",
        ),
        sa.Column(
            "articles",
            sa.JSON(),
            nullable=False,
            comment="Content hashes of the articles whose facts it changed, re-extracted on undo.",
        ),
        sa.Column(
            "undone_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When it was undone; null while it holds.",
        ),
        sa.Column("undone_by", sa.String(length=200), nullable=True, comment="Who undid it."),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        comment="Curation decisions: corrections to what extraction found, by stable identity.",
    )
    op.create_index(op.f("ix_decisions_action"), "decisions", ["action"], unique=False)

    # Plain ADD COLUMNs: no table is rebuilt for them.
    for table, how in EVIDENCE.items():
        if how is not None:
            op.add_column(table, sa.Column("how", sa.String(length=20), comment=how))
        op.add_column(table, sa.Column("confidence", sa.Float(), comment=CONFIDENCE))

    op.execute("DROP VIEW IF EXISTS person_role_history")
    with op.batch_alter_table("person_roles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("how", sa.String(length=20), comment=ROLE_HOW))
        batch_op.add_column(sa.Column("confidence", sa.Float(), comment=CONFIDENCE))
        batch_op.add_column(
            sa.Column(
                "decision_id",
                sa.Integer(),
                nullable=True,
                comment="The curation decision that gave this role (null: extracted).",
            )
        )
        batch_op.alter_column(
            "article_id",
            existing_type=sa.INTEGER(),
            nullable=True,
            comment="The article that shows it; null for a role a curation decision gives.",
            existing_comment="The article this row comes from.",
        )
        batch_op.alter_column(
            "observed_on",
            existing_type=sa.Date(),
            comment="Publication date of the evidence article, or the decision's --since date.",
            existing_comment="Publication date of the evidence article.",
        )
        batch_op.create_index(
            batch_op.f("ix_person_roles_decision_id"), ["decision_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_person_roles_decision_id_decisions"),
            "decisions",
            ["decision_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.execute(ROLE_HISTORY)
    if op.get_bind().dialect.name == "postgresql":
        _comment_view()


def downgrade() -> None:
    # Roles that decisions gave have no article: they cannot stay once it is required.
    op.execute("DELETE FROM person_roles WHERE article_id IS NULL")
    op.execute("DROP VIEW IF EXISTS person_role_history")
    with op.batch_alter_table("person_roles", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_person_roles_decision_id_decisions"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_person_roles_decision_id"))
        batch_op.alter_column(
            "observed_on",
            existing_type=sa.Date(),
            comment="Publication date of the evidence article.",
            existing_comment="Publication date of the evidence article, or the decision's "
            "--since date.",
        )
        batch_op.alter_column(
            "article_id",
            existing_type=sa.INTEGER(),
            nullable=False,
            comment="The article this row comes from.",
            existing_comment="The article that shows it; null for a role a curation decision "
            "gives.",
        )
        batch_op.drop_column("decision_id")
        batch_op.drop_column("confidence")
        batch_op.drop_column("how")
    op.execute(OLD_ROLE_HISTORY)
    if op.get_bind().dialect.name == "postgresql":
        _comment_view(old=True)

    for table, how in EVIDENCE.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("confidence")
            if how is not None:
                batch_op.drop_column("how")

    op.drop_index(op.f("ix_decisions_action"), table_name="decisions")
    op.drop_table("decisions")


def _comment_view(*, old: bool = False) -> None:
    """PostgreSQL keeps comments on a view's columns: give the new view its own."""
    view = "Roles people held over time: one row per role and evidence article."
    op.execute(sa.text(_comment_on("VIEW", "person_role_history", view)))
    comments = OLD_ROLE_HISTORY_COMMENTS if old else ROLE_HISTORY_COMMENTS
    for column, comment in comments.items():
        name = f"person_role_history.{column}"
        # Identifiers and comments are this module's constants: DDL cannot bind them.
        op.execute(sa.text(_comment_on("COLUMN", name, comment)))


def _comment_on(kind: str, name: str, comment: str) -> str:
    return f"COMMENT ON {kind} {name} IS " + "'" + comment.replace("'", "''") + "'"
