"""Trackers loaded by a page (`trackers`) and consent managers (`consent.manager`)."""

from __future__ import annotations

import re

from crawler.items import Finding

from pipelines.extractors.page import Page

DETECTOR = "tracking/1"

# Signatures in script sources and inline scripts; first match gives the evidence.
TRACKERS = (
    (
        "google-analytics",
        re.compile(
            r"googletagmanager\.com/gtag/js|google-analytics\.com/(analytics|ga)\.js|gtag\(\s*['\"]config"
        ),
    ),
    ("google-tag-manager", re.compile(r"googletagmanager\.com/gtm\.js")),
    ("meta-pixel", re.compile(r"connect\.facebook\.net/[^'\"]*/fbevents\.js")),
    ("matomo", re.compile(r"matomo\.js|piwik\.js|_paq\.push")),
    ("hotjar", re.compile(r"static\.hotjar\.com|_hjSettings")),
    ("at-internet", re.compile(r"smarttag\.js|tag\.aticdn\.net|xiti\.com")),
    ("plausible", re.compile(r"plausible\.io/js")),
)
CONSENT_MANAGERS = (
    ("tarteaucitron", re.compile(r"tarteaucitron(\.min)?\.js|tarteaucitron\.init")),
    ("axeptio", re.compile(r"static\.axept\.io|axeptioSettings")),
    ("didomi", re.compile(r"sdk\.privacy-center\.org|didomiConfig")),
    ("cookiebot", re.compile(r"consent\.cookiebot\.com")),
    ("onetrust", re.compile(r"cdn\.cookielaw\.org|otSDKStub")),
    ("complianz", re.compile(r"complianz")),
    ("cookieyes", re.compile(r"cdn-cookieyes\.com")),
    ("orejime", re.compile(r"orejime", re.IGNORECASE)),
)


def _matches(
    page: Page, feature: str, signatures: tuple[tuple[str, re.Pattern[str]], ...]
) -> list[Finding]:
    findings: dict[str, Finding] = {}
    for code in page.scripts:
        for slug, pattern in signatures:
            match = pattern.search(code)
            if match and slug not in findings:
                start = max(match.start() - 40, 0)
                findings[slug] = Finding(
                    feature, slug, page.url, code[start : match.end() + 40], DETECTOR
                )
    return list(findings.values())


def extract_trackers(page: Page) -> list[Finding]:
    return _matches(page, "trackers", TRACKERS)


def extract_consent(page: Page) -> list[Finding]:
    return _matches(page, "consent.manager", CONSENT_MANAGERS)
