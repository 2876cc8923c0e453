"""The shared site queue of a distributed crawl, in Redis.

The unit of work is a site, not a request: one worker crawls a whole site, so that per-site
politeness holds and a site's pages are chosen level by level as in a single-process crawl
(its rows never depend on which worker took it). Workers on any machine pop authority ids
from one Redis list with LMOVE into their own claims list, and release an id once its site
is stored in the shared database. The database decides what is done (a scan row in the run);
a site already stored is skipped.

Claims expire by themselves: each worker keeps a heartbeat key with a time to live, beaten
by a timer of the reactor (`spiders.targets.QueueClaims`) as long as the worker runs; a
worker whose key expired is dead, and the claims it left go back to the queue at the next
look of any live worker (every third of a heartbeat), of `vigie queue status` or `work` when
they start, or of a `seed`. The look and the move are one step (a Lua script), so a worker
that beats again in between keeps what it holds. A worker whose heartbeat lapsed while it was
only slow (its reactor blocked longer than a heartbeat) finds its sites taken back; whichever
copy is stored first wins, and the other is left out (`pipelines.store`: the run's unique
(run, authority) constraint refuses it, and its claim is released).

Claims are sized so that one worker cannot hoard a small run: a worker holds at most its fair
share of what is left, `ceil((waiting + held by live workers) / workers)`, where `workers` is
the larger of the live workers (at least 1) and the number the seed announced (`vigie queue
seed --workers N`), and never more than its own sites-in-flight cap. A national run's share
is far above the cap, so the cap rules; in a run of a few dozen sites announced for several
workers, the first worker to start leaves the others their part instead of taking
everything. Without an announcement (or with the default, 1), the live workers share what is
left: a worker started alone takes everything up to its cap.
"""

from __future__ import annotations

import hashlib
import math
import os
import socket
import time
from dataclasses import dataclass

import redis

HEARTBEAT_SECONDS = 30  # a worker silent this long is taken for dead
# Workers a seed announces unless told more (`--workers`): 1 announces no one else, so the
# live workers alone decide a fair share.
EXPECTED_WORKERS = 1
# A Redis call waits at most this long: the calls run in the crawl's reactor thread, and a
# Redis that hangs must end the claims (the queue is lost), not freeze the crawl.
REDIS_TIMEOUT_SECONDS = 10

# The claims of one worker back in the queue if, and only if, its heartbeat expired: the look
# and the move are one step, so a worker that beats and claims in between keeps its claims.
# KEYS: alive, claims, queue, workers; ARGV: the worker. Returns the ids moved, -1 if alive.
RECLAIM_IF_DEAD = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return -1
end
local ids = redis.call('LRANGE', KEYS[2], 0, -1)
for _, id in ipairs(ids) do
  redis.call('RPUSH', KEYS[3], id)
end
redis.call('DEL', KEYS[2])
redis.call('SREM', KEYS[4], ARGV[1])
return #ids
"""


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


@dataclass(frozen=True)
class WorkerState:
    """One worker as the queue knows it."""

    name: str
    alive: bool  # its heartbeat key has not expired
    heartbeat_age: float | None  # seconds since its last heartbeat (None: never beat)
    holding: int  # sites it has claimed and not released


class SiteQueue:
    def __init__(
        self, redis_url: str, database_url: str, run_id: int, heartbeat: int = HEARTBEAT_SECONDS
    ):
        self.redis = redis.Redis.from_url(
            redis_url,
            decode_responses=True,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )
        self.prefix = namespace(database_url, run_id)
        self.heartbeat_seconds = heartbeat
        self._reclaim_if_dead = self.redis.register_script(RECLAIM_IF_DEAD)

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

    @property
    def _beats(self) -> str:
        """worker -> time of its last heartbeat (kept after it expired: how long dead)."""
        return f"{self.prefix}:beats"

    @property
    def _expected(self) -> str:
        return f"{self.prefix}:expected_workers"

    def expect(self, workers: int) -> None:
        """How many workers the operator means to start (`vigie queue seed --workers`)."""
        self.redis.set(self._expected, max(1, workers))

    def seed(self, pending: list[int]) -> Seeded:
        """Queue the sites the database says are pending, once each: the claims of dead
        workers go back first; ids already queued or held by a live worker stay as they are."""
        requeued = self.reclaim_dead()
        held: set[str] = set()
        for worker in self._names():
            held.update(str(claim) for claim in self.redis.lrange(self._claims(worker), 0, -1))
        waiting = {str(item) for item in self.redis.lrange(self.queue, 0, -1)}
        fresh = [str(i) for i in pending if str(i) not in waiting and str(i) not in held]
        if fresh:
            self.redis.rpush(self.queue, *fresh)
        return Seeded(len(fresh) + requeued, requeued, self.waiting(), len(held))

    def _names(self) -> list[str]:
        return sorted(str(name) for name in self.redis.smembers(self._workers))

    def reclaim_dead(self) -> int:
        """Put the claims of workers whose heartbeat expired back in the queue; how many.

        Each worker's look and move are one script (`RECLAIM_IF_DEAD`): a worker that beats
        again after the look keeps its claims, and two workers reclaiming at once never queue
        an id twice."""
        requeued = 0
        for worker in self._names():
            keys = [self._alive(worker), self._claims(worker), self.queue, self._workers]
            moved = int(str(self._reclaim_if_dead(keys=keys, args=[worker])))
            requeued += max(0, moved)
        return requeued

    def workers(self) -> list[WorkerState]:
        """Every worker with claims or a heartbeat, live or dead, by name."""
        now = time.time()
        states = []
        for worker in self._names():
            beat = self.redis.hget(self._beats, worker)
            states.append(
                WorkerState(
                    worker,
                    bool(self.redis.exists(self._alive(worker))),
                    None if beat is None else max(0.0, now - float(str(beat))),
                    int(str(self.redis.llen(self._claims(worker)))),
                )
            )
        return states

    def fair_share(self) -> int:
        """How many sites one worker may hold now (module docstring)."""
        live = [state for state in self.workers() if state.alive]
        left = self.waiting() + sum(state.holding for state in live)
        announced = self.redis.get(self._expected)  # None: no seed announced workers
        expected = 1 if announced is None else int(str(announced))
        return max(1, math.ceil(left / max(len(live), expected, 1)))

    def may_claim(self, worker: str) -> bool:
        """Whether this worker holds less than its fair share."""
        return int(str(self.redis.llen(self._claims(worker)))) < self.fair_share()

    def claim(self, worker: str) -> int | None:
        """The next site for this worker, held in its claims until released."""
        self.redis.sadd(self._workers, worker)
        taken = self.redis.lmove(self.queue, self._claims(worker), "LEFT", "RIGHT")
        return None if taken is None else int(str(taken))

    def release(self, worker: str, authority_id: int) -> None:
        self.redis.lrem(self._claims(worker), 1, str(authority_id))

    def beat(self, worker: str) -> bool:
        """This worker is alive, for a heartbeat more; whether it still was (False: its
        heartbeat had expired, or it never beat, and its claims may have gone back)."""
        with self.redis.pipeline(transaction=True) as pipeline:  # one step, one round trip
            pipeline.exists(self._alive(worker))
            pipeline.sadd(self._workers, worker)
            pipeline.set(self._alive(worker), "1", ex=self.heartbeat_seconds)
            pipeline.hset(self._beats, worker, f"{time.time():.3f}")
            was_alive, *_ = pipeline.execute()
        return bool(was_alive)

    def stop(self, worker: str) -> None:
        """A worker that ends on its own: nothing of it is left to take back."""
        self.redis.delete(self._alive(worker))
        if not self.redis.llen(self._claims(worker)):
            self.redis.srem(self._workers, worker)
            self.redis.hdel(self._beats, worker)

    def waiting(self) -> int:
        return int(str(self.redis.llen(self.queue)))

    def clear(self) -> None:
        for key in self.redis.scan_iter(f"{self.prefix}:*"):
            self.redis.delete(key)
