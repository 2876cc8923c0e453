"""The views a page shares between extractors read the same as what they replace: text nodes
outside hidden elements, links whose snippet is written on first read, addresses resolved
without `urljoin` where it would give them back as written, and where a case-insensitive
search may start."""

from __future__ import annotations

import pickle
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

from crawler.urls import strip_session
from pipelines.extractors.addresses import web_address
from pipelines.extractors.page import Link, Page, text_nodes

MARKUP = """<html><head><title>T</title><script>var head = 1;</script></head><body>
Début <!-- un commentaire --> après le commentaire
<div id="a">Un <b>gras</b> puis <script>var x = 1;</script> fin du bloc
<noscript>Activez JavaScript <p>paragraphe caché</p></noscript> après noscript</div>
<nav>Menu <a href="/plan">Plan</a></nav><style>p { color: red }</style>
<footer>Pied <?php echo 1 ?> suite</footer></body></html>"""

XPATH_OUTSIDE = (
    "{root}//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
)


def test_text_nodes_are_the_xpath_text_nodes_outside_hidden_elements() -> None:
    tree = Page("https://mairie.fr/", MARKUP, {}).tree
    hidden = {"script", "style", "noscript"}
    for root in tree.iter(etree.Element):
        expected = root.xpath(XPATH_OUTSIDE.format(root="."))
        assert text_nodes(root, hidden) == [str(text) for text in expected], root.tag


def test_page_text_leaves_out_scripts_styles_and_noscript() -> None:
    text = Page("https://mairie.fr/", MARKUP, {}).text
    for shown in ("après le commentaire", "Pied", "suite", "après noscript"):
        assert shown in text
    for hidden in ("var x", "color", "Activez", "paragraphe caché"):
        assert hidden not in text


def test_a_link_read_from_the_page_equals_the_link_of_the_same_values() -> None:
    page = Page("https://mairie.fr/", MARKUP, {})
    [link] = page.links
    written = Link("https://mairie.fr/plan", "Plan", "", '<a href="/plan">Plan</a>')
    assert link == written
    assert written == link
    assert hash(link) == hash(written)
    assert pickle.loads(pickle.dumps(link)) == written
    assert type(pickle.loads(pickle.dumps(link))) is Link


def test_a_search_starts_at_the_first_literal_word_or_not_at_all() -> None:
    page = Page("https://mairie.fr/", "<html><body>Accueil. HORAIRES : lundi</body></html>", {})
    assert page.text_from(("horaire",)) == page.text.index("HORAIRES")
    assert page.text_from(("absent",)) is None
    # An İ lower-cases to two characters: the folded text no longer lines up with the text.
    shifted = Page("https://mairie.fr/", "<html><body>İzmir horaires</body></html>", {})
    assert shifted.text_from(("horaire",)) == 0


def urljoin_reading(base: str, address: str) -> str | None:
    """What `web_address` computed for every address before its shortcuts."""
    try:
        parts = urlsplit(urljoin(base, address))
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    url = urlunsplit(parts._replace(fragment=""))
    return url if "?" not in url and ";jsessionid=" not in url else strip_session(url)


ADDRESSES = (
    *("https://a.fr", "https://a.fr?", "https://a.fr/x?", "https://a.fr/x?#", "http://a.fr:80/"),
    *("https://[::1]/", "https:///x", "https://?x", "https://a.fr/x;jsessionid=1", "https://é.fr/"),
    *(
        "https://a.fr/x?PHPSESSID=2",
        "https://a.fr/x?a=%73id",
        "https://a.fr/ x ",
        "https://u@a.fr/",
    ),
    *("https://a.fr//x", "https://a.fr/./x/../y", "http://a.fr/x?sid=1&b=2", "https://A.FR/X"),
    *("/a", "/a?", "/a?b", "/./a", "/a/../b", "/a/.", "//h/x", "/a#f", "/a;p", "/a:b", "/é"),
    *("/a b", "/", "/?q", "/a//b", "/a?sid=1", "/a?x=%41", "a/b", "../c", "?q", "#top", "tel:1"),
)
BASES = (
    *("https://mairie.fr/a/b", "http://mairie.fr/", "https://x.y.fr/a?q#f", "", "ftp://m.fr/"),
    *(
        "https://m.fr:8443/x",
        "https://m.fr:99999/x",
        "https:///x",
        "HTTPS://M.FR/a",
        "https://m.fr\t/a",
    ),
)


def test_addresses_read_as_written_are_those_urljoin_gives() -> None:
    for base in BASES:
        for address in ADDRESSES:
            assert web_address(base, address) == urljoin_reading(base, address), (base, address)
