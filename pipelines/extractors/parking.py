"""Parked domains: a registrar's or reseller's placeholder where the authority's site should be.

A parked home page is a scan status (`parked`), not a site with nothing on it: scoring it
would read "this commune has no accessibility mention" where the truth is "this commune's
domain shows no site at all".
"""

from __future__ import annotations

import re

from crawler.urls import by_host_suffix, host_of

from pipelines.extractors.page import Page

# Hosts whose scripts, frames or links only parking pages carry.
PARKING_HOSTS = {
    "sedoparking.com": "Sedo",
    "sedo.com": "Sedo",
    "parkingcrew.net": "ParkingCrew",
    "bodis.com": "Bodis",
    "above.com": "Above",
    "afternic.com": "Afternic",
    "dan.com": "Dan",
    "parklogic.com": "ParkLogic",
    "undeveloped.com": "Undeveloped",
}
# What placeholders say; trusted only on short pages, since a commune may well write that
# "le domaine de la Pinède est à vendre".
PARKING_TEXT = re.compile(
    r"(ce|le) (nom de )?domaine (est|a été|peut être|est peut-être) (à vendre|en vente|parqué|"
    r"enregistré (par|chez))|domaine (parqué|en parking)|this domain (is|may be) (for sale|parked)"
    r"|buy this domain|votre (nom de )?domaine a bien été (créé|enregistré)",
    re.IGNORECASE,
)
SHORT_PAGE_CHARACTERS = 1500


def parking_evidence(page: Page) -> str | None:
    """What shows the page is a parking placeholder, or None."""
    for source in [*page.scripts, *(link.url for link in page.links)]:
        provider = by_host_suffix(host_of(source) if "//" in source else "", PARKING_HOSTS)
        if provider:
            return f"{provider}: {source[:200]}"
    if len(page.text) <= SHORT_PAGE_CHARACTERS:
        match = PARKING_TEXT.search(page.text)
        if match:
            return match.group(0)
    return None
