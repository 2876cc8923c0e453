"""The website's own words, as a reader meets them: French typography in the templates' text
(a no-break space before ":" ";" "?" "!" and inside « »), the legend of a figure not stated
matching its style, the detection rule under each finding explained on the method page with
the peers rule, and the contact worded for what it is (one writes to a mail address, one
visits a web page), a mail address opening a message whose subject is already written."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from copy import deepcopy
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from database.statuses import SCAN_STATUSES
from reports.labels import FEATURE_FAMILIES
from reports.website.build import feature_rows, write_site
from reports.website.content import SiteContent
from tests.reports.website.fixtures import RUN_ID, SAINT_ETIENNE, sample_content

# An ordinary space (or a line break) where French puts a no-break one.
BREAKABLE_SPACE = re.compile(r"[ \n\t][:;?!»]|«[ \n\t]")
MAIL = "mailto:vigie@example.org"
WEB = "https://github.com/vigie/vigie/issues"
PLACEHOLDER = "\x00"


def build(tmp_path: Path, contact: str | None = None) -> dict[str, lxml.html.HtmlElement]:
    write_site(replace(sample_content(), contact_url=contact), tmp_path)
    return {
        path.relative_to(tmp_path).as_posix(): lxml.html.fromstring(path.read_bytes())
        for path in sorted(tmp_path.rglob("*.html"))
    }


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, lxml.html.HtmlElement]:
    return build(tmp_path_factory.mktemp("site"), MAIL)


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def texts_in(value: object) -> Iterator[str]:
    """Every string a content holds, however deep."""
    if isinstance(value, str):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for each in fields(value):
            yield from texts_in(getattr(value, each.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts_in(item)


def values_shown(content: SiteContent) -> list[str]:
    """The texts the pages show that the templates did not write: the content's values and
    the labels of statuses and features. Longest first, so that one holding another goes
    out whole."""
    values = set(texts_in(content)) | set(texts_in(list(content.authority_pages)))
    values |= {text for status in SCAN_STATUSES.values() for text in (status.label, status.meaning)}
    values |= {label for _, label in feature_rows()} | set(FEATURE_FAMILIES.values())
    return sorted((value for value in values if len(value) > 1), key=len, reverse=True)


def own_text(page: lxml.html.HtmlElement, values: Iterable[str]) -> str:
    """The page's text (title included) as the templates wrote it: without quoted code or
    snippets, each value shown replaced by a placeholder; only line breaks and ordinary
    spaces are folded, never the no-break ones."""
    copy = deepcopy(page)
    for quoted in copy.xpath("//pre|//code"):
        quoted.drop_tree()
    text = re.sub(r"[ \t\r\n]+", " ", copy.text_content())
    for value in values:
        text = text.replace(value, PLACEHOLDER)
    return text


def test_the_templates_text_keeps_french_spacing(pages: dict[str, lxml.html.HtmlElement]) -> None:
    values = values_shown(sample_content())
    colons = 0
    for name, page in pages.items():
        text = own_text(page, values)
        faults = [
            text[max(0, m.start() - 30) : m.end() + 10] for m in BREAKABLE_SPACE.finditer(text)
        ]
        assert faults == [], name
        colons += text.count("\u00a0:")
    assert colons > 100  # the check saw the templates' colons


def test_a_figure_not_stated_is_explained_as_it_looks(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    """Such figures are grey italic (`.non-etabli` in site.css): the legend says so, and no
    page speaks of a greyed cell."""
    css = (Path(__file__).parents[3] / "reports/website/static/site.css").read_text()
    assert re.search(r"\.non-etabli \{[^}]*color: var\(--gris\);[^}]*font-style: italic", css)
    legend = text_of(pages[SAINT_ETIENNE.path].xpath("//p[contains(., 'chiffre établi')]")[0])
    assert legend.startswith("Une mention en italique gris n'est pas un chiffre établi")
    assert all("grisée" not in text_of(page) for page in pages.values())


def test_each_finding_names_its_detection_rule_explained_on_the_method_page(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    page = pages[SAINT_ETIENNE.path]
    lines = page.xpath("//p[@class='detecteur']")
    assert lines
    assert all(text_of(line).startswith("Règle de détection (et sa version) : ") for line in lines)
    assert "Règle de détection (et sa version) : a11y/2" in [text_of(line) for line in lines]
    assert {link for line in lines for link in line.xpath("a/@href")} == {
        "../methode.html#detecteurs"
    }
    assert "Détecteur :" not in text_of(page)
    method = pages["methode.html"]
    [rules] = method.xpath("//section[h2/@id='detecteurs']")
    assert "nouveau numéro de version" in text_of(rules)
    assert "notée à nouveau" in text_of(rules)


def test_the_method_page_says_who_the_peers_are_and_when_they_are_widened(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    [peers] = pages["methode.html"].xpath("//section[h2/@id='pairs']")
    said = text_of(peers)
    assert "toute la campagne" in said
    assert "moins de 5 autres collectivités notées" in said
    assert "strates voisines" in said
    assert "La fiche de la collectivité nomme" in said
    assert pages[SAINT_ETIENNE.path].xpath("//a[@href='../methode.html#pairs']")


def contact_paragraphs(page: lxml.html.HtmlElement) -> list[str]:
    return [text_of(p) for p in page.xpath('//main//p[contains(., "l\'équipe qui publie")]')]


def test_a_web_contact_is_a_page_to_visit_not_an_address_to_write_to(tmp_path: Path) -> None:
    pages = build(tmp_path, WEB)
    for name in ("contester.html", "accessibilite.html", SAINT_ETIENNE.path):
        page = pages[name]
        assert f"Pour joindre l'équipe qui publie ce site : {WEB}." in contact_paragraphs(page)
        assert page.xpath(f"//main//a[@href='{WEB}']"), name
        assert "Écrivez" not in text_of(page.xpath("//main")[0]), name


def subject_of(link: str) -> str:
    [subject] = parse_qs(urlsplit(link).query)["subject"]
    return subject


def test_a_mail_contact_opens_a_message_whose_subject_names_the_dispute(
    pages: dict[str, lxml.html.HtmlElement],
) -> None:
    [link] = pages[SAINT_ETIENNE.path].xpath(
        "//section[@aria-labelledby='titre-contester']//a[starts-with(@href, 'mailto:')]"
    )
    assert text_of(link) == "vigie@example.org"
    href = link.get("href")
    assert href.startswith(f"{MAIL}?subject=")
    assert " " not in href
    expected = f"Contestation : {SAINT_ETIENNE.name} ({SAINT_ETIENNE.code}), campagne n° {RUN_ID}"
    assert subject_of(href) == expected
    [general] = pages["contester.html"].xpath("//main//a[starts-with(@href, 'mailto:')]")
    assert subject_of(general.get("href")) == f"Contestation : campagne n° {RUN_ID}"
    assert any(
        p.startswith("Écrivez à l'équipe qui publie ce site : vigie@example.org")
        for p in contact_paragraphs(pages["contester.html"])
    )


def test_a_mail_contact_keeps_the_fields_it_already_has(tmp_path: Path) -> None:
    pages = build(tmp_path, f"{MAIL}?cc=equipe@example.org")
    [link] = pages["contester.html"].xpath("//main//a[starts-with(@href, 'mailto:')]")
    assert text_of(link) == "vigie@example.org"
    assert parse_qs(urlsplit(link.get("href")).query)["cc"] == ["equipe@example.org"]
    assert subject_of(link.get("href")) == f"Contestation : campagne n° {RUN_ID}"


def test_without_a_contact_no_page_offers_one(tmp_path: Path) -> None:
    pages = build(tmp_path, None)
    for name, page in pages.items():
        assert not page.xpath("//a[starts-with(@href, 'mailto:')]"), name
        assert "Pour joindre" not in text_of(page), name
