"""How to reach the authority besides writing: its phone number (`contact.phone`) and its
opening hours (`contact.hours`). The contact form and mailboxes are `channels.py`'s."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from crawler.items import Finding
from lxml import etree
from lxml.etree import _Element as Element

from pipelines.extractors.page import (
    TEXT_INSIDE,
    TITLE_AND_H1_TEXT,
    XML_SPACE,
    Page,
    compiled,
    fold,
    joined_classes,
    serialise,
    squash,
    text_nodes,
)

DETECTOR = "contact/1"

PRESENT = "present"

# A French number: ten digits from 0, or the nine after the country code of metropolitan
# France or an overseas département (+33; +262 La Réunion and Mayotte, whose numbers are
# 0262… and 0269…; +590 Guadeloupe, +594 Guyane, +596 Martinique), "+33 (0)" included;
# spaces, dots or dashes between the digits. Not a part of a longer run of digits (a SIRET).
COUNTRY_CODES = "33|262|590|594|596"
PHONE_TEXT = re.compile(
    rf"(?<![\d+])(?:(?:\+|00)\s?(?:{COUNTRY_CODES})[\s.\-]?(?:\(0\)[\s.\-]?)?"
    r"(?P<national>[1-9](?:[\s.\-]?\d){8})"
    r"|(?P<local>0[1-9](?:[\s.\-]?\d){8}))(?![\s.\-]?\d)"
)
TEL_DIGITS = re.compile(
    rf"^(?:(?:\+|00)(?:{COUNTRY_CODES})0?(?P<national>[1-9]\d{{8}})|(?P<local>0[1-9]\d{{8}}))$"
)
# The words that say a number is a phone, and those that say it is a fax or an example (a
# form field's help: "Téléphone * Exemple : 0202030405"); "Tél./Fax" (one number for both)
# is a phone. The nearest before a number decides.
LABEL = re.compile(
    r"(?P<phone>\bt[ée]l(?:[ée]phone)?\b\.?\s*(?:/|-|et|&)\s*(?:fax|t[ée]l[ée]copie)"
    r"|\bt[ée]l[ée]phone\b|\bt[ée]l\b|\bstandard\b|\baccueil\b|\bportable\b|\bmobile\b"
    r"|\bappele[rz]\b|☎|📞)"
    r"|(?P<other>\bfax\b|\bt[ée]l[ée]copie\b|\bexemple\b|\bex\s*[.:])",
    re.IGNORECASE,
)
LABEL_REACH = 40  # characters before a number where its label is looked for
# Where a number written as text is the authority's: the footer, an address or contact block,
# or the whole of a contact page.
CONTACT_BLOCKS = (
    "//footer | //*[@role='contentinfo'] | //address"
    " | //*[contains(translate(@id, 'FOTERPICNA', 'foterpicna'), 'footer')"
    " or contains(translate(@class, 'FOTERPICNA', 'foterpicna'), 'footer')"
    " or contains(translate(@id, 'FOTERPICNA', 'foterpicna'), 'pied')"
    " or contains(translate(@class, 'FOTERPICNA', 'foterpicna'), 'pied')"
    " or contains(translate(@id, 'CONTAC', 'contac'), 'contact')"
    " or contains(translate(@class, 'CONTAC', 'contac'), 'contact')"
    " or contains(@id, 'coordonn') or contains(@class, 'coordonn')]"
)
# CONTACT_BLOCKS's `translate` lower-cases only these letters: the same tables in Python.
FOOTER_LETTERS = str.maketrans("FOTERPICNA", "foterpicna")
CONTACT_LETTERS = str.maketrans("CONTAC", "contac")


def names_contact_block(identifier: str, classes: str) -> bool:
    """CONTACT_BLOCKS's test of an id and a class: footer, pied, contact, coordonn."""
    footer_id, footer_class = (
        identifier.translate(FOOTER_LETTERS),
        classes.translate(FOOTER_LETTERS),
    )
    return (
        any("footer" in value or "pied" in value for value in (footer_id, footer_class))
        or "contact" in identifier.translate(CONTACT_LETTERS)
        or "contact" in classes.translate(CONTACT_LETTERS)
        or "coordonn" in identifier
        or "coordonn" in classes
    )


def is_contact_block(element: Element) -> bool:
    """CONTACT_BLOCKS's test for one element, in Python: the XPath evaluates its eight string
    functions on every element, which cost a page of the corpus about 2 ms."""
    identifier, classes = element.get("id") or "", element.get("class") or ""
    if identifier or classes:
        # Each word the rule finds is in the attributes lower-cased: most elements stop here.
        lowered = f"{identifier} {classes}".lower()
        words = "footer" in lowered or "pied" in lowered or "contact" in lowered
        if (words or "coordonn" in lowered) and names_contact_block(identifier, classes):
            return True
    return element.tag in ("footer", "address") or element.get("role") == "contentinfo"


CONTACT_PAGE = re.compile(r"contact|nous\s+joindre|coordonn[ée]es", re.IGNORECASE)
CONTACT_PATH = re.compile(r"contact|nous-joindre|coordonnees", re.IGNORECASE)
# A block's text: its text nodes outside scripts and styles.
NOT_TEXT = frozenset({"script", "style"})


def national_number(written: str) -> str | None:
    """The ten digits of a French number as a tel: link writes it, None for any other."""
    digits = re.sub(r"[^\d+]", "", unquote(written).replace("(0)", ""))
    match = TEL_DIGITS.match(digits)
    if match is None:
        return None
    return match["local"] or "0" + match["national"]


def _ten_digits(match: re.Match[str]) -> str:
    """The number a match of PHONE_TEXT gives, as ten digits from 0."""
    if match["local"]:
        return re.sub(r"\D", "", match["local"])
    return "0" + re.sub(r"\D", "", match["national"])


def _label_before(text: str) -> str | None:
    """ "phone", "other" (a fax, an example) or None: the last label word in `text`."""
    labels = list(LABEL.finditer(text))
    if not labels:
        return None
    return "phone" if labels[-1]["phone"] else "other"


def _text_before(anchor: Element) -> str:
    """The text just before a link, in its parent (what labels it: "Fax : <a>")."""
    previous, parent = anchor.getprevious(), anchor.getparent()
    if previous is not None:
        before = previous.tail or ""
    else:
        before = (parent.text if parent is not None else None) or ""
    return squash(before)[-LABEL_REACH:]


def _tel_links(page: Page) -> list[tuple[str, str]]:
    found = []
    for anchor in page.anchors:
        href = anchor.get("href") or ""
        if href[:4].lower() != "tel:":  # as XPath's translate(@href, 'TEL', 'tel') reads it
            continue
        number = national_number(href[4:])
        text = squash(" ".join(TEXT_INSIDE(anchor)) + " " + (anchor.attrib.get("title") or ""))
        if number is None or _label_before(f"{_text_before(anchor)} {text}") == "other":
            continue
        found.append((number, squash(serialise(anchor))[:300]))
    return found


# An icon that says "phone" by its class (`icon-phone`, `fa-phone`, `picto-telephone`),
# written right before a number: the label of a contact card.
PHONE_ICON = re.compile(r"(?:^|[-_\s])(?:phone|telephone|tel)(?:$|[-_\s])", re.IGNORECASE)
ICON_REACH = 60  # characters after the icon where its number is looked for
# The elements icons are drawn with (not a form field classed `tel`, whose help text shows
# an example number).
ICON_TAGS = ("i", "span", "svg", "img")


def _text_after(icon: Element) -> str:
    """The words right after an element, in its parent, up to ICON_REACH characters."""
    parts = [icon.tail or ""]
    for sibling in icon.itersiblings():
        if sum(map(len, parts)) > ICON_REACH:
            break
        parts += [" ".join(TEXT_INSIDE(sibling)), sibling.tail or ""]
    return squash(" ".join(parts))[:ICON_REACH]


def _icon_labelled(page: Page) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    # Every class PHONE_ICON matches holds "tel" or "phone": where no class does, no icon.
    classes = fold(page.shared(joined_classes))
    if "tel" not in classes and "phone" not in classes:
        return found
    for icon in page.tree.iter(ICON_TAGS):
        if not PHONE_ICON.search(icon.get("class") or ""):
            continue
        if "".join(icon.itertext()).strip(XML_SPACE):  # an icon has no text
            continue
        after = _text_after(icon)
        match = PHONE_TEXT.search(after)
        if match and _label_before(after[: match.start()]) != "other":
            snippet = f"{squash(serialise(icon))} {after[: match.end()]}"
            found.append((_ten_digits(match), snippet[:300]))
    return found


def _labelled_numbers(text: str) -> list[tuple[str, str]]:
    """The numbers of `text` that a phone word labels (the text since the previous number)."""
    found, previous_end = [], 0
    for match in PHONE_TEXT.finditer(text):
        window = text[max(previous_end, match.start() - LABEL_REACH) : match.start()]
        previous_end = match.end()
        if _label_before(window) != "phone":
            continue
        found.append(
            (_ten_digits(match), squash(text[max(0, match.start() - LABEL_REACH) : match.end()]))
        )
    return found


def is_contact_page(page: Page) -> bool:
    names = page.query(TITLE_AND_H1_TEXT)
    path = unquote(urlsplit(page.url).path)
    return bool(CONTACT_PAGE.search(" ".join(names)) or CONTACT_PATH.search(path))


def _contact_texts(page: Page) -> list[str]:
    if is_contact_page(page):
        return [page.text]
    return [squash(" ".join(text_nodes(block, NOT_TEXT))) for block in _outer_blocks(page)]


def _outer_blocks(page: Page) -> list[Element]:
    """The outermost contact blocks, so that no number is read twice, in document order: one
    walk of the elements (a third of the cost of the XPath that hands Python only those with
    an id, a class or a role), which does not look inside a block it found."""
    blocks = []
    walk = etree.iterwalk(page.tree, events=("start",))
    for _, element in walk:
        if is_contact_block(element):
            blocks.append(element)
            walk.skip_subtree()
    return blocks


def extract_phone(page: Page) -> list[Finding]:
    """The first number of a `tel:` link (not one labelled a fax), else the first written
    right after a phone icon, else the first that a phone word (Tél., Téléphone, Standard,
    Accueil...) labels in the footer, an address or contact block, or anywhere on a contact
    page; as ten digits (`0240123456`)."""
    if page.kind != "html":
        return []
    found = _tel_links(page) or _icon_labelled(page)
    for text in [] if found else _contact_texts(page):
        found += _labelled_numbers(text)
    if not found:
        return []
    number, snippet = found[0]
    return [Finding("contact.phone", number, page.url, snippet, DETECTOR)]


# Opening hours in schema.org: microdata or RDFa, or a JSON-LD object.
# (`[@itemprop or @property]` first: testing an attribute's presence is cheap, and leaves
# the four comparisons to the few elements that have one.)
# (Attribute nodes first: a predicate on each attribute of these two names, few on a page,
# rather than on every element.)
SCHEMA_HOURS = (
    "//@itemprop[. = 'openingHours' or . = 'openingHoursSpecification']/.."
    " | //@property[. = 'openingHours' or . = 'schema:openingHours']/.."
)
SCHEMA_HOURS_QUERY = compiled(SCHEMA_HOURS)
STRING = compiled("string()")
JSON_LD_HOURS = re.compile(r"\"openingHours(?:Specification)?\"\s*:|OpeningHoursSpecification")
# A heading or words that announce opening hours; not the timetables of tides, masses,
# transport, collections or lessons, which are no service's opening.
HOURS_LEAD = re.compile(
    r"\bhoraires?\b(?!\s+(?:des|de\s+la|de\s+l.|du|de|d.)\s*(?:mar[ée]es?|messes?|offices?|bus"
    r"|cars|trains?|navettes?|transports?|vols?|collectes?|ramassages?|passages?|cours"
    r"|s[ée]ances?|films?|projections?|matchs?|lignes?|d[ée]parts?|mar[ée]e)\b)"
    r"|\bheures\s+d.ouverture\b|\bouvert(?:e|s|es)?\s+au\s+public\b",
    re.IGNORECASE,
)
DAY = r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?\b"
TIME = r"\b(?:[01]?\d|2[0-3])(?:\s?h\s?(?:[0-5]\d)?(?!\w)|:[0-5]\d\b)"
# A day, then a time not far after it ("Lundi : 8h30 - 12h00", "du lundi au vendredi de 9 h à
# 12 h"), within the words that follow the announcement.
DAY_THEN_TIME = re.compile(rf"{DAY}.{{0,60}}?{TIME}", re.IGNORECASE | re.DOTALL)
HOURS_REACH = 300


def _schema_hours(page: Page) -> str | None:
    for element in SCHEMA_HOURS_QUERY(page.tree):
        return squash(serialise(element))[:300]
    for script in page.tree.iter("script"):
        if "ld+json" not in (script.get("type") or ""):
            continue
        code = str(STRING(script))
        match = JSON_LD_HOURS.search(code)
        if match:
            return squash(code[max(0, match.start() - 60) : match.end() + 200])
    return None


# The literal words every match of HOURS_LEAD begins with, as `fold` writes them: the text is
# searched from the first one on (the pattern has no literal prefix, and would try every
# position of the text), not at all without one.
HOURS_WORDS = ("horaire", "heures", "ouvert")


def _written_hours(page: Page) -> str | None:
    start, text = page.text_from(HOURS_WORDS), page.text
    for lead in HOURS_LEAD.finditer(text, start or 0) if start is not None else ():
        following = text[lead.end() : lead.end() + HOURS_REACH]
        days = DAY_THEN_TIME.search(following)
        if days:
            return text[lead.start() : lead.end() + days.end()][:300]
    return None


def extract_hours(page: Page) -> list[Finding]:
    """`present` for opening hours: schema.org's `openingHours` (microdata, RDFa, JSON-LD),
    or "Horaires", "Heures d'ouverture", "Ouvert au public" followed by a day and a time
    (8h30, 8 h 30, 08:30, 8h-12h); the evidence is the matched text."""
    if page.kind != "html":
        return []
    snippet = _schema_hours(page) or _written_hours(page)
    return [Finding("contact.hours", PRESENT, page.url, snippet, DETECTOR)] if snippet else []
