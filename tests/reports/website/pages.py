"""Which built pages the browser tests and the screenshots open, chosen from the content the
site was built from (never from file names): a measured authority, one not measured, the
first département and région."""

from __future__ import annotations

from typing import NamedTuple

from reports.website.content import SiteContent

HOME = "index.html"
AUTHORITIES = "collectivites.html"


class ShownPages(NamedTuple):
    measured: str  # an authority page with a score
    not_measured: str  # an authority page saying why it has none
    departement: str
    region: str


def shown_pages(content: SiteContent) -> ShownPages:
    """The pages to open, as paths relative to the site's root. Consumes the content's
    authority pages: build the site from another `sample_content()`."""
    authorities = list(content.authority_pages)
    measured = next(page.path for page in authorities if page.measured)
    not_measured = next(page.path for page in authorities if not page.measured)
    departement = next(page.path for page in content.territories if page.kind == "Département")
    region = next(page.path for page in content.territories if page.kind == "Région")
    return ShownPages(measured, not_measured, departement, region)
