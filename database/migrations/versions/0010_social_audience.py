"""Social audience: posts in the last 90 days, rounded counts, and figures declared by owners

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs: a batch copy of the table would break the views that read it.
    op.add_column("social_profiles", sa.Column("posts_90d", sa.Integer(), nullable=True))
    op.add_column(
        "social_profiles",
        sa.Column("posts_90d_partial", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "social_profiles",
        sa.Column("followers_rounded", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "social_declarations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("crawl_runs.id"), nullable=False),
        sa.Column("authority_id", sa.Integer(), sa.ForeignKey("authorities.id"), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("followers", sa.Integer(), nullable=True),
        sa.Column("posts_90d", sa.Integer(), nullable=True),
        sa.Column("last_activity", sa.String(length=10), nullable=True),
        sa.Column("as_of", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("run_id", "authority_id", "url", name="uq_social_declarations_run_url"),
    )
    op.create_index("ix_social_declarations_run_id", "social_declarations", ["run_id"])
    op.create_index("ix_social_declarations_authority_id", "social_declarations", ["authority_id"])


def downgrade() -> None:
    op.drop_index("ix_social_declarations_authority_id", "social_declarations")
    op.drop_index("ix_social_declarations_run_id", "social_declarations")
    op.drop_table("social_declarations")
    op.drop_column("social_profiles", "followers_rounded")
    op.drop_column("social_profiles", "posts_90d_partial")
    op.drop_column("social_profiles", "posts_90d")
