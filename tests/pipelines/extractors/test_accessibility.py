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
