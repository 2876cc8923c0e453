"""The farm's INSEE composition of the EPCI: the sheet `Composition_communale` of INSEE's
`Intercommunalite-Metropole au 01-01-YYYY.xlsx`, saved as CSV by a spreadsheet (`;`, the
sheet's title lines above its header), one line per commune with its EPCI
(`Farm.epci_of`), ZZZZZZZZZ for none, as INSEE writes it."""

from __future__ import annotations

import csv
from pathlib import Path

from farm.catalogue import Farm
from farm.model import FARM_TODAY

COLUMNS = ("CODGEO", "LIBGEO", "EPCI", "LIBEPCI", "DEP", "REG")
LABELS = (
    "Code géographique",
    "Libellé géographique",
    "EPCI - Métropole",
    "Libellé de l'EPCI / Métropole",
    "Département",
    "Région",
)
NO_EPCI, NO_EPCI_NAME = "ZZZZZZZZZ", "Sans objet"
# The région of each département (2016 régions): the farm keeps its own copy of the codes.
_REGIONS = {
    "84": "01 03 07 15 26 38 42 43 63 69 73 74",
    "27": "21 25 39 58 70 71 89 90",
    "53": "22 29 35 56",
    "24": "18 28 36 37 41 45",
    "94": "2A 2B",
    "44": "08 10 51 52 54 55 57 67 68 88",
    "32": "02 59 60 62 80",
    "11": "75 77 78 91 92 93 94 95",
    "28": "14 27 50 61 76",
    "75": "16 17 19 23 24 33 40 47 64 79 86 87",
    "76": "09 11 12 30 31 32 34 46 48 65 66 81 82",
    "52": "44 49 53 72 85",
    "93": "04 05 06 13 83 84",
    "01": "971",
    "02": "972",
    "03": "973",
    "04": "974",
    "06": "976",
}
REGION_OF_DEPARTEMENT = {
    departement: region for region, codes in _REGIONS.items() for departement in codes.split()
}


def title_lines() -> list[str]:
    """The lines INSEE's sheet has above its header (the export pads them with `;`)."""
    year = FARM_TODAY.year
    return [
        f"Composition communale des EPCI à fiscalité propre au 1er janvier {year}",
        "Source : ferme synthétique de Vigie, au format de l'Insee (Intercommunalité - Métropole)",
        f"Géographie au 01/01/{year}",
        "",
    ]


def write_composition(farm: Farm, path: Path) -> Path:
    """Every commune of the farm and its EPCI, in the order of their codes."""
    identities = farm.identities()
    epci_names = {i.code: i.name for i in identities if i.kind == "epci"}
    communes = sorted((i for i in identities if i.kind == "commune"), key=lambda i: i.code)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        for line in title_lines():
            writer.writerow([line, *[""] * (len(COLUMNS) - 1)])
        writer.writerow(LABELS)
        writer.writerow(COLUMNS)
        for commune in communes:
            epci = farm.epci_of[commune.code]
            departement = commune.departement or ""
            writer.writerow(
                [
                    commune.code,
                    commune.name,
                    epci or NO_EPCI,
                    epci_names[epci] if epci else NO_EPCI_NAME,
                    departement,
                    REGION_OF_DEPARTEMENT.get(departement, ""),
                ]
            )
    return path
