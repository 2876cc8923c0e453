"""One crawler per run, a lock that dies with its holder (and never outlives a dead session's
error), no empty run left behind, a finished run that a resume does not demote, and no
password on a worker's command line, in its environment or in a message."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, insert, text

from crawler.runner import worker_argv, worker_environment, worker_secrets
from database import open_database, shown_url
from database.models import SiteScan
from database.repository import create_run, finish_run, get_run, latest_run_id
from database.runs import ADVISORY_NAMESPACE, RunBusy, record_rendering, reopen_run, run_lock
from database.targets import import_file
from tests.conftest import vigie
from tests.local_http import QuietHandler, serving

HOST = "lente.fr"
LOCK_HOLDER = """
import sys, time
from sqlalchemy import create_engine
from database.runs import run_lock
with run_lock(create_engine(sys.argv[1]), 1, shared=sys.argv[2] == "shared"):
    print("held", flush=True)
    time.sleep(60)
"""


@contextmanager
def hanging_site() -> Iterator[tuple[int, threading.Event]]:
    """A site whose every answer waits until the test ends: a crawl of it lasts. The event
    says a worker asked it something."""
    asked, release = threading.Event(), threading.Event()

    class Hanging(QuietHandler):
        def do_GET(self) -> None:
            asked.set()
            release.wait(90)
            self.answer(200, b"<html><body>lente</body></html>")

    with serving(Hanging) as server:
        try:
            yield server.server_address[1], asked
        finally:
            release.set()


def one_target(folder: Path, port: int, database_url: str) -> Path:
    hosts = folder / "hosts.txt"
    hosts.write_text(f"{HOST}\n")
    targets = folder / "targets.csv"
    targets.write_text(
        f"code,name,kind,url,population\n01001,Lente,commune,http://{HOST}:{port}/,100\n"
    )
    engine = open_database(database_url)
    import_file(engine, targets)
    engine.dispose()
    return hosts


def start_crawl(
    folder: Path, hosts: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "cli.app", "crawl", "--farm-hosts", str(hosts)]
    settings = ("VIGIE_RENDERING=false", "VIGIE_WORKERS=1", "DOWNLOAD_TIMEOUT=90")
    return subprocess.Popen(
        [*command, *(word for s in settings for word in ("--set", s)), *extra],
        cwd=folder,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def runs(database_url: str) -> list[tuple[object, ...]]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(text("SELECT id, status FROM crawl_runs"))]
    engine.dispose()
    return rows


def test_a_second_crawl_of_a_run_is_refused_and_kill_9_leaves_no_stale_lock(
    tmp_path: Path,
) -> None:
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    with hanging_site() as (port, asked):
        hosts = one_target(tmp_path, port, database_url)
        first = start_crawl(tmp_path, hosts, "--db", database_url)
        assert asked.wait(60), "the crawl never reached the site"
        # A terminal's Ctrl-C reaches the parent alone, not the workers' browsers.
        workers = children(first.pid)
        assert workers
        assert all(os.getsid(pid) != os.getsid(first.pid) for pid in workers)
        second = vigie("crawl", "--db", database_url, "--resume", "1", cwd=tmp_path, check=False)
        assert second.returncode == 2
        assert second.stderr.strip() == "run 1 is being crawled by another process"
        os.kill(first.pid, signal.SIGKILL)  # no clean-up at all: the run stays, running
        first.communicate(timeout=30)
        assert runs(database_url) == [(1, "running")]
        asked.clear()
        resumed = start_crawl(tmp_path, hosts, "--db", database_url, "--resume", "1")
        assert asked.wait(60), "the lock outlived the process that held it"
        resumed.send_signal(signal.SIGTERM)
        _, stderr = resumed.communicate(timeout=60)
    assert resumed.returncode == 143
    assert stderr.strip().splitlines()[-1] == (
        "Run 1 stopped by SIGTERM: 0 of 1 sites stored, each whole; "
        "resume with: vigie crawl --resume 1"
    )
    assert runs(database_url) == [(1, "interrupted")]  # resumed, so kept though empty
    refused = vigie("score", "--db", database_url, check=False)
    assert refused.returncode == 2
    assert "No finished crawl run" in refused.stderr
    assert "vigie crawl --resume 1" in refused.stderr


def test_a_new_run_stopped_before_storing_a_site_is_removed(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    with hanging_site() as (port, asked):
        hosts = one_target(tmp_path, port, database_url)
        crawl = start_crawl(tmp_path, hosts, "--db", database_url)
        assert asked.wait(60)
        os.killpg(crawl.pid, signal.SIGINT)  # a terminal's Ctrl-C
        _, stderr = crawl.communicate(timeout=60)
    assert crawl.returncode == 130
    assert stderr.strip().splitlines()[-1] == (
        "Run 1 stopped by SIGINT: run 1 stored no site and is removed; "
        "start again with: vigie crawl"
    )
    assert runs(database_url) == []


def test_the_sqlite_lock_is_exclusive_for_a_crawl_and_shared_by_queue_workers(
    tmp_path: Path,
) -> None:
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    engine = open_database(database_url)
    for holder_mode, exclusive_ok, shared_ok in (
        ("exclusive", False, False),
        ("shared", False, True),
    ):
        with subprocess.Popen(
            [sys.executable, "-c", LOCK_HOLDER, database_url, holder_mode],
            stdout=subprocess.PIPE,
            text=True,
        ) as holder:
            assert holder.stdout is not None
            assert holder.stdout.readline() == "held\n"
            for shared, expected in ((False, exclusive_ok), (True, shared_ok)):
                try:
                    with run_lock(engine, 1, shared=shared):
                        taken = True
                except RunBusy:
                    taken = False
                assert taken == expected, (holder_mode, shared)
            with run_lock(engine, 2):  # another run is free
                pass
            holder.kill()
    with run_lock(engine, 1):  # the holder's death freed it
        pass


def test_the_postgresql_lock_is_an_advisory_lock_of_a_session(postgres_url: str) -> None:
    first, second = open_database(postgres_url), create_engine(postgres_url)
    busy = "run 1 is being crawled by another process"
    with run_lock(first, 1):
        with pytest.raises(RunBusy, match=busy), run_lock(second, 1):
            pass
        with run_lock(second, 2):
            pass
    third = create_engine(postgres_url)
    with (
        run_lock(first, 1, shared=True),
        run_lock(second, 1, shared=True),
        pytest.raises(RunBusy),
        run_lock(third, 1),
    ):
        pass
    with run_lock(second, 1):
        pass
    for engine in (first, second, third):
        engine.dispose()


def test_a_worker_command_line_holds_no_url() -> None:
    url = "postgresql+psycopg://vigie:s3cret@db.example/vigie"
    command = worker_argv(3, 0, 2, {"DOWNLOAD_TIMEOUT": 5})
    assert not any("s3cret" in word or "postgresql" in word for word in command)
    assert b"s3cret" in worker_secrets(url, "redis://:pw@cache/0")
    assert shown_url(url) == "postgresql+psycopg://vigie:***@db.example/vigie"


def children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue  # not a process, or gone meanwhile
    return found


def command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def environment(pid: int) -> dict[str, str]:
    entries = Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
    return dict(entry.split("=", 1) for entry in entries if "=" in entry)


def test_a_worker_environment_holds_no_url_nor_password(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://vigie:s3cret@db.example/vigie"
    redis = "redis://:redis-pw@cache/0"
    monkeypatch.setenv("VIGIE_DB", "postgresql+psycopg://vigie@elsewhere/vigie")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PGPASSWORD", "s3cret")
    monkeypatch.setenv("QUEUE", f"--redis {redis}")
    monkeypatch.setenv("REDISCLI_AUTH", "redis-pw")
    monkeypatch.setenv("UNRELATED", "s3cret-is-not-the-password")
    environment_ = worker_environment(url, redis)
    for name in ("VIGIE_DB", "DATABASE_URL", "PGPASSWORD", "QUEUE", "REDISCLI_AUTH"):
        assert name not in environment_
    assert environment_["UNRELATED"] == "s3cret-is-not-the-password"
    assert environment_["PATH"] == os.environ["PATH"]


def test_no_password_on_a_worker_command_line_nor_in_messages(
    postgres_url: str, tmp_path: Path
) -> None:
    # The machine's PostgreSQL trusts loopback: the password is carried, never checked.
    with_password = postgres_url.replace("postgres@", "postgres:s3cret-pw@")
    with hanging_site() as (port, asked):
        hosts = one_target(tmp_path, port, postgres_url)
        crawl = start_crawl(tmp_path, hosts, env={"VIGIE_DB": with_password})
        assert asked.wait(60)
        workers = children(crawl.pid)
        command_lines = [command_line(pid) for pid in workers]
        environments = [environment(pid) for pid in workers]
        crawl.send_signal(signal.SIGTERM)
        stdout, stderr = crawl.communicate(timeout=60)
    assert any("crawler.worker" in line for line in command_lines), command_lines
    assert not any("s3cret-pw" in line for line in command_lines), command_lines
    assert environments
    assert all(environments), "no worker's environment was read"
    for environment_ in environments:  # what Playwright's driver and Chromium would inherit
        assert "VIGIE_DB" not in environment_
        assert not any("s3cret-pw" in value for value in environment_.values())
    # The worker crawled the site with the URL read on its standard input, not with
    # VIGIE_DB's default, the SQLite file it would have made in its folder.
    assert not (tmp_path / "vigie.db").exists()
    assert crawl.returncode == 143
    missing = vigie("crawl", "--db", with_password, "--resume", "99", check=False)
    assert missing.returncode == 2
    assert "postgres:***@127.0.0.1" in missing.stderr
    for text_ in (stdout, stderr, missing.stdout, missing.stderr):
        assert "s3cret-pw" not in text_
    assert "s3cret-pw" not in (tmp_path / "vigie-crawl.log").read_text(encoding="utf-8")


def terminate_lock_sessions(postgres_url: str, run_id: int) -> None:
    """What a PostgreSQL restart does to a crawl's lock: its session ends under it."""
    killer = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    holders = text(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid::bigint = :namespace"
        " AND objid::bigint = :run AND database = (SELECT oid FROM pg_database"
        " WHERE datname = current_database())"
    )
    keys = {"namespace": ADVISORY_NAMESPACE, "run": run_id}
    with killer.connect() as connection:
        pids = connection.execute(holders, keys).scalars().all()
        assert pids, "no session holds the lock"
        for pid in pids:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        deadline = time.monotonic() + 10
        while connection.execute(holders, keys).first() and time.monotonic() < deadline:
            time.sleep(0.05)
    killer.dispose()


def test_a_lock_whose_session_died_lets_the_crawl_result_stand(postgres_url: str) -> None:
    engine = open_database(postgres_url)

    def crawl_that_fails() -> None:
        with run_lock(engine, 1):
            terminate_lock_sessions(postgres_url, 1)
            raise RuntimeError("the crawl's own result")

    with pytest.raises(RuntimeError, match="the crawl's own result"):
        crawl_that_fails()
    with run_lock(engine, 1):  # a crawl that ended well ends well
        terminate_lock_sessions(postgres_url, 1)
    other = create_engine(postgres_url)
    with run_lock(other, 1), pytest.raises(RunBusy), run_lock(engine, 1):
        pass  # the engine still works, and the lock is free for anyone
    other.dispose()
    engine.dispose()


def scanned_run(engine: Engine, statuses: list[str]) -> int:
    """A run over the database's targets whose first sites have scans of these statuses,
    recorded as its crawl's end does."""
    with engine.begin() as connection:
        authorities = [row[0] for row in connection.execute(text("SELECT id FROM authorities"))]
    run_id = create_run(engine, {"VIGIE_RENDERING": False})
    now = datetime.now(UTC)
    with engine.begin() as connection:
        for authority_id, status in zip(authorities, statuses, strict=False):
            connection.execute(
                insert(SiteScan).values(
                    run_id=run_id, authority_id=authority_id, status=status, finished_at=now
                )
            )
    finish_run(engine, run_id)
    return run_id


def run_row(engine: Engine, run_id: int) -> tuple[str, bool, dict[str, object]]:
    """(status, finished, settings) of a run."""
    run = get_run(engine, run_id)
    assert run is not None
    return run.status, run.finished_at is not None, run.settings


def test_a_finished_run_resumed_to_measure_again_stays_finished(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    targets = tmp_path / "targets.csv"
    targets.write_text(
        "code,name,kind,url,population\n"
        "01001,Une,commune,http://une.fr/,100\n01002,Deux,commune,http://deux.fr/,100\n"
    )
    engine = open_database(database_url)
    import_file(engine, targets)
    complete = scanned_run(engine, ["ok", "no_browser"])
    partial = scanned_run(engine, ["ok"])
    assert run_row(engine, partial)[0] == "interrupted"
    # Resumed: the complete run only to measure its no_browser site again.
    assert not reopen_run(engine, complete)
    assert reopen_run(engine, partial)  # a site has no scan at all
    assert run_row(engine, complete) == ("finished", True, {"VIGIE_RENDERING": False})
    assert run_row(engine, partial)[:2] == ("running", False)
    assert latest_run_id(engine) == complete  # the verbs' default run meanwhile
    # Stopped after every site was stored, a run is finished: `vigie crawl` records how it
    # ended without saying it was stopped (its exit code says it).
    assert finish_run(engine, complete) == "finished"
    record_rendering(engine, complete, True)  # the resume rendered
    assert run_row(engine, complete) == ("finished", True, {"VIGIE_RENDERING": True})
    engine.dispose()
