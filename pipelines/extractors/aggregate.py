"""The site-level rule: how findings seen on several pages become the findings of one site."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import unquote, urlsplit

from crawler.items import Finding
from crawler.urls import InvalidUrl, normalize_url

from pipelines.extractors.accessibility import ACCESSIBILITY_WORD
from pipelines.extractors.legal import NOTICE_PATH, PRIVACY_PATH
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
        "quality.viewport",
        "quality.search",
        "contact.phone",
        "contact.hours",
        "services.feedback",
    }
)
# Features read on the home page only: what other pages show of them is not the site's.
HOME_ONLY = frozenset({"quality.viewport"})
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
# Links that claim a page of the site, checked against that page when the crawl read it: the
# target counts when it named itself so (its title or a main heading, through the page's own
# finding, whose value is its own address) or its address says so. The legal notice often
# holds the privacy policy and the statement as sections, and an "à propos" page the notice.
ABOUT_PATH = re.compile(r"a-?propos|about", re.IGNORECASE)
LINK_TARGETS: dict[str, tuple[tuple[str, ...], tuple[re.Pattern[str], ...]]] = {
    "a11y.statement_url": (
        ("a11y.statement_url", "legal.notice_url"),
        (ACCESSIBILITY_WORD, NOTICE_PATH),
    ),
    "legal.notice_url": (("legal.notice_url",), (NOTICE_PATH, ABOUT_PATH)),
    "legal.privacy_url": (("legal.privacy_url", "legal.notice_url"), (PRIVACY_PATH, NOTICE_PATH)),
}

Pages = list[tuple[int, str, list[Finding]]]


def _key(url: str) -> str:
    """An address as the crawl requests it (encoded, no fragment), to match links and pages."""
    try:
        return normalize_url(url)
    except InvalidUrl:
        return url


class LinkTargets:
    """What the crawl read of the pages a site's links lead to."""

    def __init__(self, pages: Pages, redirects: Mapping[str, str]):
        self.redirects = {_key(requested): _key(final) for requested, final in redirects.items()}
        self.read = {_key(url) for _depth, url, _findings in pages}
        # (feature, page) of each page that says it is the statement, the notice, the policy.
        self.named = {
            (finding.feature, _key(url))
            for _depth, url, findings in pages
            for finding in findings
            if finding.feature in LINK_TARGETS and _key(finding.value) == _key(url)
        }

    def stands(self, finding: Finding) -> bool:
        """A page's claim that `finding.value` is the statement (notice, policy) stands unless
        the crawl read that page and it is another page."""
        requested = _key(finding.value)
        target = self.redirects.get(requested, requested)
        if target not in self.read:
            return True  # not read (budget, failure): what the linking page says
        named, addresses = LINK_TARGETS[finding.feature]
        path = unquote(urlsplit(target).path)
        return any((feature, target) in self.named for feature in named) or any(
            address.search(path) for address in addresses
        )


def aggregate_site(
    pages: Iterable[tuple[int, str, list[Finding]]], redirects: Mapping[str, str] | None = None
) -> list[Finding]:
    """Findings of a site from (depth, page URL, findings) of each page, and where the
    addresses the crawl requested led (`redirects`: requested URL -> final URL).

    Pages are taken in a fixed order (depth, then URL), so the result does not depend on the
    order responses arrived in. A (feature, value) pair is kept once, with the evidence of the
    first page that shows it; a single-valued feature keeps only its first value, a
    greatest-valued one (a date) its greatest, a measured one the median of its pages; a
    home-only one (`HOME_ONLY`) is read on the home page (depth 0) alone. Trackers on a site where no consent manager
    was seen are reported again as `trackers.without_consent`. A link to the statement, the
    notice or the policy whose target the crawl read and found to be another page is not
    taken (`LinkTargets`): the next page's claim may be.
    """
    kept: dict[tuple[str, str], Finding] = {}
    single_seen: set[str] = set()
    greatest: dict[str, Finding] = {}
    measured: dict[str, list[Finding]] = {}
    ordered = sorted(pages, key=lambda page: (page[0], page[1]))
    targets = LinkTargets(ordered, redirects or {})
    for depth, _url, findings in ordered:
        for finding in findings:
            if depth > 0 and finding.feature in HOME_ONLY:
                continue
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
                if finding.feature in LINK_TARGETS and not targets.stands(finding):
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
