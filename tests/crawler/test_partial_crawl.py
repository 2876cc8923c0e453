"""`vigie crawl --only/--status` on the farm: a partial run crawls again only what it selects
and carries the rest, so that once finished the views and the export read the correction
merged with every other authority's unchanged rows; a partial run of a partial run carries
the run that measured; an interrupted partial run resumes to the same rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from sqlalchemy import create_engine, text, update

from database import open_database
from database.models import CrawlRun
from database.partial_runs import PartialRequest, create_partial_run, resolve
from database.targets import import_file
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, write_farm_files
from farm.process import farm_server
from farm.truth import expected_status
from tests.conftest import vigie

SITES, SEED = 16, 949  # ok sites, a dead domain, a hanging one, a TLS error, no website...
FIXED = "70001"  # an ok site without hostile pages: its outage is planted, then fixed
AGAIN = "58001"  # another, crawled again by a partial run resumed
# What a run stored, by authority code; `timed` adds the clock readings, which a carried row
# keeps and a site crawled again does not.
QUERIES = {
    "scans": ("SELECT a.code, s.status, s.detail, s.start_url, s.final_url, s.pages_fetched",
              ", s.started_at, s.finished_at",
              " FROM site_scans s JOIN authorities a ON a.id = s.authority_id"),
    "pages": ("SELECT a.code, p.requested_url, p.final_url, p.http_status, p.content_type, "
              "p.bytes, p.content_hash, p.depth, p.error", ", p.fetched_at, p.changed",
              " FROM pages p JOIN websites w ON w.id = p.website_id "
              "JOIN authorities a ON a.id = w.authority_id"),
    "findings": ("SELECT a.code, f.feature, f.value, f.evidence_url, f.snippet, f.detector",
                 ", f.seen_at", " FROM findings f JOIN authorities a ON a.id = f.authority_id"),
}  # fmt: skip
# Findings whose value is a clock reading (how long the home page took): not the same twice.
TIMED_FEATURES = ("quality.load_time",)


def stored(url: str, run_id: int, timed: bool = True) -> dict[str, set[tuple[Any, ...]]]:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = {
            table: {
                tuple(row)
                for row in connection.execute(
                    text(columns + (times if timed else "") + source + " WHERE run_id = :run"),
                    {"run": run_id},
                )
            }
            for table, (columns, times, source) in QUERIES.items()
        }
    engine.dispose()
    found["findings"] = {row for row in found["findings"] if row[1] not in TIMED_FEATURES}
    return found


def of(rows: dict[str, set[tuple[Any, ...]]], codes: set[str], keep: bool = True) -> dict:
    """The rows of these authorities (or, `keep` False, of every other one)."""
    return {
        table: {row for row in found if (row[0] in codes) == keep} for table, found in rows.items()
    }


def crawl(url: str, hosts: Path, directory: Path, *extra: str) -> str:
    return vigie(
        *("crawl", "--db", url, "--farm-hosts", str(hosts)),
        *("--set", "DOWNLOAD_TIMEOUT=10", "--set", "VIGIE_RENDERING=false", *extra),
        cwd=directory,
    ).stdout


def outage_hosts(farm: Farm, hosts: Path, code: str) -> Path:
    """The hosts file without one site's names: its domain stops resolving (a planted outage)."""
    (site,) = [site for site in farm.sites() if site.code == code]
    assert (expected_status(site), site.hostile) == ("ok", ())
    bare = site.host.removeprefix("www.")
    kept = [line for line in hosts.read_text().splitlines() if line.removeprefix("www.") != bare]
    assert len(kept) < len(hosts.read_text().splitlines())
    path = hosts.with_name("outage.txt")
    path.write_text("\n".join(kept) + "\n")
    return path


@dataclass
class Campaign:
    url: str
    directory: Path
    said: dict[int, str]  # what `vigie crawl` printed, by run


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Campaign:
    """Run 1 crawls the farm; run 2 measures FIXED again during a planted outage of its
    domain (a wrong measurement); run 3 crawls again run 2's dead domains, the outage over;
    run 4, a partial run of AGAIN killed as soon as it was made, is resumed."""
    directory = tmp_path_factory.mktemp("partial")
    url = f"sqlite:///{directory / 'vigie.db'}"
    said = {}
    with farm_server(SITES, SEED) as ports:
        farm = Farm(SITES, SEED, ports.http, ports.tls)
        files = write_farm_files(farm, directory)
        engine = open_database(url)
        import_file(engine, files[TARGETS_FILE])
        hosts = files[HOSTS_FILE]
        said[1] = crawl(url, hosts, directory)
        said[2] = crawl(url, outage_hosts(farm, hosts, FIXED), directory, "--only", FIXED)
        said[3] = crawl(url, hosts, directory, "--status", "dns_failure", "--from-run", "2")
        # Killed as soon as it was made: its carried rows stored, its selection not crawled.
        run_id = create_partial_run(engine, {}, resolve(engine, PartialRequest(only=(AGAIN,))))
        with engine.begin() as connection:
            connection.execute(
                update(CrawlRun).where(CrawlRun.id == run_id).values(status="interrupted")
            )
        engine.dispose()
        said[4] = crawl(url, hosts, directory, "--resume", str(run_id))
    return Campaign(url, directory, said)


def test_a_partial_run_crawls_its_selection_and_carries_the_rest(campaign: Campaign) -> None:
    said = campaign.said
    assert f"Partial run 2 of run 1: 1 authority crawled again, {SITES - 1} carried." in said[2]
    assert f"Partial run 3 of run 2: 2 authorities crawled again, {SITES - 2} carried." in said[3]
    # The site built by JavaScript (crawled without a browser here) is carried as it was.
    assert (
        "1 carried sites are not measured (no_browser), left out of the scores: measure them "
        "with: vigie crawl --status no_browser" in " ".join(said[3].split())
    )
    first, second, third = (stored(campaign.url, run) for run in (1, 2, 3))
    assert {row[1] for row in of(second, {FIXED})["scans"]} == {"dns_failure"}
    assert not of(second, {FIXED})["findings"]
    # Carried rows are the measuring run's, times included.
    assert of(second, {FIXED}, keep=False) == of(first, {FIXED}, keep=False)
    dead = {row[0] for row in third["scans"] if row[1] == "dns_failure"}
    assert FIXED not in dead
    assert len(dead) == 1
    assert of(third, {FIXED, *dead}, keep=False) == of(second, {FIXED, *dead}, keep=False)
    # The site crawled again stores what the first run saw (the farm did not change).
    untimed = stored(campaign.url, 1, timed=False), stored(campaign.url, 3, timed=False)
    assert of(untimed[1], {FIXED})["findings"]
    assert of(untimed[1], {FIXED}) == of(untimed[0], {FIXED})
    engine = create_engine(campaign.url)
    with engine.connect() as connection:
        origins = dict(connection.execute(text(
            "SELECT a.code, s.carried_from_run_id FROM site_scans s "
            "JOIN authorities a ON a.id = s.authority_id WHERE s.run_id = 3")).all())  # fmt: skip
        runs = connection.execute(text("SELECT kind, base_run_id, status FROM crawl_runs")).all()
    engine.dispose()
    # A partial run of a partial run carries the run that measured, not its carrier.
    assert origins == {code: None if code in {FIXED, *dead} else 1 for code in origins}
    assert len(origins) == SITES
    assert runs == [("complete", None, "finished"), ("partial", 1, "finished"),
                    ("partial", 2, "finished"), ("partial", 3, "finished")]  # fmt: skip


def test_the_views_and_the_export_read_the_correction_merged(campaign: Campaign) -> None:
    first, third = stored(campaign.url, 1), stored(campaign.url, 3)
    dead = {row[0] for row in third["scans"] if row[1] == "dns_failure"}
    engine = create_engine(campaign.url)
    with engine.connect() as connection:
        latest = set(connection.execute(text(
            "SELECT code, feature, value, evidence_url, run_id FROM latest_findings")).all())  # fmt: skip
    engine.dispose()
    # Every authority read in the latest run, which holds them all: FIXED's findings are the
    # ones measured again in run 3 (and carried by run 4), the same as run 1's.
    assert {row[4] for row in latest} == {4}
    latest = {row[:4] for row in latest if row[1] not in TIMED_FEATURES}
    assert {row[0] for row in latest} > {FIXED}
    assert latest == {row[:4] for row in first["findings"] if row[0] not in dead}
    # So does the export, the report's table, by default (run 4 holds run 3's measures).
    out = campaign.directory
    vigie("export", "--db", campaign.url, "--out", str(out / "latest.csv"))
    vigie("export", "--db", campaign.url, "--run", "1", "--out", str(out / "first.csv"))
    exported = [pd.read_csv(out / name, dtype=str) for name in ("latest.csv", "first.csv")]
    assert list(exported[0].columns) == list(exported[1].columns)
    when = ["run_id", "crawled_at", *TIMED_FEATURES]  # which run, and clock readings
    row_of = [table.set_index("code").drop(columns=when) for table in exported]
    assert row_of[0].loc[FIXED].equals(row_of[1].loc[FIXED])


def test_an_interrupted_partial_run_resumes_to_the_rows_of_its_selection(
    campaign: Campaign,
) -> None:
    resumed = campaign.said[4]
    assert "Run 4 finished" in resumed
    assert f"Partial run 4 of run 3: 1 authority crawled again, {SITES - 1} carried." in resumed
    log = (campaign.directory / "vigie-crawl.log").read_text(encoding="utf-8")
    pending = [int(n) for n in re.findall(r"run 4, shard \d/\d: (\d+) sites to scan", log)]
    assert sum(pending) == 1  # the resumed run's workers: only the selection was left
    before, again = stored(campaign.url, 3), stored(campaign.url, 4)
    assert of(again, {AGAIN}, keep=False) == of(before, {AGAIN}, keep=False)
    untimed = stored(campaign.url, 3, timed=False), stored(campaign.url, 4, timed=False)
    assert of(untimed[1], {AGAIN})["findings"]
    assert of(untimed[1], {AGAIN}) == of(untimed[0], {AGAIN})
