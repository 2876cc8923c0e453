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
from textstat.textstat import textstatistics

from pipelines.extractors.page import Page, compiled, squash

DETECTOR = "readability/2"
MIN_WORDS = 100
# Beyond this many words a sentence, the "text" is a menu or a list of tiles, not prose.
MAX_WORDS_PER_SENTENCE = 40
# The first characters of the main text are enough for a score, and bound its cost on a
# 3 MB bulletin (syllables are counted word by word).
MAX_CHARACTERS = 20_000
MAIN_CONTENT = "//main | //*[@role='main'] | //article"
# The text nodes of the body whose parent element is outside these elements: the same nodes as
# `//body//text()[not(ancestor::script)...]`, in the same order, with the ancestors walked
# once an element rather than once a text node (a quarter faster on the corpus).
OUTSIDE_MAIN = (
    "//body/descendant-or-self::*[not(ancestor-or-self::script)"
    " and not(ancestor-or-self::style) and not(ancestor-or-self::noscript)"
    " and not(ancestor-or-self::nav) and not(ancestor-or-self::header)"
    " and not(ancestor-or-self::footer) and not(ancestor-or-self::svg)]/text()"
)
CONTAINERS = compiled(MAIN_CONTENT)
OUTSIDE_MAIN_TEXT = compiled(OUTSIDE_MAIN)
CONTAINER_TEXT = compiled(
    ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::nav)"
    " and not(ancestor::svg)]"
)
LANGUAGE = compiled("string(/html/@lang)")

_french = textstatistics()
_french.set_lang("fr")


def main_text(page: Page) -> str:
    containers = CONTAINERS(page.tree)
    if containers:
        # The outermost container only, so that an article inside <main> is not read twice.
        outermost = [c for c in containers if not any(o in c.iterancestors() for o in containers)]
        parts = [text for container in outermost for text in CONTAINER_TEXT(container)]
    else:
        parts = OUTSIDE_MAIN_TEXT(page.tree)
    return squash(" ".join(str(part) for part in parts))


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
    return bool(words) and sum(w in FUNCTION_WORDS for w in words) >= MIN_FUNCTION_WORDS * len(
        words
    )


def extract_readability(page: Page) -> list[Finding]:
    if page.kind == "pdf" or not is_french(page):
        return []
    text = main_text(page)[:MAX_CHARACTERS]
    score = kandel_moles(text) if reads_as_french(text) else None
    if score is None:
        return []
    return [Finding("readability.kandel_moles", f"{score:.0f}", page.url, text[:200], DETECTOR)]
