"""One crawl worker process: the site spider over one shard of a run's pending targets.

`vigie crawl` starts one worker per core (`crawler.runner.run_crawl`); each runs its own Scrapy
engine on the sites whose authority id falls in its shard, and stores them in the shared
database, one transaction per site. A site belongs to one worker only, so per-site politeness
holds across workers.

The database URL (and a distributed crawl's Redis URL) comes on standard input, one JSON line
(`crawler.runner.worker_secrets`), never on the command line that every user can read.
On SIGINT or SIGTERM the worker stops gracefully, once (`crawler.stopping`), and exits
128 + the signal's number, so that its parent knows it did not finish.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import signal
import sys
from types import FrameType
from typing import Any

from scrapy.crawler import CrawlerProcess
from twisted.python.failure import Failure

from crawler.queue import worker_name
from crawler.rendering import apply_rendering
from crawler.runner import crawl_settings
from crawler.stopping import STOP_SIGNALS, signal_name
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


class GracefulStop:
    """The worker's own SIGINT and SIGTERM handler, in place of Scrapy's: the first signal
    stops the engine gracefully; later ones are ignored (Scrapy's handler would stop the
    reactor at once), so how a worker ends does not depend on how many copies of a signal
    reach it. The parent kills it if it must."""

    def __init__(self) -> None:
        self.signal_number: int | None = None
        self.process: CrawlerProcess | None = None
        for number in STOP_SIGNALS:
            signal.signal(number, self._receive)

    def attach(self, process: CrawlerProcess) -> None:
        self.process = process
        if self.signal_number is not None:  # it came while the worker was starting
            self._stop()

    def _receive(self, signal_number: int, _frame: FrameType | None) -> None:
        if self.signal_number is not None:
            return
        self.signal_number = signal_number
        if self.process is not None:
            self._stop()

    def _stop(self) -> None:
        from twisted.internet import reactor

        reactor.callFromThread(self.process.stop)  # type: ignore[union-attr]


def read_secrets() -> dict[str, Any]:
    """The URLs the parent wrote on standard input (`crawler.runner.worker_secrets`)."""
    line = sys.stdin.readline()
    if not line.strip():
        sys.exit("crawl worker: no database URL on standard input (it is started by vigie)")
    secrets: dict[str, Any] = json.loads(line)
    return secrets


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m crawler.worker")
    parser.add_argument("--run", type=int, required=True)
    parser.add_argument("--spider", default="site", choices=("site", "social"))
    parser.add_argument("--shard", default="0/1", help="INDEX/COUNT (site spider)")
    parser.add_argument("--settings", default="{}", help="JSON object of setting overrides")
    parser.add_argument("--worker", help="this worker's name in the queue")
    arguments = parser.parse_args(argv)
    die_with_parent()
    stop = GracefulStop()
    secrets = read_secrets()
    queue = secrets.get("queue")
    settings = crawl_settings(secrets["database_url"], json.loads(arguments.settings))
    apply_rendering(settings)  # the parent already said if it cannot
    process = CrawlerProcess(settings)
    failures: list[Failure] = []
    options: dict[str, str] = {}
    if arguments.spider == "site":
        options["shard"] = arguments.shard
        if queue:
            options.update(queue=queue, worker=arguments.worker or worker_name())
    crawler = process.create_crawler(arguments.spider)
    crawling = process.crawl(crawler, run_id=arguments.run, **options)
    crawling.addErrback(failures.append)
    stop.attach(process)
    process.start(install_signal_handlers=False)
    if stop.signal_number is not None:
        print(
            f"crawl worker {arguments.shard} stopped by {signal_name(stop.signal_number)}: the "
            "sites it had not stored whole are left for --resume",
            file=sys.stderr,
        )
        sys.exit(128 + stop.signal_number)
    _exit_on_failure(arguments, crawler, failures)


def _exit_on_failure(arguments: argparse.Namespace, crawler: Any, failures: list[Failure]) -> None:
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
