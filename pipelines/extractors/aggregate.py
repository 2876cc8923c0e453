"""The site-level rule: how findings seen on several pages become the findings of one site."""

from __future__ import annotations

from collections.abc import Iterable

from crawler.items import Finding

# Features a site has once: the first page in crawl order (home page first) gives the value.
SINGLE_VALUED = frozenset(
    {"a11y.mention", "a11y.statement_url", "legal.notice_url", "legal.privacy_url", "tech.cms"}
)


def aggregate_site(pages: Iterable[tuple[int, str, list[Finding]]]) -> list[Finding]:
    """Findings of a site from (depth, page URL, findings) of each page.

    Pages are taken in a fixed order (depth, then URL), so the result does not depend on the
    order responses arrived in. A (feature, value) pair is kept once, with the evidence of the
    first page that shows it; a single-valued feature keeps only its first value.
    """
    kept: dict[tuple[str, str], Finding] = {}
    single_seen: set[str] = set()
    for _depth, _url, findings in sorted(pages, key=lambda page: (page[0], page[1])):
        for finding in findings:
            if finding.feature in SINGLE_VALUED:
                if finding.feature in single_seen:
                    continue
                single_seen.add(finding.feature)
            kept.setdefault((finding.feature, finding.value), finding)
    return list(kept.values())
