"""vigie rank, compliance and explain on the crawled test farm: what they print is what the
database holds."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import text

from database import open_database
from tests.conftest import CrawledFarm, vigie


def scalar(crawled_farm: CrawledFarm, query: str, **parameters: object) -> object:
    with crawled_farm.engine.connect() as connection:
        return connection.execute(text(query), parameters).scalar_one()


def test_rank_writes_every_scored_authority_of_the_selection(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    out = tmp_path / "ranks.csv"
    result = vigie("rank", "--db", crawled_farm.database_url, "--csv", str(out), "--limit", "5")
    scored = scalar(crawled_farm, "SELECT count(*) FROM scores WHERE run_id = 1")
    assert f"{scored} authorities ranked" in result.stdout
    dead = scalar(
        crawled_farm, "SELECT count(*) FROM site_scans WHERE run_id = 1 AND status = 'dns_failure'"
    )
    assert f"dns_failure {dead}" in result.stdout  # left out, with their status shown
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == scored
    assert [float(r["score"]) for r in rows] == sorted(
        (float(r["score"]) for r in rows), reverse=True
    )
    for row in rows:
        assert int(row["rank_low"]) <= int(row["rank_in_stratum"]) <= int(row["rank_high"])
    best = scalar(crawled_farm, "SELECT max(score) FROM scores WHERE run_id = 1")
    assert float(rows[0]["score"]) == best


def test_rank_by_departement_ranks_within_it(crawled_farm: CrawledFarm, tmp_path: Path) -> None:
    departement = scalar(
        crawled_farm,
        "SELECT a.departement_code FROM scores s JOIN authorities a ON a.id = s.authority_id "
        "WHERE a.departement_code IS NOT NULL GROUP BY a.departement_code "
        "ORDER BY count(*) DESC, a.departement_code LIMIT 1",
    )
    out = tmp_path / "dep.csv"
    vigie(
        "rank",
        "--db",
        crawled_farm.database_url,
        "--departement",
        str(departement),
        "--csv",
        str(out),
    )
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    assert {r["departement"] for r in rows} == {departement}
    assert rows[0]["rank"] == "1"


def test_compliance_summary_counts_every_authority(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    out = tmp_path / "compliance.csv"
    result = vigie("compliance", "--db", crawled_farm.database_url, "--csv", str(out))
    authorities = scalar(crawled_farm, "SELECT count(*) FROM site_scans WHERE run_id = 1")
    assert f"legal duties of {authorities} authorities" in result.stdout
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    mentions = [r for r in rows if r["duty"] == "a11y_mention"]
    assert len(mentions) == authorities
    met = {r["code"] for r in mentions if r["status"] == "met"}
    with_mention = scalar(
        crawled_farm,
        "SELECT count(DISTINCT authority_id) FROM findings WHERE feature = 'a11y.mention'",
    )
    assert len(met) == with_mention
    not_crawled = {r["code"] for r in mentions if r["scan_status"] != "ok"}
    assert all(r["status"] == "unknown" for r in mentions if r["code"] in not_crawled)


def test_explain_goes_from_rank_to_evidence(crawled_farm: CrawledFarm) -> None:
    with crawled_farm.engine.connect() as connection:
        code, score = connection.execute(
            text(
                "SELECT a.code, s.score FROM scores s JOIN authorities a ON a.id = s.authority_id "
                "JOIN findings f ON f.authority_id = a.id AND f.feature = 'legal.notice_url' "
                "ORDER BY s.score DESC, a.code LIMIT 1"
            )
        ).one()
    result = vigie("explain", code, "--db", crawled_farm.database_url)
    assert f"score {score:.2f} / 100" in result.stdout
    evidence = scalar(
        crawled_farm,
        "SELECT f.evidence_url FROM findings f JOIN authorities a ON a.id = f.authority_id "
        "WHERE a.code = :code AND f.feature = 'legal.notice_url'",
        code=code,
    )
    assert "legal.notice_url = " in result.stdout
    assert str(evidence) in result.stdout
    not_scored = scalar(
        crawled_farm,
        "SELECT a.code FROM site_scans s JOIN authorities a ON a.id = s.authority_id "
        "WHERE s.status <> 'ok' ORDER BY a.code LIMIT 1",
    )
    refused = vigie("explain", str(not_scored), "--db", crawled_farm.database_url, check=False)
    assert refused.returncode == 2
    assert "was not crawled" in refused.stderr


def test_a_csv_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    open_database(database_url).dispose()  # an empty, up-to-date database
    target = tmp_path / "no-such-folder" / "rows.csv"
    result = vigie("query", "SELECT 1 AS one", "--db", database_url, "--csv", str(target),
                   cwd=tmp_path, check=False)  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"--csv {target}: no folder {target.parent}; create it first, or choose another"
    ]
    full = vigie("query", "SELECT 1 AS one", "--db", database_url, "--csv", "/dev/full",
                 cwd=tmp_path, check=False)  # fmt: skip
    assert full.returncode == 2
    assert full.stderr.strip().splitlines() == [
        "--csv /dev/full: cannot write it (No space left on device); choose another file"
    ]
