"""Researchers' access: the README's question three ways (vigie query, pandas on an export,
Datasette), the export's columns held to SQL, the list of runs, and a browser that cannot
write."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, text

from database import open_database
from database.questions import LATEST_RUN, QUESTIONS
from tests.conftest import CrawledFarm, copy_database, free_port, vigie
from tests.reports.test_deck import sql

QUESTION = next(q for q in QUESTIONS if q.name == "communes_sans_mention_accessibilite")


def answer_by_sql(crawled_farm: CrawledFarm, departement: str) -> list[str]:
    """The README's question, straight on the tables."""
    return [
        code
        for (code,) in sql(
            crawled_farm,
            """
            SELECT a.code FROM site_scans s JOIN authorities a ON a.id = s.authority_id
            WHERE s.run_id = 1 AND s.status = 'ok' AND a.kind = 'commune'
              AND a.population > 3500 AND a.departement_code = :d
              AND a.id NOT IN (SELECT authority_id FROM findings
                               WHERE run_id = 1 AND feature = 'a11y.mention')
            ORDER BY a.population DESC""",
            d=departement,
        )
    ]


@pytest.fixture(scope="module")
def farm(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> CrawledFarm:
    """A copy of the crawled farm where the largest crawled commune lost its accessibility
    mention: every crawled commune of the 60-site farm over 3,500 inhabitants has one, and
    the question would answer nothing."""
    folder = tmp_path_factory.mktemp("research")
    url = copy_database(crawled_farm.directory / "vigie.db", folder / "vigie.db")
    copy = replace(crawled_farm, database_url=url, engine=open_database(url), directory=folder)
    with copy.engine.begin() as connection:
        connection.execute(
            text(
                """DELETE FROM findings WHERE feature = 'a11y.mention' AND authority_id = (
                   SELECT a.id FROM authorities a JOIN site_scans s ON s.authority_id = a.id
                   WHERE a.kind = 'commune' AND s.status = 'ok' AND a.population > 3500
                   ORDER BY a.population DESC LIMIT 1)"""
            )
        )
    return copy


@pytest.fixture(scope="module")
def departement(farm: CrawledFarm) -> str:
    """The département where the question has an answer."""
    for (code,) in sql(farm, "SELECT DISTINCT departement_code FROM authorities"):
        if code and answer_by_sql(farm, code):
            return str(code)
    pytest.fail("no commune over 3,500 without an accessibility mention")


def test_the_question_with_vigie_query(farm: CrawledFarm, departement: str, tmp_path: Path) -> None:
    out = tmp_path / "answer.csv"
    vigie("query", QUESTION.sql, "--param", f"departement={departement}", "--csv", str(out),
          "--db", farm.database_url)  # fmt: skip
    assert pd.read_csv(out, dtype=str)["code"].tolist() == answer_by_sql(farm, departement)


@pytest.mark.parametrize("suffix", ["parquet", "csv", "xlsx"])
def test_the_question_with_pandas_on_an_export(
    farm: CrawledFarm, departement: str, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"communes.{suffix}"
    vigie("export", "--out", str(out), "--db", farm.database_url)
    table = {
        "parquet": lambda: pd.read_parquet(out),
        "csv": lambda: pd.read_csv(out, dtype={"code": str, "departement_code": str}),
        "xlsx": lambda: pd.read_excel(out, sheet_name="collectivites",
                                      dtype={"code": str, "departement_code": str}),
    }[suffix]()  # fmt: skip
    [(scanned,)] = sql(farm, "SELECT COUNT(*) FROM site_scans WHERE run_id = 1")
    assert len(table) == scanned
    found = table[
        (table["kind"] == "commune")
        & (table["population"] > 3500)
        & (table["departement_code"] == departement)
        & (table["status"] == "ok")
        & table["a11y.mention"].isna()
    ].sort_values("population", ascending=False)
    assert found["code"].tolist() == answer_by_sql(farm, departement)


def test_the_export_pivots_every_finding_into_its_column(farm: CrawledFarm, tmp_path: Path) -> None:
    out = tmp_path / "all.parquet"
    vigie("export", "--out", str(out), "--db", farm.database_url)
    table = pd.read_parquet(out).set_index("code")
    for code, feature, values in sql(
        farm,
        """
        SELECT a.code, f.feature, GROUP_CONCAT(DISTINCT f.value) FROM findings f
        JOIN authorities a ON a.id = f.authority_id WHERE f.run_id = 1
        GROUP BY a.code, f.feature""",
    ):
        assert sorted(table.at[code, feature].split(" | ")) == sorted(values.split(",")), (
            code,
            feature,
        )
    scores = dict(sql(farm, "SELECT a.code, s.score FROM scores s "
                                    "JOIN authorities a ON a.id = s.authority_id"))  # fmt: skip
    assert table["score"].dropna().to_dict() == pytest.approx(scores)


def test_vigie_runs_lists_each_run_with_its_counts(farm: CrawledFarm) -> None:
    [(scanned, ok, findings)] = sql(
        farm,
        "SELECT COUNT(*), SUM(status = 'ok'), (SELECT COUNT(*) FROM findings WHERE run_id = 1)"
        " FROM site_scans WHERE run_id = 1",
    )
    listed = vigie("runs", "--db", farm.database_url).stdout
    assert f"{scanned} scanned, {ok} crawled," in listed
    assert f"{findings} findings" in listed
    assert listed.startswith("run 1: ")


def get(url: str) -> dict | list:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.loads(answer.read())


def test_the_question_in_datasette_which_cannot_write(farm: CrawledFarm, departement: str) -> None:
    [(before,)] = sql(farm, "SELECT COUNT(*) FROM findings")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.app", "serve", "--db", farm.database_url,
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/vigie"
    try:
        # Datasette takes seconds to start, a minute on a busy machine: wait up to two.
        for _ in range(600):
            try:
                get(f"{base}.json")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, "vigie serve ended instead of serving"
                time.sleep(0.2)
        rows = get(f"{base}/{QUESTION.name}.json?departement={departement}&_shape=array")
        assert [row["code"] for row in rows] == answer_by_sql(farm, departement)
        meta = get(f"http://127.0.0.1:{port}/-/metadata.json")
        columns = meta["databases"]["vigie"]["tables"]["findings"]["columns"]
        assert "feature key" in columns["feature"]
        assert "latest_findings" in meta["databases"]["vigie"]["tables"]
        with pytest.raises(urllib.error.HTTPError) as refused:
            get(f"{base}.json?sql=DELETE+FROM+findings")
        assert refused.value.code == 400
        refused.value.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert sql(farm, "SELECT COUNT(*) FROM findings") == [(before,)]


def test_serve_refuses_postgresql_with_its_reason() -> None:
    refused = vigie("serve", "--db", "postgresql+psycopg://postgres@127.0.0.1/test", check=False)
    assert refused.returncode == 2
    assert "Datasette reads SQLite" in refused.stderr


def test_pruning_removes_old_page_records_and_keeps_the_findings(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    url = copy_database(crawled_farm.directory / "vigie.db", tmp_path / "prune.db")
    copy = replace(crawled_farm, database_url=url, engine=open_database(url))
    with copy.engine.begin() as connection:  # a second campaign, with some pages of its own
        connection.execute(
            text(
                "INSERT INTO crawl_runs (id, started_at, status, settings, targets_count,"
                " sites_done, pages_count, findings_count)"
                " VALUES (2, '2026-12-01', 'finished', '{}', 0, 0, 0, 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO pages (run_id, website_id, requested_url, final_url, bytes,"
                " fetched_at, depth, from_cache, rendered)"
                " SELECT 2, website_id, requested_url, final_url, bytes, fetched_at, depth,"
                " from_cache, rendered FROM pages WHERE run_id = 1 LIMIT 5"
            )
        )
        connection.execute(  # a run is kept only if it is finished and stored sites
            text(
                "INSERT INTO site_scans (run_id, authority_id, website_id, status,"
                " pages_fetched, finished_at) SELECT 2, authority_id, website_id, status,"
                " pages_fetched, finished_at FROM site_scans WHERE run_id = 1 LIMIT 1"
            )
        )
    [(pages, findings)] = sql(
        copy,
        "SELECT (SELECT COUNT(*) FROM pages WHERE run_id = 1),"
        " (SELECT COUNT(*) FROM findings WHERE run_id = 1)",
    )
    said = vigie("prune", "--keep-last", "1", "--db", url).stdout
    assert f"Would delete (add --yes) {pages} page records (run 1: {pages})." in said
    assert sql(copy, "SELECT COUNT(*) FROM pages WHERE run_id = 1") == [(pages,)]
    vigie("prune", "--keep-last", "1", "--yes", "--db", url)
    assert sql(copy, "SELECT run_id, COUNT(*) FROM pages GROUP BY run_id") == [(2, 5)]
    assert sql(copy, "SELECT COUNT(*) FROM findings WHERE run_id = 1") == [(findings,)]
    [(code,)] = sql(copy, "SELECT a.code FROM scores s JOIN authorities a ON a.id = s.authority_id"
                          " ORDER BY s.score DESC LIMIT 1")  # fmt: skip
    explained = vigie("explain", code, "--run", "1", "--db", url).stdout
    assert "http" in explained  # the evidence URLs of its findings are still there
    copy.engine.dispose()


def test_the_latest_run_of_the_questions_is_the_verbs_latest(engine: Engine) -> None:
    """The canned questions' "latest run" is latest_run_id's: the latest finished run that
    stored sites, never a newer run still running, interrupted or empty."""
    from database.repository import latest_run_id

    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO authorities (id, kind, code, name, source, updated_at)"
                " VALUES (1, 'commune', '63244', 'Murol', 'csv', '2026-01-01')"
            )
        )
        for run_id, status, sites in ((1, "finished", 1), (2, "finished", 0),
                                      (3, "interrupted", 1), (4, "running", 0)):  # fmt: skip
            connection.execute(
                text(
                    "INSERT INTO crawl_runs (id, started_at, status, settings, targets_count,"
                    " sites_done, pages_count, findings_count)"
                    " VALUES (:id, '2026-12-01', :status, '{}', 1, 0, 0, 0)"
                ),
                {"id": run_id, "status": status},
            )
            if sites:
                connection.execute(
                    text(
                        "INSERT INTO site_scans (run_id, authority_id, status, pages_fetched,"
                        " finished_at) VALUES (:id, 1, 'ok', 0, '2026-12-01')"
                    ),
                    {"id": run_id},
                )
    with engine.connect() as connection:
        assert connection.execute(text(f"SELECT {LATEST_RUN}")).scalar() == 1
    assert latest_run_id(engine) == 1
    latest = [q for q in QUESTIONS if "latest finished run" in q.description]
    assert len(latest) == 2
    assert all(LATEST_RUN in q.sql and "MAX(id) FROM crawl_runs)" not in q.sql for q in latest)
