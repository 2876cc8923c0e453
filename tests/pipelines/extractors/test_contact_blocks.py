"""Where a phone number written as text counts as the authority's: the footer, an address or a
contact block. `is_contact_block` is the readable rule, in Python for speed; `CONTACT_BLOCKS`
is the same rule as an XPath. They must pick the same elements, on crafted markup and on every
element of the real pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from pipelines.extractors.contact import CONTACT_BLOCKS, is_contact_block

CRAFTED = """<html><body>
<footer>a</footer><div role="contentinfo">b</div><address>c</address>
<div id="Footer-main">d</div><div class="site-FOOTER">e</div><div id="PiedDePage">f</div>
<div class="bloc-Contact">g</div><div id="coordonnees">h</div><div id="Coordonnees">i</div>
<div class="pied">j</div><div id="main">k</div><div class="menu">l</div><p>m</p>
<div class="FÖOTER">n</div><section class="contacts-utiles">o</section>
</body></html>"""


def same_blocks(root: lxml_html.HtmlElement) -> None:
    by_xpath = set(root.xpath(CONTACT_BLOCKS))
    by_python = {element for element in root.iter() if is_contact_block(element)}
    assert by_python == by_xpath


def test_the_python_rule_picks_what_the_xpath_picks_on_crafted_markup() -> None:
    root = lxml_html.fromstring(CRAFTED)
    same_blocks(root)
    picked = {element.text for element in root.iter() if is_contact_block(element)}
    assert picked == {"a", "b", "c", "d", "e", "f", "g", "h", "j", "o"}  # "Coordonnees": case kept


def test_the_python_rule_picks_what_the_xpath_picks_on_real_pages(corpus: Path) -> None:
    pages = sorted(corpus.rglob("*.html"))
    if not pages:
        pytest.skip(f"no page in {corpus}")
    for page in pages:
        same_blocks(lxml_html.fromstring(page.read_bytes()))
