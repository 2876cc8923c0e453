"""The views for researchers (docs/views.md) answer from the tables, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, insert, text

from database import open_database
from database.models import Authority, CrawlRun, Website
from tests.scoring.test_compute import scan

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def two_runs(engine: Engine) -> None:
    """Two communes of one stratum crawled twice: the first loses its mention in run 2, the
    second's domain dies."""
    with engine.begin() as connection:
        runs = [
            connection.execute(
                insert(CrawlRun).values(started_at=NOW, status="finished", settings={})
            ).inserted_primary_key[0]
            for _ in range(2)
        ]
        for code, first, second in [
            ("90001", ("ok", {"a11y.mention": "totalement", "tech.cms": "spip"}),
             ("ok", {"tech.cms": "spip"})),
            ("90002", ("ok", {"tech.cms": "wordpress"}), ("dns_failure", {})),
        ]:  # fmt: skip
            authority = connection.execute(
                insert(Authority).values(kind="commune", code=code, name=f"Commune {code}",
                                         stratum="0-499", departement_code="90",
                                         population=300, source="csv", updated_at=NOW)
            ).inserted_primary_key[0]  # fmt: skip
            website = connection.execute(
                insert(Website).values(authority_id=authority, url=f"http://{code}.fr/",
                                       host=f"{code}.fr", is_primary=True, source="csv",
                                       updated_at=NOW)
            ).inserted_primary_key[0]  # fmt: skip
            for run_id, (status, findings) in zip(runs, (first, second), strict=True):
                scan(connection, run_id, authority, website, code, status, findings)


def rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, database_url: str) -> Engine:
    url = request.getfixturevalue("postgres_url") if request.param == "postgresql" else database_url
    engine = open_database(url)
    two_runs(engine)
    yield engine
    engine.dispose()


def test_latest_scans_and_findings_are_each_authoritys_last_run(database: Engine) -> None:
    assert rows(database, "SELECT authority_id, run_id, status FROM latest_scans ORDER BY 1") == [
        (1, 2, "ok"),
        (2, 2, "dns_failure"),
    ]
    assert rows(
        database, "SELECT code, run_id, feature, value FROM latest_findings ORDER BY code"
    ) == [("90001", 2, "tech.cms", "spip")]


def test_adoption_by_stratum_counts_crawled_sites(database: Engine) -> None:
    found = rows(
        database,
        "SELECT run_id, stratum, feature, sites, sites_with, share FROM adoption_by_stratum"
        " ORDER BY run_id, feature",
    )
    assert [(r[0], r[1], r[2], r[3], r[4], float(r[5])) for r in found] == [
        (1, "0-499", "a11y.mention", 2, 1, 50.0),
        (1, "0-499", "tech.cms", 2, 2, 100.0),
        (2, "0-499", "tech.cms", 1, 1, 100.0),
    ]


def test_feature_history_shows_what_came_and_went(database: Engine) -> None:
    assert rows(
        database,
        "SELECT code, run_id, feature, first_value FROM feature_history"
        " WHERE code = '90001' ORDER BY run_id, feature",
    ) == [
        ("90001", 1, "a11y.mention", "totalement"),
        ("90001", 1, "tech.cms", "spip"),
        ("90001", 2, "tech.cms", "spip"),
    ]
