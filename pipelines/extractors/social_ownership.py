"""Whose account a social link is: the authority's, or a person's, a group's, a credited party's.

A link is read with the words around it, not only its own text (docs/features.md, Decoys):
- its *line*: the nearest block holding it (`p`, `li`, `div`, `td`...), for credits and "©";
- its *card*: the smallest ancestor holding words outside links, for the people it names;
- the markup of its ancestors: person cards (vCard, h-card, schema.org Person, `elu`,
  `author` classes) and credit blocks (`credit`, `credits`, `realisation` classes).
Neither window ever reaches a page region (body, main, nav, the page's header or footer): a
footer holds both the agency's credit and the authority's own icons, each in its own block.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from urllib.parse import urlsplit

from crawler.urls import host_of
from lxml import etree

from pipelines.extractors.page import Link, Page, serialise, squash

# Profile URL forms that are a person's or a group's, never an organisation's page.
# LinkedIn: /in/<member> is a member's profile (organisations have /company/, /showcase/,
# /school/). Facebook: /groups/<id> is a group of members. Facebook pages and personal
# profiles share the other URL forms (a handle, profile.php?id=N, people/<name>/<id>).
PERSONAL_OR_GROUP = {"linkedin": ("/in/",), "facebook": ("/groups/",)}

INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "em",
        "font",
        "i",
        "img",
        "kbd",
        "label",
        "mark",
        "picture",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "svg",
        "time",
        "tt",
        "u",
        "var",
        "use",
        "path",
    ]
)
SECTIONING = frozenset(["article", "aside", "section"])
REGION_ROLES = frozenset(["banner", "contentinfo", "navigation", "main"])
REGION_NAME = re.compile(
    r"(?:[a-z]+[-_])?(?:footer|header|pied(?:[-_]?de[-_]?page)?|piedpage|en[-_]?tete)",
    re.IGNORECASE,
)
MAX_LEVELS = 6  # ancestors read above a link, below the page region
MAX_LINE = 400  # characters: a longer "block" is a region of the page, not the link's line
MAX_CARD = 600
LEAD_IN = 120  # characters read before a link that sits directly in a region

# Matched on text lower-cased and without accents.
CREDIT_WORDS = re.compile(
    r"realise(?:e|s|es)?\s+(?:par|avec)|\brealisation\b|\bcree(?:e|s)?\s+(?:par|avec)"
    r"|\b(?:conception|creation)\s*(?::|par\b|graphique|web|du site|et\b|&|-)"
    r"|\bcon[cç]ue?\s+par\b|\bdeveloppe(?:e|s)?\s+par\b|\bdeveloppement\s*(?::|web)"
    r"|\bweb\s?design|\bheberge(?:e|s)?\s+par\b|\bhebergement\s*:|\bpropulse(?:e|s)?\s+par\b"
    r"|\bpowered\s+by\b|\bagence\b(?!\s+postale)|\bcredits?\s*(?::|photo)"
)
# A role opening one of the card's texts, or following a name and a comma, dash or colon
# ("Maire", "1er adjoint, chargé des finances", "Marie Dupont, maire"); not a role named in
# passing ("permanence du maire", "le mot du maire").
ROLE = re.compile(
    r"(?:^|,|\s[-–—]|:)\s*(?:(?:\d+\s*(?:er|ere|e|eme)?|premier|premiere|deuxieme|troisieme"
    r"|quatrieme|cinquieme|sixieme|septieme|huitieme)\s+)?(?:maire|adjointe?|conseill(?:er|ere)"
    r"|delegue(?:e)?(?!\s+a\s+la\s+protection)|elue?|deputee?|senat(?:eur|rice)"
    r"|(?:vice-)?presidente?)\b"
)
COPYRIGHT = re.compile(r"(?:©|\bcopyright\b)\s*(.{0,80})")
OWNER_END = re.compile(r"\s[-–—|/·•]\s|[|·•]|tous droits|all rights|\.\s")
AUTHORITY_WORDS = re.compile(
    r"\b(?:mairie|commune|ville|municipalite|departement|region|metropole|communaute"
    r"|agglomeration|agglo|collectivite|ccas|syndicat|prefecture)\b"
)
# Words of a follow link's own text, never an owner's name ("© 2024 · Facebook").
FOLLOW_WORDS = frozenset(
    [
        "facebook",
        "instagram",
        "twitter",
        "linkedin",
        "youtube",
        "tiktok",
        "mastodon",
        "bluesky",
        "threads",
        "dailymotion",
        "vimeo",
        "flickr",
        "pinterest",
        "whatsapp",
        "telegram",
        "peertube",
        "suivez",
        "nous",
        "retrouvez",
        "rejoignez",
        "sur",
        "les",
        "reseaux",
        "sociaux",
    ]
)
NOT_A_NAME = frozenset(
    [
        "accueil",
        "actualites",
        "bienvenue",
        "commune",
        "mairie",
        "officiel",
        "page",
        "site",
        "ville",
        "www",
        "saint",
        "sainte",
        "html",
        "index",
    ]
)
CREDIT_CLASSES = frozenset(["credit", "credits", "realisation"])
PERSON_CLASSES = frozenset(["elu", "elue", "elus", "elues", "author", "auteur"])
CARD_CLASSES = frozenset(["vcard", "h-card"])


def personal_or_group(platform: str, canonical: str) -> bool:
    """A person's profile or a group, by the platform's own URL form."""
    path = urlsplit(canonical).path
    return path.startswith(PERSONAL_OR_GROUP.get(platform, ()))


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def site_names(page: Page) -> frozenset[str]:
    """Distinctive words of the site's host and the page's title: how a "©" names the authority."""
    titles = page.tree.xpath("//title//text()")
    words = re.findall(r"[a-z]{4,}", fold(f"{host_of(page.url)} {' '.join(map(str, titles))}"))
    return frozenset(words) - NOT_A_NAME


def anchors_of(page: Page, links: Sequence[Link]) -> list[etree._Element | None]:
    """The `<a>` element of each link (links in page order, a subsequence of `page.links`):
    matched by the snippet, only among anchors whose href names one of the links' hosts."""
    found: list[etree._Element | None] = [None] * len(links)
    hosts = {(urlsplit(link.url).hostname or "").lower() for link in links}
    index = 0
    for anchor in page.anchors:
        if index == len(links):
            break
        href = (anchor.attrib.get("href") or "").lower()
        named = any(host and host in href for host in hosts)
        if named and squash(serialise(anchor))[:300] == links[index].snippet:
            found[index] = anchor
            index += 1
    return found


def not_the_authority(anchor: etree._Element, names: frozenset[str]) -> str | None:
    """Why the link's surroundings say it is someone else's account, or None."""
    chain, line = _line(anchor)
    folded = fold(line)
    if CREDIT_WORDS.search(folded):
        return "credit"
    owner = _copyright_owner(folded, names)
    if owner == "other":
        return "copyright"
    if owner is None and any(_tokens(e) & CREDIT_CLASSES for e in chain):
        return "credit"
    ancestors = list(_ancestors(anchor))
    if any(_person_markup(e) for e in (anchor, *ancestors)):
        return "person"
    if any(ROLE.search(fold(text)) for text in _card_texts(ancestors)):
        return "person"
    return None


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else "#comment"


def _is_region(element: etree._Element) -> bool:
    tag = _tag(element)
    if tag in ("html", "body", "main", "nav"):
        return True
    if tag in ("header", "footer"):
        return not any(_tag(a) in SECTIONING for a in element.iterancestors())
    if (element.attrib.get("role") or "").lower() in REGION_ROLES:
        return True
    names = [element.attrib.get("id") or "", *(element.attrib.get("class") or "").split()]
    return any(REGION_NAME.fullmatch(name) for name in names if name)


def _ancestors(anchor: etree._Element) -> Iterator[etree._Element]:
    """The link's ancestors below the page region, MAX_LEVELS at most."""
    for level, element in enumerate(anchor.iterancestors()):
        if level == MAX_LEVELS or _is_region(element):
            return
        yield element


def _text(element: etree._Element) -> str:
    query = ".//text()[not(ancestor::script) and not(ancestor::style)]"
    return squash(" ".join(map(str, element.xpath(query))))


def _line(anchor: etree._Element) -> tuple[list[etree._Element], str]:
    """The elements from the link up to its nearest block, and that block's text; a link
    sitting directly in a region (or in a block too long to be a line) gets the text just
    before it instead."""
    chain = [anchor]
    node = anchor
    for parent in anchor.iterancestors():
        if _is_region(parent):
            return chain, _lead_in(node)
        if _tag(parent) not in INLINE:
            text = _text(parent)
            return ([*chain, parent], text) if len(text) <= MAX_LINE else (chain, _lead_in(node))
        chain.append(parent)
        node = parent
    return chain, _lead_in(node)


def _lead_in(node: etree._Element) -> str:
    """The text right before `node` in its parent, back to the previous link, block or line
    break."""
    parts: list[str] = []
    sibling = node.getprevious()
    while sibling is not None:
        parts.append(sibling.tail or "")
        tag = _tag(sibling)
        if tag == "#comment":
            sibling = sibling.getprevious()
            continue
        if tag == "a" or tag not in INLINE:
            break
        parts.append(_text(sibling))
        sibling = sibling.getprevious()
    else:
        parent = node.getparent()
        parts.append((parent.text or "") if parent is not None else "")
    return squash(" ".join(reversed(parts)))[-LEAD_IN:]


def _copyright_owner(folded: str, names: frozenset[str]) -> str | None:
    """ "authority" when the line's "©" names it (a public body, or the site's own name),
    "other" when it names another party, None without a named owner."""
    match = COPYRIGHT.search(folded)
    if not match:
        return None
    owner = OWNER_END.split(re.sub(r"^[\s\d©\-–—/|·•,.:]+", "", match.group(1)))[0]
    words = set(re.findall(r"[a-z]{3,}", owner)) - FOLLOW_WORDS
    if not words:
        return None
    return "authority" if AUTHORITY_WORDS.search(owner) or words & names else "other"


def _tokens(element: etree._Element) -> set[str]:
    """The words of an element's class and id names ("footer-credits" -> footer, credits)."""
    names = f"{element.attrib.get('class') or ''} {element.attrib.get('id') or ''}".lower()
    return set(re.split(r"[\s\-_]+", names)) - {""}


def _person_markup(element: etree._Element) -> bool:
    classes = set((element.attrib.get("class") or "").lower().split())
    if classes & CARD_CLASSES:
        return not _organisation_card(element)
    if (element.attrib.get("itemtype") or "").rstrip("/").lower().endswith("schema.org/person"):
        return True
    return bool(_tokens(element) & PERSON_CLASSES)


def _organisation_card(card: etree._Element) -> bool:
    """A vCard or h-card whose name is its organisation ("fn org", "p-name p-org")."""
    for element in card.iter("*"):
        classes = set((element.attrib.get("class") or "").lower().split())
        if {"fn", "org"} <= classes or {"p-name", "p-org"} <= classes:
            return True
    return False


def _card_texts(ancestors: Iterable[etree._Element]) -> list[str]:
    """The texts outside links of the smallest ancestor that has some (a person's card)."""
    query = ".//text()[not(ancestor::a) and not(ancestor::script) and not(ancestor::style)]"
    for element in ancestors:
        texts = [text for node in element.xpath(query) if (text := squash(str(node)))]
        if texts:
            return texts if sum(map(len, texts)) <= MAX_CARD else []
    return []
