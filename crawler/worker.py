"""One crawl worker process: the site spider over one shard of a run's pending targets.

`vigie crawl` starts one worker per core (`crawler.runner.run_crawl`); each runs its own Scrapy
engine on the sites whose authority id falls in its shard, and stores them in the shared
database, one transaction per site. A site belongs to one worker only, so per-site politeness
holds across workers.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import signal
import sys

from scrapy.crawler import CrawlerProcess
from twisted.python.failure import Failure

from crawler.queue import worker_name
from crawler.rendering import apply_rendering
from crawler.runner import crawl_settings
from pipelines.store import DATABASE_UNAVAILABLE
from spiders.targets import QUEUE_LOST_STAT

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to kill this worker when `vigie crawl` dies, even by SIGKILL.

    An orphan worker would go on crawling, unwatched, after the operator stopped the run.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m crawler.worker")
    parser.add_argument("--db", required=True)
    parser.add_argument("--run", type=int, required=True)
    parser.add_argument("--spider", default="site", choices=("site", "social"))
    parser.add_argument("--shard", default="0/1", help="INDEX/COUNT (site spider)")
    parser.add_argument("--settings", default="{}", help="JSON object of setting overrides")
    parser.add_argument("--queue", help="Redis URL of a distributed crawl's site queue")
    parser.add_argument("--worker", help="this worker's name in the queue")
    arguments = parser.parse_args(argv)
    die_with_parent()
    settings = crawl_settings(arguments.db, json.loads(arguments.settings))
    apply_rendering(settings)  # the parent already said if it cannot
    process = CrawlerProcess(settings)
    failures: list[Failure] = []
    options: dict[str, str] = {}
    if arguments.spider == "site":
        options["shard"] = arguments.shard
        if arguments.queue:
            options.update(queue=arguments.queue, worker=arguments.worker or worker_name())
    crawler = process.create_crawler(arguments.spider)
    crawling = process.crawl(crawler, run_id=arguments.run, **options)
    crawling.addErrback(failures.append)
    process.start()
    if failures:
        print(
            f"crawl worker {arguments.shard} failed: {failures[0].getErrorMessage()}",
            file=sys.stderr,
        )
        sys.exit(1)
    lost = crawler.stats.get_value(QUEUE_LOST_STAT) if crawler.stats else None
    if lost:
        print(
            f"crawl worker {arguments.worker or worker_name()} stopped taking sites: the site "
            f"queue stopped answering ({lost}); the sites it had started are stored. Once Redis "
            f"answers again: vigie queue seed --run {arguments.run}, then vigie queue work",
            file=sys.stderr,
        )
        sys.exit(1)
    if crawler.stats and crawler.stats.get_value("finish_reason") == DATABASE_UNAVAILABLE:
        print(
            f"crawl worker {arguments.shard} stopped: the database stopped answering",
            file=sys.stderr,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
