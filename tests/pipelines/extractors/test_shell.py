"""Pages that need rendering (pipelines/extractors/shell.py): a JavaScript shell, and a page
whose header, footer or menu a script injects. Saved pages in `rendering_cases/`, each with
the reading expected of it beside it (`<case>.json`: url, content_type, kind, evidence)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipelines.extractors.page import Page
from pipelines.extractors.reading import NEEDS_RENDERING, Fetched, PageKind, read_response
from pipelines.extractors.shell import injected_navigation

CASES = Path(__file__).parent / "rendering_cases"
PAGES = sorted(CASES.glob("*.html"))


def expected_of(page: Path) -> dict[str, Any]:
    expected: dict[str, Any] = json.loads(page.with_suffix(".json").read_text("utf-8"))
    return expected


def fetched_case(page: Path, body: bytes | None = None) -> Fetched:
    expected = expected_of(page)
    content_type = expected["content_type"]
    body = page.read_bytes() if body is None else body
    return Fetched(expected["url"], body, content_type, {"content-type": content_type})


def test_every_form_and_a_control_have_a_saved_page() -> None:
    kinds = [expected_of(page)["kind"] for page in PAGES]
    assert kinds.count("injected_navigation") >= 7  # fetch, load, XHR, w3, data-include, ...
    assert kinds.count("html") >= 2
    assert "javascript_shell" in kinds


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_a_saved_page_gets_the_reading_written_beside_it(page: Path) -> None:
    lines = page.read_text("utf-8").splitlines()
    assert lines[0] == "<!DOCTYPE html>"
    assert lines[1].startswith("<!-- Pattern"), "a page of our own says which pattern it shows"
    assert '<html lang="fr">' in lines[2]
    expected = expected_of(page)
    reading = read_response(fetched_case(page), home=True, may_render=True)
    assert (reading.kind.value, reading.evidence) == (expected["kind"], expected["evidence"])
    if reading.kind in NEEDS_RENDERING:
        assert (reading.findings, reading.links) == ([], [])  # only the rendering is read


@pytest.mark.parametrize(
    "page", [page for page in PAGES if expected_of(page)["kind"] == "injected_navigation"]
)
def test_a_page_to_render_is_read_as_served_where_no_browser_will_render_it(page: Path) -> None:
    reading = read_response(fetched_case(page), home=False, may_render=False)
    assert reading.kind is PageKind.HTML
    assert reading.links  # its content's own links


FOOTER = (
    '<a href="/mentions-legales">Mentions légales</a> '
    '<a href="/accessibilite">Accessibilité : non conforme</a>'
)
HEADER = '<a href="/">Accueil</a> <a href="/demarches">Démarches</a>'


def test_the_same_page_with_its_header_and_footer_written_in_is_not_rendered() -> None:
    page = CASES / "fetch-components-into-header-and-footer.html"
    html = page.read_text("utf-8")
    html = html.replace('<header id="header"></header>', f'<header id="header">{HEADER}</header>')
    html = html.replace('<footer id="footer"></footer>', f'<footer id="footer">{FOOTER}</footer>')
    reading = read_response(fetched_case(page, html.encode()), home=True, may_render=True)
    assert reading.kind is PageKind.HTML
    assert "legal.notice_url" in {finding.feature for finding in reading.findings}


def page_of(body: str, head: str = "") -> Page:
    html = f'<!DOCTYPE html><html lang="fr"><head><title>Mairie</title>{head}</head><body>'
    html += "<h1>Mairie</h1><p>" + "Horaires, services et actualités. " * 8 + "</p>"
    return Page("https://www.mairie-exemple.fr/", f"{html}{body}</body></html>", {})


def test_only_a_placeholder_filled_by_a_script_counts() -> None:
    # Without any script, an empty footer stays empty: nothing to render.
    assert injected_navigation(page_of('<footer id="footer"></footer>')) is None
    # htmx fetches on a click unless told to on load.
    htmx = '<script src="/js/htmx.min.js"></script>'
    on_load = page_of(f'<footer hx-get="/pied" hx-trigger="load"></footer>{htmx}')
    assert injected_navigation(on_load) == '<footer hx-get="/pied">'
    on_click = page_of(f'<footer hx-get="/pied" hx-trigger="click"></footer>{htmx}')
    assert injected_navigation(on_click) is None
    # An empty element named as nothing of the navigation, filled by a fragment: not counted.
    fetched = "<script>fetch('/meteo.html').then(r => r.text())</script>"
    assert injected_navigation(page_of(f'<div id="meteo"></div>{fetched}')) is None


def test_a_script_named_after_the_footer_counts_only_from_the_site_itself() -> None:
    footer = '<footer id="footer"></footer>'
    own = page_of(footer, '<script src="/js/footer.js"></script>')
    assert injected_navigation(own) == '<footer id="footer"> ← footer.js'
    elsewhere = page_of(footer, '<script src="https://cdn.example.net/footer.js"></script>')
    assert injected_navigation(elsewhere) is None
    # A menu script mostly opens and closes a menu: its name alone says nothing.
    menu = page_of('<div id="menu-mobile"></div>', '<script src="/js/menu.js"></script>')
    assert injected_navigation(menu) is None


def test_a_section_footer_with_links_does_not_hold_the_sites_footer() -> None:
    article = '<article><footer><a href="/actualites">Toutes les actualités</a></footer></article>'
    loader = "<script>fetch('/inc/footer.html').then(r => r.text()).then(h => footer.innerHTML = h)</script>"
    injected = page_of(f'{article}<div class="footer"></div>{loader}')
    assert injected_navigation(injected) == '<div class="footer"> ← /inc/footer.html'
    site_footer = '<footer><a href="/mentions-legales">Mentions légales</a></footer>'
    assert injected_navigation(page_of(f'{site_footer}<div class="footer"></div>{loader}')) is None


def test_a_loading_message_keeps_a_placeholder_empty_and_a_link_fills_it() -> None:
    loader = "<script>$('#piedDePage').load('/includes/pied-de-page.html')</script>"
    waiting = page_of(f'<div id="piedDePage">Chargement…</div>{loader}')
    assert injected_navigation(waiting) == '<div id="piedDePage"> ← /includes/pied-de-page.html'
    linked = page_of(f'<div id="piedDePage"><a href="/plan">Plan du site</a></div>{loader}')
    assert injected_navigation(linked) is None
