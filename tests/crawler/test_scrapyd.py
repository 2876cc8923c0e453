"""Deployed to Scrapyd as an operator would: the egg that scrapyd-deploy builds from the
project, uploaded to a Scrapyd started here, and a `site` job that works from the shared
queue until the run is finished."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from crawler.queue import SiteQueue
from database import open_database
from database.repository import run_summaries
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, write_farm_files
from farm.process import farm_server
from tests.conftest import free_port, vigie
from tests.crawler.test_queue import REDIS_URL, redis_server  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
SITES, SEED = 10, 949


@pytest.fixture
def scrapyd(tmp_path: Path) -> str:
    if shutil.which("scrapyd", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("Scrapyd is not installed (pip install -e '.[dev]')")
    port = free_port()
    (tmp_path / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {tmp_path}/eggs\nlogs_dir = {tmp_path}/logs\ndbs_dir = {tmp_path}/dbs\n",
        encoding="utf-8",
    )
    server = subprocess.Popen([str(Path(sys.executable).parent / "scrapyd")], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(1200):  # two minutes at most: a busy machine starts Scrapyd slowly
        try:
            requests.get(f"{url}/daemonstatus.json", timeout=2)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


def test_a_scrapyd_job_crawls_a_run_from_the_queue(
    scrapyd: str,
    redis_server: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    egg = tmp_path / "vigie.egg"
    subprocess.run([str(Path(sys.executable).parent / "scrapyd-deploy"), "--build-egg", str(egg)],
                   cwd=ROOT, check=True, capture_output=True, timeout=120)  # fmt: skip
    with egg.open("rb") as handle:
        added = requests.post(f"{scrapyd}/addversion.json", data={"project": "vigie",
                              "version": "t1"}, files={"egg": handle}, timeout=30).json()  # fmt: skip
    assert added["status"] == "ok", added
    listed = requests.get(f"{scrapyd}/listspiders.json", params={"project": "vigie"}).json()
    assert set(listed["spiders"]) == {"site", "social"}
    db = f"sqlite:///{tmp_path / 'vigie.db'}"
    with farm_server(SITES, SEED) as ports:
        files = write_farm_files(Farm(SITES, SEED, ports.http, ports.tls), tmp_path)
        vigie("targets", "import", str(files[TARGETS_FILE]), "--db", db)
        vigie("queue", "seed", "--redis", REDIS_URL, "--db", db)
        job = requests.post(f"{scrapyd}/schedule.json", data={
            "project": "vigie", "spider": "site", "run_id": "1", "queue": REDIS_URL,
            "setting": [f"VIGIE_DATABASE_URL={db}", f"VIGIE_FARM_HOSTS={files[HOSTS_FILE]}",
                        "DOWNLOAD_TIMEOUT=5", "VIGIE_RENDERING=false"],
        }, timeout=30).json()  # fmt: skip
        assert job["status"] == "ok", job
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            jobs = requests.get(f"{scrapyd}/listjobs.json", params={"project": "vigie"}).json()
            if [j["id"] for j in jobs["finished"]] == [job["jobid"]]:
                break
            time.sleep(0.5)
    engine = open_database(db)
    [run] = run_summaries(engine)
    assert (run.status, run.scanned) == ("finished", SITES)  # the job's worker finished it
    SiteQueue(REDIS_URL, db, 1).clear()
    engine.dispose()
