"""What accessibility statements declare; copyright year and Last-Modified; French readability."""

from __future__ import annotations

from crawler.items import Finding
from pipelines.extractors.aggregate import aggregate_site
from pipelines.extractors.documents import page_from_bytes
from pipelines.extractors.freshness import (
    extract_copyright_year,
    extract_last_modified,
    extract_updated,
)
from pipelines.extractors.page import Page
from pipelines.extractors.readability import extract_readability, kandel_moles
from pipelines.extractors.statement import extract_statement_content

URL = "https://www.saint-exemple.fr/accessibilite"

# As the Arcom model statement is filled in by a commune (shortened).
STATEMENT = """
<html><head><title>Déclaration d'accessibilité - Saint-Exemple</title></head><body>
<h1>Déclaration d’accessibilité</h1>
<p>La commune de Saint-Exemple s’engage à rendre son site internet accessible conformément à
l’article 47 de la loi n° 2005-102 du 11 février 2005.</p>
<h2>État de conformité</h2><p>Le site est en conformité partielle avec le référentiel général
d’amélioration de l’accessibilité (RGAA), version 4.1.2.</p>
<h2>Résultats des tests</h2><p>L’audit de conformité réalisé par la société Access42 révèle que
le taux de conformité global est de 72,5&nbsp;%.</p>
<h2>Établissement de cette déclaration</h2><p>Cette déclaration a été établie le 5 avril 2025.
Date de l'audit : 1er mars 2025.</p>
<h2>Retour d’information et contact</h2><p>Écrivez à accessibilite@saint-exemple.fr.</p>
<h2>Voies de recours</h2><p>Vous pouvez saisir le Défenseur des droits.</p>
<p>Schéma pluriannuel de mise en accessibilité 2024-2026.</p>
</body></html>
"""


def pairs(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(finding.feature, finding.value) for finding in findings}


def test_a_statement_declares_its_audit_rate_version_contact_recourse_and_plan() -> None:
    found = extract_statement_content(Page(URL, STATEMENT, {}))
    assert pairs(found) == {
        ("a11y.audit_date", "2025-03-01"),
        ("a11y.conformity_rate", "72.5"),
        ("a11y.rgaa_version", "4.1.2"),
        ("a11y.statement_contact", "true"),
        ("a11y.recourse", "true"),
        ("a11y.schema", "true"),
    }
    evidence = {finding.feature: finding.snippet for finding in found}
    assert evidence["a11y.audit_date"] == "Date de l'audit : 1er mars 2025"
    assert evidence["a11y.conformity_rate"] == "taux de conformité global est de 72,5 %"


def test_other_phrasings_of_the_audit_and_rate() -> None:
    body = (
        "<h1>Déclaration d'accessibilité</h1><p>Un audit a été réalisé le 12/10/2023 par "
        "la société X. 45 % des critères du RGAA 4 sont respectés.</p>"
    )
    assert pairs(extract_statement_content(Page(URL, f"<html><body>{body}</body></html>", {}))) == {
        ("a11y.audit_date", "2023-10-12"),
        ("a11y.conformity_rate", "45"),
        ("a11y.rgaa_version", "4"),
    }


def test_only_a_statement_is_read_as_one() -> None:
    news = (
        "<html><head><title>Actualités</title></head><body><h1>Actualités</h1>"
        "<p>Taux de conformité : 80 %. Date de l'audit : 1er mars 2025. Défenseur des droits."
        "</p></body></html>"
    )
    assert extract_statement_content(Page(URL, news, {})) == []


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


def test_an_impossible_date_or_rate_is_not_reported() -> None:
    body = "<h1>Déclaration d'accessibilité</h1><p>Date de l'audit : 31/02/2025. Taux de conformité : 180 %.</p>"
    assert extract_statement_content(Page(URL, f"<html><body>{body}</body></html>", {})) == []


def test_copyright_year_is_the_last_year_written() -> None:
    page = Page(
        URL, "<html><body><footer>© 2019-2024 Mairie de Saint-Exemple</footer></body></html>", {}
    )
    found = extract_copyright_year(page)
    assert pairs(found) == {("freshness.copyright_year", "2024")}
    assert found[0].snippet == "© 2019-2024"
    assert (
        extract_copyright_year(Page(URL, "<html><body><p>© Copyright</p></body></html>", {})) == []
    )


def test_last_modified_from_the_response_header() -> None:
    page = Page(URL, "<html></html>", {"last-modified": "Sat, 31 Oct 2026 08:00:00 GMT"})
    assert pairs(extract_last_modified(page)) == {("freshness.last_modified", "2026-10-31")}
    assert extract_last_modified(Page(URL, "<html></html>", {"last-modified": "hier"})) == []


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


def test_readability_needs_enough_french_prose_in_the_main_content() -> None:
    def scored(html: str) -> list[Finding]:
        return extract_readability(Page(URL, html, {}))

    prose = f"<main><p>{PLAIN * 8}</p></main>"
    assert pairs(scored(f"<html lang='fr'><body><nav>{DENSE * 4}</nav>{prose}</body></html>")) == {
        ("readability.kandel_moles", f"{kandel_moles(PLAIN * 8):.0f}")
    }  # the menu is not read
    assert scored(f"<html><body><main><p>{PLAIN}</p></main></body></html>") == []  # too short
    assert scored(f"<html lang='en'><body>{prose}</body></html>") == []  # not French
    tiles = (
        "<main>" + "".join(f"<h3>Rubrique {n} de la commune</h3>" for n in range(40)) + "</main>"
    )
    assert scored(f"<html><body>{tiles}</body></html>") == []  # headings, not sentences


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


def test_updated_on_is_the_newest_date_a_page_says_it_was_updated() -> None:
    text = (
        "<p>Mis à jour le 3 octobre 2026.</p><p>Dernière mise à jour : 12/09/2026</p>"
        "<p>Modifié le 31/02/2026</p>"  # no such day
    )
    found = extract_updated(Page(URL, f"<html><body>{text}</body></html>", {}))
    assert pairs(found) == {("freshness.updated", "2026-10-03")}
    assert found[0].snippet == "Mis à jour le 3 octobre 2026"
