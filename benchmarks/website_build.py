"""Building the public website of a national database: how long reading its content takes, and
producing every authority's page, then the whole of `vigie site build` (content, downloads,
pages written and put in place) with the size of the site.

The database is filled as `rescore.py` fills it (the farm's ground truth as findings, no
crawl) and scored with the default model; then `load_site` reads the content and every
authority page is produced, one at a time, as the writer takes them.

    .venv/bin/python benchmarks/website_build.py --sites 36000
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rescore import fill  # the sibling benchmark's database filler

from database import open_database
from database.scope import parse_scope
from reports.website.load import load_site
from scoring.compute import score_run
from scoring.model import load_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=36000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scope", default="national")
    parser.add_argument("--db", help="SQLAlchemy URL (default: a temporary SQLite file)")
    parser.add_argument("--profile", help="write a cProfile of load_site and the pages here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        url = args.db or f"sqlite:///{folder / 'website.db'}"
        started = time.monotonic()
        findings = fill(url, args.sites, args.seed)
        print(f"filled: {args.sites} authorities, {findings} findings in {_since(started)}")
        engine, model = open_database(url), load_model()
        started = time.monotonic()
        print(f"scored: {score_run(engine, 1, model)} authorities in {_since(started)}")
        profiler = _profiler(args.profile)
        began = time.monotonic()
        content = load_site(engine, 1, model, parse_scope(args.scope))
        loaded = time.monotonic() - began
        print(
            f"load_site: {loaded:.1f} s ({len(content.index)} authorities,"
            f" {len(content.territories)} territory pages)"
        )
        started = time.monotonic()
        pages = measured = evidence = 0
        for page in content.authority_pages:
            pages += 1
            measured += page.measured
            evidence += sum(len(group.findings) for group in page.evidence)
        produced = time.monotonic() - started
        print(
            f"authority pages: {pages} ({measured} measured, {evidence} findings shown)"
            f" in {produced:.1f} s"
        )
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"content in all: {loaded + produced:.1f} s; peak RSS {peak:.0f} MB")
        _publish(url, args.scope, folder)
        engine.dispose()


def _publish(url: str, scope: str, folder: Path) -> None:
    """`vigie site build` as a user runs it, in a process of its own (this one holds the
    filled database's memory): content, downloads, every page written and put in place; its
    time, its peak memory and the size of what it published."""
    out = folder / "site"
    command = [sys.executable, "-m", "cli.app", "site", "build", "--db", url]
    started = time.monotonic()
    subprocess.run([*command, "--scope", scope, "--out", str(out)], check=True)
    elapsed = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    files = [path for path in out.rglob("*") if path.is_file()]
    size = sum(path.stat().st_size for path in files) / 1e6
    print(
        f"vigie site build: {elapsed:.1f} s, {len(files)} files, {size:.1f} MB; peak RSS {peak:.0f} MB"
    )


def _profiler(path: str | None) -> Any:
    if path is None:
        return None
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.1f} s"


if __name__ == "__main__":
    main()
