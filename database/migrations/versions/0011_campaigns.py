"""Monthly campaigns: partial runs, retired authorities, the time each finding was seen

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 19:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs (no batch copy: it would break the views that read these tables). The
    # run and authority references are plain integers: SQLite cannot add a column with a
    # foreign key constraint, and the code that writes them names existing rows.
    op.add_column(
        "crawl_runs",
        sa.Column("kind", sa.String(length=16), nullable=False, server_default="complete"),
    )
    op.add_column("crawl_runs", sa.Column("base_run_id", sa.Integer(), nullable=True))
    op.add_column("crawl_runs", sa.Column("selection", sa.JSON(), nullable=True))
    op.add_column("site_scans", sa.Column("carried_from_run_id", sa.Integer(), nullable=True))
    op.add_column("authorities", sa.Column("retired_at", sa.DateTime(timezone=True)))
    op.add_column("authorities", sa.Column("successor_id", sa.Integer(), nullable=True))
    op.add_column("authorities", sa.Column("retired_reason", sa.String(length=200)))
    op.add_column("findings", sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True))
    # Findings stored before this revision: the time their evidence page was fetched in the
    # same run, else the time their site was stored.
    op.execute(
        """
        UPDATE findings SET seen_at = COALESCE(
            (SELECT MIN(p.fetched_at) FROM pages p
             WHERE p.run_id = findings.run_id AND p.website_id = findings.website_id
               AND (p.final_url = findings.evidence_url
                    OR p.requested_url = findings.evidence_url)),
            (SELECT s.finished_at FROM site_scans s
             WHERE s.run_id = findings.run_id AND s.authority_id = findings.authority_id)
        )
        """
    )


def downgrade() -> None:
    op.drop_column("findings", "seen_at")
    op.drop_column("authorities", "retired_reason")
    op.drop_column("authorities", "successor_id")
    op.drop_column("authorities", "retired_at")
    op.drop_column("site_scans", "carried_from_run_id")
    op.drop_column("crawl_runs", "selection")
    op.drop_column("crawl_runs", "base_run_id")
    op.drop_column("crawl_runs", "kind")
