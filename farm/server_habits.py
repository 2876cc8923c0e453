"""How a farm site's server answers a page it does not have, and how fast it serves its home
page (issue 23): the truth of `quality.not_found` and `quality.load_time`.

A share of servers hide a missing page (`SOFT_404_SHARE`): for any path without a page they
answer 200 with the home page (a CMS that falls back on its front page), 200 with a "Page
introuvable" page in the site's layout, or a 302 to the home page; the others answer 404.
Either way for every such path, the broken links of the menu too: a hidden missing page is a
page like any other to a crawler, and the pages these servers send instead show nothing that
the site's other pages do not (its home page, or its layout around one sentence), so the
site's findings are the same. A small share serve the home page late (`SLOW_HOME_SHARE`,
`SLOW_HOME_SECONDS`): its answer waits at least that long, well above the score's "poor"
threshold (1.8 s) and well under the tests' smallest download timeout (5 s), so a busy
machine, which only adds time, can neither make it fast nor, unless it adds 2 s, a timeout.

Drawn from (seed, index) on a stream of its own: no other draw of a site changed, and the
server and the truth, which both hold the farm, draw the same habits."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from farm.catalogue import Farm
from farm.layout import body as page_body
from farm.layout import head
from farm.markup import skip_link
from farm.model import Site
from farm.pages import _break, _wrap_for_javascript, page_html

SOFT_404_SHARE = 0.3
SOFT_404_KINDS = ("home", "page", "redirect")
SLOW_HOME_SHARE = 0.08
SLOW_HOME_SECONDS = 3.0
NOT_FOUND_TITLE = "Page introuvable"
NOT_FOUND_TEXT = (
    "<p>La page que vous demandez n'existe pas ou a été déplacée.</p>"
    "<p>Utilisez le menu pour retrouver votre chemin.</p>"
)
# What the truth says of the load time: a slow home page at least this many milliseconds,
# any other any value (a measurement the farm does not predict).
AT_LEAST = ">="
ANY_VALUE = "*"
# Truth flags of a finding: the load time is owed only where the run downloaded the home page
# (a home page revalidated from the HTTP cache was not timed).
FLAGS: dict[str, dict[str, Any]] = {"quality.load_time": {"needs_fresh_home": True}}


@dataclass(frozen=True)
class ServerHabits:
    soft_404: str | None  # a kind of SOFT_404_KINDS, or None for a server that says 404
    slow_home: bool


def server_habits(farm: Farm, site: Site) -> ServerHabits:
    rng = random.Random(f"{farm.seed}:{site.index}:server-habits")
    soft = rng.choice(SOFT_404_KINDS) if rng.random() < SOFT_404_SHARE else None
    return ServerHabits(soft_404=soft, slow_home=rng.random() < SLOW_HOME_SHARE)


def home_delay(farm: Farm, site: Site) -> float:
    """Seconds the home page's answer waits at least (0 for a home page served at once)."""
    return SLOW_HOME_SECONDS if server_habits(farm, site).slow_home else 0.0


def redirects_missing_pages(farm: Farm, site: Site) -> bool:
    return server_habits(farm, site).soft_404 == "redirect"


def missing_page_html(farm: Farm, site: Site, path: str) -> str | None:
    """What a server that hides missing pages sends, with 200, for a path it has no page for:
    its home page, or a "Page introuvable" page in its layout; None for one that says 404 (or
    redirects: `redirects_missing_pages`)."""
    kind = server_habits(farm, site).soft_404
    if kind == "home":
        return page_html(farm, site, site.home_path)
    if kind != "page":
        return None
    body = page_body(farm, site, NOT_FOUND_TITLE, NOT_FOUND_TEXT, path)
    if site.js_only:
        body = _wrap_for_javascript(body)
    body = skip_link(site) + body  # as on every page of the site (farm/pages.py)
    document = (
        f'<!DOCTYPE html>\n<html lang="fr">{head(site, NOT_FOUND_TITLE)}<body>{body}</body></html>'
    )
    return _break(document) if site.broken_html else document


def habit_findings(farm: Farm, site: Site) -> list[tuple[str, str]]:
    """What a perfect crawler reports of the server: how it answers the not-found probe, and
    the home page's load time (at least the delay of a slow one, any value otherwise)."""
    habits = server_habits(farm, site)
    load_time = f"{AT_LEAST}{SLOW_HOME_SECONDS * 1000:.0f}" if habits.slow_home else ANY_VALUE
    return [
        ("quality.not_found", "soft-404" if habits.soft_404 else "404"),
        ("quality.load_time", load_time),
    ]
