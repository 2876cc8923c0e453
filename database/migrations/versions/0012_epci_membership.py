"""authorities.epci_code: the intercommunalité a commune belongs to

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN (no batch copy: it would break the views that read the table). The
    # EPCI is named by its SIREN, not by a foreign key: INSEE's composition file names EPCI
    # that the targets may not hold, and SQLite cannot add a column with a constraint.
    op.add_column("authorities", sa.Column("epci_code", sa.String(length=9), nullable=True))
    op.create_index("ix_authorities_epci_code", "authorities", ["epci_code"])


def downgrade() -> None:
    op.drop_index("ix_authorities_epci_code", table_name="authorities")
    op.drop_column("authorities", "epci_code")
