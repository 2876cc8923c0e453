"""What a commune's residents can do online across the four layers that serve them: the
commune, its intercommunalité (EPCI), its département and its région (docs/scoring.md,
"Services per resident").

For each service family (the values of `eservices.kind`, the online services the model
scores), a resident can do it online when at least one of the four sites was found offering
it: it is `offered`, by those layers, each with the page that shows it. It is `not_offered`
only when all four sites were explored (scan `ok`) and none shows it. Otherwise it is
`unknown`, with each layer that could not be read and why: a site not explored (its scan
status), an authority not among the targets or not scanned in the run, an EPCI not known.
Not measured is never read as absent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine

from database.layers import CommuneLayers, LayerSite, read_layers
from database.statuses import SCAN_STATUSES

# The service families, in the order the reports list them (the services axis' weights).
FAMILIES = (
    "local-procedure",
    "planning-permit",
    "payment",
    "appointment",
    "identity",
    "national-procedure",
)
LAYERS = ("commune", "epci", "departement", "region")
OFFERED, NOT_OFFERED, UNKNOWN = "offered", "not_offered", "unknown"
# Why a layer cannot be read, besides its scan status (a `site_scans.status` other than ok).
EPCI_UNKNOWN = "epci_unknown"  # the commune's EPCI is not known (no composition file said)
NOT_A_TARGET = "not_a_target"  # the layer's authority is not among the targets
NOT_SCANNED = "not_scanned"  # among the targets, not scanned in this run
NOT_MEASURED_LABEL = "non mesuré : "  # how the labels of the crawl's own failures begin

# The layers and the families as a resident reads them (the families' own words are
# `database.vocabulary`'s labels of `eservices.kind`).
LAYER_NAMES = {
    "commune": "la commune",
    "epci": "l'intercommunalité",
    "departement": "le département",
    "region": "la région",
}
OF_LAYER = {
    "commune": "de la commune",
    "epci": "de l'intercommunalité",
    "departement": "du département",
    "region": "de la région",
}


@dataclass(frozen=True)
class Provider:
    """A layer whose site offers the family, and the page that shows it."""

    layer: str
    code: str
    name: str
    evidence_url: str


@dataclass(frozen=True)
class Unread:
    """A layer that could not be read, and why (a scan status or one of the reasons above)."""

    layer: str
    code: str | None
    why: str


@dataclass(frozen=True)
class FamilyReach:
    family: str
    state: str  # offered, not_offered or unknown
    providers: tuple[Provider, ...] = ()


@dataclass(frozen=True)
class ResidentServices:
    """One commune: each family's reach, and the layers that could not be read."""

    commune: CommuneLayers
    families: tuple[FamilyReach, ...]
    unread: tuple[Unread, ...]
    epci_name: str | None = None  # when the EPCI is among the targets

    @property
    def offered(self) -> int:
        return sum(reach.state == OFFERED for reach in self.families)

    @property
    def unknown(self) -> int:
        return sum(reach.state == UNKNOWN for reach in self.families)

    @property
    def share(self) -> float:
        """Services per resident: the share of the families a resident can reach online, a
        floor when some are unknown (`complete` False)."""
        return self.offered / len(self.families)

    @property
    def complete(self) -> bool:
        return self.unknown == 0

    def reach(self, family: str) -> FamilyReach:
        return next(reach for reach in self.families if reach.family == family)


def layer_codes(commune: CommuneLayers) -> tuple[tuple[str, str | None], ...]:
    """(layer, the code of its authority or None) for the four layers of a commune."""
    return (
        ("commune", commune.code),
        ("epci", commune.epci),
        ("departement", commune.departement),
        ("region", commune.region),
    )


def _read(
    layer: str, code: str | None, sites: Mapping[tuple[str, str], LayerSite]
) -> LayerSite | Unread:
    """The layer's site when it was explored; else why it could not be read."""
    if code is None:
        return Unread(layer, None, EPCI_UNKNOWN)
    site = sites.get((layer, code))
    if site is None:
        return Unread(layer, code, NOT_A_TARGET)
    if site.status is None:
        return Unread(layer, code, NOT_SCANNED)
    if site.status != "ok":
        return Unread(layer, code, site.status)
    return site


def resident_services(
    commune: CommuneLayers, sites: Mapping[tuple[str, str], LayerSite]
) -> ResidentServices:
    read = [_read(layer, code, sites) for layer, code in layer_codes(commune)]
    explored = [site for site in read if isinstance(site, LayerSite)]
    unread = tuple(site for site in read if isinstance(site, Unread))
    families = []
    for family in FAMILIES:
        providers = tuple(
            Provider(site.kind, site.code, site.name, site.offers[family])
            for site in explored
            if family in site.offers
        )
        state = OFFERED if providers else UNKNOWN if unread else NOT_OFFERED
        families.append(FamilyReach(family, state, providers))
    epci = sites.get(("epci", commune.epci)) if commune.epci else None
    return ResidentServices(commune, tuple(families), unread, epci.name if epci else None)


def residents_of_run(
    engine: Engine,
    run_id: int,
    conditions: Sequence[ColumnElement[bool]] = (),
    code: str | None = None,
) -> list[ResidentServices]:
    """Every commune of the run (or of one code, or meeting `conditions` on `authorities`)
    with what its residents can do online, by code."""
    communes, sites = read_layers(engine, run_id, conditions, code)
    return [resident_services(commune, sites) for commune in communes]


def unread_text(unread: Unread) -> str:
    """Why a layer could not be read, in French: 'site de l'intercommunalité non mesuré :
    domaine introuvable', 'intercommunalité non renseignée'."""
    if unread.why == EPCI_UNKNOWN:
        return "intercommunalité non renseignée"
    site = f"site {OF_LAYER[unread.layer]}"
    if unread.why == NOT_A_TARGET:
        return f"{site} non retenu dans l'étude"
    if unread.why == NOT_SCANNED:
        return f"{site} non mesuré dans cette campagne"
    if unread.why == "no_website":
        return f"pas de site référencé pour {LAYER_NAMES[unread.layer]}"
    status = SCAN_STATUSES.get(unread.why)
    if status is None:
        return f"{site} non mesuré"
    label = status.label[:1].lower() + status.label[1:]
    return f"{site} non mesuré : {label.removeprefix(NOT_MEASURED_LABEL)}"
