"""eservices.platform, alerts.app, opendata.portal, trackers, consent.manager, freshness."""

from __future__ import annotations

import pytest

from crawler.items import Finding
from pipelines.extractors.aggregate import aggregate_site
from pipelines.extractors.freshness import extract_latest_news
from pipelines.extractors.page import Page
from pipelines.extractors.services import (
    extract_alert_apps,
    extract_eservices,
    extract_opendata,
    opendata_portal,
)
from pipelines.extractors.tracking import extract_consent, extract_trackers

URL = "https://www.saint-exemple.fr/demarches"


def page(body: str, head: str = "") -> Page:
    return Page(URL, f"<html><head>{head}</head><body>{body}</body></html>", {})


def values(findings: list[Finding]) -> set[str]:
    return {finding.value for finding in findings}


def only(feature: str, findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.feature == feature]


def test_online_service_links_by_vendor() -> None:
    body = """
      <a href="https://www.service-public.fr/particuliers/vosdroits/F1427">Acte de naissance</a>
      <a href="https://www.service-public.fr/">Le site du service public</a>
      <a href="https://ants.gouv.fr/">ANTS</a>
      <a href="https://demarche.numerique.gouv.fr/commencer/cantine">Cantine</a>
      <a href="https://www.payfip.gouv.fr/tpi/paiement.web?numcli=1">Payer</a>
      <a href="https://www.espace-citoyens.net/exemple/espace-citoyens/">Portail famille</a>
      <a class="franceconnect-button" href="https://app.franceconnect.gouv.fr/api/v1/authorize">FC</a>
    """
    found = extract_eservices(page(body))
    assert values(only("eservices.platform", found)) == {
        "service-public",
        "ants",
        "demarches-simplifiees",
        "payfip",
        "espace-citoyens",
        "franceconnect",
    }
    # Démarches simplifiées carries forms the commune built: a local procedure online.
    assert values(only("eservices.kind", found)) == {
        "national-procedure",
        "local-procedure",
        "payment",
        "identity",
    }


def test_planning_permits_online_are_the_desk_not_a_page_about_it() -> None:
    desks = """
      <a href="https://gnau13.operis.fr/intercauxvexin/gnau/#/">Déposer un permis</a>
      <a href="https://sve.sirap.fr/#/072200/">Urbanisme en ligne</a>
      <a href="https://urbanisme.agglo-exemple.fr/">Guichet numérique des autorisations d'urbanisme</a>
    """
    found = extract_eservices(page(desks))
    assert values(only("eservices.platform", found)) == {"cartads", "sirap", "gnau"}
    assert values(only("eservices.kind", found)) == {"local-procedure", "planning-permit"}
    # The commune's own page that explains the desk, and Operis's other services, are not it.
    about = """
      <a href="/urbanisme/gnau">Guichet numérique des autorisations d'urbanisme</a>
      <a href="https://www.operis.fr/solutions">Operis</a>
    """
    assert extract_eservices(page(about)) == []


def test_appointments_by_vendor() -> None:
    found = extract_eservices(page('<a href="https://www.smartagenda.fr/pro/mairie-x/">RDV</a>'))
    assert {(f.feature, f.value) for f in found} == {
        ("eservices.platform", "smart-agenda"),
        ("eservices.kind", "appointment"),
    }


def test_a_page_about_service_public_is_not_a_procedure() -> None:
    assert (
        extract_eservices(page('<a href="https://www.service-public.fr/">service-public.fr</a>'))
        == []
    )


def test_alert_apps() -> None:
    body = (
        '<a href="https://app.panneaupocket.com/ville/12-exemple">PanneauPocket</a>'
        '<a href="https://www.illiwap.com/fr/">Illiwap</a><a href="https://example.org/">Autre</a>'
    )
    assert values(extract_alert_apps(page(body))) == {"panneaupocket", "illiwap"}


@pytest.mark.parametrize(
    ("url", "portal"),
    [
        (
            "https://www.data.gouv.fr/fr/organizations/commune-d-exemple/",
            "https://www.data.gouv.fr/fr/organizations/commune-d-exemple",
        ),
        (
            "https://www.data.gouv.fr/fr/organizations/x/datasets?page=2",
            "https://www.data.gouv.fr/fr/organizations/x",
        ),
        ("https://data.exemple.fr/explore/dataset/budget/", "https://data.exemple.fr/explore"),
        (
            "https://opendata.exemple.fr/dataset/deliberations",
            "https://opendata.exemple.fr/dataset",
        ),
        ("https://www.data.gouv.fr/fr/", None),
        ("https://data.exemple.fr/", None),
    ],
)
def test_open_data_portals(url: str, portal: str | None) -> None:
    assert opendata_portal(url) == portal


def test_open_data_link_in_a_page() -> None:
    body = '<a href="https://data.exemple.fr/explore/?sort=modified">Données ouvertes</a>'
    assert values(extract_opendata(page(body))) == {"https://data.exemple.fr/explore"}


def test_trackers_and_consent_from_scripts_only() -> None:
    head = (
        '<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>'
        '<script>var _paq = window._paq || []; _paq.push(["trackPageView"]);</script>'
        '<script src="/tarteaucitron/tarteaucitron.js"></script>'
    )
    body = "<p>Nous utilisons Google Analytics et Hotjar.</p>"  # words are not scripts
    assert values(extract_trackers(page(body, head))) == {"google-analytics", "matomo"}
    assert values(extract_consent(page(body, head))) == {"tarteaucitron"}


def test_trackers_without_consent_is_a_site_rule() -> None:
    tracker = Finding("trackers", "meta-pixel", "http://x.fr/", "fbevents.js", "tracking/1")
    consent = Finding("consent.manager", "axeptio", "http://x.fr/aide", "axept.io", "tracking/1")
    alone = aggregate_site([(0, "http://x.fr/", [tracker])])
    assert ("trackers.without_consent", "meta-pixel") in {(f.feature, f.value) for f in alone}
    managed = aggregate_site([(0, "http://x.fr/", [tracker]), (1, "http://x.fr/aide", [consent])])
    assert not any(f.feature == "trackers.without_consent" for f in managed)


def test_latest_news_is_the_newest_dated_article_across_pages() -> None:
    news = page(
        '<article><time datetime="2026-03-02">2 mars</time></article>'
        '<article><time datetime="2026-10-12T09:00">12 octobre</time></article>'
        '<footer><time datetime="2027-01-01">agenda</time></footer>'
    )
    [finding] = extract_latest_news(news)
    assert finding.value == "2026-10-12"
    older = Finding("freshness.latest_news", "2025-01-01", "http://x.fr/", "<time>", "freshness/1")
    site = aggregate_site([(0, "http://x.fr/", [older]), (1, URL, [finding])])
    assert [f.value for f in site if f.feature == "freshness.latest_news"] == ["2026-10-12"]
