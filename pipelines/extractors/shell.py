"""Pages whose static HTML does not show what a reader sees: only their rendering does.

Two patterns make a page worth fetching again through the browser (docs/architecture.md,
"Rendering only where needed"; the rule in docs/features.md, "Pages rendered"):
- a JavaScript shell: scripts, almost no text nor links (a site builder's page);
- injected navigation: the page has content, but its header, footer or menu is an empty
  placeholder that a script fills at run time with an HTML fragment, so the site-wide links
  it holds (legal notice, accessibility statement) are only in the rendered page.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from pipelines.extractors.page import Page, squash

# Less visible text than a cookie banner, at most a skip link and a logo link.
SHELL_TEXT_CHARACTERS = 200
SHELL_LINKS = 2

# A placeholder may say "Chargement…" while its fragment loads, never more, and has no link.
PLACEHOLDER_TEXT_CHARACTERS = 40
# The elements a fragment is loaded into by a script (not a button's icon, not a span).
CONTAINERS = frozenset({"header", "footer", "nav", "menu", "div", "section", "aside", "ul"})
# The parts of a page that hold its site-wide links, and the names that call an element so
# (tag, custom element's name, id, class, include target), read in lower case with camelCase
# split into words ("siteFooter" is "site-footer").
PARTS: dict[str, re.Pattern[str]] = {
    "header": re.compile(r"header|en-?t[eê]te"),
    "footer": re.compile(r"footer|pied-?de-?page|piedpage"),
    "navigation": re.compile(r"navbar|navigation|menu|(?<![a-z])nav(?![a-z])"),
}
# ARIA landmarks: the same parts, named by their role.
ROLES = {"banner": "header", "contentinfo": "footer", "navigation": "navigation"}
# A <header> or <footer> inside one of these is a section's, not the site's (HTML-AAM).
SECTIONING = "ancestor::article|ancestor::aside|ancestor::main|ancestor::nav|ancestor::section"

# Attributes that include an HTML fragment into their element: w3.js (`w3-include-html`),
# csi.js and the jQuery include idiom (`data-include`), and their variants.
INCLUDE_ATTRIBUTES = ("w3-include-html", "data-include", "data-include-html", "include-html")
# htmx fetches `hx-get` into its element; on the page's load only with these triggers.
HTMX_GET = ("hx-get", "data-hx-get")
HTMX_ON_LOAD = re.compile(r"\b(?:load|revealed|intersect)\b")
# An inline script that fetches a document: fetch(), jQuery's .load('…') and $.get/$.ajax,
# XMLHttpRequest, axios; and the address of an HTML fragment written in a script.
LOADER_CALL = re.compile(
    r"\bfetch\s*\(|\.load\s*\(\s*[\"'`]|XMLHttpRequest|(?<![\w$])(?:\$|jQuery)\.(?:get|ajax)\s*\("
    r"|\baxios\.get\s*\("
)
FRAGMENT = re.compile(
    r"[\"'`]([^\"'`\s]*\.(?:html?|shtml|php|inc))(?:[?#][^\"'`]*)?(?:\s+[^\"'`]*)?[\"'`]",
    re.IGNORECASE,
)
# A site's own script file named after the header or footer it writes, or after includes
# ("footer.js", "header-footer-loader.js", "includeHTML.js"); "menu.js" is left out, since
# menu scripts mostly open and close a menu that is already there.
LOADER_SCRIPT_NAME = re.compile(r"header|footer|en-?tete|include|partial")
# The elements an attribute includes into, and custom elements: looked for only where the
# markup shows such an attribute or tag (a page's XPath over every element is not free).
INCLUDED = ".//*[{}]".format(
    " or ".join(
        [*(f"@{name}" for name in (*INCLUDE_ATTRIBUTES, *HTMX_GET)), "contains(name(), '-')"]
    )
)
# Read in the page's markup in lower case: plain words and a literal start, fast on any page.
INCLUDED_HINTS = ("include-html", "data-include", "hx-get")
CUSTOM_TAG_HINT = re.compile(r"<[a-z][a-z0-9]*-")
ROLE_HINT = re.compile(r"role\s*=\s*[\"']?\s*(?:banner|contentinfo|navigation)")


def is_javascript_shell(page: Page) -> bool:
    """Scripts, and almost no text nor links: a site builder's page, built in the browser."""
    return (
        page.kind == "html"
        and bool(page.scripts)
        and len(page.text) < SHELL_TEXT_CHARACTERS
        and len(page.links) <= SHELL_LINKS
    )


def injected_navigation(page: Page) -> str | None:
    """What shows that the page's header, footer or menu comes from a script, else None.

    An empty placeholder (no link, a few words at most) named as a header, footer or menu
    (`<header>`, `<footer>`, `<nav>`, a role, an id or class, a custom element's name), for a
    part of the page that no landmark already holds with links, together with what fills it:
    an include attribute on it (`w3-include-html`, `data-include`, htmx on load), its being a
    custom element (`<site-footer>`: only a script gives it content), or a script of the page
    that loads an HTML fragment (inline, or the site's own script named after it)."""
    if page.kind != "html" or not page.scripts:  # nothing is injected without a script
        return None
    body = page.tree.find("body")
    markup = page.html.lower()
    included = any(hint in markup for hint in INCLUDED_HINTS) or bool(
        CUSTOM_TAG_HINT.search(markup)
    )
    loader = _fragment_loader(page)
    if body is None or not (loader or included):
        return None
    filled = _filled_parts(page.tree, markup)
    if filled >= PARTS.keys():  # header, footer and menu already hold their links
        return None
    # Include attributes and custom elements first, then containers a script may fill; each
    # in document order.
    candidates = body.xpath(INCLUDED) if included else []
    if loader:
        candidates += list(body.iter(*CONTAINERS))
    for element in candidates:
        evidence = _placeholder_evidence(element, loader, filled)
        if evidence:
            return evidence
    return None


def _placeholder_evidence(
    element: etree._Element, loader: str | None, filled: set[str]
) -> str | None:
    """The placeholder and what fills it, if `element` is an empty one for an unfilled part."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    include = _include_of(element)
    custom = "-" in tag
    if not (include or custom or (loader and tag in CONTAINERS)):
        return None
    parts = _parts_of(element) | (_parts_named(include) if include else set())
    if not parts - filled or not _is_empty(element):
        return None
    start = _start_tag(element, tag)
    if include:
        return start
    return f"{start} ← {loader}" if loader else f"{start} ← script"


def _fragment_loader(page: Page) -> str | None:
    """The HTML fragment an inline script loads (a script that also names a header, footer or
    menu), else the site's own script file named after one; else None."""
    scripts = list(page.tree.iter("script"))
    for script in scripts:
        code = script.text or ""
        if not script.get("src") and LOADER_CALL.search(code) and _parts_named(code):
            fragment = FRAGMENT.search(code)
            if fragment:
                return fragment.group(1)
    for source in [script.get("src") for script in scripts]:
        if not source:
            continue
        try:
            url = urljoin(page.base_url, source.strip())
            path = urlsplit(url).path
        except ValueError:  # a src that is no URL loads nothing
            continue
        name = path.rsplit("/", 1)[-1]
        if page.is_same_site(url) and LOADER_SCRIPT_NAME.search(_words(name)):
            return name
    return None


def _filled_parts(tree: etree._Element, markup: str) -> set[str]:
    """The parts a landmark of the page already holds with links: the site's <header>,
    <footer>, any <nav>, or an element with the part's role (`markup`: the page in lower case).
    """
    filled = set()
    if ROLE_HINT.search(markup):
        landmarks = tree.xpath("//header|//footer|//nav|//*[@role]")
    else:
        landmarks = list(tree.iter("header", "footer", "nav"))
    for element in landmarks:
        role = (element.get("role") or "").strip().lower()
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if role in ROLES:
            part: str | None = ROLES[role]
        elif tag == "nav":
            part = "navigation"
        elif tag in ("header", "footer") and not element.xpath(SECTIONING):
            part = tag
        else:
            part = None
        if part and element.xpath(".//a[@href]"):
            filled.add(part)
    return filled


def _include_of(element: etree._Element) -> str | None:
    """What an include attribute of the element loads into it, if it has one."""
    for name in INCLUDE_ATTRIBUTES:
        value = element.get(name)
        if value and value.strip():
            return value.strip()
    trigger = element.get("hx-trigger") or element.get("data-hx-trigger") or ""
    for name in HTMX_GET:
        value = element.get(name)
        if value and value.strip() and HTMX_ON_LOAD.search(trigger.lower()):
            return value.strip()
    return None


def _parts_of(element: etree._Element) -> set[str]:
    tag = element.tag if isinstance(element.tag, str) else ""
    named = f"{tag} {element.get('id') or ''} {element.get('class') or ''}"
    parts = _parts_named(named)
    role = (element.get("role") or "").strip().lower()
    return parts | {ROLES[role]} if role in ROLES else parts


def _parts_named(text: str) -> set[str]:
    words = _words(text)
    return {part for part, pattern in PARTS.items() if pattern.search(words)}


def _words(text: str) -> str:
    return re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", text).lower()


def _is_empty(element: etree._Element) -> bool:
    if element.xpath(".//a[@href]"):
        return False
    words = element.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
    return len(squash(" ".join(words))) <= PLACEHOLDER_TEXT_CHARACTERS


def _start_tag(element: etree._Element, tag: str) -> str:
    """The element's start tag with the attributes that name or fill it."""
    shown = ("id", "class", "role", *INCLUDE_ATTRIBUTES, *HTMX_GET)
    attributes = "".join(
        f' {name}="{squash(str(element.get(name)))[:80]}"'
        for name in shown
        if element.get(name) is not None
    )
    return f"<{tag}{attributes}>"
