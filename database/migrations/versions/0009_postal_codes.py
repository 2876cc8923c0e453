"""authorities.postal_codes: the postal codes a resident searches by

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy of the table would break the views that read it.
    op.add_column("authorities", sa.Column("postal_codes", sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column("authorities", "postal_codes")
