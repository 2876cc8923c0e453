"""A PDF statement, the French readability formula and its site median.

The statement, freshness and readability rules on HTML pages are saved pages in cases/."""

from __future__ import annotations

from crawler.items import Finding
from pipelines.extractors.aggregate import aggregate_site
from pipelines.extractors.documents import page_from_bytes
from pipelines.extractors.page import Page
from pipelines.extractors.readability import extract_readability, kandel_moles
from pipelines.extractors.statement import extract_statement_content

URL = "https://www.saint-exemple.fr/accessibilite"


def pairs(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(finding.feature, finding.value) for finding in findings}


def test_a_pdf_statement_is_read_from_its_text() -> None:
    text = (
        "Declaration d'accessibilite - Saint-Exemple. Date de l'audit : 12/03/2025. "
        "Taux de conformite : 64 %. Voies de recours : Defenseur des droits."
    )
    pdf = Page(URL + ".pdf", f"<html><body><p>{text}</p></body></html>", {}, kind="pdf")
    assert pairs(extract_statement_content(pdf)) == {
        ("a11y.audit_date", "2025-03-12"),
        ("a11y.conformity_rate", "64"),
        ("a11y.recourse", "true"),
    }


PLAIN = (
    "Le maire vous accueille. La mairie est ouverte le matin. Vous pouvez venir avec vos enfants. "
)
DENSE = (
    "Conformément aux dispositions réglementaires applicables en matière d'urbanisme, la "
    "délibération susvisée portant approbation de la modification simplifiée du plan local "
    "d'urbanisme intercommunal est exécutoire dès sa transmission au représentant de l'État "
    "dans le département et l'accomplissement des mesures de publicité. "
)


def test_plain_french_reads_easier_than_administrative_french() -> None:
    plain, dense = kandel_moles(PLAIN * 8), kandel_moles(DENSE * 4)
    assert plain is not None
    assert dense is not None
    assert plain > 80 > 30 > dense


def test_a_site_readability_is_the_median_of_its_pages() -> None:
    def finding(value: str, url: str) -> Finding:
        return Finding("readability.kandel_moles", value, url, "...", "readability/1")

    pages = [
        (1, f"https://x.fr/{n}", [finding(v, f"https://x.fr/{n}")])
        for n, v in enumerate(("40", "70", "55"))
    ]
    assert pairs(aggregate_site(pages)) == {("readability.kandel_moles", "55")}


def test_pdf_bytes_give_no_readability_and_no_html_checks() -> None:
    page = page_from_bytes("https://x.fr/a.pdf", b"%PDF-1.4 not really", "application/pdf")
    assert extract_readability(page) == []
