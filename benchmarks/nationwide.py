"""The nationwide dress rehearsal: a farm of French authorities crawled, scored and reported.

Usage: .venv/bin/python benchmarks/nationwide.py [--sites 36000] [--seed 7] [--latency-ms 120]
                                                 [--no-bare] [--keep DIR]

One farm server (its own process) answers every site after a per-site latency (a quarter to
four times `--latency-ms`, fixed per host), besides the farm's own mess (dead names, hanging,
slow, dripping and hostile pages, traps, redirects, parked and moved domains:
`docs/farm.md`). Bare Scrapy (`bare_scrapy.py`) crawls it first, with the same download
timeout and size limit as Vigie, as the throughput to beat; then the whole chain runs as an
operator runs it, with Vigie's defaults and nothing set but the farm's hosts file:
`vigie targets import`, `vigie crawl` (robots.txt, AutoThrottle, two requests per site,
budget, rendering of JavaScript shells with Chromium when present, one worker per core),
`vigie score`, `vigie report` (national scope).

Printed: each step's wall time; for the crawl, pages, pages per second, CPU per page, the
peak resident memory (RSS) of every process by role and the workers' RSS as the stored sites
grew (flat means that memory does not depend on the number of sites); the database's and
the HTTP cache's size on disk; then the projected wall time of a 36,000-authority campaign
at the measured rate, and of the real 2022 mix (live sites counted in `../shared/data/
etalab-domains` when present).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from crawler import settings as vigie_settings  # noqa: E402
from farm.catalogue import Farm  # noqa: E402
from farm.files import HOSTS_FILE, TARGETS_FILE, write_farm_files  # noqa: E402
from farm.process import farm_server  # noqa: E402

NATIONAL_AUTHORITIES = 36_000
ETALAB = ROOT.parent / "shared" / "data" / "etalab-domains"
SAMPLE_SECONDS = 1.0


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            tree[parent].append(int(entry.name))
    return tree


def _rss_and_role(pid: int) -> tuple[int, str] | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    kilobytes = next(
        (line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")), "0"
    )
    words = [word.decode(errors="replace") for word in command if word]
    joined = " ".join(words)
    if "chrom" in joined:
        role = "chromium"
    elif "crawler.worker" in joined:
        role = "crawl worker"
    elif "cli.app" in joined or "vigie" in (words[1] if len(words) > 1 else ""):
        role = "vigie command"
    elif "bare_scrapy" in joined:
        role = "bare scrapy"
    else:
        role = Path(words[0]).name if words else "?"
    return int(kilobytes) * 1024, role


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float
    peak_rss: dict[str, int]  # role -> the largest RSS one process of that role reached
    processes: dict[str, int]  # role -> how many processes of that role were seen
    growth: list[tuple[int, int]] = field(default_factory=list)  # (sites stored, workers' RSS)


def run_measured(
    command: list[str], cwd: Path, log_name: str, database: Path | None = None
) -> Measured:
    """Run a command, sampling the RSS of each process of its tree every second; with a
    database, also the workers' summed RSS against the sites stored so far."""
    started = time.monotonic()
    with (cwd / log_name).open("ab") as log:  # its log lines, read when something went wrong
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=log)
    peaks: dict[int, tuple[int, str]] = {}
    growth: list[tuple[int, int]] = []
    done = threading.Event()
    engine = create_engine(f"sqlite:///{database}") if database else None

    def sample() -> None:
        while not done.is_set():
            tree, stack, workers_rss = _children(), [process.pid], 0
            while stack:
                pid = stack.pop()
                stack.extend(tree.get(pid, []))
                found = _rss_and_role(pid)
                if found is None:
                    continue
                rss, role = found
                if rss > peaks.get(pid, (0, role))[0]:
                    peaks[pid] = (rss, role)
                workers_rss += rss if role == "crawl worker" else 0
            if engine is not None and workers_rss:
                try:
                    with engine.connect() as connection:
                        stored = connection.execute(
                            text("SELECT count(*) FROM site_scans")
                        ).scalar_one()
                    growth.append((int(stored), workers_rss))
                except Exception:  # the crawl's own writer holds the database: next time
                    pass
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    if engine is not None:
        engine.dispose()
    if code != 0:
        raise SystemExit(f"{' '.join(command[:4])} failed with exit code {code}")
    peak_rss: dict[str, int] = {}
    processes: dict[str, int] = defaultdict(int)
    for rss, role in peaks.values():
        peak_rss[role] = max(peak_rss.get(role, 0), rss)
        processes[role] += 1
    return Measured(seconds, usage.ru_utime + usage.ru_stime, peak_rss, dict(processes), growth)


def bytes_on_disk(path: Path) -> int:
    """A file's size (with its SQLite journal and WAL beside it) or a folder's, in all."""
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return sum(f.stat().st_size for f in path.parent.glob(path.name + "*") if f.is_file())


def memory_lines(measured: Measured) -> list[str]:
    return [
        f"  peak RSS {role:<14} {rss / 1e6:8.0f} MB ({measured.processes[role]} process"
        f"{'es' if measured.processes[role] > 1 else ''})"
        for role, rss in sorted(measured.peak_rss.items(), key=lambda item: -item[1])
    ]


def growth_line(growth: list[tuple[int, int]], total_sites: int) -> str:
    """The workers' RSS when a quarter, half, three quarters and all of the sites were stored."""
    marks = []
    for share in (0.25, 0.5, 0.75, 1.0):
        reached = [rss for stored, rss in growth if stored >= share * total_sites * 0.98]
        if reached:
            marks.append(f"{share:.0%}: {reached[0] / 1e6:.0f} MB")
    return "  workers' RSS as sites were stored: " + ", ".join(marks)


def live_sites_2022() -> int | None:
    """Websites that answered 200 in Etalab's 2022 check, all kinds of authority."""
    files = sorted(ETALAB.glob("urls-*.txt"))
    if not files:
        return None
    return sum(1 for f in files for line in f.read_text().splitlines() if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=NATIONAL_AUTHORITIES)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--latency-ms", type=float, default=120.0)
    parser.add_argument("--no-bare", action="store_true", help="skip the bare Scrapy crawl")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    arguments = parser.parse_args()
    python = sys.executable
    vigie = [python, "-m", "cli.app"]
    timeout = str(vigie_settings.DOWNLOAD_TIMEOUT)
    with (
        tempfile.TemporaryDirectory() as scratch,
        farm_server(arguments.sites, arguments.seed, latency_ms=arguments.latency_ms) as ports,
    ):
        directory = arguments.keep or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        farm = Farm(arguments.sites, arguments.seed, ports.http, ports.tls)
        files = write_farm_files(farm, directory)
        print(
            f"farm: {arguments.sites} authorities, seed {arguments.seed}, median latency "
            f"{arguments.latency_ms:.0f} ms, {os.cpu_count()} cores",
            flush=True,
        )
        bare_rate = None
        if not arguments.no_bare:
            stats = directory / "bare.json"
            command = [python, str(ROOT / "benchmarks" / "bare_scrapy.py")]
            command += [str(files[TARGETS_FILE]), str(files[HOSTS_FILE]), str(stats)]
            command += ["--timeout", timeout, "--maxsize", str(vigie_settings.DOWNLOAD_MAXSIZE)]
            bare = run_measured(command, directory, "bare.log")
            bare_pages = json.loads(stats.read_text())["pages"]
            bare_rate = bare_pages / bare.seconds
            print(
                f"bare scrapy: {bare_pages} pages in {bare.seconds:.1f} s, {bare_rate:.1f} pages/s, "
                f"{1000 * bare.cpu_seconds / max(bare_pages, 1):.2f} ms CPU/page"
            )
            print("\n".join(memory_lines(bare)), flush=True)

        database = directory / "vigie.db"
        database_url = f"sqlite:///{database}"
        steps: dict[str, float] = {}
        started = time.monotonic()
        subprocess.run(
            [*vigie, "targets", "import", str(files[TARGETS_FILE]), "--db", database_url],
            cwd=directory,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        steps["targets import"] = time.monotonic() - started
        crawl = [*vigie, "crawl", "--db", database_url, "--farm-hosts", str(files[HOSTS_FILE])]
        crawled = run_measured(crawl, directory, "crawl.log", database)
        steps["crawl"] = crawled.seconds
        for name, command in (
            ("score", [*vigie, "score", "--db", database_url]),
            ("report", [*vigie, "report", "--db", database_url, "--out", "national.pptx"]),
        ):
            started = time.monotonic()
            subprocess.run(command, cwd=directory, check=True, stdout=subprocess.DEVNULL)
            steps[name] = time.monotonic() - started

        engine = create_engine(database_url)
        with engine.connect() as connection:
            pages = connection.execute(
                text("SELECT count(*) FROM pages WHERE content_hash IS NOT NULL")
            ).scalar_one()
            findings = connection.execute(text("SELECT count(*) FROM findings")).scalar_one()
            statuses = dict(
                connection.execute(
                    text("SELECT status, count(*) FROM site_scans GROUP BY status")
                ).all()
            )
        engine.dispose()
        rate = pages / crawled.seconds
        print("steps: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in steps.items()))
        print(
            f"vigie crawl: {pages} pages in {crawled.seconds:.1f} s, {rate:.1f} pages/s, "
            f"{1000 * crawled.cpu_seconds / max(pages, 1):.2f} ms CPU/page"
        )
        print("\n".join(memory_lines(crawled)))
        print(growth_line(crawled.growth, arguments.sites))
        print(f"  statuses: {json.dumps(statuses, sort_keys=True)}")
        print(
            f"on disk: database {bytes_on_disk(database) / 1e6:.0f} MB ({findings} findings), "
            f"HTTP cache {bytes_on_disk(directory / 'vigie-cache') / 1e6:.0f} MB, report "
            f"{bytes_on_disk(directory / 'national.pptx') / 1e6:.1f} MB"
        )
        if bare_rate:
            print(f"ratio vigie/bare: {rate / bare_rate:.2f}")
        per_site = sum(steps.values()) / arguments.sites
        projected = per_site * NATIONAL_AUTHORITIES / 3600
        print(
            f"projected: {NATIONAL_AUTHORITIES} authorities like these in {projected:.2f} h "
            f"({per_site * 1000:.1f} ms of wall time an authority, all steps)"
        )
        live = live_sites_2022()
        crawled_sites = sum(n for status, n in statuses.items() if status != "no_website")
        if live and crawled_sites:
            seconds_per_site = crawled.seconds / crawled_sites
            print(
                f"projected: the {live} websites that answered in 2022 (Etalab) in "
                f"{seconds_per_site * live / 3600:.2f} h of crawl at this rate "
                f"({seconds_per_site * 1000:.1f} ms a site with a website)"
            )


if __name__ == "__main__":
    main()
