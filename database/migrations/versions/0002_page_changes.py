"""pages remember whether they came from the HTTP cache, changed, or were rendered

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(
            sa.Column("from_cache", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("changed", sa.Boolean(), nullable=True))
        batch.add_column(
            sa.Column("rendered", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_index("ix_pages_website_run", "pages", ["website_id", "run_id"])


def downgrade() -> None:
    op.drop_index("ix_pages_website_run", table_name="pages")
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("rendered")
        batch.drop_column("changed")
        batch.drop_column("from_cache")
