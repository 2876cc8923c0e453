"""Trackers a page declares to its consent manager instead of loading them directly.

Sites that follow the CNIL's advice hand their trackers to a consent manager, which loads them
once the visitor agrees: the page then holds no gtag.js, only the declaration. Each manager's
documented forms are read here (docs/features.md, "trackers, consent.manager"):

- tarteaucitron: `(tarteaucitron.job = tarteaucitron.job || []).push('gtag')` or
  `tarteaucitron.job.push('gtag')` with a service key of its list
  (tarteaucitron.services.js), and the service's settings, `tarteaucitron.user.gtagUa = ...`;
- Axeptio: a callback queued on `_axcb` whose `cookies:complete` handler reads the visitor's
  choice for a vendor (`choices.google_analytics`);
- Didomi: `<script type="didomi/javascript" data-vendor="c:googleana-4TXnJigR">` (also
  `didomi/html`, `data-vendor-raw`), and `Didomi.getUserConsentStatusForVendor('...')`;
- Orejime: `<script type="opt-in" data-type="application/javascript" data-name="...">`
  (versions 1 and 2, and Klaro before 0.7) and `<template data-purpose="...">` (version 3);
- Klaro: `<script type="text/plain" data-type="..." data-name="...">`;
- CookieConsent (orestbida): `<script type="text/plain" data-cookiecategory="...">`.

A declaration names its consent manager, so a tracker found through one is never a tracker
without consent. Only vendor names of the trackers' vocabulary count (a declared YouTube is
not a tracker); a category (`analytics`) names no vendor. Commented-out declarations are not
read.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree

from pipelines.extractors.page import STRING, Page, serialise, squash

GOOGLE_ANALYTICS = "google-analytics"
GOOGLE_TAG_MANAGER = "google-tag-manager"
META_PIXEL = "meta-pixel"
MATOMO = "matomo"
AT_INTERNET = "at-internet"
HOTJAR = "hotjar"
PLAUSIBLE = "plausible"

# tarteaucitron's service keys (tarteaucitron.services.js) for the trackers of the vocabulary.
TARTEAUCITRON_SERVICES = {
    "gtag": GOOGLE_ANALYTICS,
    "analytics": GOOGLE_ANALYTICS,
    "gajs": GOOGLE_ANALYTICS,
    "multiplegtag": GOOGLE_ANALYTICS,
    "googletagmanager": GOOGLE_TAG_MANAGER,
    "multiplegoogletagmanager": GOOGLE_TAG_MANAGER,
    "matomo": MATOMO,
    "matomocloud": MATOMO,
    "matomohightrack": MATOMO,
    "matomotm": MATOMO,
    "matomoheatmap": MATOMO,
    "xiti": AT_INTERNET,
    "xiti_smarttag": AT_INTERNET,
    "atinternet": AT_INTERNET,
    "atinternethightrack": AT_INTERNET,
    "pianoanalytics": AT_INTERNET,
    "facebookpixel": META_PIXEL,
    "hotjar": HOTJAR,
    "plausible": PLAUSIBLE,
}
# The settings those services read (`tarteaucitron.user.<name> = ...`).
TARTEAUCITRON_SETTINGS = {
    "gtagUa": GOOGLE_ANALYTICS,
    "analyticsUa": GOOGLE_ANALYTICS,
    "gajsUa": GOOGLE_ANALYTICS,
    "multiplegtagUa": GOOGLE_ANALYTICS,
    "googletagmanagerId": GOOGLE_TAG_MANAGER,
    "multiplegoogletagmanagerId": GOOGLE_TAG_MANAGER,
    "matomoId": MATOMO,
    "matomoHost": MATOMO,
    "matomotmUrl": MATOMO,
    "xitiId": AT_INTERNET,
    "xiti_smarttagSiteId": AT_INTERNET,
    "xiti_smarttagLocalPath": AT_INTERNET,
    "atLibUrl": AT_INTERNET,
    "pianoSite": AT_INTERNET,
    "facebookpixelId": META_PIXEL,
    "hotjarId": HOTJAR,
    "plausibleDomain": PLAUSIBLE,
}
TARTEAUCITRON_JOB = re.compile(
    r"tarteaucitron\.job(?:\s*=\s*tarteaucitron\.job\s*\|\|\s*\[\s*\]\s*\))?"
    r"\s*\.push\(\s*['\"]([\w-]+)['\"]\s*\)"
)
TARTEAUCITRON_USER = re.compile(r"tarteaucitron\.user\.(\w+)\s*=(?!=)")
AXEPTIO_QUEUE = re.compile(r"\b_axcb\b")
# The handler's parameter: function (choices) {...}, (choices) => ..., choices => ...
AXEPTIO_HANDLER = re.compile(
    r"['\"]cookies:complete['\"]\s*,\s*(?:async\s+)?"
    r"(?:function\s*[\w$]*\s*\(\s*([A-Za-z_$][\w$]*)|\(\s*([A-Za-z_$][\w$]*)\s*\)\s*=>"
    r"|([A-Za-z_$][\w$]*)\s*=>)"
)
# A page has one handler, a few at most; more are not read (each is a pass over the script).
AXEPTIO_HANDLERS_READ = 8
DIDOMI_CALL = re.compile(r"getUser(?:Consent)?StatusForVendor\w*\(\s*['\"]([^'\"]+)['\"]")
# Vendor names as managers write them, lower-cased and stripped of all but letters and digits:
# `google_analytics` (Axeptio), `c:googleana-4TXnJigR` (Didomi, a custom vendor's name cut to
# nine letters), `google-analytics` or `googleAnalytics` (Orejime, Klaro).
VENDOR_NAMES = (
    (GOOGLE_ANALYTICS, re.compile(r"googleana|universalanalytics|ga4$|gtag$")),
    (GOOGLE_TAG_MANAGER, re.compile(r"googletagmanager|gtm$")),
    (META_PIXEL, re.compile(r"(?:facebook|meta|fb)pixel|facebookp$")),
    (MATOMO, re.compile(r"matomo|piwik(?!pro)")),
    (HOTJAR, re.compile(r"hotjar")),
    (AT_INTERNET, re.compile(r"atinterne|xiti|pianoanal")),
    (PLAUSIBLE, re.compile(r"plausible")),
)
DIDOMI_CUSTOM_SUFFIX = re.compile(r"-[a-z0-9]{8}$")
KLARO = re.compile(r"klaro(?:\.min)?\.js|klaroConfig|klaro\.setup|kiprotect")
# A block comment (an unclosed one runs to the end), or a line comment: `//` that is not the
# middle of `https://` nor the start of a "//host" string.
COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)|(?<![:'\"\\])//[^\n]*", re.DOTALL)
# Elements a consent manager holds back, and the manager each form belongs to.
GATED = (
    '//script[@type="didomi/javascript" or @type="didomi/html"]'
    ' | //script[@type="opt-in"] | //template[@data-purpose]'
    ' | //script[@type="text/plain"][@data-name or @data-cookiecategory]'
)


class Declaration(NamedTuple):
    tracker: str | None  # slug of the trackers' vocabulary, None for another vendor
    manager: str  # slug of the consent manager whose form it is
    snippet: str


def vendor_tracker(name: str) -> str | None:
    """The tracker a consent manager's vendor name stands for, if it is one of ours."""
    bare = name.strip().lower()
    if bare.startswith("c:"):
        bare = DIDOMI_CUSTOM_SUFFIX.sub("", bare[2:])
    bare = re.sub(r"^(?:didomi|iab):", "", bare)
    key = re.sub(r"[^a-z0-9]", "", bare)
    return next((slug for slug, pattern in VENDOR_NAMES if pattern.match(key)), None)


def declarations(page: Page) -> list[Declaration]:
    """Every declaration of the page, scripts first, then held-back elements (read once a
    page: the trackers' and the consent's extractors both ask)."""
    return page.shared(_declarations)


def _declarations(page: Page) -> list[Declaration]:
    found: list[Declaration] = []
    for code in inline_scripts(page):
        read = without_comments(code)
        found += _tarteaucitron(code, read) + _axeptio(code, read) + _didomi_calls(code, read)
    klaro = any(KLARO.search(code) for code in page.scripts)
    for element in page.tree.iter("script", "template"):
        if not _held_back(element):
            continue
        declaration = _gated(element, klaro)
        if declaration:
            found.append(declaration)
    return found


def _held_back(element: etree._Element) -> bool:
    """GATED's test of a script or template, in Python (`iter` finds them at a fraction of the
    cost of that XPath's four `//`)."""
    kind = element.get("type")
    if element.tag == "template":
        return element.get("data-purpose") is not None
    if kind in ("didomi/javascript", "didomi/html", "opt-in"):
        return True
    named = element.get("data-name") is not None or element.get("data-cookiecategory") is not None
    return kind == "text/plain" and named


def inline_scripts(page: Page) -> list[str]:
    scripts = (script for script in page.tree.iter("script") if script.get("src") is None)
    codes = (str(STRING(script)) for script in scripts)
    return [code for code in codes if code]


def without_comments(code: str) -> str:
    """The script with its comments blanked out, each character of a comment a space, so that
    a match in it is at the same place as in the script as written."""
    return COMMENT.sub(lambda comment: " " * len(comment.group()), code)


def _around(code: str, match: re.Match[str]) -> str:
    """The declaration as written in the script, with 40 characters either side."""
    return code[max(match.start() - 40, 0) : match.end() + 40]


def _tarteaucitron(code: str, read: str) -> list[Declaration]:
    if "tarteaucitron" not in read:
        return []
    found = []
    for pattern, table in (
        (TARTEAUCITRON_JOB, TARTEAUCITRON_SERVICES),
        (TARTEAUCITRON_USER, TARTEAUCITRON_SETTINGS),
    ):
        for match in pattern.finditer(read):
            tracker = table.get(match.group(1))
            found.append(Declaration(tracker, "tarteaucitron", _around(code, match)))
    return found


def _axeptio(code: str, read: str) -> list[Declaration]:
    if not AXEPTIO_QUEUE.search(read):
        return []
    found = []
    handlers: dict[str, int] = {}  # each parameter name, from its first handler on
    for handler in AXEPTIO_HANDLER.finditer(read):
        name = next(group for group in handler.groups() if group)
        handlers.setdefault(name, handler.end())
    for name, start in list(handlers.items())[:AXEPTIO_HANDLERS_READ]:
        choice = re.compile(
            rf"(?<![\w$.]){re.escape(name)}\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*['\"]([^'\"]+)['\"]\s*\])"
        )
        for match in choice.finditer(read, start):
            vendor = match.group(1) or match.group(2)
            found.append(Declaration(vendor_tracker(vendor), "axeptio", _around(code, match)))
    return found


def _didomi_calls(code: str, read: str) -> list[Declaration]:
    return [
        Declaration(vendor_tracker(match.group(1)), "didomi", _around(code, match))
        for match in DIDOMI_CALL.finditer(read)
    ]


def _gated(element: etree._Element, klaro: bool) -> Declaration | None:
    attributes = element.attrib
    kind = (attributes.get("type") or "").lower()
    if kind.startswith("didomi/"):
        manager, name = "didomi", attributes.get("data-vendor") or attributes.get("data-vendor-raw")
    elif kind == "opt-in":
        manager, name = ("klaro" if klaro else "orejime"), attributes.get("data-name")
    elif element.tag == "template":
        manager, name = "orejime", attributes.get("data-purpose")
    elif attributes.get("data-cookiecategory") is not None:
        manager, name = "cookieconsent", None
    elif attributes.get("data-type") is not None:
        manager, name = "klaro", attributes.get("data-name")
    else:
        return None
    tracker = vendor_tracker(name) if name else None
    return Declaration(tracker, manager, squash(serialise(element))[:300])
