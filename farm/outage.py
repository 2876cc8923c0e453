"""A planted outage: chosen sites whose home page stops answering, as when a host or a shared
hosting platform goes down between two campaigns (`--outage-share`, `--outage-codes`;
docs/farm.md, "A planted outage"). It rehearses `vigie runs --health`, which must see the
timeout share move.

Only a site that would answer its home page can go down: one with a website whose name
resolves, whose HTTPS works, whose robots.txt lets a crawler in, and whose domain is neither
parked nor redirected elsewhere. Its home page then hangs (`Site.hangs`, the farm's existing
hanging page), so the truth (`farm/truth.py`, `expected_status`) says `timeout` for it, and
the crawl records exactly that.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass

from farm.model import Site


@dataclass(frozen=True)
class Outage:
    """`share`: each site that could go down does when a hash of the farm's seed and its index
    falls below it (deterministic; a larger share keeps the smaller one's sites down). `codes`:
    the sites with these codes go down too, whatever the share (an unknown code is refused by
    the farm)."""

    share: float = 0.0
    codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not (math.isfinite(self.share) and 0.0 <= self.share <= 1.0):
            raise ValueError(f"outage share {self.share}: give a number from 0 to 1")

    def __bool__(self) -> bool:
        return bool(self.share or self.codes)

    def check_codes(self, known: Iterable[str]) -> None:
        """ValueError naming the codes no site of the farm has."""
        unknown = sorted(set(self.codes) - set(known))
        if unknown:
            raise ValueError(f"outage: no site of the farm has code {', '.join(unknown)}")

    def takes_down(self, seed: int, site: Site) -> bool:
        """Whether this site's home page hangs because of the outage."""
        if not can_go_down(site):
            return False
        return site.code in self.codes or (
            self.share > 0 and outage_draw(seed, site.index) < self.share
        )


def can_go_down(site: Site) -> bool:
    """A site that answers its home page (what the outage stops), whatever it then shows."""
    return (
        site.host is not None
        and not site.dead
        and not site.tls_broken
        and not site.robots_disallow_all
        and site.fate not in ("parked", "offsite")
    )


def outage_draw(seed: int, index: int) -> float:
    """A number in [0, 1) fixed by the seed and the site's index, drawn on no stream of the
    farm's (adding the outage changes no other draw)."""
    digest = hashlib.sha1(f"{seed}:{index}:outage".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def parse_codes(text: str | None) -> tuple[str, ...]:
    """`"44001, 44002"` as codes (empty parts dropped)."""
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())
