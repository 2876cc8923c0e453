"""The planning-permit duty read across the layers (docs/scoring.md, "Services per resident").

A commune's site need not link to the desk where its residents file planning permits: the
intercommunalité's service often receives them. So where the commune's own site shows no
desk (or was not explored) and its EPCI's site offers one, the duty reads as met via the
intercommunalité, with the EPCI's page as evidence. Where neither shows one, the duty keeps
its documented meaning (absence is not proof: "cannot tell"), and the checklist says which
sites were read and which could not be, and why."""

from __future__ import annotations

from dataclasses import replace

from scoring.compliance import MET, UNKNOWN, DutyStatus
from scoring.layers import ResidentServices, Unread, unread_text

PERMIT_DUTY, PERMIT_FAMILY = "planning_permit_online", "planning-permit"
VIA_EPCI = "via l'intercommunalité"
NEITHER = (
    "ni le site de la commune ni celui de l'intercommunalité ne montrent de dépôt en ligne ;"
    " il peut passer par un guichet qu'aucun des deux ne lie (service instructeur de l'État,"
    " plateforme d'un syndicat)"
)


def permit_across_layers(status: DutyStatus, services: ResidentServices | None) -> DutyStatus:
    """The commune's planning-permit duty once its EPCI's site is read; other duties, other
    kinds and a duty already met on the commune's own site are returned as they are."""
    if services is None or status.duty.key != PERMIT_DUTY or status.status != UNKNOWN:
        return status
    reach = services.reach(PERMIT_FAMILY)
    desk = next((p for p in reach.providers if p.layer == "epci"), None)
    if desk is not None:
        note = f"{VIA_EPCI} ({desk.name})"
        return replace(status, status=MET, via="epci", evidence_url=desk.evidence_url, note=note)
    return replace(status, note=_why(services))


def _why(services: ResidentServices) -> str:
    """Why the duty cannot be told, naming the sites read and those that could not be."""
    unread = {site.layer: site for site in services.unread}
    commune, epci = unread.get("commune"), unread.get("epci")
    if commune is None and epci is None:
        return NEITHER
    parts = [
        _side("commune", commune, "pas de dépôt en ligne sur le site de la commune"),
        _side("epci", epci, "pas de dépôt en ligne sur le site de l'intercommunalité"),
    ]
    return " ; ".join(parts)


def _side(layer: str, unread: Unread | None, none_found: str) -> str:
    return none_found if unread is None else unread_text(unread)
