"""The public website as `write_site` writes it, read without a browser (lxml): every page is
there, every link inside the site leads to a written file, every page is French with one h1
and its own title and carries the source line, a site not measured shows why and no score,
a snippet is shown as text, and the search index holds every authority."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from database.statuses import SCAN_STATUSES
from reports.labels import FEATURE_LABELS
from reports.website.build import SiteSummary, page_root, write_site
from reports.website.content import AuthorityPage, Link, SiteContent
from reports.website.search_index import GLOBAL_NAME, fold, search_example
from tests.reports.website.fixtures import (
    ABSENCE_LABEL,
    ATTEMPTED,
    FINAL_ADDRESS,
    HOSTILE_SNIPPET,
    MODEL_VERSION,
    MONTREUIL_BELLAY,
    NANTES,
    RUN_DAY,
    RUN_ID,
    SAINT_ETIENNE,
    SOCIAL_RULES,
    STATUS_DETAIL,
    sample_content,
)

STATIC_PAGES = [
    "index.html",
    "collectivites.html",
    "methode.html",
    "statuts.html",
    "donnees.html",
    "contester.html",
    "licence.html",
    "accessibilite.html",
]
SOURCE_LINE = f"Source : Vigie, campagne n° {RUN_ID} du {RUN_DAY}, modèle de score {MODEL_VERSION}."
REFERENCE_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "form": "action",
}


def expected_pages(content: SiteContent) -> list[str]:
    pages = [*STATIC_PAGES, *(t.path for t in content.territories)]
    return pages + [page.path for page in content.authority_pages]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteSummary, Path]:
    out = tmp_path_factory.mktemp("site") / "public"
    return write_site(sample_content(), out), out


@pytest.fixture(scope="module")
def pages(site: tuple[SiteSummary, Path]) -> dict[str, lxml.html.HtmlElement]:
    """Every HTML page written, by its path in the site."""
    _, out = site
    return {
        path.relative_to(out).as_posix(): lxml.html.fromstring(path.read_bytes())
        for path in sorted(out.rglob("*.html"))
    }


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def relative_references(page: lxml.html.HtmlElement) -> Iterator[str]:
    """Every address of the page that points inside the site (no scheme, not "//")."""
    for tag, attribute in REFERENCE_ATTRIBUTES.items():
        for element in page.iter(tag):
            written = element.get(attribute)
            if written is not None and not urlsplit(written).scheme:
                assert not written.startswith("//"), written
                yield written
    for element in page.xpath("//*[@data-index]"):
        yield element.get("data-index")


def test_every_page_of_the_content_is_written(site: tuple[SiteSummary, Path]) -> None:
    summary, out = site
    expected = expected_pages(sample_content())
    assert len(expected) == 15  # 8 pages of the site, 3 territories, 4 authorities
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")) == sorted(expected)
    assert summary.pages == len(expected)
    assert summary.out == out
    assets = ["static/site.css", "static/recherche.js", "recherche-index.js", "carte.png"]
    assert all((out / asset).is_file() for asset in assets)
    assert summary.bytes == sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def test_every_relative_link_leads_to_a_written_file(
    site: tuple[SiteSummary, Path], pages: dict[str, lxml.html.HtmlElement]
) -> None:
    _, out = site
    checked = 0
    for name, page in pages.items():
        folder = (out / name).parent
        ids = set(page.xpath("//@id"))
        for written in relative_references(page):
            address = urlsplit(written)
            if not address.path:
                assert address.fragment in ids, f"{name}: no id for {written}"
                continue
            target = (folder / unquote(address.path)).resolve()
            assert target.is_relative_to(out.resolve()), f"{name}: {written} leaves the site"
            assert target.is_file(), f"{name}: {written} leads nowhere"
            checked += 1
    assert checked > 200


def test_no_link_is_absolute_to_the_site_root(pages: dict[str, lxml.html.HtmlElement]) -> None:
    """A link from "/" breaks the site once it sits in a sub-folder or is opened as files."""
    for name, page in pages.items():
        for written in relative_references(page):
            assert not written.startswith("/"), f"{name}: {written}"


def test_pages_in_a_sub_folder_reach_the_root_by_going_up(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    stylesheet = pages["collectivite/44158.html"].xpath("//link[@rel='stylesheet']/@href")
    assert stylesheet == ["../static/site.css"]
    assert pages["index.html"].xpath("//link[@rel='stylesheet']/@href") == ["static/site.css"]
    assert page_root("collectivite/44158.html") == "../"
    assert page_root("a/b/c.html") == "../../"


@pytest.mark.parametrize("path", ["../dehors.html", "/etc/passwd", "", "a\\b.html", "c:x.html"])
def test_a_page_path_outside_the_site_is_refused(path: str) -> None:
    with pytest.raises(ValueError, match="inside the site"):
        page_root(path)


def test_each_page_is_french_with_one_h1_and_its_own_title(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    titles = []
    for name, page in pages.items():
        assert page.get("lang") == "fr", name
        assert len(page.xpath("//h1")) == 1, name
        [title] = page.xpath("//head/title")
        titles.append(text_of(title))
    assert len(set(titles)) == len(titles), titles


def test_headings_never_skip_a_level(pages: dict[str, lxml.html.HtmlElement]) -> None:
    for name, page in pages.items():
        levels = [int(h.tag[1]) for h in page.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
        assert levels[0] == 1, name
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (name, levels)


def test_each_page_has_a_skip_link_landmarks_and_the_navigation(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    for name, page in pages.items():
        first_link = page.xpath("//body//a")[0]
        assert first_link.get("href") == "#contenu", name
        assert page.xpath("//main[@id='contenu']"), name
        assert page.xpath("//header"), name
        assert page.xpath("//footer"), name
        navigation = [text_of(a) for a in page.xpath("(//nav)[1]//a")]
        assert navigation == [
            "Accueil",
            "Collectivités",
            "Méthode",
            "Statuts",
            "Données",
            "Contester",
            "Licence",
        ], name


def test_tables_have_a_caption_and_scoped_headers(pages: dict[str, lxml.html.HtmlElement]) -> None:
    tables = 0
    for name, page in pages.items():
        for table in page.iter("table"):
            tables += 1
            captions = table.xpath("caption")
            assert len(captions) == 1, name
            assert text_of(captions[0]), name
            assert all(th.get("scope") in ("col", "row") for th in table.iter("th")), name
    assert tables > 10


def test_images_have_alt_text_inputs_a_label_links_a_name(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    for name, page in pages.items():
        assert all(img.get("alt") for img in page.iter("img")), name
        for field in page.xpath("//input"):
            assert page.xpath(f"//label[@for='{field.get('id')}']"), name
        assert all(text_of(a) for a in page.iter("a")), name
    assert pages["index.html"].xpath("//img[@src='carte.png']")


def test_every_page_carries_the_source_line_and_the_scope(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    for name, page in pages.items():
        [footer] = page.xpath("//footer")
        assert SOURCE_LINE in text_of(footer), name
        assert "Périmètre : Loire-Atlantique et Maine-et-Loire." in text_of(footer), name


def test_a_site_not_measured_says_why_and_shows_no_score(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    page = pages[MONTREUIL_BELLAY.path]
    [box] = page.xpath("//section[contains(@class, 'non-mesure')]")
    assert text_of(box.xpath("h2")[0]) == "Non mesuré"
    assert SCAN_STATUSES["timeout"].label in text_of(box)
    assert SCAN_STATUSES["timeout"].meaning in text_of(box)
    assert not page.xpath("//*[@id='score']")
    assert not page.xpath("//table[contains(@class, 'scores')]")
    assert "Score :" not in text_of(page)
    measured = pages[SAINT_ETIENNE.path]
    assert measured.xpath("//*[@id='score']")
    assert "Non mesuré" not in text_of(measured)


def test_a_snippet_is_shown_as_text_never_run(pages: dict[str, lxml.html.HtmlElement]) -> None:
    page = pages[SAINT_ETIENNE.path]
    snippets = [code.text for code in page.xpath("//details/pre/code")]
    assert HOSTILE_SNIPPET in snippets
    for name, each in pages.items():
        # The only scripts of the site are files of its own: none inline, none from a snippet.
        assert all(script.get("src") for script in each.iter("script")), name
        assert not each.xpath("//script[contains(., 'alert')]"), name


def test_the_evidence_links_to_the_page_it_was_read_on(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    page = pages[SAINT_ETIENNE.path]
    families = [text_of(h) for h in page.xpath("//section[@aria-labelledby='titre-preuves']//h3")]
    assert families == ["Accessibilité", "Services en ligne", "Réseaux sociaux"]
    links = page.xpath("//ul[@class='constats']//a/@href")
    assert "https://www.saint-etienne-de-montluc.fr/accessibilite" in links
    assert "Loi n° 2005-102 du 11 février 2005, article 47" in text_of(page)
    # The account behind a login wall: its four figures unknown, with why, greyed, never 0.
    unknown = page.xpath("//td[@class='non-etabli'][. = 'inconnu (connexion exigée)']")
    assert len(unknown) == 4


def test_an_address_that_is_not_a_web_page_is_never_a_link(tmp_path: Path) -> None:
    content = sample_content()
    first: AuthorityPage = next(content.authority_pages)
    hostile = replace(first, website="javascript:alert(1)")
    write_site(replace(content, authority_pages=iter([hostile])), tmp_path)
    page = lxml.html.fromstring((tmp_path / first.path).read_bytes())
    assert not page.xpath("//a[starts-with(@href, 'javascript')]")
    assert "javascript:alert(1)" in text_of(page)


def test_the_search_index_holds_every_authority_with_its_postal_codes(
    site: tuple[SiteSummary, Path],
) -> None:
    _, out = site
    script = (out / "recherche-index.js").read_text(encoding="ascii")
    match = re.fullmatch(rf"window\.{GLOBAL_NAME} = (\[.*\]);\n", script, re.DOTALL)
    assert match is not None
    entries = {entry["c"]: entry for entry in json.loads(match.group(1))}
    index = sample_content().index
    assert sorted(entries) == sorted(line.code for line in index)
    for line in index:
        assert entries[line.code]["n"] == line.name
        assert entries[line.code]["p"] == list(line.postal_codes)
        assert (out / entries[line.code]["u"]).is_file()
    saint_etienne = entries[SAINT_ETIENNE.code]["k"]
    assert all(f" {word}" in f" {saint_etienne}" for word in fold("saint etienne").split())
    assert "44360" in saint_etienne.split()


def test_names_are_folded_without_accents_case_or_hyphens() -> None:
    assert fold("Saint-Étienne-de-Montluc") == "saint etienne de montluc"
    assert fold("SAINT ETIENNE") == "saint etienne"
    assert fold("L'Île-d'Yeu") == "l ile d yeu"
    assert fold("Œuilly") == "oeuilly"


def test_the_home_page_has_a_labelled_search_that_works_without_script(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    page = pages["index.html"]
    [form] = page.xpath("//form[@role='search']")
    assert form.get("action") == "collectivites.html"
    [field] = form.xpath(".//input")
    assert text_of(page.xpath(f"//label[@for='{field.get('id')}']")[0])
    assert page.xpath("//a[@href='collectivites.html']")
    assert page.xpath("//script/@src") == ["static/recherche.js"]


def test_the_full_list_groups_every_authority_by_departement(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    page = pages["collectivites.html"]
    groups = [text_of(h) for h in page.xpath("//h2")]
    assert groups == ["Loire-Atlantique (44)", "Maine-et-Loire (49)"]
    [loire] = page.xpath("//section[h2 = 'Loire-Atlantique (44)']")
    assert [text_of(a) for a in loire.xpath(".//ul/li/a")] == ["Nantes", SAINT_ETIENNE.name]


def test_a_median_not_stated_is_greyed_with_its_reason(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    page = pages["departement/49.html"]
    [median] = page.xpath("//span[@class='non-etabli']")
    assert text_of(median) == "effectif insuffisant (n = 1)"
    assert [text_of(a) for a in page.xpath("//table//th[@scope='row']/a")] == [
        "Angers",
        "Montreuil-Bellay",
    ]


def test_the_reference_pages_list_every_status_and_feature(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    statuses = text_of(pages["statuts.html"])
    assert all(s.label in statuses and s.meaning in statuses for s in SCAN_STATUSES.values())
    dictionary = text_of(pages["donnees.html"])
    assert all(" ".join(label.split()) in dictionary for label in FEATURE_LABELS.values())
    assert "Aucun fichier" in dictionary
    assert "Licence Ouverte 2.0 (Etalab)" in text_of(pages["licence.html"])
    assert f"Vigie, campagne n° {RUN_ID} du {RUN_DAY}" in text_of(pages["licence.html"])
    assert "jamais modifié" in text_of(pages["contester.html"])


def test_the_downloads_are_listed_on_the_data_page(tmp_path: Path) -> None:
    (tmp_path / "donnees").mkdir()
    (tmp_path / "donnees" / "vigie-campagne-12.csv").write_text("code\n44158\n", encoding="utf-8")
    download = Link("Tableau des collectivités (CSV)", "donnees/vigie-campagne-12.csv")
    write_site(replace(sample_content(), downloads=[download]), tmp_path)
    page = lxml.html.fromstring((tmp_path / "donnees.html").read_bytes())
    [link] = page.xpath("//section[@aria-labelledby='telechargements']//a")
    assert (link.get("href"), text_of(link)) == (download.path, download.text)


def test_authority_pages_are_written_as_they_are_read(tmp_path: Path) -> None:
    """36,000 pages: each is on disk before the next is asked for, none is kept."""
    content = sample_content()
    given = list(content.authority_pages)

    def one_at_a_time() -> Iterator[AuthorityPage]:
        for number, page in enumerate(given):
            if number:
                assert (tmp_path / given[number - 1].path).is_file()
            yield page

    summary = write_site(replace(content, authority_pages=one_at_a_time()), tmp_path)
    assert summary.pages == len(STATIC_PAGES) + len(content.territories) + len(given)


@pytest.mark.parametrize(
    ("contact", "linked"),
    [("mailto:vigie@example.org", True), ("https://vigie.example.org/contact", True),
     ("javascript:alert(1)", False), (None, False)],
)  # fmt: skip
def test_the_dispute_page_links_to_the_contact_when_it_is_an_address(
    tmp_path: Path, contact: str | None, linked: bool
) -> None:
    write_site(replace(sample_content(), contact_url=contact), tmp_path)
    page = lxml.html.fromstring((tmp_path / "contester.html").read_bytes())
    links = page.xpath("//main//a/@href")
    # A mail address gets a pre-filled subject after it.
    assert any(contact is not None and link.startswith(contact) for link in links) is linked
    assert not page.xpath("//a[starts-with(@href, 'javascript')]")


def test_the_search_hint_names_an_authority_of_this_site() -> None:
    """The example under the search field is an authority the site holds, as one would type
    it, so that following the hint finds something."""
    content = sample_content()
    hint = search_example(content.index)
    shortest = min(
        (line for line in content.index if line.postal_codes),
        key=lambda line: (len(line.name), line.name),
    )
    assert f"«\u00a0{fold(shortest.name)}\u00a0»" in hint
    assert f"«\u00a0{shortest.code}\u00a0»" in hint
    assert f"«\u00a0{shortest.postal_codes[0]}\u00a0»" in hint
    assert "Saint" not in search_example([])
    assert "accents" in search_example([])


def test_every_table_scrolls_in_a_region_named_by_its_caption(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    """On a phone a wide table scrolls inside its own region, which the keyboard reaches and
    a screen reader names: the page does not scroll sideways, no column is cut off."""
    tables = 0
    for name, page in pages.items():
        for table in page.iter("table"):
            tables += 1
            region = table.getparent()
            assert (region.tag, region.get("class")) == ("div", "defilement"), name
            assert (region.get("role"), region.get("tabindex")) == ("region", "0"), name
            [caption] = table.xpath("caption")
            assert caption.get("id"), name
            assert region.get("aria-labelledby") == caption.get("id"), name
        ids = page.xpath("//@id")
        assert len(ids) == len(set(ids)), name
    assert tables > 10


def test_a_territory_page_writes_its_code_once_and_no_article_before_its_name(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    """ "Collectivités de Pays de la Loire" is wrong French ("des Pays de la Loire", "de
    l'Ain"...): no heading, caption or title puts "de" or "du" before a territory's name."""
    territories = sample_content().territories
    for territory in territories:
        page = pages[territory.path]
        labelled = f"{territory.name} ({territory.code})"
        assert text_of(page.xpath("//h1")[0]) == f"{labelled} {territory.kind}"
        assert labelled in text_of(page.xpath("//head/title")[0])
        captions = [text_of(c) for c in page.xpath("//caption")]
        assert captions
        assert all(c.startswith(f"{labelled} : les collectivités") for c in captions)
    for name, page in pages.items():
        text = text_of(page)
        for territory in territories:
            assert f"({territory.code}) ({territory.code})" not in text, name
            titles = " ".join(text_of(t) for t in page.xpath("//title|//h1|//h2|//h3|//caption"))
            assert not re.search(rf"\b(de|du) {re.escape(territory.name)}", titles), name


def test_the_home_page_lists_the_regions_and_the_departements_apart(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    [section] = pages["index.html"].xpath("//section[@aria-labelledby='titre-territoires']")
    assert [text_of(h) for h in section.xpath("h3")] == ["Régions", "Départements"]
    lists = [[text_of(a) for a in ul.xpath("li/a")] for ul in section.xpath("ul")]
    assert lists == [["Pays de la Loire (52)"], ["Loire-Atlantique (44)", "Maine-et-Loire (49)"]]


def test_a_territory_table_gives_each_authority_its_stratum_the_rank_is_within(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    territory = sample_content().territories[1]  # Maine-et-Loire: Angers, Montreuil-Bellay
    [table] = pages[territory.path].xpath("//section[@aria-labelledby='titre-liste']//table")
    heads = [text_of(th) for th in table.xpath("thead//th")]
    assert heads[2] == "Strate"
    assert heads[-1] == "Rang dans sa strate"
    rows = [[text_of(cell) for cell in row.xpath("td")] for row in table.xpath("tbody/tr")]
    assert [row[1] for row in rows] == [line.stratum for line in territory.authorities]
    assert "dans sa strate" in text_of(table.xpath("caption")[0])


def test_a_site_not_measured_says_when_the_crawl_tried_where_it_ended_and_what_it_recorded(
    pages: dict[str, lxml.html.HtmlElement], tmp_path: Path
) -> None:
    [box] = pages[MONTREUIL_BELLAY.path].xpath("//section[contains(@class, 'non-mesure')]")
    assert f"Exploration tentée {ATTEMPTED} : aucune page lue." in text_of(box)
    assert box.xpath(f"//a[@href='{FINAL_ADDRESS}']")
    [message] = box.xpath(".//p[contains(., 'Message technique enregistré')]/code")
    assert message.text == STATUS_DETAIL
    # Never crawled in this campaign: nothing says a crawl was tried.
    content = sample_content()
    never = replace(
        list(content.authority_pages)[-1], attempted="", final_address=None, status_detail=""
    )
    write_site(replace(content, authority_pages=iter([never])), tmp_path)
    page = lxml.html.fromstring((tmp_path / never.path).read_bytes())
    assert "tentée" not in text_of(page)
    assert not page.xpath("//code")
    assert SCAN_STATUSES["timeout"].meaning in text_of(page)


def test_a_snippet_is_summed_up_by_its_label_and_a_finding_with_none_by_a_sentence(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    page = pages[SAINT_ETIENNE.path]
    summaries = [text_of(s) for s in page.xpath("//details/summary")]
    assert summaries
    assert all(s.startswith("Extrait lu sur la page : ") for s in summaries)
    [absence] = page.xpath("//ul[@class='constats']/li[.//p[@class='extrait']]")
    assert not absence.xpath(".//details")
    assert text_of(absence.xpath(".//p[@class='extrait']")[0]) == f"{ABSENCE_LABEL}."


def test_a_search_result_names_its_departement_with_its_code_once(
    site: tuple[SiteSummary, Path],
) -> None:
    _, out = site
    script = (out / "recherche-index.js").read_text(encoding="ascii")
    entries = json.loads(script.split(" = ", 1)[1].rstrip(";\n"))
    labels = {entry["c"]: entry["d"] for entry in entries}
    assert labels[SAINT_ETIENNE.code] == "Loire-Atlantique (44)"
    assert labels[MONTREUIL_BELLAY.code] == "Maine-et-Loire (49)"


def test_the_legal_checklist_gives_the_verdict_right_after_the_duty(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    """On a phone the first columns show before the table scrolls: the verdict is one."""
    [table] = pages[SAINT_ETIENNE.path].xpath("//table[@class='obligations']")
    assert [text_of(th) for th in table.xpath("thead//th")][:2] == ["Obligation", "Constat"]
    verdicts = [text_of(row.xpath("td")[0]) for row in table.xpath("tbody/tr")]
    assert verdicts[:2] == ["Non respectée", "Respectée"]


def words(text: str) -> str:
    """The text as `text_of` reads a page: every kind of space one space."""
    return " ".join(text.split())


def test_the_method_page_says_how_social_figures_are_read_and_scored(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    heading = pages["methode.html"].get_element_by_id("reseaux-sociaux")
    section = text_of(heading.getparent())
    rules = SOCIAL_RULES
    assert rules.active
    assert rules.audience
    assert rules.full_audience
    for said in (
        "ne montrent rien sans connexion",  # a login wall...
        "interdisent la lecture automatique",  # ... or a platform's refusal...
        "« inconnu », avec la raison",  # ... is unknown, with why...
        "jamais compté comme nul",  # ... never 0
        f"publié dans les {rules.window_days} jours qui précèdent la campagne",
        "par la collectivité ou par l'équipe d'étude",  # declared, whoever made the file
        "marqués « déclaré »",
        f"« {rules.active} »",
        f"« {rules.audience} »",
        "0 abonné vaut 0",
        f"{rules.full_audience} abonnés pour 1 000 habitants ou plus valent la note pleine",
        "Un indicateur inconnu est laissé hors du score",
    ):
        assert words(said) in section, said


def test_an_authority_page_states_its_social_indicators_unknown_greyed(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    content = sample_content()
    by_path = {page.path: page for page in content.authority_pages}
    for line in (SAINT_ETIENNE, NANTES):
        indicators = by_path[line.path].social_indicators
        assert indicators
        shown = pages[line.path].xpath("//ul[@class='indicateurs-sociaux']/li")
        assert [text_of(item) for item in shown] == [
            words(f"{indicator.label} : {indicator.figure.text}") for indicator in indicators
        ]
        greyed = [bool(item.xpath(".//span[@class='non-etabli']")) for item in shown]
        assert greyed == [not indicator.figure.stated for indicator in indicators]
        assert "laissé hors du score" in text_of(pages[line.path])
    # Nantes links no account: measured, 0, and said so.
    assert [
        text_of(item) for item in pages[NANTES.path].xpath("//ul[@class='indicateurs-sociaux']/li")
    ] == [
        "Actif sur un réseau social dans les 90 jours : non (aucun compte lié par le site ni déclaré)",
        "Audience par 1 000 habitants : 0 (aucun compte lié par le site ni déclaré)",
    ]
    # A declared figure says where it comes from, not who made the file.
    said = text_of(pages[SAINT_ETIENNE.path])
    assert "relevé dans les statistiques du compte" in said
    assert "par la collectivité" not in said
    # A site not measured states none.
    assert not pages[MONTREUIL_BELLAY.path].xpath("//ul[@class='indicateurs-sociaux']")
