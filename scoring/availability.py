"""Whether an authority's site answered across the runs: derived at scoring time from the
scans of the runs up to the one scored, never stored as a finding (docs/method.md § 2).

An observation is a scan a run made itself (a scan a partial run carried from its base run is
that run's measurement, counted once, there) whose status says whether the server answered:
`ok` it did; `connection_failure`, `timeout`, `dns_failure`, `tls_error` or `http_error` with a
5xx it did not. Other statuses say nothing of it (no site, robots.txt, a parked domain, a
redirect elsewhere or in a loop, a home page that is no page, a 4xx, a private address, a site
the crawl could not measure) and are no observation. The figure is the share of the last
`WINDOW` observations, up to and including the scored run, where the site answered, written
"answered/observed" so that it carries its n; with fewer than `MINIMUM` observations it is
unknown (no finding: an indicator with `missing = "skip"` leaves it out of its axis), and its
reason says how many there were. Runs are taken in the order they started, only those that
started no later than the scored one: re-scoring an old run gives the same figure whatever
was crawled since.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, and_, or_, select

from database.models import CrawlRun, SiteScan

# The derived feature: a family of its own, which no extractor writes.
ANSWERED = "availability.answered"  # "answered/observed", e.g. "2/3"; absent when unknown
DERIVED_FEATURES = frozenset({ANSWERED})
WINDOW = 3
MINIMUM = 2
ANSWERED_STATUSES = frozenset({"ok"})
DOWN_STATUSES = frozenset({"connection_failure", "timeout", "dns_failure", "tls_error"})
SERVER_ERROR = re.compile(r"^HTTP 5\d\d\b")  # an http_error's detail (spiders/outcomes.py)

Findings = dict[str, set[str]]


@dataclass(frozen=True)
class Availability:
    """One authority's observations in the window, newest first: (run id, answered)."""

    observations: tuple[tuple[int, bool], ...]

    @property
    def observed(self) -> int:
        return len(self.observations)

    @property
    def answered(self) -> int:
        return sum(1 for _, up in self.observations if up)

    @property
    def value(self) -> str | None:
        """'2/3', or None when too few runs observed the site to tell."""
        return f"{self.answered}/{self.observed}" if self.observed >= MINIMUM else None

    @property
    def reason(self) -> str:
        """Which runs the figure rests on, or why there is none."""
        runs = ", ".join(str(run) for run, _ in self.observations)
        if self.value is None:
            seen = f"only in run {runs}" if runs else "in no run"
            return f"unknown: the site's answer was observed {seen}; {MINIMUM} runs are needed"
        return f"runs {runs}"


def observation(status: str, detail: str | None) -> bool | None:
    """Whether a scan saw the server answer (True), saw it down (False), or tells nothing."""
    if status in ANSWERED_STATUSES:
        return True
    if status in DOWN_STATUSES:
        return False
    if status == "http_error" and SERVER_ERROR.match(detail or ""):
        return False
    return None


def availability(
    engine: Engine, run_id: int, authority_ids: Iterable[int]
) -> dict[int, Availability]:
    """Each authority's observations over the runs up to `run_id` (by their start, then their
    number), the newest `WINDOW` of them."""
    wanted = set(authority_ids)
    with engine.connect() as connection:
        started = connection.execute(
            select(CrawlRun.started_at).where(CrawlRun.id == run_id)
        ).scalar_one()
        before = or_(
            CrawlRun.started_at < started,
            and_(CrawlRun.started_at == started, CrawlRun.id <= run_id),
        )
        rows = connection.execute(
            select(SiteScan.authority_id, SiteScan.run_id, SiteScan.status, SiteScan.detail)
            .join(CrawlRun, CrawlRun.id == SiteScan.run_id)
            .where(before, SiteScan.carried_from_run_id.is_(None))
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
        ).all()
    seen: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for authority_id, scan_run, status, detail in rows:
        up = observation(status, detail)
        if authority_id in wanted and up is not None and len(seen[authority_id]) < WINDOW:
            seen[authority_id].append((scan_run, up))
    return {authority_id: Availability(tuple(seen[authority_id])) for authority_id in wanted}


def derived_findings(
    engine: Engine, run_id: int, authority_ids: Iterable[int]
) -> dict[int, Findings]:
    """The derived finding of each authority whose availability is known."""
    return {
        authority_id: {ANSWERED: {figure.value}}
        for authority_id, figure in availability(engine, run_id, authority_ids).items()
        if figure.value is not None
    }
