"""Small pieces of HTML every farm page writes: internal links, dates, the skip link."""

from __future__ import annotations

import hashlib
import html
from datetime import date

from farm.model import Site

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def skip_link(site: Site) -> str:
    return '<a href="#contenu" class="evitement">Aller au contenu</a>' if site.skip_link else ""


def session_id(path: str) -> str:
    return hashlib.sha1(path.encode()).hexdigest()[:10]


def link(site: Site, path: str, text: str, current: str) -> str:
    """A link from the page at `current`; on session-trap sites, internal ones carry a new sid."""
    if site.trap == "session" and path.startswith("/"):
        path = f"{path}{'&' if '?' in path else '?'}sid={session_id(current + path)}"
    return f'<a href="{html.escape(path)}">{text}</a>'


def social_links(site: Site, placement: str) -> str:
    """The authority's own accounts placed in the page's header, footer or body."""
    items = "".join(
        f'<li><a href="{html.escape(s.url)}" title="{s.platform}">Suivez-nous sur {s.platform}</a></li>'
        for s in site.socials
        if s.placement == placement
    )
    return f'<ul class="social">{items}</ul>' if items else ""
