"""Stopping a crawl on SIGINT or SIGTERM without storing half a site.

Workers run in sessions of their own, so a terminal's Ctrl-C reaches the parent process alone
(`crawler.runner`), not the workers' Chromium: a browser killed under its renderings ended the
sites in flight with failed pages, and the spider stored them so. The parent passes the first
signal on to its workers; each worker (`crawler.worker`) then stops its Scrapy engine
gracefully: no new request is sent, a site whose last answer comes in is stored whole, the
others are not stored at all, so `vigie crawl --resume` crawls them again. A second signal, or
the end of the grace period, makes the parent kill the workers with their browsers (their
process groups): the grace period is shorter than a download's or a rendering's timeout, so a
slow site is usually cut short and left for --resume. Safe, since each site is stored in one
transaction.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from subprocess import Popen
from types import FrameType, TracebackType
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# After a signal, workers get this long to stop on their own before they are killed: an
# operator waits, so less than DOWNLOAD_TIMEOUT; the sites still in flight are left for --resume.
STOP_GRACE_SECONDS = 10.0


class WorkerFailed(RuntimeError):
    """A crawl worker process ended with an error; its sites stay pending for --resume."""


class CrawlStopped(WorkerFailed):
    """The crawl was stopped by SIGINT or SIGTERM; every site it stored is whole."""

    def __init__(self, message: str, signal_number: int):
        super().__init__(message)
        self.signal_number = signal_number

    @property
    def exit_code(self) -> int:
        """The shell's convention for a command ended by a signal: 130, 143."""
        return 128 + self.signal_number


def signal_name(signal_number: int) -> str:
    return signal.Signals(signal_number).name


class StopSignals:
    """SIGINT and SIGTERM to the watching process, as a context: the first is passed on to the
    workers, a second one (or the grace period's end) kills them."""

    def __init__(self, grace_seconds: float = STOP_GRACE_SECONDS):
        self.grace_seconds = grace_seconds
        self.signal_number: int | None = None
        self.received = 0
        self.since: float | None = None
        self.killed = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> StopSignals:
        # Python lets only the main thread set handlers; a crawl started from another thread
        # (a test, a notebook) keeps the default behaviour.
        if threading.current_thread() is threading.main_thread():
            for number in STOP_SIGNALS:
                self._previous[number] = signal.signal(number, self._receive)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)

    def _receive(self, signal_number: int, _frame: FrameType | None) -> None:
        # Only flags here: the watching loop acts, outside the handler.
        self.received += 1
        if self.signal_number is None:
            self.signal_number = signal_number

    def act(self, processes: list[Popen[bytes]]) -> None:
        """Called by the watching loop: pass a new signal on, or kill after a second one."""
        if self.signal_number is None:
            return
        if self.since is None:
            self.since = time.monotonic()
            print(
                f"{signal_name(self.signal_number)}: stopping; the sites being crawled are "
                "stored only if whole, the others are left for --resume (send it again to "
                "stop at once).",
                file=sys.stderr,
            )
            # Workers have sessions of their own: only this process heard it.
            _signal_all(processes, self.signal_number)
        late = time.monotonic() - self.since > self.grace_seconds
        if not self.killed and (self.received > 1 or late):
            self.killed = True
            _signal_all(processes, signal.SIGKILL)


def _signal_all(processes: list[Popen[bytes]], signal_number: int) -> None:
    """The stop signal goes to each worker alone (it stops its browser itself); SIGKILL to
    its whole process group: a worker leads its own session and group (`start_new_session`),
    and Playwright's driver and Chromium, in that group, would outlive a worker killed alone."""
    for process in processes:
        if process.poll() is not None:
            continue
        with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
            if signal_number == signal.SIGKILL:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                os.kill(process.pid, signal_number)
