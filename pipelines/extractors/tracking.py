"""Trackers loaded by a page (`trackers`) and consent managers (`consent.manager`).

A tracker shows by its script (its `src`, the `data-src` a manager or a lazy loader fills in
later, or its inline code) or by its declaration to a consent manager
(`consent_declarations`); a declaration shows its manager too."""

from __future__ import annotations

import re

from crawler.items import Finding

from pipelines.extractors.consent_declarations import KLARO, declarations
from pipelines.extractors.page import Page, fold

DETECTOR = "tracking/2"

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
    ("klaro", KLARO),
    (
        "cookieconsent",
        re.compile(r"vanilla-cookieconsent|initCookieConsent\(|CookieConsent\.run\("),
    ),
)

# Literal parts one of which every match of a signature holds (in `fold`ed scripts for
# orejime's case-insensitive one): a signature whose literals are in no script is not searched
# for, which spares most of the searches of a page's inline code (up to 17 per script).
LITERALS = {
    "google-analytics": ("googletagmanager.com/gtag/js", "google-analytics.com/", "gtag("),
    "google-tag-manager": ("googletagmanager.com/gtm.js",),
    "meta-pixel": ("connect.facebook.net/",),
    "matomo": ("matomo.js", "piwik.js", "_paq.push"),
    "hotjar": ("static.hotjar.com", "_hjSettings"),
    "at-internet": ("smarttag.js", "tag.aticdn.net", "xiti.com"),
    "plausible": ("plausible.io/js",),
    "tarteaucitron": ("tarteaucitron",),
    "axeptio": ("static.axept.io", "axeptioSettings"),
    "didomi": ("sdk.privacy-center.org", "didomiConfig"),
    "cookiebot": ("consent.cookiebot.com",),
    "onetrust": ("cdn.cookielaw.org", "otSDKStub"),
    "complianz": ("complianz",),
    "cookieyes": ("cdn-cookieyes.com",),
    "klaro": ("klaro", "kiprotect"),
    "cookieconsent": ("vanilla-cookieconsent", "initCookieConsent(", "CookieConsent.run("),
}
FOLDED_LITERALS = {"orejime": ("orejime",)}


def _present(
    sources: list[str], signatures: tuple[tuple[str, re.Pattern[str]], ...]
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The signatures one of whose literals is in a source, in their order (a signature
    without literals always)."""
    joined = "\n".join(sources)
    folded = fold(joined) if any(slug in FOLDED_LITERALS for slug, _ in signatures) else ""
    present = []
    for slug, pattern in signatures:
        haystack = folded if slug in FOLDED_LITERALS else joined
        literals = FOLDED_LITERALS.get(slug) or LITERALS.get(slug, ("",))
        if any(literal in haystack for literal in literals):
            present.append((slug, pattern))
    return tuple(present)


def _matches(
    sources: list[str], signatures: tuple[tuple[str, re.Pattern[str]], ...]
) -> dict[str, str]:
    """Slug -> evidence of each signature found in the sources, the first one giving it."""
    found: dict[str, str] = {}
    present = _present(sources, signatures)
    for code in sources if present else ():
        for slug, pattern in present:
            match = pattern.search(code)
            if match and slug not in found:
                start = max(match.start() - 40, 0)
                found[slug] = code[start : match.end() + 40]
    return found


def _findings(feature: str, found: dict[str, str], page: Page) -> list[Finding]:
    return [Finding(feature, slug, page.url, snippet, DETECTOR) for slug, snippet in found.items()]


def extract_trackers(page: Page) -> list[Finding]:
    # //script/@data-src
    deferred = [
        source for s in page.tree.iter("script") if (source := s.get("data-src")) is not None
    ]
    found = _matches(page.scripts + deferred, TRACKERS)
    for declaration in declarations(page):
        if declaration.tracker:
            found.setdefault(declaration.tracker, declaration.snippet)
    return _findings("trackers", found, page)


def extract_consent(page: Page) -> list[Finding]:
    found = _matches(page.scripts, CONSENT_MANAGERS)
    for declaration in declarations(page):
        found.setdefault(declaration.manager, declaration.snippet)
    return _findings("consent.manager", found, page)
