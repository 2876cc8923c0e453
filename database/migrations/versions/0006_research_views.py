"""views for researchers: latest scans and findings, adoption by stratum, feature history

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 12:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Portable SQL (SQLite and PostgreSQL); documented in docs/views.md.
VIEWS = {
    "latest_scans": """
        SELECT s.authority_id, s.run_id, s.status, s.final_url, s.pages_fetched, s.finished_at
        FROM site_scans s
        WHERE s.run_id = (
            SELECT MAX(later.run_id) FROM site_scans later
            WHERE later.authority_id = s.authority_id
        )""",
    "latest_findings": """
        SELECT a.code, a.name, a.kind, a.departement_code, a.region_code, a.population,
               a.stratum, f.run_id, f.feature, f.value, f.evidence_url
        FROM findings f
        JOIN latest_scans l ON l.authority_id = f.authority_id AND l.run_id = f.run_id
        JOIN authorities a ON a.id = f.authority_id""",
    "adoption_by_stratum": """
        WITH crawled AS (
            SELECT s.run_id, s.authority_id, COALESCE(a.stratum, 'inconnue') AS stratum
            FROM site_scans s JOIN authorities a ON a.id = s.authority_id
            WHERE s.status = 'ok'
        ),
        sizes AS (
            SELECT run_id, stratum, COUNT(*) AS sites FROM crawled GROUP BY run_id, stratum
        ),
        showing AS (
            SELECT c.run_id, c.stratum, f.feature, COUNT(DISTINCT c.authority_id) AS sites_with
            FROM crawled c
            JOIN findings f ON f.run_id = c.run_id AND f.authority_id = c.authority_id
            GROUP BY c.run_id, c.stratum, f.feature
        )
        SELECT h.run_id, h.stratum, h.feature, z.sites, h.sites_with,
               ROUND(100.0 * h.sites_with / z.sites, 1) AS share
        FROM showing h JOIN sizes z ON z.run_id = h.run_id AND z.stratum = h.stratum""",
    "feature_history": """
        SELECT a.code, a.name, r.id AS run_id, r.started_at, f.feature,
               COUNT(*) AS findings, MIN(f.value) AS first_value
        FROM findings f
        JOIN crawl_runs r ON r.id = f.run_id
        JOIN authorities a ON a.id = f.authority_id
        GROUP BY a.code, a.name, r.id, r.started_at, f.feature""",
}


def upgrade() -> None:
    for name, body in VIEWS.items():  # in order: latest_findings reads latest_scans
        op.execute(f"CREATE VIEW {name} AS {body}")


def downgrade() -> None:
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW {name}")
