"""Extraction cost per page: every extractor versus a bare parse, on farm pages and real pages.

Usage: .venv/bin/python benchmarks/extraction_speed.py [--sites 300] [--repeat 3] [--cpu]
Prints median and 95th-percentile milliseconds per page for: the bare parse (decode the
bytes, build the parsel tree, list the links), and Vigie's full extraction (the same, then
every extractor sharing that one tree), on farm pages (every encoding and CMS family) and
on the real pages of ../shared/corpus when present. `--cpu` times the thread's CPU instead of
the wall clock: on a machine shared with other work, waiting for a core is left out.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from farm.catalogue import Farm  # noqa: E402
from farm.pages import text_pages  # noqa: E402
from farm.routes import route  # noqa: E402
from farm.truth import expected_status  # noqa: E402
from pipelines.extractors import extract_page  # noqa: E402
from pipelines.extractors.documents import page_from_bytes  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def farm_pages(sites: int) -> list[tuple[str, bytes, str]]:
    farm = Farm(sites, 7, 8000)
    pages = []
    for site in farm.sites():
        if expected_status(site) != "ok":
            continue
        for path in text_pages(site):
            answer = route(
                farm,
                f"{site.host}:{farm.tls_port if site.https else farm.port}",
                path,
                secure=site.https,
            )
            if answer.status == 200:
                pages.append(
                    (farm.base_url(site) + path, answer.body, answer.headers["Content-Type"])
                )
    return pages


def corpus_pages() -> list[tuple[str, bytes, str]]:
    if not CORPUS.is_dir():
        return []
    return [
        (f"https://example.fr/{p.name}", p.read_bytes(), "text/html")
        for p in sorted(CORPUS.rglob("*.html"))
    ]


def bare(url: str, body: bytes, content_type: str) -> None:
    _ = page_from_bytes(url, body, content_type).links


def full(url: str, body: bytes, content_type: str) -> None:
    extract_page(page_from_bytes(url, body, content_type))


CLOCK = time.perf_counter


def timings(
    pages: list[tuple[str, bytes, str]], work: Callable[[str, bytes, str], None], repeat: int
) -> list[float]:
    best = [float("inf")] * len(pages)
    for _ in range(repeat):
        for index, page in enumerate(pages):
            started = CLOCK()
            work(*page)
            best[index] = min(best[index], (CLOCK() - started) * 1000)
    return best


def report(name: str, pages: list[tuple[str, bytes, str]], repeat: int) -> None:
    if not pages:
        print(f"{name}: no pages (corpus absent)")
        return
    for label, work in (("bare parse", bare), ("full extraction", full)):
        values = sorted(timings(pages, work, repeat))
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        print(
            f"{name:>12} | {label:<15} | {len(values):5d} pages | median {statistics.median(values):6.2f} ms"
            f" | p95 {p95:6.2f} ms | total {sum(values) / 1000:6.2f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="runs per page; the fastest counts")
    parser.add_argument("--cpu", action="store_true", help="thread CPU time, not wall time")
    args = parser.parse_args()
    if args.cpu:
        global CLOCK
        CLOCK = time.thread_time
    report("farm pages", farm_pages(args.sites), args.repeat)
    report("real pages", corpus_pages(), args.repeat)


if __name__ == "__main__":
    main()
