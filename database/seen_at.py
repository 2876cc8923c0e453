"""When the crawl saw each finding (`findings.seen_at`): the fetch time of its evidence page.

A site item carries its pages with their fetch times and its findings with their evidence
URL; a finding is dated by the first page of the item (in the item's order: crawl order,
depth then URL, the order the evidence was chosen in) whose final or requested URL is its
evidence URL. (Migration 0011 dated the rows stored before it by the earliest such page;
the two differ only where a page was fetched twice, plainly then in a browser, under two
URLs.) A finding whose evidence is no page of the item (a site rule's
evidence, a page the item does not list) takes the time its site was stored
(`site_scans.finished_at`), so a new row is never undated. `vigie prune` deletes pages, not
these times."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from crawler.items import SiteItem


def page_times(item: SiteItem) -> dict[str, datetime]:
    """Each URL the item's pages were asked for or answered at -> the first one's fetch time."""
    times: dict[str, datetime] = {}
    for page in item.pages:
        for url in (page.final_url, page.requested_url):
            times.setdefault(url, page.fetched_at)
    return times


def finding_rows(item: SiteItem) -> list[dict[str, Any]]:
    """The `findings` rows of a site item, each with its `seen_at`."""
    if item.website_id is None:
        return []
    times = page_times(item)
    return [
        {
            "run_id": item.run_id,
            "authority_id": item.authority_id,
            "website_id": item.website_id,
            **asdict(finding),
            "seen_at": times.get(finding.evidence_url, item.finished_at),
        }
        for finding in item.findings
    ]
