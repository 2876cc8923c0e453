"""The public website as a person's browser shows it: the hand-made content built by
`write_site`, opened in headless Chromium over http://127.0.0.1 and as files. Pages load
without a console error or a failed request, axe-core finds nothing wrong, every address
inside the site leads to a built file, the search finds an authority by name, postal code
and INSEE code, the first Tab reaches the skip link, and Vigie's own accessibility checks,
those it runs on authorities' sites, find nothing to fault."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from pprint import pformat
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from pipelines.extractors.a11y_checks import SKIP_LINK_TEXT
from pipelines.extractors.reading import Fetched, PageKind, read_response
from reports.website.build import write_site
from reports.website.content import AuthorityLine
from tests.reports.website.browser import (
    PHONE,
    Visit,
    axe_violations,
    file_base,
    headless_chromium,
    is_relative,
    references,
    serving_folder,
    visiting,
    without_fragment,
)
from tests.reports.website.fixtures import sample_content
from tests.reports.website.pages import AUTHORITIES, HOME, ShownPages, shown_pages

SEARCHED = "Saint-Étienne-de-Montluc"
NOTHING_FOUND = "Aucune collectivité trouvée"  # what recherche.js says when nothing matches
# How far the document reaches sideways, and the widest element that sticks out of the screen
# (to name it), leaving out what a region that scrolls holds.
WIDTH = """() => {
  const limit = document.documentElement.clientWidth;
  let widest = null;
  for (const element of document.body.querySelectorAll('*')) {
    if (element.parentElement.closest('.defilement')) {
      continue;
    }
    const right = element.getBoundingClientRect().right;
    if (right > limit + 0.5 && (!widest || right > widest.right)) {
      widest = {right, tag: element.tagName.toLowerCase(), text: element.textContent.slice(0, 60)};
    }
  }
  return {scroll: document.documentElement.scrollWidth, widest};
}"""
SEARCH_INPUT, SEARCH_RESULTS, SEARCH_STATUS = (
    "#recherche-texte",
    "#recherche-resultats a",
    "#recherche-etat",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with headless_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    write_site(sample_content(), folder)
    return folder


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serving_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def shown() -> ShownPages:
    return shown_pages(sample_content())


@pytest.fixture(scope="module")
def searched() -> AuthorityLine:
    return next(line for line in sample_content().index if line.name == SEARCHED)


def assert_none(problems: list[str]) -> None:
    """No problem, or each one named in full in the failure's message."""
    assert problems == [], "\n".join(problems)


def built_pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def page_path(shown: ShownPages, name: str) -> str:
    return {"home": HOME, "authorities": AUTHORITIES}.get(name) or getattr(shown, name)


CHECKED_PAGES = ["home", "measured", "not_measured", "departement", "region", "authorities"]


@pytest.mark.parametrize("name", CHECKED_PAGES)
def test_a_page_loads_with_no_console_error_and_no_failed_request(
    browser: Browser, base: str, shown: ShownPages, name: str
) -> None:
    with visiting(browser, base + page_path(shown, name)) as opened:
        opened.page.wait_for_load_state("networkidle")
        assert opened.page.locator("h1").count() == 1
        assert_none(opened.problems())


@pytest.mark.parametrize("name", CHECKED_PAGES)
def test_axe_core_finds_no_violation_of_any_impact_in_a_page(
    browser: Browser, base: str, shown: ShownPages, name: str
) -> None:
    with visiting(browser, base + page_path(shown, name)) as opened:
        assert_none([str(violation) for violation in axe_violations(opened.page)])


def search(page: Page, words: str) -> None:
    """Type `words` into the search box, key by key as a person would."""
    field = page.locator(SEARCH_INPUT)
    field.fill("")
    field.press_sequentially(words)


def expect_found(page: Page, authority: AuthorityLine) -> None:
    link = page.locator(f'{SEARCH_RESULTS}[href="{authority.path}"]')
    expect(link).to_have_text(authority.name)
    expect(page.locator(SEARCH_STATUS)).to_contain_text("trouvée")


@pytest.mark.parametrize("words", ["saint etienne", "postal code", "INSEE code"])
def test_the_search_finds_an_authority_by_name_without_accents_postal_code_or_insee_code(
    browser: Browser, base: str, searched: AuthorityLine, words: str
) -> None:
    typed = {"postal code": searched.postal_codes[0], "INSEE code": searched.code}.get(words)
    with visiting(browser, base + HOME) as opened:
        search(opened.page, typed or words)
        expect_found(opened.page, searched)
        # The page with its results shown is checked too: they are built by the script.
        assert_none([str(violation) for violation in axe_violations(opened.page)])
        assert_none(opened.problems())


def test_a_search_that_matches_nothing_says_so_and_leads_to_the_full_list(
    browser: Browser, base: str
) -> None:
    with visiting(browser, base + HOME) as opened:
        search(opened.page, "xyzzyplouf")
        status = opened.page.locator(SEARCH_STATUS)
        expect(status).to_contain_text(NOTHING_FOUND)
        expect(status).to_contain_text("Vérifiez l'orthographe")
        expect(opened.page.locator(SEARCH_RESULTS)).to_have_count(0)
        status.locator("a").click()
        opened.page.wait_for_url(base + AUTHORITIES)
        assert_none(opened.problems())


def test_a_search_result_names_the_departement_once_and_no_status_or_score(
    browser: Browser, base: str, searched: AuthorityLine
) -> None:
    with visiting(browser, base + HOME) as opened:
        search(opened.page, searched.code)
        result = opened.page.locator("#recherche-resultats li")
        expect(result).to_have_count(1)
        shown = result.inner_text()
        assert shown.count("(44)") == 1, shown
        assert "Loire-Atlantique (44)" in shown
        assert searched.status not in shown, shown
        assert searched.score.text not in shown, shown


@pytest.mark.parametrize("name", CHECKED_PAGES)
def test_a_page_on_a_phone_never_scrolls_sideways(
    browser: Browser, base: str, shown: ShownPages, name: str
) -> None:
    """360 px wide: wide tables scroll in their own region, the page does not, so that no
    column (the verdict of the legal checklist...) is cut off the screen."""
    with visiting(browser, base + page_path(shown, name), PHONE) as opened:
        width = opened.page.evaluate(WIDTH)
        assert width["scroll"] <= PHONE["width"], width
        assert width["widest"] is None, width
        if name == "measured":
            regions = opened.page.locator(".defilement")
            assert regions.count() >= 4
            # The checklist is wider than the phone: its region scrolls, and the keyboard
            # reaches it.
            checklist = opened.page.locator(".defilement:has(table.obligations)")
            assert checklist.evaluate("e => e.scrollWidth > e.clientWidth")
            checklist.focus()
            opened.page.keyboard.press("ArrowRight")
            # (the browser may scroll smoothly: wait for it, up to the default timeout)
            opened.page.wait_for_function("e => e.scrollLeft > 0", arg=checklist.element_handle())
        # The regions that scroll are checked by axe too (scrollable-region-focusable).
        assert_none([str(violation) for violation in axe_violations(opened.page)])


def test_clicking_a_search_result_opens_the_authority_page(
    browser: Browser, base: str, searched: AuthorityLine
) -> None:
    with visiting(browser, base + HOME) as opened:
        search(opened.page, "saint etienne")
        opened.page.locator(f'{SEARCH_RESULTS}[href="{searched.path}"]').click()
        opened.page.wait_for_url(base + searched.path)
        expect(opened.page.locator("h1")).to_have_text(searched.name)
        assert_none(opened.problems())


def test_the_home_page_opened_as_a_file_loads_and_its_search_works(
    browser: Browser, site: Path, searched: AuthorityLine
) -> None:
    with visiting(browser, file_base(site) + HOME) as opened:
        search(opened.page, "saint etienne")
        expect_found(opened.page, searched)
        opened.page.locator(f'{SEARCH_RESULTS}[href="{searched.path}"]').click()
        opened.page.wait_for_url(file_base(site) + searched.path)
        expect(opened.page.locator("h1")).to_have_text(searched.name)
        assert_none(opened.problems())


def test_the_first_tab_focuses_the_skip_link_which_leads_to_the_main_content(
    browser: Browser, base: str
) -> None:
    with visiting(browser, base + HOME) as opened:
        page = opened.page
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => ({href: document.activeElement.getAttribute('href'),"
            " text: document.activeElement.textContent.trim()})"
        )
        assert SKIP_LINK_TEXT.search(focused["text"]), focused  # as Vigie recognises one
        assert focused["href"].startswith("#")
        target = page.locator(focused["href"])
        assert target.evaluate("e => e.tagName") == "MAIN"
        page.keyboard.press("Enter")
        # The main content takes the focus: the next Tab goes on from there, not the menu.
        assert page.evaluate("() => document.activeElement.tagName") == "MAIN"


def answers(page: Page, url: str) -> int | None:
    response = page.goto(url)
    return response.status if response is not None else None


def same_page_fragments_missing(opened: Visit) -> list[str]:
    """The "#name" links of the page whose target is not in it."""
    return [
        ref.written
        for ref in references(opened.page)
        if ref.written.startswith("#")
        and opened.page.locator(f'[id="{ref.written[1:]}"]').count() != 1
    ]


@pytest.mark.parametrize("name", ["home", "measured"])
def test_every_address_inside_the_site_from_a_page_answers_200(
    browser: Browser, base: str, shown: ShownPages, name: str
) -> None:
    with visiting(browser, base + page_path(shown, name)) as opened:
        assert_none(same_page_fragments_missing(opened))
        inside = sorted(
            {
                without_fragment(ref.resolved)
                for ref in references(opened.page)
                if is_relative(ref.written) and not ref.written.startswith("#")
            }
        )
        assert len(inside) > 5  # the navigation alone has seven links
        statuses = {url: answers(opened.page, url) for url in inside}
        assert_none([f"{url}: {status}" for url, status in statuses.items() if status != 200])


def test_every_built_page_opened_as_a_file_loads_cleanly_and_refers_only_to_built_files(
    browser: Browser, site: Path
) -> None:
    """Opened as files, as from a folder: an address starting with "/" would leave it."""
    pages = built_pages(site)
    assert len(pages) > 10
    missing: dict[str, list[str]] = {}
    with visiting(browser, file_base(site) + pages[0]) as opened:
        for path in pages:
            opened.page.goto(file_base(site) + path)
            broken = same_page_fragments_missing(opened) + [
                ref.written
                for ref in references(opened.page)
                if is_relative(ref.written)
                and not Path(unquote(urlsplit(ref.resolved).path)).is_file()
            ]
            if broken:
                missing[path] = broken
        assert_none(opened.problems())
    assert missing == {}, pformat(missing)


def test_vigie_finds_none_of_the_accessibility_faults_it_reports_on_authorities(
    site: Path,
) -> None:
    """The static checks Vigie runs on every page of an authority's site
    (`a11y.check_failed`), run on every built page as the crawl would read it."""
    failed: dict[str, list[tuple[str, str]]] = {}
    for path in built_pages(site):
        fetched = Fetched(
            f"http://127.0.0.1/{path}", (site / path).read_bytes(), "text/html; charset=utf-8"
        )
        reading = read_response(fetched, home=path == HOME)
        assert (reading.kind, reading.error) == (PageKind.HTML, None), path
        faults = [
            (f.value, f.snippet) for f in reading.findings if f.feature == "a11y.check_failed"
        ]
        if faults:
            failed[path] = faults
    assert failed == {}, pformat(failed)
