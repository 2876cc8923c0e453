"""The workbook's sheets on what a resident can do online across the four layers (the deck's
"Ce qu'un habitant peut faire en ligne", reports/residents.py): the groups of communes (by
stratum, then by territory) with each family's share and its n, saying which shares are
minimums because a site could not be read; and one row per commune with each family's
state in words, by whom it is offered or why it is unknown."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from database.scope import Scope
from reports.residents import (
    FAMILY_HEADERS,
    LAYER_HEADINGS,
    UNDETERMINED,
    GroupRow,
    Share,
    by_stratum,
    by_territory,
)
from reports.thresholds import INSUFFICIENT, MIN_SITES
from scoring.layers import FAMILIES, OFFERED, UNKNOWN, ResidentServices, unread_text

RATE = " (%)"  # as reports/workbook.py: a rate's header ends so, its cell is a 0-1 share
ONLINE = f"Services en ligne (sur {len(FAMILIES)})"
MEAN = "Part moyenne des services mesurés"
FLOORS = "Parts minimales (sites non lus)"
# Families unknown for every commune of the group: left out of the mean, not counted as missing.
LEFT_OUT = "Hors de la moyenne (indéterminé pour toutes les communes)"


UNREAD = "inconnu (sites non lus)"  # none known to offer it, the other sites not read


def _rate(share: Share) -> float | str:
    """A share (0–1), or the words for too few communes or nothing known."""
    if share.percent is None:
        return INSUFFICIENT
    if share.floor and share.count == 0:
        return UNREAD
    return share.percent / 100


def _rates(row: GroupRow) -> dict[str, object]:
    """Each family's share then the mean share, each with its n to its right."""
    shares = [(FAMILY_HEADERS[f], row.families[f]) for f in FAMILIES] + [(MEAN, row.mean)]
    cells: dict[str, object] = {}
    for header, share in shares:
        cells[f"{header}{RATE}"] = _rate(share)
        cells[f"n ({header} : communes)"] = row.n
    return cells


def _group(grouping: str, row: GroupRow) -> dict[str, object]:
    floors = [FAMILY_HEADERS[f] for f in FAMILIES if row.families[f].floor]
    return {
        "Regroupement": grouping,
        "Groupe": row.label,
        **_rates(row),
        FLOORS: ", ".join(floors) if floors and row.n >= MIN_SITES else "",
        LEFT_OUT: ", ".join(FAMILY_HEADERS[f] for f in row.unmeasured)
        if row.n >= MIN_SITES
        else "",
    }


def resident_groups(residents: Sequence[ResidentServices], scope: Scope) -> pd.DataFrame:
    """The deck's two tables in one sheet: by stratum, then by territory."""
    rows = [_group("Strate", row) for row in by_stratum(residents)]
    rows += [_group("Territoire", row) for row in by_territory(residents, scope)]
    return pd.DataFrame(rows)


def _state(services: ResidentServices, family: str) -> str:
    """'en ligne : commune, intercommunalité', 'non proposé', 'indéterminé : site du
    département non mesuré : domaine introuvable'."""
    reach = services.reach(family)
    if reach.state == OFFERED:
        layers = ", ".join(LAYER_HEADINGS[p.layer].lower() for p in reach.providers)
        return f"en ligne : {layers}"
    if reach.state == UNKNOWN:
        return f"{UNDETERMINED} : {'; '.join(unread_text(u) for u in services.unread)}"
    return "non proposé par les quatre sites"


def resident_communes(residents: Sequence[ResidentServices]) -> pd.DataFrame:
    """One row per commune: each family's state in words, the count offered and unknown."""
    rows = [
        {
            "Commune": services.commune.name,
            "Code INSEE": services.commune.code,
            **{FAMILY_HEADERS[f]: _state(services, f) for f in FAMILIES},
            ONLINE: services.offered,
            "Services indéterminés": services.unknown,
        }
        for services in residents
    ]
    columns = ["Commune", "Code INSEE", *(FAMILY_HEADERS[f] for f in FAMILIES),
               ONLINE, "Services indéterminés"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
