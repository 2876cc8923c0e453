"""A site's legal and statement links checked against the pages the crawl read, through the
spider itself (responses handed to it in memory, no server): the rule of docs/features.md,
"a link counts when its target is that page"."""

from __future__ import annotations

import scrapy
from scrapy.http import HtmlResponse

from crawler.items import SiteItem
from database.repository import Target
from spiders.responses import now
from spiders.site import SiteSpider, SiteState

SITE = "http://essai.fr/"


def page(title: str, body: str) -> bytes:
    return (
        f"<!DOCTYPE html><html lang='fr'><head><title>{title}</title></head><body>"
        f"<header><a href='/'>Mairie d'Essai</a></header><main>{body}</main>"
        "<footer><a href='/infos'>Mentions légales</a> <a href='/page-12'>Accessibilité</a>"
        "</footer></body></html>"
    ).encode()


HOME = page("Mairie d'Essai", "<h1>Bienvenue</h1><p>Horaires et services de la commune.</p>")
CONTACT = page("Contact - Mairie d'Essai", "<h1>Nous écrire</h1><form method='post'></form>")
STATEMENT = page("Accessibilité - Mairie d'Essai", "<h1>Accessibilité</h1><p>Non conforme.</p>")


def answer(request: scrapy.Request, body: bytes, final_url: str | None = None) -> HtmlResponse:
    if final_url:  # as Scrapy's redirect middleware leaves it
        request = request.replace(
            url=final_url, meta={**request.meta, "redirect_urls": [request.url]}
        )
    return HtmlResponse(
        request.url, body=body, headers={"Content-Type": "text/html"}, request=request
    )


def crawl(bodies: dict[str, tuple[bytes, str | None]]) -> SiteItem:
    """The site crawled from its home page, each page below answered from `bodies`."""
    spider = SiteSpider(run_id=1, database_url="sqlite://", max_depth=1, not_found_probe=False)
    state = SiteState(Target(1, 1, SITE, "Essai"), "essai.fr", now())
    spider.sites[1] = state
    below = list(spider.parse_page(answer(spider._request(state, SITE, 0), HOME), site=1, depth=0))
    assert sorted(request.url for request in below) == sorted(bodies)
    out: list[object] = []
    for request in sorted(below, key=lambda request: request.url):
        body, final_url = bodies[request.url]
        out += spider.parse_page(answer(request, body, final_url), site=1, depth=1)
    [item] = out
    assert isinstance(item, SiteItem)
    return item


def links(item: SiteItem) -> dict[str, str]:
    features = ("legal.notice_url", "a11y.statement_url")
    return {f.feature: f.value for f in item.findings if f.feature in features}


def test_links_whose_targets_are_other_pages_are_dropped_and_those_to_their_page_kept() -> None:
    item = crawl({SITE + "infos": (CONTACT, None), SITE + "page-12": (STATEMENT, None)})
    assert item.status == "ok"
    assert links(item) == {"a11y.statement_url": SITE + "page-12"}


def test_a_target_that_redirects_to_the_contact_page_is_dropped() -> None:
    item = crawl(
        {SITE + "infos": (CONTACT, SITE + "contact/"), SITE + "page-12": (STATEMENT, None)}
    )
    assert links(item) == {"a11y.statement_url": SITE + "page-12"}
    assert {page.requested_url: page.final_url for page in item.pages}[SITE + "infos"] == (
        SITE + "contact/"
    )
