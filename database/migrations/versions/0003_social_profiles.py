"""social_profiles: public activity of the accounts that sites link to

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 05:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "social_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("authority_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("reachable", sa.Boolean(), nullable=False),
        sa.Column("login_wall", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("followers", sa.Integer(), nullable=True),
        sa.Column("posts", sa.Integer(), nullable=True),
        sa.Column("last_activity", sa.String(length=10), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["authority_id"], ["authorities.id"]),
        sa.ForeignKeyConstraint(["run_id"], ["crawl_runs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id", "authority_id", "url", name="uq_social_profiles_run_url"),
    )
    op.create_index("ix_social_profiles_run_id", "social_profiles", ["run_id"])
    op.create_index("ix_social_profiles_authority_id", "social_profiles", ["authority_id"])


def downgrade() -> None:
    op.drop_table("social_profiles")
