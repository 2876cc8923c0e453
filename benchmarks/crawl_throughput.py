"""Pages per second of bare Scrapy and of Vigie's full engine, on the same farm, in one run.

Usage: .venv/bin/python benchmarks/crawl_throughput.py [--sites 2000] [--seed 1] [--timeout 10]

One farm server (its own process) serves both crawls. Bare Scrapy (`bare_scrapy.py`: default
settings, a parse that only follows internal links, no extraction, no database) crawls it
first, then `vigie crawl` with its real-world defaults (robots.txt, AutoThrottle, two requests
per site, page budget, extraction and database writes, one worker per core). Both get the
same download timeout and size limit, so that the farm's hanging and hostile pages cost
both the same.

Printed per crawl: pages, wall seconds, pages per second, CPU seconds per page (user + system
of the whole process tree) and peak memory (the tree's proportional set size, sampled every
0.2 s). The last line is `ratio vigie/bare: X`, Vigie's pages per second over bare Scrapy's.

Vigie runs without browser rendering by default, as bare Scrapy has none: `--render` lets
it render the farm's JavaScript-built pages with Chromium (a heavier, different job).
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from crawler import settings as vigie_settings  # noqa: E402
from database import open_database  # noqa: E402
from database.targets import import_file  # noqa: E402
from evaluation.truth import evaluate, load_truth  # noqa: E402
from farm.catalogue import Farm  # noqa: E402
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files  # noqa: E402
from farm.process import farm_server  # noqa: E402


@dataclass
class Measure:
    name: str
    pages: int
    seconds: float
    cpu_seconds: float
    peak_mb: float

    def line(self) -> str:
        return (
            f"{self.name:<6} {self.pages:>7} pages in {self.seconds:7.1f} s: "
            f"{self.pages / self.seconds:7.1f} pages/s, "
            f"{1000 * self.cpu_seconds / max(self.pages, 1):6.2f} ms CPU/page, "
            f"peak memory (PSS) {self.peak_mb:6.0f} MB"
        )


def _tree_pss(root: int) -> int:
    """Proportional set size of `root` and its descendants, read from /proc: shared pages
    are split between the processes that share them, so Chromium's many processes are not
    counted many times over, as a sum of resident sets would."""
    children: dict[int, list[int]] = {}
    pss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            rollup = (entry / "smaps_rollup").read_text()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(stat[1]), []).append(pid)
        kilobytes = next(
            (line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")), "0"
        )
        pss[pid] = int(kilobytes) * 1024
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += pss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def _run_measured(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the tree, peak tree PSS in MB) of one command."""
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_pss(process.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # wait4 gives the child's own usage plus that of the descendants it waited for.
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed with exit code {process.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=10.0, help="download timeout of both")
    parser.add_argument("--workers", type=int, default=None, help="Vigie's (default: its own)")
    parser.add_argument("--render", action="store_true", help="let Vigie render with Chromium")
    arguments = parser.parse_args()
    python = sys.executable
    with (
        tempfile.TemporaryDirectory() as folder,
        farm_server(arguments.sites, arguments.seed) as ports,
    ):
        directory = Path(folder)
        farm = Farm(arguments.sites, arguments.seed, ports.http, ports.tls)
        files = write_farm_files(farm, directory)
        print(f"farm: {arguments.sites} sites, seed {arguments.seed}, {os.cpu_count()} cores")

        stats = directory / "bare.json"
        bare_command = [
            python,
            str(ROOT / "benchmarks" / "bare_scrapy.py"),
            str(files[TARGETS_FILE]),
        ]
        bare_command += [str(files[HOSTS_FILE]), str(stats), "--timeout", str(arguments.timeout)]
        bare_command += ["--maxsize", str(vigie_settings.DOWNLOAD_MAXSIZE)]
        wall, cpu, peak = _run_measured(bare_command, directory)
        bare = Measure("bare", json.loads(stats.read_text())["pages"], wall, cpu, peak)
        print(bare.line(), flush=True)

        database_url = f"sqlite:///{directory / 'vigie.db'}"
        engine = open_database(database_url)
        import_file(engine, files[TARGETS_FILE])
        vigie_command = [python, "-m", "cli.app", "crawl", "--db", database_url]
        vigie_command += ["--farm-hosts", str(files[HOSTS_FILE])]
        vigie_command += ["--set", f"DOWNLOAD_TIMEOUT={arguments.timeout}"]
        vigie_command += ["--set", f"VIGIE_RENDERING={str(arguments.render).lower()}"]
        if arguments.workers:
            vigie_command += ["--workers", str(arguments.workers)]
        wall, cpu, peak = _run_measured(vigie_command, directory)
        with engine.connect() as connection:
            # Pages whose answer reached the spider, as bare Scrapy's parse counts them.
            pages = connection.execute(
                text("SELECT count(*) FROM pages WHERE content_hash IS NOT NULL")
            ).scalar_one()
        vigie = Measure("vigie", pages, wall, cpu, peak)
        print(vigie.line())
        result = evaluate(engine, 1, load_truth(files[TRUTH_FILE]))
        engine.dispose()
        families = sorted(result.families.items())
        worst = min((min(s.precision or 1, s.recall or 1), name) for name, s in families)
        print(
            f"vigie  statuses as the farm's truth says: {result.status_agreements}/{result.sites}; "
            f"lowest precision or recall: {worst[0]:.3f} ({worst[1]})"
        )
        ratio = (vigie.pages / vigie.seconds) / (bare.pages / bare.seconds)
        print(f"ratio vigie/bare: {ratio:.2f}")


if __name__ == "__main__":
    main()
