"""Automated accessibility checks on a page's HTML (`a11y.check_failed`): a part of the RGAA only.

Each check names one failing element as evidence. Passing every check never makes a site
"RGAA compliant": most criteria need a person, or at least a rendered page (axe-core).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import TypeAlias

from crawler.items import Finding
from lxml import etree

from pipelines.extractors.page import ANCHORS, XML_SPACE, Page, compiled, serialise, squash

DETECTOR = "a11y-checks/2"
FIELD_TYPES_WITHOUT_LABEL = {"hidden", "submit", "button", "image", "reset"}
VAGUE_LINK_TEXT = re.compile(
    r"^(cliquez ici|cliquer ici|ici|lire la suite|en savoir plus|plus|suite|voir|"
    r"click here|here|read more|more)\W*$",
    re.IGNORECASE,
)
SKIP_LINK_TEXT = re.compile(
    r"(aller|acc[ée]der|passer|allez)\s+(directement\s+)?(au|à\s+la)\s+(contenu|navigation)"
    r"|contenu\s+principal|skip\s+to\s+(the\s+)?(main\s+)?content",
    re.IGNORECASE,
)
NAME_PARTS = compiled(".//text() | .//img/@alt")
ROOT = compiled("/html")
LABEL_TARGETS = compiled("//label/@for")
IN_LABEL = compiled("ancestor::label")
IDS = compiled("//@id")
# The checks below find elements by name with `iter` (document order, as `//x | //y`): an
# XPath starting with `//` costs ten times as much on the corpus's pages.
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
FIELDS = ("input", "select", "textarea")
Element: TypeAlias = etree._Element
Check = Callable[[Element], str | None]


def _snippet(element: Element) -> str:
    return squash(serialise(element))[:200]


def _accessible_name(element: Element, texts: list[str] | None = None) -> str:
    """aria-label, else the text with the alt of images inside, else title (simplified ARIA).
    `texts`: the element's text nodes, when read already (its name parts without image)."""
    if element.attrib.get("aria-label", "").strip():
        return squash(element.attrib["aria-label"])
    if texts is not None and next(element.iter("img"), None) is None:
        parts = texts  # no image inside: its name parts are its text nodes
    else:
        parts = NAME_PARTS(element)
    return squash(" ".join(parts)) or squash(element.attrib.get("title", ""))


def html_lang(document: Element) -> str | None:
    root = ROOT(document)
    return None if root and (root[0].attrib.get("lang") or "").strip() else "<html> without lang"


def document_title(document: Element) -> str | None:
    title = next(document.iter("title"), None)  # string(//title): the first one's text
    return None if title is not None and squash("".join(title.itertext())) else "no <title>"


def image_alt(document: Element) -> str | None:
    for image in document.iter("img"):
        presentation = image.get("role") == "presentation" or image.get("aria-hidden") == "true"
        if image.get("alt") is None and not presentation:
            return _snippet(image)
    return None


def label(document: Element) -> str | None:
    labelled_ids = set(LABEL_TARGETS(document))
    for field in document.iter(FIELDS):
        if (field.attrib.get("type") or "text").lower() in FIELD_TYPES_WITHOUT_LABEL:
            continue
        if field.attrib.get("id") in labelled_ids or IN_LABEL(field):
            continue
        if (
            field.attrib.get("aria-label")
            or field.attrib.get("aria-labelledby")
            or field.attrib.get("title")
        ):
            continue
        return _snippet(field)
    return None


Named: TypeAlias = list[tuple[Element, str]]


def _named_links(document: Element) -> Named:
    return [(link, _accessible_name(link)) for link in ANCHORS(document)]


def link_name(document: Element, named: Named | None = None) -> str | None:
    """`named`: the links with their names, when another check computed them already."""
    for link, name in _named_links(document) if named is None else named:
        if not name:
            return _snippet(link)
    return None


def button_name(document: Element) -> str | None:
    for button in document.iter("button"):
        if not _accessible_name(button):
            return _snippet(button)
    return None


def link_text_vague(document: Element, named: Named | None = None) -> str | None:
    for link, name in _named_links(document) if named is None else named:
        if VAGUE_LINK_TEXT.match(name) and not link.attrib.get("title"):
            return _snippet(link)
    return None


SKIP_LINKS_CONTAINER = (
    "ancestor::*[contains(@class, 'skiplink') or contains(@class, 'skip-link')"
    " or contains(@class, 'evitement')]"
)


def skip_link(document: Element, named: Named | None = None) -> str | None:
    """`named`: the links with their names, when another check computed them already."""
    for link, name in _named_links(document) if named is None else named:
        if not (link.get("href") or "").startswith("#"):
            continue
        if SKIP_LINK_TEXT.search(name):
            return None
        # The State design system's "Contenu" link inside its skip-links block.
        if re.fullmatch(r"(aller au )?contenu", name, re.IGNORECASE) and link.xpath(
            SKIP_LINKS_CONTAINER
        ):
            return None
    return "no link to skip to the content"


def meta_viewport(document: Element) -> str | None:
    for meta in document.iter("meta"):
        if meta.get("name") != "viewport":
            continue
        content = (meta.attrib.get("content") or "").replace(" ", "").lower()
        scale = re.search(r"maximum-scale=([\d.]+)", content)
        if (
            "user-scalable=no" in content
            or "user-scalable=0" in content
            or (scale and float(scale.group(1)) < 2)
        ):
            return _snippet(meta)
    return None


def duplicate_id(document: Element) -> str | None:
    # An empty id is no id (axe-core's duplicate-id skips it too): scripts write id="".
    counts = Counter(i for i in IDS(document) if i.strip())
    repeated = sorted(identifier for identifier, count in counts.items() if count > 1)
    return f'id="{repeated[0]}" appears {counts[repeated[0]]} times' if repeated else None


def frame_title(document: Element) -> str | None:
    for frame in document.iter("iframe", "frame"):
        if not (frame.get("title") or "").strip(XML_SPACE):
            return _snippet(frame)
    return None


def table_headers(document: Element) -> str | None:
    """Tables of several rows and columns with no header cell and no presentation role."""
    for table in document.iter("table"):
        if table.get("role") in ("presentation", "none"):
            continue
        if next(table.iter("th"), None) is not None:  # .//th: a header cell
            continue
        rows = _rows(table)
        if len(rows) > 1 and max(sum(1 for _ in row.iterchildren("td")) for row in rows) > 1:
            return _snippet(table)
    return None


def _rows(table: Element) -> list[Element]:
    """`./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr` in document order: the table's own rows,
    not those of the tables inside it (walking the children: a layout table of a hundred rows
    cost a page 0.2 ms in XPath calls)."""
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows += child.iterchildren("tr")
    return rows


def heading_order(document: Element) -> str | None:
    previous = 0
    for heading in document.iter(HEADINGS):
        level = int(heading.tag[1])
        if previous and level > previous + 1:
            return _snippet(heading)
        previous = level
    return None


CHECKS: dict[str, Check] = {
    "html-lang": html_lang,
    "document-title": document_title,
    "image-alt": image_alt,
    "label": label,
    "link-name": link_name,
    "button-name": button_name,
    "link-text-vague": link_text_vague,
    "skip-link": skip_link,
    "meta-viewport": meta_viewport,
    "duplicate-id": duplicate_id,
    "frame-title": frame_title,
    "table-headers": table_headers,
    "heading-order": heading_order,
}


def extract_a11y_checks(page: Page) -> list[Finding]:
    """One finding per failed check; none for a document that is not HTML."""
    if page.kind != "html":
        return []
    findings = []
    # Both link checks read every link's name: computed once, from the page's shared anchors.
    named = [
        (link, _accessible_name(link, texts))
        for link, texts in zip(page.anchors, page.anchor_texts, strict=True)
    ]
    for slug, check in CHECKS.items():
        if check in (link_name, link_text_vague, skip_link):
            evidence = check(page.tree, named)
        else:
            evidence = check(page.tree)
        if evidence:
            findings.append(Finding("a11y.check_failed", slug, page.url, evidence, DETECTOR))
    return findings
