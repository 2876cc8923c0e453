"""a11y.mention and a11y.statement_url: the legal mention in its real phrasings, and its page."""

from __future__ import annotations

import pytest

from pipelines.extractors.accessibility import extract_mention, extract_statement
from pipelines.extractors.page import Page
from tests.conftest import FILES

URL = "https://www.saint-exemple.fr/"


def page(body: str) -> Page:
    return Page(URL, f"<html><body>{body}</body></html>", {})


@pytest.mark.parametrize(
    ("footer", "level"),
    [
        ("Accessibilité : totalement conforme", "totalement"),
        ("Accessibilité&nbsp;: partiellement conforme", "partiellement"),
        ("ACCESSIBILITÉ - NON CONFORME", "non"),
        ("accessibilite : non-conforme", "non"),
        ("Accessibilité : conformité partielle", "partiellement"),
        ("Accessibilité : non-conformité", "non"),
        ("<span>Accessibilité</span> : <strong>partiellement conforme</strong>", "partiellement"),
    ],
)
def test_mention_phrasings(footer: str, level: str) -> None:
    [finding] = extract_mention(page(f"<footer>{footer}</footer>"))
    assert (finding.feature, finding.value) == ("a11y.mention", level)


@pytest.mark.parametrize(
    "text",
    [
        "Les travaux réalisés sont conformes au projet.",
        "Accessibilité",
        "Nos engagements d'accessibilité",
    ],
)
def test_no_mention_without_a_level(text: str) -> None:
    assert extract_mention(page(f"<p>{text}</p>")) == []


def test_statement_is_the_declaration_link_not_the_rgaa_reference() -> None:
    html = (FILES / "commune-wordpress.html").read_text(encoding="utf-8")
    [finding] = extract_statement(Page(URL, html, {}))
    assert finding.value == "https://www.saint-exemple.fr/declaration-accessibilite/"
    assert "partiellement conforme" in finding.snippet


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("/contact", False),  # the contact form, whatever the link says
        ("/nous-contacter.html", False),
        ("/plan-du-site", False),
        ("/accueil", False),
        ("/#", False),
        ("", False),  # empty: no target
        ("/contact-accessibilite", True),  # its address names accessibility too
        ("/infos/page-12", True),  # an address that says nothing: the text is taken
    ],
)
def test_a_statement_link_whose_target_is_another_kind_of_page_is_not_taken(
    href: str, kept: bool
) -> None:
    found = extract_statement(page(f'<a href="{href}">Accessibilité : non conforme</a>'))
    assert [f.value for f in found] == ([URL.rstrip("/") + href] if kept else [])


def test_the_next_candidate_is_taken_when_the_first_leads_elsewhere() -> None:
    footer = '<a href="/contact">Accessibilité</a> <a href="/declaration">Déclaration</a>'
    footer += ' <a href="/site/accessibilite">Le site</a>'
    [finding] = extract_statement(page(footer))
    assert finding.value == "https://www.saint-exemple.fr/site/accessibilite"


@pytest.mark.parametrize(
    ("head", "is_the_statement"),
    [
        ("<title>Accessibilité | Mairie de Saint-Exemple</title>", True),
        ("<title>Mairie de Saint-Exemple</title><h1>Accessibilité du site</h1>", True),
        ("<title>Déclaration d'accessibilité - Saint-Exemple</title>", True),
        ("<title>Mairie</title><h1>Logo</h1><h1>Déclaration d’accessibilité</h1>", True),
        ("<title>Handicap et accessibilité - Saint-Exemple</title>", False),
        ("<title>Accessibilité des bâtiments communaux</title>", False),
        ("<title>Nous contacter - Saint-Exemple</title>", False),
    ],
)
def test_a_page_that_names_itself_the_statement_is_the_statement(
    head: str, is_the_statement: bool
) -> None:
    url = "https://www.saint-exemple.fr/page/7"
    found = extract_statement(Page(url, f"<html>{head}<body><p>Texte.</p></body></html>", {}))
    assert [(f.value, f.evidence_url) for f in found] == ([(url, url)] if is_the_statement else [])
