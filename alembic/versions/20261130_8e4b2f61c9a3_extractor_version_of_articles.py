"""The extractor version that produced each article's facts.

Null for articles loaded before versions were kept: ``corpus-db reextract
--outdated`` counts them as outdated.

Revision ID: 8e4b2f61c9a3
Revises: 5c1e9a7d2b40
Create Date: 2026-11-30 05:45:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8e4b2f61c9a3"
down_revision: str | None = "5c1e9a7d2b40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = (
    "The extractor that produced the stored facts (a digest of its code and data; "
    "null: before versions were kept). `corpus-db reextract --outdated` redoes the others."
)


def upgrade() -> None:
    # A plain ADD COLUMN, not a batch rebuild: SQLite keeps the full-text triggers.
    op.add_column(
        "articles", sa.Column("extractor_version", sa.String(64), nullable=True, comment=COMMENT)
    )


def downgrade() -> None:
    with op.batch_alter_table("articles", recreate="never") as batch_op:
        batch_op.drop_column("extractor_version")
