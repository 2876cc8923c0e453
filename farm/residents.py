"""The truth of what each farm commune's residents can do online across the four layers that
serve them: the commune, its EPCI (`Farm.epci_of`), its département and its région (the
farm's sites of those codes, when the farm holds them).

A service family (the kinds of `farm/vendors.SERVICE_KINDS`) is `offered` by every layer
whose site a perfect crawl explores and finds offering it; `not_offered` when all four are
explored and none offers it; else `unknown`, each layer that cannot be read named with why:
its expected scan status, `not_a_target` (the farm has no site of that code: a small farm
has no département or région), `epci_unknown` (the farm has no EPCI). Written in the truth
file under "residents" (farm/truth.py)."""

from __future__ import annotations

from typing import Any

from farm.catalogue import Farm
from farm.composition import REGION_OF_DEPARTEMENT
from farm.vendors import SERVICE_KINDS

FAMILIES = tuple(sorted({kind for kinds in SERVICE_KINDS.values() for kind in kinds}))
SERVICE_FEATURE = "eservices.kind"


def _layers(farm: Farm, code: str, departement: str | None) -> list[tuple[str, str | None]]:
    region = REGION_OF_DEPARTEMENT.get(departement or "")
    return [
        ("commune", code),
        ("epci", farm.epci_of[code]),
        ("departement", departement),
        ("region", region),
    ]


def commune_truth(
    farm: Farm, code: str, departement: str | None, sites: dict[tuple[str, str], dict[str, Any]]
) -> dict[str, Any]:
    """One commune: each family's state and the layers offering it, the layers not read."""
    offering: dict[str, list[list[str]]] = {family: [] for family in FAMILIES}
    unread: list[list[str | None]] = []
    for layer, layer_code in _layers(farm, code, departement):
        site = sites.get((layer, layer_code)) if layer_code else None
        if layer_code is None or site is None or site["status"] != "ok":
            why = "epci_unknown" if layer_code is None else "not_a_target"
            unread.append([layer, layer_code, site["status"] if site else why])
            continue
        for finding in site["findings"]:
            if finding["feature"] == SERVICE_FEATURE:
                offering[finding["value"]].append([layer, layer_code])
    families = {
        family: {
            "state": "offered" if by else "unknown" if unread else "not_offered",
            "by": by,
        }
        for family, by in offering.items()
    }
    return {"code": code, "families": families, "unread": unread}


def residents_truth(farm: Farm, site_truths: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every commune of the farm, by code, from the sites' truths (`truth.site_truth`)."""
    sites = {(site["kind"], site["code"]): site for site in site_truths}
    communes = sorted(
        (identity for identity in farm.identities() if identity.kind == "commune"),
        key=lambda identity: identity.code,
    )
    return [commune_truth(farm, c.code, c.departement, sites) for c in communes]
