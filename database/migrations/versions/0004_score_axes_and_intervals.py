"""scores: axis scores and the rank interval of the Monte Carlo

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("scores") as batch:
        batch.add_column(sa.Column("axes", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("rank_low", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("rank_high", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("scores") as batch:
        batch.drop_column("rank_high")
        batch.drop_column("rank_low")
        batch.drop_column("axes")
