"""A site's links to other organisations: one row per registered domain, its evidence the
first page in crawl order whatever order the pages answered in."""

from __future__ import annotations

from itertools import permutations

from pipelines.extractors.page import Link
from spiders.outbound import OutboundLinks


def link(url: str, text: str = "") -> Link:
    return Link(url=url, text=text, rel="", snippet=f'<a href="{url}">{text}</a>')


PAGES = [
    (0, "https://www.ville.fr/", [
        link("https://www.ville.fr/contact", "Contact"),
        link("https://www.service-public.fr/particuliers", "Vos droits"),
        link("https://annuaire.service-public.fr/", "Annuaire"),
        link("https://www.facebook.com/ville", "Facebook"),
    ]),
    (1, "https://www.ville.fr/b", [
        link("https://www.facebook.com/ville", "Suivez-nous"),
        link("http://192.168.1.4/admin", "Intranet"),
        link("https://ville.fr/a", "Sans www"),
    ]),
    (1, "https://www.ville.fr/a", [
        link("https://www.tourisme-val.fr/", "Destination"),
        link("https://www.e-monsite.com/", "Site créé avec e-monsite"),
        link("https://asso-foot.e-monsite.com/", "Le club de foot"),
        link("https://www.facebook.com/ville", "Facebook"),
    ]),
]  # fmt: skip


def test_links_are_summed_up_per_domain_outside_the_site() -> None:
    outbound = OutboundLinks()
    for depth, url, links in PAGES:
        outbound.add(depth, url, links, "ville.fr")
    rows = {row.domain: row for row in outbound.items()}
    # The site's own pages and an address without a name are no organisation.
    assert list(rows) == [
        "asso-foot.e-monsite.com",  # a free host's subdomain is its own organisation
        "e-monsite.com",  # and the builder's own site another
        "facebook.com",
        "service-public.fr",
        "tourisme-val.fr",
    ]
    assert rows["facebook.com"].pages == 3
    # Two hosts of one domain: one organisation, the page's first link its evidence.
    assert rows["service-public.fr"].pages == 1
    assert rows["service-public.fr"].host == "www.service-public.fr"
    assert rows["service-public.fr"].anchor == "Vos droits"
    assert rows["tourisme-val.fr"].evidence_url == "https://www.ville.fr/a"


def test_the_evidence_does_not_depend_on_the_order_pages_answered_in() -> None:
    results = set()
    for order in permutations(PAGES):
        outbound = OutboundLinks()
        for depth, url, links in order:
            outbound.add(depth, url, links, "ville.fr")
        results.add(tuple(outbound.items()))
    assert len(results) == 1
    facebook = next(row for row in results.pop() if row.domain == "facebook.com")
    assert (facebook.evidence_url, facebook.anchor) == ("https://www.ville.fr/", "Facebook")
