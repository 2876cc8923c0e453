"""The one shape every targets format is read into, and the error that names its line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from database.geography import REGION_OF_DEPARTEMENT, departement_of_commune

COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
SIREN = re.compile(r"^\d{9}$")
DEPARTEMENT_CODE = re.compile(r"^(\d{2}|2[AB]|97\d)$")
REGION_CODE = re.compile(r"^\d{2}$")


@dataclass(frozen=True)
class TargetError:
    """A record that could not be read; `where` is "line N" or "record N"."""

    path: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.where}: {self.message}"


@dataclass
class TargetRecord:
    """What one line or record says about one authority; None means "this file does not say"."""

    kind: str
    code: str
    source: str
    name: str | None = None
    departement_code: str | None = None
    region_code: str | None = None
    population: int | None = None
    urls: list[tuple[str, str | None]] = field(default_factory=list)  # (normalised URL, label)


def check_code(kind: str, code: str) -> str | None:
    """The reason a code is not valid for its kind, or None."""
    patterns = {
        "commune": (COMMUNE_CODE, "5-character INSEE code"),
        "epci": (SIREN, "9-digit SIREN"),
        "departement": (DEPARTEMENT_CODE, "département code (01..95, 2A, 2B, 97x)"),
        "region": (REGION_CODE, "2-digit région code"),
    }
    if kind not in patterns:
        return f"unknown kind {kind!r} (expected one of {', '.join(patterns)})"
    pattern, expected = patterns[kind]
    return None if pattern.match(code) else f"{kind} code {code!r} is not a {expected}"


def commune_geography(code: str) -> tuple[str, str | None]:
    departement = departement_of_commune(code)
    return departement, REGION_OF_DEPARTEMENT.get(departement)


def parse_population(text: str) -> int:
    cleaned = text.replace("\u00a0", "").replace(" ", "").strip()
    population = int(cleaned)
    if population < 0:
        raise ValueError(f"negative population {population}")
    return population
