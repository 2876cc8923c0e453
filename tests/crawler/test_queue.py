"""A distributed crawl: workers share one site queue in the machine's Redis and write to one
PostgreSQL database; one of them is killed half way; the result is the farm's truth, as a
single-process crawl's is (tests/spiders/test_site.py), with nothing lost and nothing
stored twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from sqlalchemy import Engine, text

from crawler.queue import SiteQueue
from database import open_database
from evaluation.truth import evaluate, load_truth
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.process import farm_server
from tests.conftest import vigie

REDIS_URL = "redis://127.0.0.1:6379/15"
SITES, SEED = 24, 949
# Few sites in flight per worker, so that two workers share even a small farm; a heartbeat
# of 2 s, so that a killed worker's sites can be taken back at once.
SETTINGS = ("--set", "DOWNLOAD_TIMEOUT=5", "--set", "VIGIE_SITES_IN_FLIGHT=3",
            "--set", "VIGIE_HEARTBEAT_SECONDS=2")  # fmt: skip


@pytest.fixture
def redis_server() -> str:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"no Redis at 127.0.0.1:6379 ({error})")
    return REDIS_URL


def outcome(engine: Engine) -> tuple[dict[str, str], set[tuple[str, str, str]], int]:
    """(status by code, findings as (code, feature, value), scan rows) of run 1."""
    with engine.connect() as connection:
        statuses = dict(
            connection.execute(
                text(
                    "SELECT a.code, s.status FROM site_scans s"
                    " JOIN authorities a ON a.id = s.authority_id WHERE s.run_id = 1"
                )
            ).all()
        )
        findings = {
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT a.code, f.feature, f.value FROM findings f"
                    " JOIN authorities a ON a.id = f.authority_id WHERE f.run_id = 1"
                )
            )
        }
        scans = connection.execute(text("SELECT COUNT(*) FROM site_scans")).scalar_one()
    return statuses, findings, int(scans)


def worker(postgres_url: str, hosts: Path, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.app", "queue", "work", "--redis", REDIS_URL, "--run",
         "1", "--db", postgres_url, "--farm-hosts", str(hosts), *SETTINGS],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_two_workers_and_a_killed_one_store_the_farms_truth_once(
    redis_server: str, postgres_url: str, tmp_path: Path
) -> None:
    with farm_server(SITES, SEED) as ports:
        files = write_farm_files(Farm(SITES, SEED, ports.http, ports.tls), tmp_path)
        hosts = files[HOSTS_FILE]
        vigie("targets", "import", str(files[TARGETS_FILE]), "--db", postgres_url)
        seeded = vigie("queue", "seed", "--redis", REDIS_URL, "--db", postgres_url).stdout
        assert f"Run 1: {SITES} sites queued" in seeded
        engine = open_database(postgres_url)
        doomed = worker(postgres_url, hosts, tmp_path)
        deadline = time.monotonic() + 120
        while outcome(engine)[2] < 4 and time.monotonic() < deadline:
            time.sleep(0.2)
        os.kill(doomed.pid, signal.SIGKILL)  # its Scrapy worker dies with it (PDEATHSIG)
        doomed.wait()
        stored_before = outcome(engine)[2]
        assert 4 <= stored_before < SITES
        time.sleep(3)  # the dead worker's heartbeat expires
        reseeded = vigie("queue", "seed", "--redis", REDIS_URL, "--db", postgres_url,
                         "--run", "1").stdout  # fmt: skip
        assert "taken back from dead workers" in reseeded
        assert "(0 taken back" not in reseeded  # it held sites when it died
        survivors = [worker(postgres_url, hosts, tmp_path) for _ in range(2)]
        assert [process.wait(timeout=300) for process in survivors] == [0, 0]
    _, findings, scans = outcome(engine)
    assert scans == SITES  # no site stored twice
    assert findings
    result = evaluate(engine, 1, load_truth(files[TRUTH_FILE]))
    assert (result.sites, result.status_mismatches, result.errors) == (SITES, [], [])
    assert "finished" in vigie("runs", "--db", postgres_url).stdout
    SiteQueue(REDIS_URL, postgres_url, 1).clear()
    engine.dispose()
