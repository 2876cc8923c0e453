"""Faults during a crawl cost nothing but time: the database server restarts, the database's
disk fills up, the distributed queue's Redis stops. Each ends with a clear message and a
state from which the run completes, with every site stored once, as the farm's truth says.

(A crawl killed with SIGKILL: tests/crawler/test_runner.py. A farm that answers garbage:
tests/spiders/test_outcomes_of_garbage.py.)
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from sqlalchemy import Engine, text

from database import open_database
from database.targets import import_file
from evaluation.truth import evaluate, load_truth
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.process import FarmPorts, farm_server
from tests.conftest import FARM_SEED, FARM_SITES, free_port, vigie

POSTGRES_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
CRAWL_SETTINGS = ("--set", "DOWNLOAD_TIMEOUT=5", "--set", "VIGIE_RENDERING=false")


def stored(engine: Engine) -> int:
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM site_scans")).scalar_one())
    except Exception:  # the database is down at this moment
        return -1


def wait_until(condition: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def assert_complete_and_once(engine: Engine, truth_file: Path, sites: int = FARM_SITES) -> None:
    """Every site stored once, with the status and the findings the farm's truth gives."""
    result = evaluate(engine, 1, load_truth(truth_file))
    assert result.sites == sites
    assert result.status_mismatches == []
    assert result.errors == []  # no finding lost, none invented
    with engine.connect() as connection:
        scans, distinct_scans = connection.execute(
            text("SELECT count(*), count(DISTINCT authority_id) FROM site_scans WHERE run_id = 1")
        ).one()
        pages, distinct_pages = connection.execute(
            text(
                "SELECT count(*), count(DISTINCT website_id || ' ' || requested_url) FROM pages"
                " WHERE run_id = 1"
            )
        ).one()
    assert scans == distinct_scans == sites
    assert pages == distinct_pages > 0


@dataclass
class FarmFiles:
    ports: FarmPorts
    hosts: Path
    targets: Path
    truth: Path


def serve_farm(sites: int, directory: Path) -> Iterator[FarmFiles]:
    with farm_server(sites, FARM_SEED) as ports:
        files = write_farm_files(Farm(sites, FARM_SEED, ports.http, ports.tls), directory)
        yield FarmFiles(ports, files[HOSTS_FILE], files[TARGETS_FILE], files[TRUTH_FILE])


@pytest.fixture
def farm(tmp_path: Path) -> Iterator[FarmFiles]:
    yield from serve_farm(FARM_SITES, tmp_path)


SMALL_FARM = 24  # a distributed worker crawls fewer sites at once: a smaller farm, as quick


@pytest.fixture
def small_farm(tmp_path: Path) -> Iterator[FarmFiles]:
    yield from serve_farm(SMALL_FARM, tmp_path)


# --- PostgreSQL restarted ---------------------------------------------------------------------


@dataclass
class OwnPostgres:
    """A throwaway PostgreSQL cluster of this test's own, which it may stop and start."""

    data: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def ctl(self, *arguments: str) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        as_postgres(
            [str(POSTGRES_BIN[-1] / "pg_ctl"), "-D", str(self.data), "-w", "-o", options]
            + ["-l", str(self.data / "server.log"), *arguments]
        )


def as_postgres(command: list[str]) -> None:
    """initdb and pg_ctl refuse to run as root: as the postgres user, then."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    if not POSTGRES_BIN or (os.geteuid() == 0 and not shutil.which("runuser")):
        pytest.skip("PostgreSQL's server programs are not installed (/usr/lib/postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="vigie-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = OwnPostgres(folder / "data", free_port())
    as_postgres([str(POSTGRES_BIN[-1] / "initdb"), "-D", str(cluster.data), "-A", "trust"]
                + ["-U", "postgres", "--no-sync"])  # fmt: skip
    cluster.ctl("start")
    yield cluster
    cluster.ctl("-m", "immediate", "stop")
    shutil.rmtree(folder, ignore_errors=True)


def test_a_postgresql_restart_during_a_crawl_costs_no_site(
    own_postgres: OwnPostgres, farm: FarmFiles, tmp_path: Path
) -> None:
    engine = open_database(own_postgres.url)
    import_file(engine, farm.targets)
    crawl = subprocess.Popen(
        [sys.executable, "-m", "cli.app", "crawl", "--db", own_postgres.url]
        + ["--farm-hosts", str(farm.hosts), *CRAWL_SETTINGS],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    wait_until(lambda: stored(engine) >= 15)
    own_postgres.ctl("-m", "fast", "stop")  # every connection is cut
    time.sleep(3)  # sites finish meanwhile and wait to be stored
    own_postgres.ctl("start")
    output, errors = crawl.communicate(timeout=300)
    assert crawl.returncode == 0, errors
    assert "Run 1 finished" in output
    log = (tmp_path / "vigie-crawl.log").read_text(encoding="utf-8")
    assert "the database did not take the site" in log  # it was tried again, and taken
    assert_complete_and_once(engine, farm.truth)
    engine.dispose()


# --- the database's disk full -----------------------------------------------------------------


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 1.5 MB file system for the database (a tmpfs mount: root only)."""
    folder = Path(tempfile.mkdtemp(prefix="vigie-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", "--lazy", str(folder)], check=False)
    folder.rmdir()


def test_a_full_disk_stops_the_crawl_clearly_and_the_run_resumes_once_there_is_room(
    small_disk: Path, farm: FarmFiles, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{small_disk / 'vigie.db'}"
    engine = open_database(database_url)
    import_file(engine, farm.targets)
    stopped = vigie(
        "crawl", "--db", database_url, "--farm-hosts", str(farm.hosts), *CRAWL_SETTINGS,
        "--set", "VIGIE_DB_RETRY_SECONDS=2", cwd=tmp_path, check=False,
    )  # fmt: skip
    assert stopped.returncode == 1
    assert "vigie crawl --resume 1" in stopped.stderr
    log = (tmp_path / "vigie-crawl.log").read_text(encoding="utf-8")
    assert "database or disk is full" in log
    assert "stopped: the database stopped answering" in stopped.stderr
    stored_when_full = stored(engine)
    assert 0 < stored_when_full < FARM_SITES  # it filled up half way (28 sites here)
    # The operator makes room, and resumes.
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    resumed = vigie(
        "crawl", "--db", database_url, "--farm-hosts", str(farm.hosts), *CRAWL_SETTINGS,
        "--resume", "1", cwd=tmp_path,
    )  # fmt: skip
    assert "Run 1 finished" in resumed.stdout
    assert_complete_and_once(engine, farm.truth)
    engine.dispose()


# --- Redis stopped in a distributed crawl -----------------------------------------------------


@dataclass
class OwnRedis:
    """A Redis server of this test's own, keeping nothing on disk, started (and started
    again) on one port."""

    port: int
    servers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> subprocess.Popen[bytes]:
        server = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.servers.append(server)
        wait_until(self.answers, 20)
        return server

    def answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except redis.RedisError:
            return False


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    own = OwnRedis(free_port())
    yield own
    for server in own.servers:
        server.kill()
        server.wait()


def test_redis_stopping_mid_crawl_stops_the_worker_clearly_and_a_new_seed_completes_the_run(
    own_redis: OwnRedis, small_farm: FarmFiles, tmp_path: Path
) -> None:
    farm = small_farm
    server = own_redis.start()
    redis_url = own_redis.url
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    engine = open_database(database_url)
    import_file(engine, farm.targets)
    queue = ("--redis", redis_url, "--db", database_url)
    # The run records the seeding process's settings: the same as the workers'.
    vigie("queue", "seed", *queue, env={"VIGIE_RENDERING": "false"})
    work = (
        "queue", "work", *queue, "--run", "1", "--farm-hosts", str(farm.hosts),
        *CRAWL_SETTINGS, "--set", "VIGIE_SITES_IN_FLIGHT=6",
    )  # fmt: skip
    worker = subprocess.Popen(
        [sys.executable, "-m", "cli.app", *work],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    wait_until(lambda: stored(engine) >= 6)
    server.send_signal(signal.SIGKILL)  # the queue, its claims and heartbeats are gone
    server.wait()
    _, errors = worker.communicate(timeout=300)
    assert worker.returncode == 1
    assert "the site queue stopped answering" in errors
    assert "vigie queue seed --run 1" in errors
    assert 6 <= stored(engine) < SMALL_FARM
    # Redis is back, empty: the database says what is left.
    own_redis.start()
    vigie("queue", "seed", *queue, "--run", "1")
    finished = vigie(*work, cwd=tmp_path)
    assert "finished" in finished.stdout
    assert_complete_and_once(engine, farm.truth, SMALL_FARM)
    engine.dispose()


# --- The store's word that a site is committed ------------------------------------------------


def test_a_stored_site_is_signalled_and_a_queue_worker_releases_its_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pipeline sends `crawler.signals.site_stored`; the site spider, connected to it in
    `from_crawler`, releases the site's claim (the pipeline knows none of its methods)."""
    import asyncio
    from datetime import UTC, datetime
    from typing import Any

    from scrapy.utils.test import get_crawler

    from crawler.items import SiteItem
    from pipelines.store import StoreSitePipeline
    from spiders.site import SiteSpider

    crawler = get_crawler(SiteSpider)
    spider = SiteSpider.from_crawler(crawler, run_id=1, database_url="sqlite://")
    released: list[int] = []

    class Claims:
        def release(self, authority_id: int) -> None:
            released.append(authority_id)

    spider.claims = Claims()  # type: ignore[assignment]
    pipeline = StoreSitePipeline("sqlite://", crawler)

    async def written(*arguments: Any) -> None:
        return None

    monkeypatch.setattr(pipeline, "_write", written)
    item = SiteItem(1, 42, None, "no_website", None, None, None, None, datetime.now(UTC))
    asyncio.run(pipeline.process_item(item))
    assert released == [42]
