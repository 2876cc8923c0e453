"""The one shape every targets format is read into, and the error that names its line."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from database.geography import REGION_OF_DEPARTEMENT, departement_of_commune

COMMUNE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
SIREN = re.compile(r"^\d{9}$")
DEPARTEMENT_CODE = re.compile(r"^(\d{2}|2[AB]|97\d)$")
REGION_CODE = re.compile(r"^\d{2}$")
POSTAL_CODE = re.compile(r"[0-9]{5}")  # ASCII digits only: \d also matches other scripts'
# authorities.postal_codes holds 200 characters: 33 codes and their separating spaces. Paris,
# with 21, has the most.
MAX_POSTAL_CODES = 33


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
    postal_codes: tuple[str, ...] = ()  # distinct and sorted; () when the file gives none
    # A record that only completes an authority already known (La Poste's postal codes): it
    # never creates one, and each of its `lines` is rejected when the authority is unknown.
    completes_only: bool = False
    lines: tuple[str, ...] = ()
    # INSEE's composition of the EPCI: the record only says its commune's EPCI (`epci_code`,
    # None for a commune without one); it never creates or fills an authority.
    gives_epci: bool = False
    epci_code: str | None = None


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


def parse_postal_codes(codes: Iterable[str]) -> tuple[str, ...]:
    """Distinct and sorted; a code that is not 5 digits, or more codes than a commune has, is
    refused."""
    distinct = sorted({code.strip() for code in codes if code.strip()})
    for code in distinct:
        if not POSTAL_CODE.fullmatch(code):
            raise ValueError(f"postal code {code[:20]!r} is not 5 digits")
    if len(distinct) > MAX_POSTAL_CODES:
        raise ValueError(
            f"{len(distinct)} postal codes: more than a commune has (at most {MAX_POSTAL_CODES})"
        )
    return tuple(distinct)


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
