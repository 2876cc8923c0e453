"""survey_results: weighted estimates of the citizen survey

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 11:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "survey_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("measure", sa.String(length=48), nullable=False),
        sa.Column("estimate", sa.Float(), nullable=False),
        sa.Column("ci_low", sa.Float(), nullable=True),
        sa.Column("ci_high", sa.Float(), nullable=True),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["crawl_runs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("survey", "family", "measure", name="uq_survey_results_measure"),
    )
    op.create_index("ix_survey_results_survey", "survey_results", ["survey"])
    op.create_index("ix_survey_results_run_id", "survey_results", ["run_id"])


def downgrade() -> None:
    op.drop_table("survey_results")
