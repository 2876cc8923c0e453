"""Checks every item against the one schema before anything is stored."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from crawler.items import SiteItem, SocialProfileItem
from database.statuses import NOT_MEASURED, SCAN_STATUSES


def problems(item: Any) -> list[str]:
    if isinstance(item, SocialProfileItem):
        return [] if item.platform and item.url else ["social profile without platform or URL"]
    if not isinstance(item, SiteItem):
        return [f"not a SiteItem: {type(item).__name__}"]
    found = []
    if item.status not in SCAN_STATUSES:
        found.append(f"unknown status {item.status!r}")
    if item.status != "ok" and item.findings:
        found.append(f"findings on a site with status {item.status}")
    if item.status in NOT_MEASURED and not any(page.error for page in item.pages):
        # "Not measured" is said of a page: the one that needed a browser and did not get it.
        found.append(f"status {item.status} without the page it is about")
    if item.website_id is None and (item.pages or item.status != "no_website"):
        found.append("pages or a crawl status without a website")
    found += [f"finding without evidence: {f.feature}" for f in item.findings if not f.evidence_url]
    return found


class ValidateItemPipeline:
    def process_item(self, item: Any) -> Any:
        errors = problems(item)
        if errors:
            raise DropItem("; ".join(errors))
        return item
