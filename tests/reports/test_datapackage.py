"""The citable, tidy export (`vigie export --format datapackage`): a Frictionless data package
of a crawled farm that Frictionless finds valid, one finding a row with its evidence and the
time it was seen (kept through `vigie prune`), the runs a partial run carries from, the
successor of a retired authority, a codebook generated from the vocabulary, a README that
says how to read and cite it, the scoring model's indicators and the social accounts behind
the scores, and the licence's own file."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import frictionless
import pytest
from sqlalchemy import text

from database import open_database
from database.social_audience import UNKNOWN_LABELS
from reports.datapackage_readme import DATA_LICENSE, LICENCE, LICENCE_URL
from reports.datapackage_schema import TABLES
from reports.labels import STATUS_LABELS, feature_label
from scoring.model import load_model
from tests.conftest import CrawledFarm, copy_database, vigie
from tests.reports.test_deck import sql


def package(farm: CrawledFarm, out: Path, *options: str) -> Path:
    vigie("export", "--format", "datapackage", "--out", str(out), "--db", farm.database_url,
          *options)  # fmt: skip
    return out


def valid(folder: Path) -> frictionless.Report:
    """The package's validation by Frictionless, its errors in the failure's message."""
    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["type", "message"])[:20]
    return report


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def utc(value: object) -> str:
    """A stored time as the package writes it (SQLite gives it without its zone: UTC)."""
    moment = datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=moment.tzinfo or UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def national(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return package(crawled_farm, tmp_path_factory.mktemp("package") / "vigie-data")


def test_the_package_of_a_crawled_farm_is_valid_frictionless(national: Path) -> None:
    report = valid(national)
    assert {task.name for task in report.tasks} == {table.name for table in TABLES}
    descriptor = json.loads((national / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"] == [DATA_LICENSE]
    assert datetime.strptime(descriptor["created"], "%Y-%m-%dT%H:%M:%SZ")
    assert descriptor["sources"][0]["title"].startswith("Vigie's synthetic farm")
    for resource in descriptor["resources"]:
        assert resource["schema"]["primaryKey"], resource["name"]
        assert all(field["description"] for field in resource["schema"]["fields"])


def test_one_row_per_finding_with_its_evidence_detector_and_time(
    crawled_farm: CrawledFarm, national: Path
) -> None:
    stored = {
        (code, feature, value): (evidence, detector, utc(seen))
        for code, feature, value, evidence, detector, seen in sql(
            crawled_farm,
            "SELECT a.code, f.feature, f.value, f.evidence_url, f.detector, f.seen_at"
            " FROM findings f JOIN authorities a ON a.id = f.authority_id WHERE f.run_id = 1",
        )
    }
    found = rows(national, "findings")
    assert len(found) == len(stored) > 100
    for row in found:
        evidence, detector, seen = stored[row["authority_code"], row["feature"], row["value"]]
        assert (row["evidence_url"], row["seen_at"]) == (evidence, seen)
        assert f"{row['detector']}/{row['detector_version']}" == detector
        assert (row["run_id"], row["measured_in_run_id"], row["carried_from_run_id"]) == (
            "1", "1", ""
        )  # fmt: skip


def test_scans_say_every_status_in_french_and_unknowns_are_explained(
    crawled_farm: CrawledFarm, national: Path
) -> None:
    scans = rows(national, "site_scans")
    assert len(scans) == sql(crawled_farm, "SELECT COUNT(*) FROM site_scans")[0][0]
    assert {row["status_label_fr"] for row in scans} == {
        STATUS_LABELS[row["status"]] for row in scans
    }
    assert len({row["status"] for row in scans}) > 3  # the farm shows many statuses
    statuses = {row["status"]: row for row in rows(national, "statuses")}
    assert [s for s, row in statuses.items() if row["features_read"] == "true"] == ["ok"]
    scored = {row["authority_code"] for row in rows(national, "scores")}
    assert scored == {row["authority_code"] for row in scans if row["status"] == "ok"}
    readme = (national / "README.md").read_text(encoding="utf-8")
    assert "Not measured is not absent" in readme
    assert all(f"`{table.path}`" in readme for table in TABLES)


def test_the_codebook_names_every_feature_found_in_french(national: Path) -> None:
    codebook = {row["feature"]: row for row in rows(national, "codebook")}
    for feature in {row["feature"] for row in rows(national, "findings")}:
        assert codebook[feature]["label_fr"] == feature_label(feature) != feature
        assert codebook[feature]["family"] == feature.split(".")[0]
        assert codebook[feature]["meaning"]
        assert "not in this version" not in codebook[feature]["meaning"]
    values = {
        (row["feature"], row["value"]): row["label_fr"] for row in rows(national, "codebook_values")
    }
    assert values["a11y.mention", "partiellement"] == "partiellement conforme"


def test_prune_keeps_the_findings_times_and_the_package_carries_them(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    url = copy_database(crawled_farm.directory / "vigie.db", tmp_path / "prune.db")
    copy = replace(crawled_farm, database_url=url, engine=open_database(url))
    with copy.engine.begin() as connection:  # a second finished campaign that stored a site
        connection.execute(
            text(
                "INSERT INTO crawl_runs (id, started_at, finished_at, status, settings,"
                " targets_count, sites_done, pages_count, findings_count)"
                " VALUES (2, '2026-12-01', '2026-12-02', 'finished', '{}', 1, 1, 0, 0)"
            )
        )
        connection.execute(text(
            "INSERT INTO site_scans (run_id, authority_id, website_id, status, pages_fetched,"
            " finished_at) SELECT 2, authority_id, website_id, status, pages_fetched,"
            " finished_at FROM site_scans WHERE run_id = 1 LIMIT 1"))  # fmt: skip
    before = sql(copy, "SELECT id, seen_at FROM findings WHERE run_id = 1 ORDER BY id")
    assert before
    assert all(seen for _, seen in before)
    vigie("prune", "--keep-last", "1", "--yes", "--db", url)
    assert sql(copy, "SELECT COUNT(*) FROM pages WHERE run_id = 1") == [(0,)]
    assert sql(copy, "SELECT id, seen_at FROM findings WHERE run_id = 1 ORDER BY id") == before
    out = package(copy, tmp_path / "pruned", "--run", "1")
    valid(out)
    assert sorted(row["seen_at"] for row in rows(out, "findings")) == sorted(
        utc(seen) for _, seen in before
    )
    copy.engine.dispose()


def test_a_partial_run_names_the_run_that_measured_and_a_successor_outside_the_scope(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    url = copy_database(crawled_farm.directory / "vigie.db", tmp_path / "partial.db")
    copy = replace(crawled_farm, database_url=url, engine=open_database(url))
    [(departement, other)] = sql(copy, "SELECT MIN(departement_code), MAX(departement_code)"
                                       " FROM authorities WHERE kind = 'commune'")  # fmt: skip
    with copy.engine.begin() as connection:
        # Run 2 crawled nothing again: it carries every scan and finding of run 1.
        connection.execute(
            text(
                "INSERT INTO crawl_runs (id, started_at, finished_at, status, settings,"
                " targets_count, sites_done, pages_count, findings_count, kind, base_run_id,"
                " selection) SELECT 2, started_at, finished_at, 'finished', settings,"
                " targets_count, sites_done, 0, findings_count, 'partial', 1, '{\"only\": []}'"
                " FROM crawl_runs WHERE id = 1"
            )
        )
        connection.execute(
            text(
                "INSERT INTO site_scans (run_id, authority_id, website_id, status, detail,"
                " start_url, final_url, pages_fetched, started_at, finished_at,"
                " carried_from_run_id) SELECT 2, authority_id, website_id, status, detail,"
                " start_url, final_url, pages_fetched, started_at, finished_at, 1"
                " FROM site_scans WHERE run_id = 1"
            )
        )
        connection.execute(
            text(
                "INSERT INTO findings (run_id, authority_id, website_id, feature, value,"
                " evidence_url, snippet, detector, seen_at) SELECT 2, authority_id, website_id,"
                " feature, value, evidence_url, snippet, detector, seen_at FROM findings"
                " WHERE run_id = 1"
            )
        )
        # A commune of the first département merged into one of another.
        connection.execute(text(
            "UPDATE authorities SET retired_at = '2026-12-01', retired_reason = 'fusion',"
            " successor_id = (SELECT MIN(id) FROM authorities WHERE departement_code = :o"
            " AND kind = 'commune') WHERE id = (SELECT MIN(id) FROM authorities"
            " WHERE departement_code = :d AND kind = 'commune')"), {"d": departement, "o": other})  # fmt: skip
    out = package(copy, tmp_path / "partial", "--run", "2", "--scope", f"departement:{departement}")
    valid(out)
    runs = {row["run_id"]: row for row in rows(out, "runs")}
    assert (runs["2"]["exported"], runs["2"]["kind"], runs["2"]["base_run_id"]) == (
        "true", "partial", "1"
    )  # fmt: skip
    assert runs["1"]["exported"] == "false"
    findings = rows(out, "findings")
    assert findings
    assert {(r["run_id"], r["measured_in_run_id"]) for r in findings} == {("2", "1")}
    authorities = rows(out, "authorities")
    assert {r["departement_code"] for r in authorities} == {departement, other}
    [retired] = [r for r in authorities if r["retired_at"]]
    [successor] = [r for r in authorities if r["departement_code"] == other]
    assert (retired["successor_kind"], retired["successor_code"]) == ("commune", successor["code"])
    copy.engine.dispose()


def test_a_folder_holding_other_files_is_refused_in_one_line(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = vigie("export", "--format", "datapackage", "--out", str(tmp_path),
                   "--db", crawled_farm.database_url, check=False)  # fmt: skip
    assert result.returncode == 2
    assert "notes.txt" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "findings.csv").exists()


def test_the_wide_export_names_its_run_crawl_date_and_model(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    out = tmp_path / "communes.csv"
    vigie("export", "--out", str(out), "--db", crawled_farm.database_url)
    with out.open(encoding="utf-8", newline="") as handle:
        table = {row["code"]: row for row in csv.DictReader(handle)}
    stored = sql(
        crawled_farm,
        "SELECT a.code, s.finished_at FROM site_scans s JOIN authorities a"
        " ON a.id = s.authority_id WHERE s.run_id = 1",
    )
    assert {code: table[code]["crawled_at"] for code, _ in stored} == {
        code: utc(finished) for code, finished in stored
    }
    [(version,)] = sql(crawled_farm, "SELECT DISTINCT model_version FROM scores")
    assert {row["model_version"] for row in table.values()} == {version}
    assert {row["run_id"] for row in table.values()} == {"1"}


def test_every_score_indicator_is_described_by_the_model_in_the_package(national: Path) -> None:
    indicators = {row["indicator"]: row for row in rows(national, "indicators")}
    scored = rows(national, "score_indicators")
    assert scored
    assert {row["indicator"] for row in scored} <= set(indicators)
    model = load_model()
    assert {row["model_version"] for row in [*scored, *indicators.values()]} == {model.version}
    axes = {axis.key: axis for axis in model.axes}
    for indicator in model.indicators:
        row = indicators[indicator.key]
        assert (row["label_fr"], row["axis"]) == (indicator.label, indicator.axis)
        assert row["axis_label_fr"] == axes[indicator.axis].label
        assert float(row["weight"]) == indicator.weight
        assert (row["measure"], row["missing"]) == (indicator.measure, indicator.missing)
        assert row["rule"]
        assert row["missing_rule"]
    assert {row["axis"] for row in rows(national, "score_axes")} <= {
        row["axis"] for row in indicators.values()
    }
    social = indicators["social_audience"]
    assert "audience" in social["feature"]
    assert "500" in social["rule"]
    assert "left out" in social["missing_rule"]


def test_an_account_behind_a_login_wall_has_no_follower_count_and_says_why_in_french(
    crawled_farm: CrawledFarm, national: Path
) -> None:
    accounts = {
        (row["authority_code"], row["url"]): row for row in rows(national, "social_accounts")
    }
    walled = sql(
        crawled_farm,
        "SELECT a.code, p.url, p.checked_at FROM social_profiles p JOIN authorities a"
        " ON a.id = p.authority_id WHERE p.run_id = 1 AND p.reachable AND p.login_wall"
        " AND p.followers IS NULL AND (p.detail IS NULL OR p.detail NOT LIKE 'robots%')",
    )
    assert walled  # the farm has accounts behind a login wall
    for code, url, checked in walled:
        account = accounts[code, url]
        assert account["followers"] == ""
        assert account["unknown_reason"] == "login_wall"
        assert account["unknown_reason_fr"] == UNKNOWN_LABELS["login_wall"]
        assert account["checked_at"] == utc(checked)
    read = [row for row in accounts.values() if row["followers"]]
    assert read  # the farm's readable platforms give their counts
    assert all(int(row["followers"]) >= 0 for row in read)
    assert {row["authority_code"] for row in accounts.values()} <= {
        row["authority_code"] for row in rows(national, "site_scans")
    }


def test_the_licence_file_is_in_the_folder_and_referenced(national: Path) -> None:
    licence = (national / LICENCE).read_text(encoding="utf-8")
    assert "Licence Ouverte / Open Licence version 2.0" in licence
    assert LICENCE_URL == "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    assert LICENCE_URL in licence
    assert "Vigie, crawl run 1" in licence
    descriptor = json.loads((national / "datapackage.json").read_text(encoding="utf-8"))
    assert [entry["path"] for entry in descriptor["licenses"]] == [LICENCE]
    readme = (national / "README.md").read_text(encoding="utf-8")
    assert f"`{LICENCE}`" in readme
    assert "`indicators.csv`" in readme
    assert "`social_accounts.csv`" in readme
    # The folder is self-contained: nothing points at Vigie's docs, absent from it.
    everything = readme + json.dumps(descriptor) + licence
    assert "docs/" not in everything
