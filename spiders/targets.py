"""Where a site worker's sites come from: its shard of the run's pending targets, or claims
on the shared Redis queue of a distributed crawl (`crawler.queue`)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable

import redis

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
    room, beats its heartbeat (which tells `seed` the worker is alive), releases a site once
    stored, and stops when done.

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
    ):
        self.queue = queue
        self.worker = worker
        self.logger = logger
        self.in_flight = in_flight  # how many sites this worker is crawling
        self.on_lost = on_lost
        self.lost: str | None = None  # why the shared queue stopped answering

    async def targets(
        self, database_url: str, run_id: int, has_room: Callable[[], bool]
    ) -> AsyncIterator[Target]:
        """Sites claimed while there is room, until the queue is empty and this worker's own
        sites are done."""
        engine = make_engine(database_url)
        last_beat = 0.0
        self.logger.info("run %s: worker %s takes sites from the queue", run_id, self.worker)
        try:
            while True:
                if not has_room():
                    await asyncio.sleep(IN_FLIGHT_POLL_SECONDS)
                    continue
                try:
                    if time.monotonic() - last_beat > self.queue.heartbeat_seconds / 3:
                        self.queue.beat(self.worker)
                        last_beat = time.monotonic()
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
        """This worker takes no more sites."""
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
