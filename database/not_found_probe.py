"""The not-found probe's address: one path per site that cannot exist, asked once of each
measured site (`spiders/probe.py`), whose answer says how the site answers a page it does not
have (`quality.not_found`, docs/features.md).

Its page row is stored with the site's pages (its answer, or its failure), told apart by its
path: it is no page of the site, so the counts of pages a site was read by leave it out
(`PROBE_PAGE`, `is_probe`). Here, beside the page schema, because the spider that asks it and
the reports that count pages both read the database's vocabulary."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from database.models import PageRow

# A fixed, documented prefix; the rest is 8 hex digits of the host's SHA-256, so the address
# looks random to a server (no rule of it can match it) and is the same at every run.
PROBE_PREFIX = "/vigie-page-inexistante-"


def probe_path(host: str) -> str:
    """`/vigie-page-inexistante-<8 hex digits of the host name's SHA-256>`."""
    return PROBE_PREFIX + hashlib.sha256(host.lower().encode()).hexdigest()[:8]


def probe_url(home_url: str) -> str:
    """The probe's address on the server the home page was read from (scheme, host, port)."""
    parts = urlsplit(home_url)
    return urlunsplit((parts.scheme, parts.netloc, probe_path(parts.hostname or ""), "", ""))


def is_probe(url: str) -> bool:
    return urlsplit(url).path.startswith(PROBE_PREFIX)


# The probe's page rows (SQL): what a count of a site's pages leaves out.
PROBE_PAGE = PageRow.requested_url.contains(PROBE_PREFIX, autoescape=True)
