"""Transport security of a page (`security.https`, `security.hsts`, `security.header`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.items import Finding

from pipelines.extractors.page import Page

DETECTOR = "transport/1"
# Response headers that protect visitors, by the slug the finding reports.
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy")


def extract_transport(page: Page) -> list[Finding]:
    """From the URL and response headers; a saved page without headers gives only `https`."""
    if urlsplit(page.url).scheme != "https":
        return []
    findings = [Finding("security.https", "true", page.url, page.url, DETECTOR)]
    hsts = page.headers.get("strict-transport-security")
    if hsts:
        findings.append(
            Finding(
                "security.hsts", "true", page.url, f"Strict-Transport-Security: {hsts}", DETECTOR
            )
        )
    for name in SECURITY_HEADERS:
        if page.headers.get(name):
            findings.append(
                Finding(
                    "security.header", name, page.url, f"{name}: {page.headers[name]}", DETECTOR
                )
            )
    return findings
