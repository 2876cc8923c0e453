"""How readable a page's main text is in French (`readability.kandel_moles`).

Kandel and Moles' adaptation of Flesch's reading ease to French (207 - 1.015 × words per
sentence - 73.6 × syllables per word), as textstat computes it with French hyphenation: about
0 for dense administrative prose, 60-70 for plain language, near 100 for a primer. Computed
on the page's main content only (not menus, header or footer), and only where it has enough
words for the formula to mean something.
"""

from __future__ import annotations

import re

from crawler.items import Finding
from lxml import etree
from lxml.etree import _Element as Element
from textstat.textstat import textstatistics

from pipelines.extractors.page import (
    ROLE_VALUES,
    Page,
    compiled,
    outermost,
    squash,
    text_nodes,
)

DETECTOR = "readability/2"
MIN_WORDS = 100
# Beyond this many words a sentence, the "text" is a menu or a list of tiles, not prose.
MAX_WORDS_PER_SENTENCE = 40
# The first characters of the main text are enough for a score, and bound its cost on a
# 3 MB bulletin (syllables are counted word by word).
MAX_CHARACTERS = 20_000
# The main content: <main>, an element of role "main", or an article.
MAIN_CONTENT = ("main", "article")
# Inside the main content, the text of these elements is not the page's prose; outside it
# (a page without one), neither is the header's, the footer's nor a menu's.
NOT_PROSE = frozenset({"script", "style", "nav", "svg"})
NOT_PROSE_OUTSIDE_MAIN = NOT_PROSE | {"noscript", "header", "footer"}
LANGUAGE = compiled("string(/html/@lang)")

_french = textstatistics()
_french.set_lang("fr")


def main_containers(page: Page) -> list[Element]:
    """`//main | //*[@role='main'] | //article`, in document order (one walk of the elements
    costs a tenth of that XPath, which tests every element's role; none at all on a page
    where no element has the role)."""
    if "main" not in page.query(ROLE_VALUES):
        return list(page.tree.iter(MAIN_CONTENT))
    return [
        element
        for element in page.tree.iter(etree.Element)
        if element.tag in MAIN_CONTENT or element.get("role") == "main"
    ]


def main_text(page: Page) -> str:
    containers = main_containers(page)
    if containers:
        # The outermost container only, so that an article inside <main> is not read twice.
        parts = [t for c in outermost(containers) for t in text_nodes(c, NOT_PROSE)]
    else:  # the body's text outside the header, the footer and the menus
        parts = [t for body in page.bodies for t in text_nodes(body, NOT_PROSE_OUTSIDE_MAIN)]
    return squash(" ".join(parts))


def kandel_moles(text: str) -> float | None:
    """The score of a French text, or None when it is too short or not prose."""
    words = _french.lexicon_count(text)
    if words < MIN_WORDS or words > MAX_WORDS_PER_SENTENCE * _french.sentence_count(text):
        return None
    return float(_french.flesch_reading_ease(text))


def is_french(page: Page) -> bool:
    """A page declared in another language is not scored with a French formula; an
    undeclared one is taken as French (French authorities' sites) when its text reads as
    French (`reads_as_french`)."""
    declared = str(LANGUAGE(page.tree)).strip().lower()
    return not declared or declared.startswith("fr")


# French function words: about a third of the words of French prose (28 to 46 % in the main
# text of the corpus's French pages, of real commune pages and of the farm's), a few per cent
# of English (3 to 4 % on the W3C pages) or of code listings and lorem ipsum.
_FUNCTION_WORDS = """le la les l de des du d un une et à au aux en est sont pour que qui dans sur
par il elle ils elles nous vous on ce cette ces ne pas plus avec son sa ses leur leurs se ou
mais comme être a ont été y qu n s c votre vos notre nos tout tous toute toutes très aussi si
sans entre chez lors dont où"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
MIN_FUNCTION_WORDS = 0.15
WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+")


def reads_as_french(text: str) -> bool:
    """Enough French function words among the text's words for it to be French prose."""
    words = WORD.findall(text.lower())
    # (`map` over the set's membership test: a third of the cost of a generator.)
    function_words = sum(map(FUNCTION_WORDS.__contains__, words))
    return bool(words) and function_words >= MIN_FUNCTION_WORDS * len(words)


def extract_readability(page: Page) -> list[Finding]:
    if page.kind == "pdf" or not is_french(page):
        return []
    text = main_text(page)[:MAX_CHARACTERS]
    score = kandel_moles(text) if reads_as_french(text) else None
    if score is None:
        return []
    return [Finding("readability.kandel_moles", f"{score:.0f}", page.url, text[:200], DETECTOR)]
