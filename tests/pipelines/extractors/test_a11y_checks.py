"""a11y.check_failed: automated checks on the HTML, each proven on a page written to fail it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.extractors.a11y_checks import extract_a11y_checks
from pipelines.extractors.documents import page_from_bytes
from pipelines.extractors.page import Page

GOOD_HEAD = '<head><title>Accueil</title><meta name="viewport" content="width=device-width"></head>'
SKIP = '<a href="#contenu">Aller au contenu</a>'


def failed(body: str, head: str = GOOD_HEAD, lang: str = ' lang="fr"') -> set[str]:
    page = Page("https://x.fr/", f"<html{lang}>{head}<body>{SKIP}{body}</body></html>", {})
    return {finding.value for finding in extract_a11y_checks(page)}


def test_a_clean_page_fails_nothing() -> None:
    body = (
        '<main id="contenu"><h1>Mairie</h1><h2>Actualités</h2><img src="a.png" alt="">'
        '<label for="q">Rechercher</label><input id="q" type="search">'
        '<a href="/x"><img src="i.png" alt="Agenda"></a><button aria-label="Fermer"></button>'
        '<iframe src="/carte" title="Plan"></iframe>'
        "<table><tr><th>Jour</th><th>Heures</th></tr><tr><td>Lundi</td><td>9h</td></tr></table></main>"
    )
    assert failed(body) == set()


@pytest.mark.parametrize(
    ("body", "check"),
    [
        ('<img src="bandeau.jpg">', "image-alt"),
        ('<input type="text" name="q">', "label"),
        ("<select><option>Menu</option></select>", "label"),
        ('<a href="/x"><img src="i.png" alt=""></a>', "link-name"),
        ('<button><i class="icon"></i></button>', "button-name"),
        ('<a href="/actualites">Lire la suite</a>', "link-text-vague"),
        ('<a href="/x">cliquez ici</a>', "link-text-vague"),
        ('<p id="a"></p><p id="a"></p>', "duplicate-id"),
        ('<iframe src="/carte"></iframe>', "frame-title"),
        (
            "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>",
            "table-headers",
        ),
        ("<h1>Titre</h1><h3>Sous-titre</h3>", "heading-order"),
    ],
)
def test_each_check_fails_on_its_page(body: str, check: str) -> None:
    assert failed(body) == {check}


def test_page_level_checks() -> None:
    assert failed("", lang="") == {"html-lang"}
    assert failed("", head="<head></head>") == {"document-title"}
    zoom = '<head><title>T</title><meta name="viewport" content="width=device-width, maximum-scale=1"></head>'
    assert failed("", head=zoom) == {"meta-viewport"}
    no_skip = Page("https://x.fr/", f'<html lang="fr">{GOOD_HEAD}<body><p>x</p></body></html>', {})
    assert {f.value for f in extract_a11y_checks(no_skip)} == {"skip-link"}


def test_layout_tables_marked_as_such_pass() -> None:
    layout = '<table role="presentation"><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>'
    assert failed(layout) == set()


def test_the_state_design_system_skip_links_count() -> None:
    body = '<div class="fr-skiplinks"><ul><li><a href="#contenu">Contenu</a></li></ul></div>'
    page = Page("https://x.fr/", f'<html lang="fr">{GOOD_HEAD}<body>{body}</body></html>', {})
    assert extract_a11y_checks(page) == []


def test_a_pdf_gets_no_html_checks() -> None:
    assert extract_a11y_checks(Page("https://x.fr/d.pdf", "<p>texte</p>", {}, kind="pdf")) == []


def checks_of(path: Path) -> set[str]:
    return {
        f.value for f in extract_a11y_checks(page_from_bytes("https://x.fr/", path.read_bytes()))
    }


def test_w3c_demo_before_fails_far_more_than_after(corpus: Path) -> None:
    for name in ("home.html", "news.html"):
        before, after = (
            checks_of(corpus / "w3c-bad/before" / name),
            checks_of(corpus / "w3c-bad/after" / name),
        )
        assert after == set()
        assert before >= {
            "html-lang",
            "image-alt",
            "label",
            "link-name",
            "skip-link",
            "table-headers",
        }
    # The home page's "Click here" links are gone from the repaired version too.
    assert "link-text-vague" in checks_of(corpus / "w3c-bad/before/home.html")
