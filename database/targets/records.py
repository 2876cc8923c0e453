"""The one shape every targets format is read into, and the error that names its line."""

from __future__ import annotations

import re
import unicodedata
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


MAX_POPULATION = 100_000_000  # more than France: a number beyond it is a mistake (or an attack)


def parse_population(text: str) -> int:
    cleaned = text.replace("\u00a0", "").replace(" ", "").strip()
    if len(cleaned) > len(str(MAX_POPULATION)) or not cleaned.lstrip("-").isdigit():
        raise ValueError(f"population {text.strip()[:20]!r} is not a whole number of inhabitants")
    population = int(cleaned)
    if not 0 <= population <= MAX_POPULATION:
        raise ValueError(f"population {population} is not a number of inhabitants")
    return population


def clean_name(text: str | None) -> str | None:
    """A name without its surrounding blanks, or None; a control character or a line or
    paragraph separator in it is refused (it would break lines in every listing)."""
    name = (text or "").strip()
    for character in name:
        if unicodedata.category(character) in ("Cc", "Zl", "Zp"):
            raise ValueError(
                f"name {name[:40]!r} holds the control character U+{ord(character):04X}; remove it"
            )
    return name or None
