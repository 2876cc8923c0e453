"""Chromium killed mid-run, followed by `vigie crawl --resume`, gives the rows of an
uninterrupted run, and no site is ever stored as measured when it was not: a site whose render
was cut is stored `render_failed` (docs/statuses.md), never `ok` with its JavaScript shell."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy.settings import Settings
from sqlalchemy import create_engine

from crawler.rendering import browser_path
from crawler.settings import VIGIE_CHROMIUM
from database import open_database
from database.repository import pending_count
from database.targets import import_file
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, write_farm_files
from farm.process import farm_server
from farm.truth import expected_status
from tests.conftest import vigie
from tests.crawler.test_runner import ROWS, stored_rows

# Ten sites, every one `ok`, three of them built by JavaScript (a render at every page): the
# smallest farm found with three (seeds 1-400 of 8 to 12 sites).
FARM_SITES, FARM_SEED = 10, 78
KILL_ROUNDS = 2  # a second kill, seconds later, cuts the renders of a relaunched browser
BETWEEN_ROUNDS = 3.0
CRAWL_END = 300  # seconds; an uninterrupted crawl of this farm takes under a minute
Rows = dict[str, list[tuple[object, ...]]]


def children_of() -> dict[int, list[int]]:
    """Every process's children, from the parent id in /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text(encoding="ascii", errors="replace")
        except OSError:  # ended meanwhile
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])  # the name, in brackets, may hold spaces
        children.setdefault(parent, []).append(int(entry))
    return children


def command_line(pid: int) -> list[str]:
    """A process's arguments; Chromium's children rewrite theirs as one spaced string."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return raw.replace(b"\0", b" ").decode(errors="replace").split()


def browsers_under(root: int) -> dict[int, list[str]]:
    """The Chromium processes (Debian's wrapper script included) descending from `root`, with
    their command lines: only this crawl's, not those of tests running beside it."""
    children, found, todo = children_of(), {}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            todo.append(child)
            arguments = command_line(child)
            if any(Path(part).name == "chromium" for part in arguments[:2]):
                found[child] = arguments
    return found


def rendering_a_page(arguments: list[str]) -> bool:
    """A renderer for a web page (not the browser's own WebUI): a render is in flight."""
    return "--type=renderer" in arguments and "--top-chrome-webui" not in arguments


def kill_browsers_while_rendering(crawl: subprocess.Popen[bytes]) -> int:
    """SIGKILL every browser process of the crawl as soon as one renders a page, KILL_ROUNDS
    times; how many processes were killed."""
    killed, rounds = 0, 0
    deadline = time.monotonic() + 600
    while crawl.poll() is None and rounds < KILL_ROUNDS and time.monotonic() < deadline:
        browsers = browsers_under(crawl.pid)
        if not any(rendering_a_page(arguments) for arguments in browsers.values()):
            time.sleep(0.05)
            continue
        for pid in browsers:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        rounds += 1
        time.sleep(BETWEEN_ROUNDS)
    return killed


def of_site(rows: Rows, code: str) -> Rows:
    """A site's rows (each row's first column is its authority's code)."""
    return {table: [row for row in rows[table] if row[0] == code] for table in ROWS}


def test_chromium_killed_mid_run_stores_no_site_as_measured_and_resumes_to_the_same_rows(
    tmp_path: Path,
) -> None:
    chromium = browser_path(Settings({"VIGIE_CHROMIUM": VIGIE_CHROMIUM}))
    if chromium is None:
        pytest.skip("no Chromium here: nothing to kill, nothing rendered")
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    killed_url = f"sqlite:///{tmp_path / 'killed.db'}"
    env = {**os.environ, "VIGIE_CHROMIUM": chromium}
    with farm_server(FARM_SITES, FARM_SEED) as ports:
        farm = Farm(FARM_SITES, FARM_SEED, ports.http, ports.tls)
        files = write_farm_files(farm, tmp_path)
        built = {
            s.code for s in farm.sites() if s.rendered_by_browser and expected_status(s) == "ok"
        }
        assert len(built) >= 3
        for url in (clean_url, killed_url):
            import_file(open_database(url), files[TARGETS_FILE])
        crawl = ["--farm-hosts", str(files[HOSTS_FILE])]
        crawl += ["--set", "DOWNLOAD_TIMEOUT=15"]  # a render under the suite's load is slow
        vigie("crawl", "--db", clean_url, *crawl, cwd=tmp_path, env=env)
        with (tmp_path / "killed-crawl.out").open("wb") as output:
            running = subprocess.Popen(
                [sys.executable, "-m", "cli.app", "crawl", "--db", killed_url, *crawl],
                cwd=tmp_path,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
            try:
                killed = kill_browsers_while_rendering(running)
                running.wait(timeout=CRAWL_END)  # its workers go on, without their browsers
            except subprocess.TimeoutExpired:
                pass
            finally:
                ended = running.poll() is not None
                if not ended:
                    running.kill()  # its workers die with it (PR_SET_PDEATHSIG)
                    running.wait()
        assert killed > 0, "the crawl ended before any render: nothing was killed"
        stored = {str(code) for code, *_ in stored_rows(killed_url)["scans"]}
        assert ended, (
            f"the crawl did not end within {CRAWL_END} s of the kills; never stored: "
            f"{sorted(built - stored)} of the sites built by JavaScript, "
            f"{FARM_SITES - len(stored)} in all"
        )
        assert running.returncode == 0, (tmp_path / "killed-crawl.out").read_text()
        killed_engine = create_engine(killed_url)
        not_measured = pending_count(killed_engine, 1)
        killed_engine.dispose()
        after_kill = stored_rows(killed_url)
        # Scrapy-playwright launches a browser again after a kill (its disconnection callback
        # forgets the dead one), and a render cut by a kill is retried once (RENDER_RETRIES):
        # seen here, a site whose render was cut may thus be measured in full by the same run,
        # and stored `ok`; it must then be what the uninterrupted run stored.
        resumed = vigie("crawl", "--resume", "1", "--db", killed_url, *crawl, cwd=tmp_path, env=env)
    assert "Run 1 finished" in resumed.stdout
    clean = stored_rows(clean_url)
    clean_status = {str(code): str(status) for code, status, *_ in clean["scans"]}
    assert len(clean_status) == FARM_SITES
    # The uninterrupted run rendered and measured every site built by JavaScript.
    assert {clean_status[code] for code in built} == {"ok"}
    assert all(of_site(clean, code)["findings"] for code in built)
    # The killed run: every site stored once; a site whose render was cut is not measured,
    # with a page saying so and no finding; every site stored as measured is, row for row,
    # what the uninterrupted run stored for it (so never `ok` with its shell's nothing).
    status_after_kill = {str(code): str(status) for code, status, *_ in after_kill["scans"]}
    assert set(status_after_kill) == set(clean_status)
    cut = {code for code, status in status_after_kill.items() if status == "render_failed"}
    assert cut <= built
    assert not_measured == len(cut)  # what --resume scans again
    for code, status in sorted(status_after_kill.items()):
        rows = of_site(after_kill, code)
        errors = [str(row[8]) for row in rows["pages"] if row[8]]
        if code in cut:
            assert any(error.startswith("render failed: ") for error in errors), (code, rows)
            assert rows["findings"] == [], code
        else:
            assert not [e for e in errors if e.startswith(("render failed", "not rendered"))], code
            assert rows == of_site(clean, code), (code, status)
    # Resumed: row for row the uninterrupted run, nothing left of the cut scans.
    after_resume = stored_rows(killed_url)
    for table in ROWS:
        only_clean = sorted(set(clean[table]) - set(after_resume[table]), key=repr)
        only_resumed = sorted(set(after_resume[table]) - set(clean[table]), key=repr)
        assert (only_clean, only_resumed) == ([], []), table
    assert after_resume == clean
