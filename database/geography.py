"""French territorial reference data: size strata, départements and régions (static, public)."""

from __future__ import annotations

# The AMF-like strata used by most French studies; several duties start at 3,500.
COMMUNE_STRATA: tuple[tuple[str, int, int | None], ...] = (
    ("0-499", 0, 499),
    ("500-1999", 500, 1999),
    ("2000-3499", 2000, 3499),
    ("3500-9999", 3500, 9999),
    ("10000-49999", 10000, 49999),
    ("50000-99999", 50000, 99999),
    ("100000+", 100000, None),
)
STRATUM_ORDER = [label for label, _, _ in COMMUNE_STRATA] + ["epci", "departement", "region"]

REGIONS = {
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}

_DEPARTEMENTS_BY_REGION = {
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
    departement: region
    for region, departements in _DEPARTEMENTS_BY_REGION.items()
    for departement in departements.split()
}


def stratum_for(kind: str, population: int | None) -> str | None:
    """Communes by population stratum; other kinds are their own peer group."""
    if kind != "commune":
        return kind
    if population is None:
        return None
    for label, low, high in COMMUNE_STRATA:
        if population >= low and (high is None or population <= high):
            return label
    return None


def departement_of_commune(insee_code: str) -> str:
    return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]
