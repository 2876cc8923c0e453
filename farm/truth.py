"""Ground truth: the scan status and findings a perfect crawler reports for each farm site."""

from __future__ import annotations

from typing import Any

from farm.catalogue import Farm
from farm.model import Site

TRUTH_FORMAT = 1


def expected_status(site: Site) -> str:
    if site.host is None:
        return "no_website"
    if site.dead:
        return "dns_failure"
    if site.robots_disallow_all:
        return "robots_blocked"
    if site.home_error:
        return "http_error"
    return "ok"


def expected_findings(farm: Farm, site: Site) -> list[dict[str, str]]:
    if expected_status(site) != "ok":
        return []
    base = farm.base_url(site)
    findings = [
        {"feature": f"social.{link.platform}", "value": link.expected} for link in site.socials
    ]
    if site.a11y_level:
        findings.append({"feature": "a11y.mention", "value": site.a11y_level})
    if site.statement_path:
        findings.append({"feature": "a11y.statement_url", "value": base + site.statement_path})
    if site.notice_path:
        findings.append({"feature": "legal.notice_url", "value": base + site.notice_path})
    if site.privacy_path:
        findings.append({"feature": "legal.privacy_url", "value": base + site.privacy_path})
    if site.cms != "plain":
        findings.append({"feature": "tech.cms", "value": site.cms})
    return findings


def ground_truth(farm: Farm) -> dict[str, Any]:
    return {
        "format": TRUTH_FORMAT,
        "farm": {"sites": farm.size, "seed": farm.seed, "port": farm.port},
        "sites": [
            {
                "kind": "commune",
                "code": site.code,
                "url": farm.listed_url(site),
                "status": expected_status(site),
                "findings": expected_findings(farm, site),
            }
            for site in farm.sites()
        ],
    }
