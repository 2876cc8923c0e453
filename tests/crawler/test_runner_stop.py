"""A crawl stopped by SIGINT or SIGTERM: no site stored in part, the exit code of a signal, a
line saying how to resume, and, resumed, the rows of a crawl never stopped; a kill reaches the
workers' own processes too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from crawler.stopping import StopSignals
from database import open_database
from database.targets import import_file
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, write_farm_files
from farm.process import farm_server
from tests.conftest import FARM_SEED, FARM_SITES, vigie
from tests.crawler.test_runner import ROWS, crawl_command, sites_stored, stored_rows


def run_status(database_url: str) -> list[tuple[int, str]]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        query = text("SELECT id, status FROM crawl_runs")
        runs = [(int(run_id), str(status)) for run_id, status in connection.execute(query)]
    engine.dispose()
    return runs


def stop_half_way(
    database_url: str, hosts: Path, folder: Path, number: int, whole_group: bool
) -> subprocess.CompletedProcess[str]:
    """Start a crawl, send it `number` once some sites are stored (to its whole process group,
    as a terminal's Ctrl-C does, or to the parent alone, as `kill` does); how it ended."""
    crawl = subprocess.Popen(
        [sys.executable, "-m", "cli.app", *crawl_command(database_url, hosts)],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own group: the signal must not reach the test
    )
    engine = create_engine(database_url)
    deadline = time.monotonic() + 120
    while sites_stored(engine) < 15 and time.monotonic() < deadline:
        time.sleep(0.1)
    if whole_group:
        os.killpg(crawl.pid, number)
    else:
        os.kill(crawl.pid, number)
    stdout, stderr = crawl.communicate(timeout=120)
    stored = sites_stored(engine)
    time.sleep(2)
    assert sites_stored(engine) == stored  # no worker lives on
    engine.dispose()
    assert 15 <= stored < FARM_SITES, "stopped too late to test anything"
    return subprocess.CompletedProcess(crawl.args, crawl.returncode, stdout, stderr)


def test_sigint_and_sigterm_store_whole_sites_exit_128_plus_n_and_resume_to_the_same_rows(
    tmp_path: Path,
) -> None:
    complete_url = f"sqlite:///{tmp_path / 'complete.db'}"
    stopped = {
        signal.SIGINT: f"sqlite:///{tmp_path / 'sigint.db'}",
        signal.SIGTERM: f"sqlite:///{tmp_path / 'sigterm.db'}",
    }
    with farm_server(FARM_SITES, FARM_SEED) as ports:
        files = write_farm_files(Farm(FARM_SITES, FARM_SEED, ports.http, ports.tls), tmp_path)
        for url in (complete_url, *stopped.values()):
            import_file(open_database(url), files[TARGETS_FILE])
        vigie(*crawl_command(complete_url, files[HOSTS_FILE]), cwd=tmp_path)
        ends = {
            number: stop_half_way(
                url, files[HOSTS_FILE], tmp_path, number, whole_group=number == signal.SIGINT
            )
            for number, url in stopped.items()
        }
        for number, url in stopped.items():
            assert ends[number].returncode == 128 + number, ends[number].stderr
            said = [line for line in ends[number].stderr.splitlines() if "--resume" in line]
            assert said
            assert said[-1].startswith(f"Run 1 stopped by {number.name}: ")
            assert said[-1].endswith("resume with: vigie crawl --resume 1")
            assert "Run 1 finished" not in ends[number].stdout
            assert run_status(url) == [(1, "interrupted")]  # not called finished
            resumed = vigie(*crawl_command(url, files[HOSTS_FILE], "--resume", "1"), cwd=tmp_path)
            assert "Run 1 finished" in resumed.stdout
    complete = stored_rows(complete_url)
    assert len(complete["scans"]) == FARM_SITES
    assert complete["pages"]
    assert complete["findings"]
    for url in stopped.values():
        resumed_rows = stored_rows(url)
        for table in ROWS:
            only_complete = sorted(set(complete[table]) - set(resumed_rows[table]), key=repr)
            only_resumed = sorted(set(resumed_rows[table]) - set(complete[table]), key=repr)
            assert (only_complete, only_resumed) == ([], []), (url, table)
        assert resumed_rows == complete


# A worker's stand-in: in a session of its own, with a child (Playwright's driver) that
# ignores the stop signal.
WORKER_WITH_A_CHILD = """
import signal, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"])
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print(child.pid, flush=True)
time.sleep(60)
"""


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # dead, its parent (init) not yet reaping


def test_the_kill_after_the_grace_period_takes_the_workers_children_too() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", WORKER_WITH_A_CHILD],
        stdout=subprocess.PIPE,
        start_new_session=True,  # as crawler.runner starts its workers
    ) as worker:
        assert worker.stdout is not None
        child = int(worker.stdout.readline())
        stop = StopSignals(grace_seconds=0.2)
        stop.signal_number, stop.received = signal.SIGTERM, 1  # as its handler records one
        stop.act([worker])  # passed on to the worker, which carries on
        time.sleep(0.5)
        assert worker.poll() is None
        stop.act([worker])  # the grace period is over
        assert worker.wait(timeout=10) == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while not gone(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(child), "the worker's child outlived it"
