"""A distributed crawl: workers share one site queue in the machine's Redis and write to one
PostgreSQL database; one of them is killed half way; the result is the farm's truth, as a
single-process crawl's is (tests/spiders/test_site.py), with nothing lost and nothing
stored twice."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import AsyncGenerator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, cast

import pytest
import redis
from sqlalchemy import Engine, text
from twisted.internet.interfaces import IReactorTime
from twisted.internet.task import Clock

from cli.queue import worker_command
from crawler.queue import SiteQueue
from database import open_database
from database.targets import import_file
from evaluation.truth import evaluate, load_truth
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.process import farm_server
from spiders.targets import QueueClaims
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
        statuses: dict[str, str] = dict(
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
        # No seed again: `status` says who died holding what, and puts it back in the queue.
        status = vigie("queue", "status", "--redis", REDIS_URL, "--db", postgres_url,
                       "--run", "1").stdout  # fmt: skip
        held = re.search(r": dead, last heartbeat \d+ s ago, holds (\d+) sites", status)
        assert held, status
        assert int(held[1]) > 0  # it held sites when it died
        assert f"{held[1]} sites of dead workers went back to the queue" in status
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


class Log:
    """What QueueClaims says, kept."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def warning(self, message: str, *arguments: object) -> None:
        self.lines.append(message % arguments)

    info = error = warning


@pytest.fixture
def queue(redis_server: str) -> Iterator[SiteQueue]:
    site_queue = SiteQueue(redis_server, "sqlite:///unit.db", 1, heartbeat=1)
    site_queue.clear()
    yield site_queue
    site_queue.clear()


def take(queue: SiteQueue, worker: str) -> list[int]:
    """Claim while this worker may: what it got."""
    taken = []
    queue.beat(worker)
    while queue.may_claim(worker) and (site := queue.claim(worker)) is not None:
        taken.append(site)
    return taken


def claims_of(queue: SiteQueue, worker: str, log: Log, clock: Clock) -> QueueClaims:
    """A worker's claims whose heartbeat runs on `clock`, a reactor's time the test moves."""
    lost: list[str] = []
    return QueueClaims(
        queue, worker, cast(Any, log), lambda: 1, lost.append, cast(IReactorTime, clock)
    )


def live_for(seconds: float, clock: Clock, step: float = 1 / 3) -> None:
    """Real time goes by (heartbeat keys expire) while the reactor's timers run."""
    for _ in range(round(seconds / step)):
        time.sleep(step)
        clock.advance(step)


def test_a_dead_workers_claims_go_back_without_a_new_seed(queue: SiteQueue) -> None:
    queue.seed(list(range(1, 7)))
    queue.expect(3)
    doomed = take(queue, "doomed")
    assert doomed == [1, 2]
    log, clock = Log(), Clock()
    survivor = claims_of(queue, "survivor", log, clock)
    survivor.start_heartbeat()
    assert queue.waiting() == 4  # the doomed one is still alive
    live_for(1.4, clock)  # its heartbeat (1 s) expires; the survivor's timer beats meanwhile
    assert queue.waiting() == 6
    assert log.lines == ["2 sites of dead workers went back to the queue"]
    assert [state.name for state in queue.workers()] == ["survivor"]
    survivor.stop()


def test_the_heartbeat_beats_while_no_start_request_is_read_and_ends_with_the_spider(
    queue: SiteQueue, tmp_path: Path
) -> None:
    """A worker busy with its sites (the engine reads no start request) stays alive: its
    claims are not taken back, however long it takes."""
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    targets = tmp_path / "targets.csv"
    targets.write_text(
        "code,name,kind,url,population\n"
        "01001,Essai 1,commune,http://essai1.fr/,100\n01002,Essai 2,commune,http://essai2.fr/,100\n",
        encoding="utf-8",
    )
    engine = open_database(database_url)
    import_file(engine, targets)
    engine.dispose()
    queue.seed([1, 2])
    log, clock = Log(), Clock()
    slow = claims_of(queue, "slow", log, clock)

    async def first_site_then_nothing() -> None:
        sites = cast(AsyncGenerator[Any], slow.targets(database_url, 1, lambda: True))
        assert (await anext(sites)).authority_id == 1  # the spider opens, reads one site
        live_for(2.0, clock)  # twice its heartbeat, reading no start request
        assert queue.reclaim_dead() == 0  # a peer looks: the slow worker is alive
        assert [state.alive for state in queue.workers()] == [True]
        await sites.aclose()

    asyncio.run(first_site_then_nothing())
    assert queue.redis.lrange(queue._claims("slow"), 0, -1) == ["1"]
    assert log.lines[-1:] == ["run 1: worker slow takes sites from the queue"]
    slow.stop()  # the spider closed: its heartbeat ends
    assert slow.heartbeat is not None
    assert not slow.heartbeat.running
    live_for(1.4, clock)
    assert [state.alive for state in queue.workers()] == [False]
    assert queue.reclaim_dead() == 1  # what it held when it ended goes back


def test_a_worker_whose_heartbeat_lapsed_says_so(queue: SiteQueue) -> None:
    log, clock = Log(), Clock()
    worker = claims_of(queue, "blocked", log, clock)
    worker.start_heartbeat()
    queue.redis.delete(queue._alive("blocked"))  # as if its reactor had been blocked
    clock.advance(1 / 3)
    assert log.lines == [
        "worker blocked had not beaten for 1 s: the sites it held may have gone back to the"
        " queue (a site stored twice is stored once)"
    ]
    worker.stop()


def test_a_queue_that_stops_answering_ends_the_heartbeat() -> None:
    lost: list[str] = []
    clock = Clock()
    gone = SiteQueue("redis://127.0.0.1:1/0", "sqlite:///unit.db", 1, heartbeat=1)
    claims = QueueClaims(
        gone, "alone", cast(Any, Log()), lambda: 0, lost.append, cast(IReactorTime, clock)
    )
    claims.start_heartbeat()
    assert claims.lost
    assert lost == [claims.lost]
    assert claims.heartbeat is not None
    assert not claims.heartbeat.running
    claims.stop()  # nothing more is asked of the queue


def test_a_worker_that_beats_again_after_a_peers_look_keeps_its_claims(
    queue: SiteQueue, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue.seed([1, 2, 3, 4])
    queue.expect(2)
    assert take(queue, "slow") == [1, 2]
    queue.redis.delete(queue._alive("slow"))  # its heartbeat expired
    names = queue._names

    def looked_then_slow_beats_and_claims() -> list[str]:
        seen = names()  # the peer saw the slow worker dead, then the slow one beats again
        queue.beat("slow")
        assert queue.claim("slow") == 3
        return seen

    monkeypatch.setattr(queue, "_names", looked_then_slow_beats_and_claims)
    assert queue.reclaim_dead() == 0  # the look and the move are one step: nothing moves
    assert queue.redis.lrange(queue._claims("slow"), 0, -1) == ["1", "2", "3"]
    assert queue.redis.lrange(queue.queue, 0, -1) == ["4"]
    monkeypatch.setattr(queue, "_names", names)
    queue.redis.delete(queue._alive("slow"))
    # Dead now: every claim goes back once, however many peers look at the same time.
    with ThreadPoolExecutor(4) as peers:
        moved = list(peers.map(lambda _: queue.reclaim_dead(), range(4)))
    assert sorted(moved) == [0, 0, 0, 3]
    assert queue.redis.lrange(queue.queue, 0, -1) == ["4", "1", "2", "3"]
    assert queue.workers() == []
    assert queue.redis.hget(queue._beats, "slow") is not None  # when it last beat, kept


def test_no_worker_takes_more_than_its_share_of_a_small_run(queue: SiteQueue) -> None:
    queue.seed(list(range(1, 11)))  # ten sites, and no workers announced
    assert take(queue, "alone") == list(range(1, 11))  # a lone worker takes everything
    queue.clear()
    queue.seed(list(range(1, 11)))
    queue.beat("first")
    queue.beat("second")  # without an announcement, the live workers share
    assert take(queue, "first") == [1, 2, 3, 4, 5]
    queue.clear()
    queue.seed(list(range(1, 11)))
    queue.expect(2)  # announced: the first worker to start leaves the other its part
    assert take(queue, "first") == [1, 2, 3, 4, 5]
    assert take(queue, "second") == [6, 7, 8, 9, 10]
    queue.clear()
    queue.seed([1, 2, 3])
    queue.expect(4)  # fewer sites than workers: one at a time
    assert [take(queue, name) for name in ("a", "b", "c", "d")] == [[1], [2], [3], []]
    queue.release("a", 1)
    assert take(queue, "a") == []  # nothing waits: nothing is taken from the others


def six_communes(tmp_path: Path) -> str:
    """A SQLite database holding six communes with a website, imported as a user does."""
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    targets = tmp_path / "targets.csv"
    targets.write_text(
        "code,name,kind,url,population\n"
        + "".join(f"0100{i},Essai {i},commune,http://essai{i}.fr/,100\n" for i in range(1, 7)),
        encoding="utf-8",
    )
    vigie("targets", "import", str(targets), "--db", database_url)
    return database_url


def test_status_lists_workers_and_returns_dead_ones_sites(
    queue: SiteQueue, redis_server: str, tmp_path: Path
) -> None:
    database_url = six_communes(tmp_path)
    seeded = vigie("queue", "seed", "--redis", redis_server, "--db", database_url,
                   "--workers", "3").stdout  # fmt: skip
    assert "Run 1: 6 sites queued" in seeded
    assert f"vigie queue work --redis {redis_server} --run 1 --db {database_url}" in seeded
    site_queue = SiteQueue(redis_server, database_url, 1, heartbeat=1)
    assert take(site_queue, "gone-host-1") == [1, 2]
    site_queue.heartbeat_seconds = 60
    assert take(site_queue, "live-host-2") == [3, 4]
    time.sleep(1.3)
    status = vigie("queue", "status", "--redis", redis_server, "--db", database_url).stdout
    assert "Run 1: 4 sites waiting in the queue, 6 not yet stored" in status
    assert re.search(r"gone-host-1: dead, last heartbeat \d+ s ago, holds 2 sites", status)
    assert re.search(r"live-host-2: alive, last heartbeat \d+ s ago, holds 2 sites", status)
    assert "2 sites of dead workers went back to the queue" in status
    assert site_queue.waiting() == 4
    site_queue.clear()


def test_seed_prints_the_worker_command_and_no_password(postgres_url: str) -> None:
    secret = "s3cr3t-never-printed"
    with_password = postgres_url.replace("postgres@", f"postgres:{secret}@")  # trust: ignored
    seeded = vigie("queue", "seed", "--redis", REDIS_URL, "--db", with_password)
    printed = seeded.stdout + seeded.stderr
    assert secret not in printed
    assert f"vigie queue work --redis {REDIS_URL} --run 1" in printed
    assert "postgres:***@" in printed
    assert "VIGIE_DB" in printed
    assert "--db" not in printed.split("Start workers with:")[1]
    command = worker_command(f"redis://:{secret}@127.0.0.1:6379/0", with_password, 4)
    assert secret not in command
    assert "redis://:***@127.0.0.1:6379/0" in command
    SiteQueue(REDIS_URL, with_password, 1).clear()


def test_seed_with_a_status_queues_only_the_selection_of_a_partial_run(
    queue: SiteQueue, redis_server: str, tmp_path: Path
) -> None:
    database_url = six_communes(tmp_path)
    engine = open_database(database_url)
    with engine.begin() as connection:  # a finished base run: two of six sites timed out
        connection.execute(
            text(
                "INSERT INTO crawl_runs (id, started_at, finished_at, status, settings, targets_count,"
                " sites_done, pages_count, findings_count, kind)"
                " VALUES (1, '2026-11-02', '2026-11-02', 'finished', '{}', 6, 6, 6, 0, 'complete')"
            )
        )
        connection.execute(text(
            "INSERT INTO site_scans (run_id, authority_id, website_id, status, pages_fetched,"
            " finished_at) SELECT 1, a.id, w.id, CASE WHEN a.code IN ('01002', '01005')"
            " THEN 'timeout' ELSE 'ok' END, 1, '2026-11-02' FROM authorities a"
            " JOIN websites w ON w.authority_id = a.id"))  # fmt: skip
    seeded = vigie("queue", "seed", "--redis", redis_server, "--db", database_url,
                   "--status", "timeout").stdout  # fmt: skip
    assert "Run 2: 2 sites queued" in seeded
    with engine.connect() as connection:
        kind, base = connection.execute(
            text("SELECT kind, base_run_id FROM crawl_runs WHERE id = 2")
        ).one()
        carried = connection.execute(
            text("SELECT COUNT(*) FROM site_scans WHERE run_id = 2 AND carried_from_run_id = 1")
        ).scalar_one()
    engine.dispose()
    assert (kind, base, carried) == ("partial", 1, 4)
    SiteQueue(redis_server, database_url, 2).clear()
    wrong = vigie("queue", "seed", "--redis", redis_server, "--db", database_url,
                  "--status", "sunny", check=False)  # fmt: skip
    assert wrong.returncode == 2
    assert "Traceback" not in wrong.stderr
    assert len((wrong.stdout + wrong.stderr).strip().splitlines()) == 1
