"""The site-level rule: how findings seen on several pages become the findings of one site."""

from __future__ import annotations

from collections.abc import Iterable

from crawler.items import Finding

from pipelines.extractors.tracking import DETECTOR as TRACKING_DETECTOR

# Features a site has once: the first page in crawl order (home page first) gives the value.
SINGLE_VALUED = frozenset(
    {
        "a11y.mention",
        "a11y.statement_url",
        "legal.notice_url",
        "legal.privacy_url",
        "tech.cms",
        "consent.manager",
        "tech.dsfr",
        "security.https",
        "security.hsts",
        "tech.domain",
        "a11y.conformity_rate",
        "a11y.rgaa_version",
        "a11y.statement_contact",
        "a11y.recourse",
        "a11y.schema",
        "transparency.acts",
        "transparency.budget",
        "transparency.council_video",
        "legal.dpo_contact",
        "contact.form",
    }
)
# Features a site has once, whose greatest value over all pages is the site's.
GREATEST_VALUED = frozenset(
    {
        "freshness.latest_news",
        "freshness.sitemap_lastmod",
        "freshness.copyright_year",
        "freshness.last_modified",
        "a11y.audit_date",
        "freshness.updated",
    }
)
# Measures taken on each page, whose median over the site's pages is the site's (the page
# nearest below the middle gives the evidence).
MEDIAN_VALUED = frozenset({"readability.kandel_moles"})


def aggregate_site(pages: Iterable[tuple[int, str, list[Finding]]]) -> list[Finding]:
    """Findings of a site from (depth, page URL, findings) of each page.

    Pages are taken in a fixed order (depth, then URL), so the result does not depend on the
    order responses arrived in. A (feature, value) pair is kept once, with the evidence of the
    first page that shows it; a single-valued feature keeps only its first value, a
    greatest-valued one (a date) its greatest, a measured one the median of its pages. Trackers on a site where no consent manager
    was seen are reported again as `trackers.without_consent`.
    """
    kept: dict[tuple[str, str], Finding] = {}
    single_seen: set[str] = set()
    greatest: dict[str, Finding] = {}
    measured: dict[str, list[Finding]] = {}
    for _depth, _url, findings in sorted(pages, key=lambda page: (page[0], page[1])):
        for finding in findings:
            if finding.feature in MEDIAN_VALUED:
                measured.setdefault(finding.feature, []).append(finding)
                continue
            if finding.feature in GREATEST_VALUED:
                best = greatest.get(finding.feature)
                if best is None or finding.value > best.value:
                    greatest[finding.feature] = finding
                continue
            if finding.feature in SINGLE_VALUED:
                if finding.feature in single_seen:
                    continue
                single_seen.add(finding.feature)
            kept.setdefault((finding.feature, finding.value), finding)
    site = [*kept.values(), *greatest.values(), *map(_median, measured.values())]
    return site + trackers_without_consent(site)


def _median(findings: list[Finding]) -> Finding:
    ordered = sorted(findings, key=lambda finding: (float(finding.value), finding.evidence_url))
    return ordered[(len(ordered) - 1) // 2]


def trackers_without_consent(site: list[Finding]) -> list[Finding]:
    """A tracker seen on a site where no page showed a consent manager (CNIL's concern)."""
    if any(finding.feature == "consent.manager" for finding in site):
        return []
    return [
        Finding("trackers.without_consent", f.value, f.evidence_url, f.snippet, TRACKING_DETECTOR)
        for f in site
        if f.feature == "trackers"
    ]
