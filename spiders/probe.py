"""The not-found probe: once a site's home page has made it measured, one request for a page
that cannot exist (`database.not_found_probe.probe_url`), whose answer says whether the server
admits a missing page (`quality.not_found`); and the site's findings that no page shows (the
probe's, the home page's load time: `pipelines/extractors/site_measures.py`).

The probe is sent with the first level below the home page and that level waits for it, so
which pages follow never depends on it; it is not counted in the page budget (the pages a site
is read by are the same with it or without it). It goes through the same middlewares as a page
(the address guard, robots.txt: a path robots.txt forbids is not asked), is retried once like
a page below the home page, and is never rendered. Its page row is kept with the site's pages,
answered or failed, but nothing is read from it: no extractor sees its body, so an error page
gives no finding of the site's content. A failure (a 5xx, a timeout, robots.txt) gives no
finding: how the site answers a missing page stays unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import Finding
from database.not_found_probe import probe_url
from pipelines.extractors.site_measures import load_time_finding, not_found_finding
from spiders.outcomes import status_of_failure
from spiders.responses import failed_page_record, page_record
from spiders.site_state import SiteState

PROBE_RETRIES = 1
PROBE_DEPTH = 1  # the depth its page row is stored with: one step from the home page


class NotFoundProbe:
    """The site spider's probe: asked once a measured site, at the first level below its home."""

    sites: dict[int, SiteState]
    not_found_probe: bool

    def _probe_request(self, state: SiteState) -> Iterator[scrapy.Request]:
        """The probe, when the level below the home page is being asked for a measured site."""
        if not self.not_found_probe or state.level != 1 or state.status != "ok":
            return
        if state.final_url is None:
            return
        state.pending += 1
        yield scrapy.Request(
            probe_url(state.final_url),
            callback=self.parse_probe,
            errback=self.probe_failed,
            dont_filter=True,
            # 404 and 410 are the answers looked for: to the callback, not to the errback.
            meta={"max_retry_times": PROBE_RETRIES, "handle_httpstatus_list": [404, 410]},
            cb_kwargs={"site": state.target.authority_id, "depth": PROBE_DEPTH},
        )

    def parse_probe(self, response: Response, site: int, depth: int) -> Iterator[Any]:
        state = self.sites[site]
        state.pending -= 1
        record = page_record(response, depth)
        state.pages.append(record)
        content_type = response.headers.get(b"Content-Type")
        finding = not_found_finding(
            record.requested_url,
            response.status,
            content_type.decode("latin-1") if content_type else None,
            response.body,
            response.url,
            state.final_url or "",
        )
        if finding is not None:
            state.measures.append(finding)
        yield from self._next_step(state)

    def probe_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        state = self.sites[request.cb_kwargs["site"]]
        state.pending -= 1
        _, detail = status_of_failure(failure)
        state.pages.append(failed_page_record(request, failure, detail))
        yield from self._next_step(state)

    def _next_step(self, state: SiteState) -> Iterator[Any]:  # the site spider's
        raise NotImplementedError


def measured_findings(state: SiteState) -> list[Finding]:
    """The site's findings that no page shows: the probe's answer, the home page's load time."""
    load_time = load_time_finding(state.pages)
    return [*state.measures, *([load_time] if load_time else [])]
