"""INSEE's official lists of communes: the COG communes file (`v_commune_YYYY.csv`), the one
targets file complete enough to retire a commune absent from it, and the movements file
(`v_mvt_commune_YYYY.csv`), which dates a merge and names the commune a vanished one went into.
Both as INSEE publishes them: UTF-8, comma-separated, every field quoted or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from database.targets.records import TargetRecord, check_code, clean_name, commune_geography

# The annual communes file's columns (2021 on: TYPECOM, COM, REG, DEP, CTCD, ARR, TNCC, NCC,
# NCCENR, LIBELLE, CAN, COMPARENT); with COMPARENT it lists every commune of the year.
COG_COLUMNS = frozenset({"TYPECOM", "COM"})
COMPLETE_COG_COLUMNS = frozenset({"TYPECOM", "COM", "LIBELLE", "COMPARENT"})
MOVEMENT_COLUMNS = frozenset({"MOD", "DATE_EFF", "TYPECOM_AV", "COM_AV", "TYPECOM_AP", "COM_AP"})
# Lines of the COG that are not authorities: a commune déléguée, a commune associée, a municipal
# arrondissement (Paris, Lyon, Marseille), each of its commune COMPARENT.
PART_TYPES = {
    "COMD": "commune déléguée",
    "COMA": "commune associée",
    "ARM": "arrondissement municipal",
}
RowReader = Callable[[dict[str, str]], TargetRecord | None]


@dataclass(frozen=True)
class Part:
    """A COG line that is part of a commune: what a merged commune usually became."""

    typecom: str
    code: str
    name: str | None
    parent: str | None


@dataclass(frozen=True)
class Movement:
    """One line of INSEE's movements file: a commune before (AV) and after (AP) an event."""

    mod: str
    effective: date | None
    typecom_before: str
    code_before: str
    typecom_after: str
    code_after: str
    name_after: str | None


@dataclass
class OfficialList:
    """What a complete list of communes says: every commune (COM) with its name, and the
    lines that are parts of one."""

    kind: str = "commune"
    names: dict[str, str] = field(default_factory=dict)
    parts: dict[str, Part] = field(default_factory=dict)


@dataclass
class FileFacts:
    """What a targets file is, beyond its records: its format, the complete list it is (the
    COG communes file only), the movements it gives (INSEE's movements file only)."""

    source: str = ""  # annuaire, insee-cog, insee-mvt, insee-population, insee-epci, laposte, csv
    complete: OfficialList | None = None
    movements: list[Movement] = field(default_factory=list)


def _value(row: dict[str, str], column: str) -> str:
    return (row.get(column) or "").strip()


def _checked(code: str, column: str) -> str:
    problem = check_code("commune", code)
    if problem:
        raise ValueError(problem if column == "COM" else f"{column}: {problem}")
    return code


def cog_row(facts: FileFacts) -> RowReader:
    """A COG line: a commune (COM) is a record; the other types are its parts, kept for the
    retirement of merged communes when the file is a complete list."""
    listing = facts.complete

    def read(row: dict[str, str]) -> TargetRecord | None:
        typecom = _value(row, "TYPECOM") or "COM"
        if typecom != "COM":
            if typecom not in PART_TYPES:
                raise ValueError(
                    f"TYPECOM {typecom[:20]!r} is not COM, {', '.join(PART_TYPES)}: "
                    "is this INSEE's communes file?"
                )
            if listing is not None:
                code = _checked(_value(row, "COM"), "COM")
                parent = _value(row, "COMPARENT")
                if parent:
                    _checked(parent, "COMPARENT")
                name = clean_name(row.get("LIBELLE"))
                listing.parts[code] = Part(typecom, code, name, parent or None)
            return None  # arrondissements, communes déléguées and associées are not authorities
        code = _checked(_value(row, "COM"), "COM")
        departement, region = commune_geography(code)
        record = TargetRecord(
            kind="commune",
            code=code,
            source="insee-cog",
            name=clean_name(row.get("LIBELLE") or row.get("NCCENR")),
            departement_code=_value(row, "DEP") or departement,
            region_code=_value(row, "REG") or region or None,
        )
        if listing is not None:
            listing.names[code] = record.name or code
        return record

    return read


def _date(text: str) -> date | None:
    """DATE_EFF as INSEE writes it since 2020 (2024-01-01); another form is read as unknown."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def movement_row(facts: FileFacts) -> RowReader:
    """A movements line: kept for the retirement's reasons, never an authority."""

    def read(row: dict[str, str]) -> None:
        mod = _value(row, "MOD")
        if not mod.isdigit():
            raise ValueError(f"MOD {mod[:20]!r} is not a movement code (31, 32...)")
        facts.movements.append(
            Movement(
                mod=mod,
                effective=_date(_value(row, "DATE_EFF")),
                typecom_before=_value(row, "TYPECOM_AV"),
                code_before=_checked(_value(row, "COM_AV"), "COM_AV"),
                typecom_after=_value(row, "TYPECOM_AP"),
                code_after=_checked(_value(row, "COM_AP"), "COM_AP"),
                name_after=clean_name(row.get("LIBELLE_AP") or row.get("NCCENR_AP")),
            )
        )
        return None

    return read


def official_row_reader(columns: list[str], facts: FileFacts) -> RowReader | None:
    """The reader of INSEE's communes or movements file, or None for another format."""
    present = set(columns)
    if present >= MOVEMENT_COLUMNS:
        facts.source = "insee-mvt"
        return movement_row(facts)
    if present >= COG_COLUMNS:
        facts.source = "insee-cog"
        if present >= COMPLETE_COG_COLUMNS:
            facts.complete = OfficialList()
        return cog_row(facts)
    return None
