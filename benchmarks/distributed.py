"""Pages per second of a distributed crawl with one worker and with two, on the same farm, in
one run, beside bare Scrapy's.

Usage: .venv/bin/python benchmarks/distributed.py [--sites 600] [--seed 1] [--timeout 10]

One farm server serves every crawl. Bare Scrapy (`bare_scrapy.py`) crawls it first, as the
figure to compare with; then, for one and then two workers, a fresh PostgreSQL database on
127.0.0.1:5432 (SQLite when no PostgreSQL answers) gets the farm's targets, `vigie queue
seed` fills a Redis queue (127.0.0.1:6379, database 13) and the workers (`vigie queue work`,
real-world defaults but the download timeout, and no browser rendering unless `--render`, as
bare Scrapy has none) share it. Printed per crawl: pages, wall seconds, pages per second, CPU
per page and peak memory of the whole process tree.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawl_throughput import Measure, _run_measured  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from crawler import settings as vigie_settings  # noqa: E402
from crawler.queue import SiteQueue  # noqa: E402
from database import open_database  # noqa: E402
from farm.catalogue import Farm  # noqa: E402
from farm.files import HOSTS_FILE, TARGETS_FILE, write_farm_files  # noqa: E402
from farm.process import farm_server  # noqa: E402

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/13"


def fresh_database(directory: Path, label: str) -> tuple[str, str | None]:
    """A new empty database: (URL, name to drop) on PostgreSQL, else a SQLite file."""
    name = f"vigie_bench_{label}_{uuid.uuid4().hex[:8]}"
    try:
        with create_engine(f"{POSTGRES}/test", isolation_level="AUTOCOMMIT").connect() as c:
            c.execute(text(f"CREATE DATABASE {name}"))
        return f"{POSTGRES}/{name}", name
    except OperationalError:
        return f"sqlite:///{directory / f'{label}.db'}", None


def drop(name: str | None) -> None:
    if name:
        with create_engine(f"{POSTGRES}/test", isolation_level="AUTOCOMMIT").connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


def vigie(*arguments: str, cwd: Path) -> None:
    subprocess.run([sys.executable, "-m", "cli.app", *arguments], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--render", action="store_true", help="let workers render with Chromium")
    arguments = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as folder,
        farm_server(arguments.sites, arguments.seed) as ports,
    ):
        directory = Path(folder)
        files = write_farm_files(
            Farm(arguments.sites, arguments.seed, ports.http, ports.tls), directory
        )
        stats = directory / "bare.json"
        bare_command = [sys.executable, str(ROOT / "benchmarks" / "bare_scrapy.py"),
                        str(files[TARGETS_FILE]), str(files[HOSTS_FILE]), str(stats), "--timeout", str(arguments.timeout),
                        "--maxsize", str(vigie_settings.DOWNLOAD_MAXSIZE)]  # fmt: skip
        wall, cpu, peak = _run_measured(bare_command, directory)
        bare = Measure("bare", json.loads(stats.read_text())["pages"], wall, cpu, peak)
        print(bare.line(), flush=True)
        for workers in (1, 2):
            url, name = fresh_database(directory, f"w{workers}")
            vigie("targets", "import", str(files[TARGETS_FILE]), "--db", url, cwd=directory)
            vigie("queue", "seed", "--redis", REDIS_URL, "--db", url, cwd=directory)
            work = (f"{sys.executable} -m cli.app queue work --redis {REDIS_URL} --run 1"
                    f" --db {url} --farm-hosts {files[HOSTS_FILE]}"
                    f" --set DOWNLOAD_TIMEOUT={arguments.timeout}"
                    f" --set VIGIE_RENDERING={'true' if arguments.render else 'false'}"
                    " >/dev/null")  # fmt: skip
            wall, cpu, peak = _run_measured(
                ["bash", "-c", " & ".join([work] * workers) + " & wait"], directory
            )
            engine = open_database(url)
            with engine.connect() as connection:
                pages = connection.execute(text("SELECT COUNT(*) FROM pages")).scalar_one()
                scanned = connection.execute(text("SELECT COUNT(*) FROM site_scans")).scalar_one()
            engine.dispose()
            measure = Measure(f"{workers}w", int(pages), wall, cpu, peak)
            print(measure.line() + f"  ({scanned}/{arguments.sites} sites, {url.split('://')[0]})",
                  flush=True)  # fmt: skip
            print(f"ratio {workers} worker(s)/bare: "
                  f"{(measure.pages / measure.seconds) / (bare.pages / bare.seconds):.2f}")  # fmt: skip
            SiteQueue(REDIS_URL, url, 1).clear()
            drop(name)


if __name__ == "__main__":
    main()
