"""Services per resident across the four layers, and the planning-permit duty read through the
EPCI's site: what is offered, by whom, and why the rest cannot be told."""

from __future__ import annotations

from datetime import date

from database.layers import CommuneLayers, LayerSite
from scoring.compliance import MET, UNKNOWN, Authority, DutyStatus, checklist
from scoring.compliance_layers import PERMIT_DUTY, VIA_EPCI, permit_across_layers
from scoring.layers import (
    EPCI_UNKNOWN,
    FAMILIES,
    NOT_A_TARGET,
    NOT_OFFERED,
    NOT_SCANNED,
    OFFERED,
    resident_services,
    unread_text,
)
from scoring.layers import UNKNOWN as FAMILY_UNKNOWN

COMMUNE = CommuneLayers("45300", "Sandillon", "2000-3499", "244500468", "45", "24")
DESK = "https://cc-loges.fr/urbanisme"


def site(kind: str, code: str, status: str | None = "ok", **offers: str) -> LayerSite:
    return LayerSite(
        kind, code, f"{kind} {code}", status, {k.replace("_", "-"): v for k, v in offers.items()}
    )


def all_four(**commune_offers: str) -> dict[tuple[str, str], LayerSite]:
    sites = [
        site("commune", "45300", **commune_offers),
        site("epci", "244500468", planning_permit=DESK),
        site("departement", "45"),
        site("region", "24", payment="https://region.fr/payer"),
    ]
    return {(s.kind, s.code): s for s in sites}


def test_a_family_is_offered_by_every_layer_whose_site_shows_it_with_its_page() -> None:
    services = resident_services(COMMUNE, all_four(planning_permit="https://sandillon.fr/gnau"))
    reach = services.reach("planning-permit")
    assert reach.state == OFFERED
    assert [(p.layer, p.evidence_url) for p in reach.providers] == [
        ("commune", "https://sandillon.fr/gnau"),
        ("epci", DESK),
    ]
    assert services.reach("payment").providers[0].layer == "region"


def test_not_offered_only_when_all_four_sites_were_explored() -> None:
    services = resident_services(COMMUNE, all_four())
    assert services.unread == ()
    assert services.reach("appointment").state == NOT_OFFERED
    assert services.complete
    assert services.offered == 2
    assert services.share == 2 / len(FAMILIES)


def test_a_layer_not_measured_makes_absence_unknown_with_why() -> None:
    sites = all_four()
    sites[("departement", "45")] = site("departement", "45", status="dns_failure")
    del sites[("region", "24")]
    services = resident_services(COMMUNE, sites)
    assert services.reach("appointment").state == FAMILY_UNKNOWN
    assert services.reach("planning-permit").state == OFFERED  # what was read still counts
    assert [(u.layer, u.why) for u in services.unread] == [
        ("departement", "dns_failure"),
        ("region", NOT_A_TARGET),
    ]
    assert not services.complete
    assert unread_text(services.unread[0]) == "site du département non mesuré : domaine introuvable"
    assert unread_text(services.unread[1]) == "site de la région non retenu dans l'étude"


def test_an_unknown_epci_and_a_site_not_scanned_are_reasons_not_absences() -> None:
    commune = CommuneLayers("45300", "Sandillon", "2000-3499", None, "45", "24")
    sites = all_four()
    sites[("region", "24")] = site("region", "24", status=None)
    services = resident_services(commune, sites)
    assert [(u.layer, u.why) for u in services.unread] == [
        ("epci", EPCI_UNKNOWN),
        ("region", NOT_SCANNED),
    ]
    assert services.reach("planning-permit").state == FAMILY_UNKNOWN


def permit_status(findings: dict[str, set[str]] | None) -> DutyStatus:
    statuses = checklist(Authority("commune", 2500), findings, date(2026, 11, 1))
    return next(s for s in statuses if s.duty.key == PERMIT_DUTY)


def test_the_permit_duty_is_met_via_the_epci_s_desk_with_its_page_as_evidence() -> None:
    services = resident_services(COMMUNE, all_four())
    status = permit_across_layers(permit_status({}), services)
    assert (status.status, status.via, status.evidence_url) == (MET, "epci", DESK)
    assert status.note == f"{VIA_EPCI} (epci 244500468)"
    # Also where the commune's own site could not be read: the resident has the EPCI's desk.
    status = permit_across_layers(permit_status(None), services)
    assert status.status == MET


def test_neither_site_showing_a_desk_keeps_cannot_tell_and_says_which_sites_were_read() -> None:
    sites = all_four()
    sites[("epci", "244500468")] = site("epci", "244500468")
    status = permit_across_layers(permit_status({}), resident_services(COMMUNE, sites))
    assert status.status == UNKNOWN
    assert str(status.note).startswith("ni le site de la commune ni celui de l'intercommunalité")
    sites[("epci", "244500468")] = site("epci", "244500468", status="parked")
    status = permit_across_layers(permit_status({}), resident_services(COMMUNE, sites))
    assert status.status == UNKNOWN
    assert status.note == (
        "pas de dépôt en ligne sur le site de la commune ; site de l'intercommunalité non"
        " mesuré : domaine parqué"
    )


def test_a_desk_on_the_commune_s_own_site_stays_its_own_evidence() -> None:
    findings = {"eservices.kind": {"planning-permit"}}
    own = permit_status(findings)
    services = resident_services(COMMUNE, all_four(planning_permit="https://sandillon.fr/gnau"))
    assert permit_across_layers(own, services) is own
