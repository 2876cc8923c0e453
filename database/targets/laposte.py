"""Reader of La Poste's "base officielle des codes postaux" (laposte_hexasmal): it only adds
postal codes to communes another file has given, one line per (commune, postal code, place)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from database.targets.records import TargetError, TargetRecord, check_code, parse_postal_codes

SOURCE = "laposte"
# Column names as the versions spell them once lower-cased and stripped of the header's "#":
# "#Code_commune_INSEE;Nom_de_la_commune;Code_postal;..." (2014-2023, a 6th column
# coordonnees_gps in some) and "code_commune_insee,nom_de_la_commune,code_postal,..." (newer).
COMMUNE_COLUMN, POSTAL_CODE_COLUMN = "code_commune_insee", "code_postal"
# La Poste lists Paris, Marseille and Lyon by municipal arrondissement; the authority measured
# is the commune (the COG's arrondissements, TYPECOM ARM, are not authorities).
ARRONDISSEMENTS = {
    **{f"751{number:02d}": "75056" for number in range(1, 21)},
    **{f"132{number:02d}": "13055" for number in range(1, 17)},
    **{f"6938{number}": "69123" for number in range(1, 10)},
}


def column_key(column: str) -> str:
    return column.strip().lstrip("#").strip().lower()


def is_laposte(columns: Iterable[str]) -> bool:
    return {COMMUNE_COLUMN, POSTAL_CODE_COLUMN} <= {column_key(column) for column in columns}


def laposte_row(row: dict[str, str]) -> TargetRecord:
    """One line: a commune and one of its postal codes (the importer rejects it, naming the
    line, when no other file gave the commune)."""
    values = {column_key(column): value for column, value in row.items()}
    code = (values.get(COMMUNE_COLUMN) or "").strip()
    code = ARRONDISSEMENTS.get(code, code)
    problem = check_code("commune", code)
    if problem:
        raise ValueError(problem)
    postal_code = (values.get(POSTAL_CODE_COLUMN) or "").strip()
    if not postal_code:
        raise ValueError("no postal code (column code_postal is empty)")
    return TargetRecord(
        kind="commune",
        code=code,
        source=SOURCE,
        postal_codes=parse_postal_codes([postal_code]),
        completes_only=True,
    )


def merge_communes(
    path: str, items: list[tuple[str, TargetRecord | TargetError]]
) -> Iterator[TargetRecord | TargetError]:
    """One record per commune with the postal codes of all its lines, where its first line
    was; errors stay at their lines. Too many codes for one commune rejects each of its lines."""
    merged: dict[str, TargetRecord] = {}
    order: list[tuple[str, TargetRecord | TargetError]] = []
    for where, item in items:
        if isinstance(item, TargetError):
            order.append((where, item))
            continue
        known = merged.get(item.code)
        if known is None:
            merged[item.code] = replace(item, lines=(where,))
            order.append((where, merged[item.code]))
        else:
            known.postal_codes = (*known.postal_codes, *item.postal_codes)
            known.lines = (*known.lines, where)
    for _, item in order:
        if isinstance(item, TargetError):
            yield item
            continue
        try:
            item.postal_codes = parse_postal_codes(item.postal_codes)
        except ValueError as error:
            yield from (
                TargetError(path, line, f"commune {item.code}: {error}") for line in item.lines
            )
            continue
        yield item
