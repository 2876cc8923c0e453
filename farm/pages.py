"""Whole HTML pages of the farm's sites; pure: (farm, site, path) -> text.

The pieces live in their own modules: `paths` (where pages are), `contents` (what each says),
`layout` (head, menu, footer), `home` (the home page's blocks), `markup` (links, dates).
"""

from __future__ import annotations

import json
import re

from farm.catalogue import Farm
from farm.contents import calendar_content, text_pages
from farm.layout import body as page_body
from farm.layout import footer_content, head
from farm.markup import skip_link
from farm.model import Site
from farm.paths import ARCHIVE, HOSTILE_PAGES, LARGE_PAGE
from farm.real_world import FOOTER_FRAGMENT
from farm.relays import relay_block

# Imported from here by tests and benchmarks.
__all__ = ["ARCHIVE", "HOSTILE_PAGES", "LARGE_PAGE", "footer_fragment", "page_html", "text_pages"]


def page_html(farm: Farm, site: Site, path: str) -> str | None:
    """The page at `path` (query included), or None when the site has no such page."""
    page = _title_and_content(site, path)
    if page is None:
        return None
    title, content = page
    if path == site.home_path:  # the home page's links to other organisations (farm/relays.py)
        content += relay_block(farm, site)
    body = page_body(farm, site, title, content, path)
    if site.js_only:
        body = _wrap_for_javascript(body)
    # Outside what a script builds: site builders serve their skip link in the static shell.
    body = skip_link(site) + body
    document = f'<!DOCTYPE html>\n<html lang="fr">{head(site, title)}<body>{body}</body></html>'
    return _break(document) if site.broken_html else document


def footer_fragment(site: Site) -> str | None:
    """The footer a script fetches into every page (`FOOTER_FRAGMENT`), on the sites that
    serve one: the footer's content, in the site's markup habits; not a page of its own."""
    if not site.script_footer:
        return None
    fragment = footer_content(site, FOOTER_FRAGMENT)
    return _break(fragment) if site.broken_html else fragment


def _title_and_content(site: Site, path: str) -> tuple[str, str] | None:
    if site.trap == "calendar" and path.startswith("/agenda?mois="):
        month = path.split("=", 1)[1]
        if not re.fullmatch(r"\d{4}-\d{2}", month):
            return None
        return "Agenda", calendar_content(month)
    return text_pages(site).get(re.sub(r"[?&]sid=[0-9a-f]+$", "", path))


def _break(markup: str) -> str:
    """Markup as hand-edited sites write it: unclosed items, unquoted attributes, stray tags."""
    markup = re.sub(r"</(li|p)>", "", markup)
    markup = re.sub(r'href="(/[^"\s<>]*)"', r"href=\1", markup)
    return markup.replace("</main>", "</div></div></main>").replace("</body></html>", "")


def _wrap_for_javascript(body: str) -> str:
    """A Wix-like page: the body is an empty shell that a script fills in. A script in the body
    (schema.org JSON-LD) has its end tag escaped in the string, or it would end the filler."""
    code = json.dumps(body).replace("</script", "<\\/script")
    return f'<div id="SITE_CONTAINER"></div><script>document.getElementById("SITE_CONTAINER").innerHTML = {code};</script>'
