"""The shared site queue of a distributed crawl, in Redis.

The unit of work is a site, not a request: one worker crawls a whole site, so that per-site
politeness holds and a site's pages are chosen level by level as in a single-process crawl
(its rows never depend on which worker took it). Workers on any machine pop authority ids
from one Redis list with LMOVE into their own claims list, and release an id once its site
is stored in the shared database: a worker killed half way leaves its claims behind, and the
next `seed` puts the claims of workers whose heartbeat stopped back in the queue. The
database decides what is done (a scan row in the run); a site already stored is skipped.
"""

from __future__ import annotations

import hashlib
import os
import socket
from dataclasses import dataclass

import redis

HEARTBEAT_SECONDS = 30  # a worker silent this long is taken for dead


def namespace(database_url: str, run_id: int) -> str:
    """Keys of one run of one database: two databases may share a Redis server."""
    digest = hashlib.sha1(database_url.encode("utf-8")).hexdigest()[:10]
    return f"vigie:{digest}:run:{run_id}"


def worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


@dataclass(frozen=True)
class Seeded:
    queued: int  # ids pushed by this seed
    requeued: int  # of which taken back from dead workers' claims
    waiting: int  # ids in the queue after the seed
    claimed: int  # ids held by live workers


class SiteQueue:
    def __init__(
        self, redis_url: str, database_url: str, run_id: int, heartbeat: int = HEARTBEAT_SECONDS
    ):
        self.redis = redis.Redis.from_url(redis_url, decode_responses=True)
        self.prefix = namespace(database_url, run_id)
        self.heartbeat_seconds = heartbeat

    @property
    def queue(self) -> str:
        return f"{self.prefix}:queue"

    def _claims(self, worker: str) -> str:
        return f"{self.prefix}:claims:{worker}"

    def _alive(self, worker: str) -> str:
        return f"{self.prefix}:alive:{worker}"

    @property
    def _workers(self) -> str:
        return f"{self.prefix}:workers"

    def seed(self, pending: list[int]) -> Seeded:
        """Queue the sites the database says are pending, once each: the claims of dead
        workers go back first; ids already queued or held by a live worker stay as they are."""
        requeued = 0
        held: set[str] = set()
        for worker in sorted(str(name) for name in self.redis.smembers(self._workers)):
            claims = [str(claim) for claim in self.redis.lrange(self._claims(worker), 0, -1)]
            if self.redis.exists(self._alive(worker)):
                held.update(claims)
                continue
            for _ in claims:
                if self.redis.lmove(self._claims(worker), self.queue, "LEFT", "RIGHT"):
                    requeued += 1
            self.redis.srem(self._workers, worker)
        waiting = {str(item) for item in self.redis.lrange(self.queue, 0, -1)}
        fresh = [str(i) for i in pending if str(i) not in waiting and str(i) not in held]
        if fresh:
            self.redis.rpush(self.queue, *fresh)
        return Seeded(
            len(fresh) + requeued,
            requeued,
            self.waiting(),
            len(held),
        )

    def claim(self, worker: str) -> int | None:
        """The next site for this worker, held in its claims until released."""
        self.redis.sadd(self._workers, worker)
        taken = self.redis.lmove(self.queue, self._claims(worker), "LEFT", "RIGHT")
        return None if taken is None else int(str(taken))

    def release(self, worker: str, authority_id: int) -> None:
        self.redis.lrem(self._claims(worker), 1, str(authority_id))

    def beat(self, worker: str) -> None:
        self.redis.set(self._alive(worker), "1", ex=self.heartbeat_seconds)

    def stop(self, worker: str) -> None:
        """A worker that ends on its own: nothing of it is left to take back."""
        self.redis.delete(self._alive(worker))
        if not self.redis.llen(self._claims(worker)):
            self.redis.srem(self._workers, worker)

    def waiting(self) -> int:
        return int(str(self.redis.llen(self.queue)))

    def clear(self) -> None:
        for key in self.redis.scan_iter(f"{self.prefix}:*"):
            self.redis.delete(key)
