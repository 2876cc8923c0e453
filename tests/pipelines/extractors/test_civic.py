"""The domain a site lives on, from its host name.

Transparency, participation, channels, DPO, attractiveness, open data and inclusion are
saved pages in cases/."""

from __future__ import annotations

from crawler.items import Finding
from pipelines.extractors.cms import domain_kind, extract_domain_kind
from pipelines.extractors.page import Page

URL = "https://www.saint-exemple.fr/mairie"


def page(body: str, url: str = URL) -> Page:
    return Page(url, f"<html><body>{body}</body></html>", {})


def pairs(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(finding.feature, finding.value) for finding in findings}


def test_domain_kind() -> None:
    assert domain_kind("www.saint-exemple.fr") == "own"
    assert domain_kind("saint-exemple.e-monsite.com") == "free-host"
    assert domain_kind("mairie-exemple.wixsite.com") == "free-host"
    assert domain_kind("saint-exemple.collectivite.fr") == "collectivite-fr"
    found = extract_domain_kind(page("<p></p>", "https://exemple.jimdofree.com/"))
    assert pairs(found) == {("tech.domain", "free-host")}
    assert found[0].snippet == "exemple.jimdofree.com"
