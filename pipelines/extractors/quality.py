"""Service quality a page shows in its markup: a layout that adapts to phones
(`quality.viewport`), a search box for the site (`quality.search`), and the State's "Je donne
mon avis" button that collects users' opinions of a procedure (`services.feedback`)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.items import Finding
from lxml import etree
from lxml.etree import _Element as Element

from pipelines.extractors.page import ROLE_VALUES, Page, compiled, on_hosts, serialise, squash

DETECTOR = "quality/1"

RESPONSIVE = "responsive"
PRESENT = "present"
JE_DONNE_MON_AVIS = "je-donne-mon-avis"

# `width=device-width` in the viewport meta: the page lays itself out to the phone's width.
DEVICE_WIDTH = re.compile(r"(?:^|[,;\s])width\s*=\s*device-width\b", re.IGNORECASE)

# The names a site search's text box takes: the usual ones (q, s for WordPress, query,
# recherche...) and those CMS write (Drupal's search_api_fulltext and keys, Joomla's searchword).
SEARCH_NAMES = frozenset(
    {
        "q",
        "s",
        "query",
        "recherche",
        "rechercher",
        "keywords",
        "keyword",
        "search",
        "searchword",
        "search_api_fulltext",
        "keys",
        "motcle",
        "mots",
    }
)
SEARCH_ACTION = re.compile(r"search|recherche", re.IGNORECASE)
TEXT_TYPES = frozenset({"", "text", "search"})
# A form that asks for an address or a password signs up or logs in, whatever else it holds.
NOT_A_SEARCH = re.compile(
    r"newsletter|lettre\s+d.info|infolettre|inscri|abonne|connexion|identifi|mot\s+de\s+passe"
    r"|login|password",
    re.IGNORECASE,
)
FORM_ELEMENT = compiled("ancestor-or-self::form[1]")
SIGN_UP_FIELDS = compiled(
    ".//input[@type='email' or @type='password']"
    " | .//input[contains(translate(@name, 'EMAIL', 'email'), 'mail')]"
)
FORM_TEXT = compiled(".//text()")
FORM_NAMES = compiled("@action | @id | @class")
INPUTS = compiled(".//input")


# The State's "Je donne mon avis" service (formerly "MonAvis", "Vox usagers"): its button
# links to a procedure's form on one of these hosts, whatever the path.
FEEDBACK_HOSTS = {
    "jedonnemonavis.numerique.gouv.fr": JE_DONNE_MON_AVIS,
    "voxusagers.numerique.gouv.fr": JE_DONNE_MON_AVIS,
    "monavis.numerique.gouv.fr": JE_DONNE_MON_AVIS,
}


def extract_viewport(page: Page) -> list[Finding]:
    """`responsive` when a viewport meta says `width=device-width` (the site keeps the home
    page's: aggregate.HOME_ONLY)."""
    if page.kind != "html":
        return []
    for meta in page.meta_elements:
        if (meta.attrib.get("name") or "").strip().lower() != "viewport":
            continue
        if DEVICE_WIDTH.search(meta.attrib.get("content") or ""):
            snippet = squash(serialise(meta))[:300]
            return [Finding("quality.viewport", RESPONSIVE, page.url, snippet, DETECTOR)]
    return []


def _signs_up_or_logs_in(form: Element) -> bool:
    fields = SIGN_UP_FIELDS(form)
    words = " ".join([*FORM_TEXT(form), *(str(v) for v in FORM_NAMES(form))])
    return bool(fields) or bool(NOT_A_SEARCH.search(words))


def _search_box(form: Element) -> bool:
    """A form sent by GET whose text box has a search's name, or whose action names a search."""
    if (form.attrib.get("method") or "get").strip().lower() != "get":
        return False
    boxes = [
        box for box in INPUTS(form) if (box.attrib.get("type") or "").strip().lower() in TEXT_TYPES
    ]
    if not boxes:
        return False
    if any((box.attrib.get("name") or "").strip().lower() in SEARCH_NAMES for box in boxes):
        return True
    return bool(SEARCH_ACTION.search(urlsplit(form.attrib.get("action") or "").path))


def _search_candidates(page: Page) -> list[Element]:
    """In document order: a block of role search, a search field, a form sent by GET; that is
    `//*[@role='search'][.//input] | //search[.//input] | //form
    | //input[translate(@type, 'SEARCH', 'search')='search']`, in one walk of the elements
    (half the cost of that XPath, which tests every element's role; on a page where no element
    has the role, only forms, fields and search elements are looked at)."""
    roles = "search" in page.query(ROLE_VALUES)
    elements = page.tree.iter(etree.Element) if roles else page.tree.iter(SEARCH_TAGS)
    return [element for element in elements if _may_search(element)]


SEARCH_TAGS = ("form", "input", "search")


def _may_search(element: Element) -> bool:
    tag = element.tag
    if tag == "form" or (tag == "input" and (element.get("type") or "").lower() == "search"):
        return True
    block = tag == "search" or element.get("role") == "search"
    return block and next(element.iterdescendants("input"), None) is not None


def extract_search(page: Page) -> list[Finding]:
    """`present` for a site search: a form or block of role `search`, an `<input
    type="search">`, or a form sent by GET whose text box is named like a search (q, s,
    query, recherche...) or whose action's path names a search; a form that asks for an
    e-mail address or a password, or names a newsletter or a login, is not one."""
    if page.kind != "html":
        return []
    for element in _search_candidates(page):
        form = next(iter(FORM_ELEMENT(element)), None)
        if (element.attrib.get("role") or "").lower() == "search" or element.tag == "search":
            found = True
        elif element.tag == "input":
            found = form is None or not _signs_up_or_logs_in(form)
        else:
            found = _search_box(element) and not _signs_up_or_logs_in(element)
        if found:
            snippet = squash(serialise(form if form is not None else element))[:300]
            return [Finding("quality.search", PRESENT, page.url, snippet, DETECTOR)]
    return []


def extract_feedback(page: Page) -> list[Finding]:
    """`je-donne-mon-avis` for a link to the State's "Je donne mon avis" service (its button
    is an image "Je donne mon avis" in such a link)."""
    if page.kind != "html":
        return []
    for link in page.links:
        value = on_hosts(link, FEEDBACK_HOSTS)
        if value:
            return [Finding("services.feedback", value, page.url, link.snippet, DETECTOR)]
    return []
