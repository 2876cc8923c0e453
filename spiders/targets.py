"""Where a site worker's sites come from: its shard of the run's pending targets, or claims
on the shared Redis queue of a distributed crawl (`crawler.queue`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable

import redis
from twisted.internet import task
from twisted.internet.interfaces import IReactorTime

from crawler.queue import SiteQueue
from database import make_engine
from database.repository import Target, iter_pending_targets, pending_count, target_of

QUEUE_LOST_STAT = "vigie/queue_lost"  # the worker exits 1 when the queue stopped answering
IN_FLIGHT_POLL_SECONDS = 0.02
QUEUE_POLL_SECONDS = 0.2


async def shard_targets(
    database_url: str, run_id: int, shard: tuple[int, int], logger: logging.LoggerAdapter
) -> AsyncIterator[Target]:
    """The run's pending targets whose authority id falls in this worker's shard."""
    engine = make_engine(database_url)
    logger.info(
        "run %s, shard %d/%d: %d sites to scan",
        run_id,
        *shard,
        pending_count(engine, run_id, shard),
    )
    try:
        for target in iter_pending_targets(engine, run_id, shard):
            yield target
    finally:
        engine.dispose()


class QueueClaims:
    """A distributed worker's claims on the shared site queue: it claims sites while it has
    room and holds less than its fair share (`crawler.queue`), beats its heartbeat (which
    tells the others it is alive) and takes back the claims of dead workers, releases a site
    once stored, and stops when done.

    The heartbeat is a timer of the reactor (a `LoopingCall`, every third of a heartbeat),
    started when the engine opens the spider and first reads its start requests, and stopped
    by `stop`, which the spider's `closed` calls (signal `spider_closed`): it beats while the
    worker lives, also when the engine reads no start request for a while (every place in
    flight is taken) or stops gracefully, so a slow worker's sites are not taken back. Only a
    reactor blocked for a whole heartbeat silences it.

    A queue that stops answering ends the claims: the sites in flight finish and are stored
    (the database, not the queue, says what is done), and the worker exits 1 saying how to go
    on (`crawler.worker`)."""

    def __init__(
        self,
        queue: SiteQueue,
        worker: str,
        logger: logging.LoggerAdapter,
        in_flight: Callable[[], int],
        on_lost: Callable[[str], None],
        clock: IReactorTime | None = None,
    ):
        self.queue = queue
        self.worker = worker
        self.logger = logger
        self.in_flight = in_flight  # how many sites this worker is crawling
        self.on_lost = on_lost
        self.lost: str | None = None  # why the shared queue stopped answering
        self.clock = clock  # the reactor's, unless a test gives its own
        self.heartbeat: task.LoopingCall | None = None
        self.beats = 0

    async def targets(
        self, database_url: str, run_id: int, has_room: Callable[[], bool]
    ) -> AsyncIterator[Target]:
        """Sites claimed while there is room, until the queue is empty and this worker's own
        sites are done."""
        engine = make_engine(database_url)
        self.logger.info("run %s: worker %s takes sites from the queue", run_id, self.worker)
        self.start_heartbeat()  # alive before its first claim
        try:
            while not self.lost:
                try:
                    if not has_room():
                        await asyncio.sleep(IN_FLIGHT_POLL_SECONDS)
                        continue
                    # One busy with its share waits (it holds sites, so it will free some).
                    if self.in_flight() and not self.queue.may_claim(self.worker):
                        await asyncio.sleep(QUEUE_POLL_SECONDS)
                        continue
                    authority_id = self.queue.claim(self.worker)
                except redis.RedisError as error:
                    self._lose(error)
                    break
                if authority_id is None:
                    if not self.in_flight():
                        break
                    await asyncio.sleep(QUEUE_POLL_SECONDS)
                    continue
                target = target_of(engine, run_id, authority_id)
                if target is None:  # stored already, by this worker or a dead one
                    self.release(authority_id)
                    continue
                yield target
        finally:
            engine.dispose()

    def start_heartbeat(self) -> None:
        """Beat now, then every third of a heartbeat until `stop`, whatever the engine does."""
        if self.heartbeat is not None or self.lost:
            return
        self.heartbeat = task.LoopingCall(self._beat)
        if self.clock is not None:
            self.heartbeat.clock = self.clock
        self.heartbeat.start(self.queue.heartbeat_seconds / 3, now=True)

    def _stop_heartbeat(self) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()

    def _beat(self) -> None:
        """This worker is alive, and dead ones' sites go back (quick Redis calls: they run in
        the reactor's thread). Never raises: a timer whose call raises stops."""
        try:
            was_alive = self.queue.beat(self.worker)
            requeued = self.queue.reclaim_dead()
        except redis.RedisError as error:
            self._stop_heartbeat()
            self._lose(error)
            return
        except Exception:  # a bug, not the queue: said, and the next beat tries again
            self.logger.error("worker %s: a heartbeat failed", self.worker, exc_info=True)
            return
        if self.beats and not was_alive:
            self.logger.warning(
                "worker %s had not beaten for %d s: the sites it held may have gone back to the "
                "queue (a site stored twice is stored once)",
                self.worker,
                self.queue.heartbeat_seconds,
            )
        self.beats += 1
        if requeued:
            self.logger.warning("%d sites of dead workers went back to the queue", requeued)

    def release(self, authority_id: int) -> None:
        """A site is stored: its claim is released."""
        if self.lost:
            return
        try:
            self.queue.release(self.worker, authority_id)
        except redis.RedisError as error:
            # The site is stored: the next seed skips it, whatever its claim says.
            self._lose(error)

    def stop(self) -> None:
        """This worker takes no more sites, and its heartbeat ends (the spider is closed)."""
        self._stop_heartbeat()
        if self.lost:
            return
        try:
            self.queue.stop(self.worker)
        except redis.RedisError as error:
            self._lose(error)

    def _lose(self, error: Exception) -> None:
        self.lost = f"{type(error).__name__}: {error}"
        self.logger.error(
            "the site queue stopped answering (%s): no new site is taken, the %d in flight finish",
            self.lost,
            self.in_flight(),
        )
        self.on_lost(self.lost)
