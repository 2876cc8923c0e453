"""Synthetic INSEE files in the format INSEE publishes (2026): UTF-8, comma-separated, every
field quoted, empty fields as "", the columns of `v_commune_YYYY.csv` and
`v_mvt_commune_YYYY.csv`. The communes are real codes of Seine-Maritime and the Loiret; the
merges are made up."""

from __future__ import annotations

import unicodedata
from pathlib import Path

COG_HEADER = (
    "TYPECOM", "COM", "REG", "DEP", "CTCD", "ARR", "TNCC", "NCC", "NCCENR", "LIBELLE", "CAN",
    "COMPARENT",
)  # fmt: skip
MVT_HEADER = (
    "MOD", "DATE_EFF", "TYPECOM_AV", "COM_AV", "TNCC_AV", "NCC_AV", "NCCENR_AV", "LIBELLE_AV",
    "TYPECOM_AP", "COM_AP", "TNCC_AP", "NCC_AP", "NCCENR_AP", "LIBELLE_AP",
)  # fmt: skip
REGION = {"76": "28", "45": "24", "63": "84"}
# Twenty communes of the 2025 list: code -> name.
COMMUNES_2025 = {
    "76001": "Ancourteville-sur-Héricourt",
    "76258": "Fauville-en-Caux",
    "76300": "Héricourt-en-Caux",
    "76005": "Allouville-Bellefosse",
    "76008": "Ambrumesnil",
    "76013": "Anceaumeville",
    "76020": "Anvéville",
    "76025": "Ardouval",
    "76030": "Aubéguimont",
    "45300": "Sandillon",
    "45301": "Santeau",
    "45302": "Saran",
    "45303": "Sceaux-du-Gâtinais",
    "45004": "Amilly",
    "45006": "Ardon",
    "45008": "Artenay",
    "45010": "Aschères-le-Marché",
    "63244": "Murol",
    "63245": "Nadaillat",
    "63246": "Naves",
}


def _ncc(name: str) -> str:
    """INSEE's NCC: upper case, no accent, no hyphen."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.upper().replace("-", " ").replace("'", " ")


def _quoted(fields: tuple[str, ...] | list[str]) -> str:
    return ",".join(f'"{field}"' for field in fields)


def commune_line(code: str, name: str) -> list[str]:
    departement = code[:2]
    return [
        "COM", code, REGION[departement], departement, f"{departement}D", f"{departement}2",
        "0", _ncc(name), name, name, f"{departement}01", "",
    ]  # fmt: skip


def part_line(typecom: str, code: str, name: str, parent: str) -> list[str]:
    """A commune déléguée (COMD), associée (COMA) or arrondissement (ARM): no région, no
    département, its commune in COMPARENT."""
    return [typecom, code, "", "", "", "", "0", _ncc(name), name, name, "", parent]


def write_cog(path: Path, communes: dict[str, str], parts: list[list[str]] | None = None) -> Path:
    lines = [_quoted(COG_HEADER)]
    lines += [_quoted(commune_line(code, name)) for code, name in communes.items()]
    lines += [_quoted(part) for part in parts or []]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def movement(mod: str, day: str, before: tuple[str, str, str], after: tuple[str, str, str]) -> str:
    """One movements line: (TYPECOM, COM, name) before and after."""
    fields = [mod, day]
    for typecom, code, name in (before, after):
        fields += [typecom, code, "0", _ncc(name), name, name]
    return _quoted(fields)


def write_movements(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join([_quoted(MVT_HEADER), *lines]) + "\n", encoding="utf-8")
    return path
