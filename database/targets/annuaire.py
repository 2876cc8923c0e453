"""Reader of the "Annuaire de l'administration" JSON export (bulk file or Opendatasoft API)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crawler.urls import InvalidUrl, normalize_url
from database.geography import REGION_OF_DEPARTEMENT, departement_of_commune
from database.targets.records import (
    TargetError,
    TargetRecord,
    check_code,
    clean_name,
    commune_geography,
    parse_postal_codes,
)

KIND_OF_PIVOT = {
    "mairie": "commune",
    "mairie_com": "commune",
    "epci": "epci",
    "cg": "departement",
    "cr": "region",
}
# Town-hall annexes and "mairies déléguées" share the INSEE code of the main town hall.
SECONDARY_TOWN_HALL = re.compile(r"^mairie.+(d[ée]l[ée]gu[ée]e|annexe)", re.IGNORECASE)
NAME_PREFIX = re.compile(r"^mairie\s*[-–:]\s*", re.IGNORECASE)


def _as_list(value: Any) -> list[Any]:
    """The API variant serialises nested arrays as JSON strings."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, list):
        raise ValueError(f"expected a list, got {type(value).__name__}")
    return value


def _kind(record: dict[str, Any]) -> str | None:
    for pivot in _as_list(record.get("pivot")):
        kind = KIND_OF_PIVOT.get(str(pivot.get("type_service_local", "")))
        if kind:
            return kind
    return None


def _code(kind: str, record: dict[str, Any]) -> str:
    commune = str(record.get("code_insee_commune") or "").strip()
    if kind == "commune":
        return commune
    if kind == "epci":
        return str(record.get("siren") or "").strip()
    if not commune:
        return ""
    departement = departement_of_commune(commune)
    # A council's record carries the INSEE code of the commune where it sits.
    return departement if kind == "departement" else REGION_OF_DEPARTEMENT.get(departement, "")


def _postal_codes(record: dict[str, Any]) -> tuple[str, ...]:
    """The codes of the town hall's addresses (its street and its postal address may differ)."""
    codes = []
    for address in _as_list(record.get("adresse")):
        if not isinstance(address, dict):
            raise ValueError("adresse: an entry is not a JSON object")
        codes.append(str(address.get("code_postal") or ""))
    try:
        return parse_postal_codes(codes)
    except ValueError as error:
        raise ValueError(f"adresse: {error}") from None


def _record(kind: str, record: dict[str, Any], path: str) -> TargetRecord:
    code = _code(kind, record)
    problem = check_code(kind, code)
    if problem:
        raise ValueError(problem)
    name = clean_name(NAME_PREFIX.sub("", str(record.get("nom") or "")))
    target = TargetRecord(kind=kind, code=code, source="annuaire", name=name)
    seat = str(record.get("code_insee_commune") or "").strip()
    if kind == "commune":
        target.departement_code, target.region_code = commune_geography(code)
        # An EPCI's or a council's address is its seat's: not postal codes of its own.
        target.postal_codes = _postal_codes(record)
    elif kind == "epci" and check_code("commune", seat) is None:
        # The record names the commune where the EPCI sits, hence its département.
        target.departement_code, target.region_code = commune_geography(seat)
    elif kind == "departement":
        target.departement_code, target.region_code = code, REGION_OF_DEPARTEMENT.get(code)
    elif kind == "region":
        target.region_code = code
    for site in _as_list(record.get("site_internet")):
        raw = site.get("valeur", "") if isinstance(site, dict) else str(site)
        try:
            url = normalize_url(str(raw))
        except InvalidUrl as error:
            raise ValueError(f"site_internet: {error}") from None
        target.urls.append((url, (site.get("libelle") or None) if isinstance(site, dict) else None))
    return target


def read_annuaire(path: Path) -> Iterator[TargetRecord | TargetError]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        yield TargetError(str(path), "file", "JSON nested too deep to be a directory export")
        return
    except ValueError as error:  # not JSON, not UTF-8, a number of thousands of digits
        yield TargetError(str(path), "file", f"not valid JSON: {error}")
        return
    records = (
        document.get("service", document.get("results")) if isinstance(document, dict) else document
    )
    if not isinstance(records, list):
        yield TargetError(str(path), "file", 'expected a list of records or {"service": [...]}')
        return
    for number, record in enumerate(records, start=1):
        where = f"record {number}"
        try:
            if not isinstance(record, dict):
                raise ValueError("record is not a JSON object")
            kind = _kind(record)
            if kind is None or SECONDARY_TOWN_HALL.match(str(record.get("nom", ""))):
                continue  # another kind of public office, or a town-hall annex
            yield _record(kind, record, str(path))
        except (ValueError, TypeError, AttributeError, json.JSONDecodeError) as error:
            yield TargetError(str(path), where, str(error))
