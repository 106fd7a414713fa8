"""lz4 compression for article bodies on PostgreSQL.

Bodies of a few kilobytes are compressed when stored; PostgreSQL's default,
pglz, costs about as much as the rest of writing the row, lz4 about a tenth.
New values use it; rows already stored keep theirs until rewritten. Needs
PostgreSQL 14 or later built with lz4 (the packaged builds are); elsewhere
this revision changes nothing. SQLite: nothing to do.

Revision ID: 5c1e9a7d2b40
Revises: 64b60385e21b
Create Date: 2026-11-30 04:40:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1e9a7d2b40"
down_revision: str | None = "64b60385e21b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


LZ4 = "ALTER TABLE articles ALTER COLUMN body SET COMPRESSION lz4"
DEFAULT = "ALTER TABLE articles ALTER COLUMN body SET COMPRESSION default"


def _set_compression(statement: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():  # a server without lz4 refuses: keep its default
            bind.execute(sa.text(statement))
    except sa.exc.DBAPIError:
        pass


def upgrade() -> None:
    _set_compression(LZ4)


def downgrade() -> None:
    _set_compression(DEFAULT)
