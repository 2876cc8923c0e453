"""Readers of the CSV targets formats: INSEE COG communes and movements (`official.py`), INSEE
legal populations, INSEE's composition of the EPCI (`composition.py`), plain CSV, La Poste's
postal codes."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from crawler.urls import InvalidUrl, normalize_url
from database.geography import REGION_OF_DEPARTEMENT
from database.targets.composition import SOURCE as COMPOSITION_SOURCE
from database.targets.composition import composition_row, is_composition, lines_before_header
from database.targets.laposte import is_laposte, laposte_row, merge_communes
from database.targets.official import FileFacts, RowReader, official_row_reader
from database.targets.records import (
    DEPARTEMENT_CODE,
    TargetError,
    TargetRecord,
    check_code,
    clean_name,
    commune_geography,
    parse_population,
    parse_postal_codes,
)

PLAIN_COLUMNS = ("code", "name", "kind", "url", "population")
PLAIN_OPTIONAL_COLUMN = "postal_codes"  # space- or comma-separated, communes only
# Optional: an intercommunalité's département (its seat's); others' follow from their code.
PLAIN_DEPARTEMENT_COLUMN = "departement"


def _population_code(row: dict[str, str]) -> str:
    for column in ("CODGEO", "DEPCOM", "COM"):
        value = (row.get(column) or "").strip()
        if re.match(r"^(\d{5}|2[AB]\d{3})$", value):
            return value
    departement, commune = (row.get("DEP") or "").strip(), (row.get("CODCOM") or "").strip()
    if departement and commune:
        return (departement + commune.zfill(5 - len(departement)))[-5:]
    raise ValueError("no commune code (expected CODGEO, DEPCOM, COM, or DEP and CODCOM)")


def _population_column(columns: list[str]) -> str:
    candidates = sorted(column for column in columns if re.fullmatch(r"PMUN\d{0,4}", column))
    return candidates[-1]  # the newest year when several are given


def _population_row(column: str) -> RowReader:
    def read(row: dict[str, str]) -> TargetRecord:
        code = _population_code(row)
        problem = check_code("commune", code)
        if problem:
            raise ValueError(problem)
        departement, region = commune_geography(code)
        name = next((row[c] for c in ("LIBGEO", "Commune", "NCCENR") if row.get(c)), None)
        return TargetRecord(
            kind="commune",
            code=code,
            source="insee-population",
            name=clean_name(name),
            departement_code=departement,
            region_code=region,
            population=parse_population(row[column]),
        )

    return read


def _plain_row(row: dict[str, str]) -> TargetRecord:
    kind, code = (row.get("kind") or "").strip().lower(), (row.get("code") or "").strip()
    problem = check_code(kind, code)
    if problem:
        raise ValueError(problem)
    record = TargetRecord(kind=kind, code=code, source="csv", name=clean_name(row.get("name")))
    record.departement_code, record.region_code = _plain_geography(kind, code, row)
    population = (row.get("population") or "").strip()
    if population:
        record.population = parse_population(population)
    postal_codes = (row.get(PLAIN_OPTIONAL_COLUMN) or "").replace(",", " ").split()
    if postal_codes and kind != "commune":
        raise ValueError(f"postal codes are for communes only, not kind {kind!r}: leave them empty")
    record.postal_codes = parse_postal_codes(postal_codes)
    url = (row.get("url") or "").strip()
    if url:
        try:
            record.urls.append((normalize_url(url), None))
        except InvalidUrl as error:
            raise ValueError(str(error)) from None
    return record


def _plain_geography(kind: str, code: str, row: dict[str, str]) -> tuple[str | None, str | None]:
    """(département, région) of a plain-CSV line: a commune's from its INSEE code, a
    département's and a région's from their own code, an intercommunalité's from the optional
    `departement` column (its seat's), as the annuaire gives them."""
    given = (row.get(PLAIN_DEPARTEMENT_COLUMN) or "").strip().upper()
    if given and not DEPARTEMENT_CODE.match(given):
        raise ValueError(f"departement {given!r} is not a département code (01, 2A, 974...)")
    if kind == "region":
        return None, code
    if kind == "commune":
        departement: str | None = commune_geography(code)[0]
    elif kind == "departement":
        departement = code
    else:
        departement = given or None
    if given and given != departement:
        raise ValueError(
            f"departement {given!r} contradicts the {kind}'s code {code!r}: leave it empty"
        )
    return departement, REGION_OF_DEPARTEMENT.get(departement) if departement else None


def detect_row_reader(columns: list[str], facts: FileFacts | None = None) -> RowReader | None:
    """The reader of a CSV format by its columns; `facts` learns which format it is."""
    facts = facts if facts is not None else FileFacts()
    official = official_row_reader(columns, facts)
    if official is not None:
        return official
    if is_laposte(columns):
        facts.source = "laposte"
        return laposte_row
    if is_composition(columns):
        facts.source = COMPOSITION_SOURCE
        return composition_row
    if any(re.fullmatch(r"PMUN\d{0,4}", column) for column in columns):
        facts.source = "insee-population"
        return _population_row(_population_column(columns))
    if {"code", "kind"} <= set(columns):
        facts.source = "csv"
        return _plain_row
    return None


def _not_utf8(path: Path, data: bytes, error: UnicodeDecodeError) -> TargetError:
    line = data[: error.start].count(b"\n") + 1
    return TargetError(
        str(path),
        f"line {line}",
        f"not UTF-8 text (byte 0x{data[error.start]:02x}); a file saved by Excel is often "
        f"Windows-1252: iconv -f WINDOWS-1252 -t UTF-8 {path.name} > {path.stem}-utf8.csv",
    )


def read_csv(path: Path, facts: FileFacts | None = None) -> Iterator[TargetRecord | TargetError]:
    """Every line's record or error; a code given on two lines is refused on both, as which
    one is right cannot be told. La Poste's lines of one commune are merged instead. `facts`
    learns the file's format, and what INSEE's official lists say beyond their records."""
    items = list(_read_rows(path, facts if facts is not None else FileFacts()))
    if any(isinstance(item, TargetRecord) and item.completes_only for _, item in items):
        yield from merge_communes(str(path), items)
        return
    yield from refuse_duplicates(path, items)


def refuse_duplicates(
    path: Path, items: list[tuple[str, TargetRecord | TargetError]]
) -> Iterator[TargetRecord | TargetError]:
    """Each item, but a code given twice is refused on both lines: which one is right cannot
    be told."""
    lines: dict[tuple[str, str], list[str]] = {}
    for where, item in items:
        if isinstance(item, TargetRecord):
            lines.setdefault((item.kind, item.code), []).append(where)
    for where, item in items:
        if isinstance(item, TargetRecord) and len(lines[(item.kind, item.code)]) > 1:
            given = ", ".join(lines[(item.kind, item.code)])
            yield TargetError(
                str(path), where, f"{item.kind} {item.code} is given more than once ({given}): "
                "keep one line")  # fmt: skip
        else:
            yield item


def _unknown_format(path: Path, columns: list[str]) -> TargetError:
    return TargetError(
        str(path),
        "line 1",
        f"unknown CSV format, columns {columns}: expected INSEE COG (TYPECOM, COM, ...), "
        f"INSEE movements of communes (MOD, DATE_EFF, TYPECOM_AV, COM_AV, ...), "
        f"INSEE populations (PMUN, ...), INSEE's composition of the EPCI (CODGEO, EPCI, ...), "
        f"La Poste's postal codes (Code_commune_INSEE, Code_postal, ...) or plain "
        f"({', '.join(PLAIN_COLUMNS)}[, {PLAIN_OPTIONAL_COLUMN}])",
    )


def _read_rows(path: Path, facts: FileFacts) -> Iterator[tuple[str, TargetRecord | TargetError]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Read as another encoding, names would be silently wrong: the file is named instead.
        yield "line 1", _not_utf8(path, data, error)
        return
    # A CSV export of INSEE's EPCI sheet starts with its title lines: the header comes after.
    skipped = lines_before_header(text)
    text = text.split("\n", skipped)[-1] if skipped else text
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    # Lines end at \n, \r\n or \r only (csv's rule), not at the other breaks str.splitlines
    # knows (U+2028, form feed...): those would shift every line number after them.
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = [column.strip() for column in (reader.fieldnames or [])]
    except csv.Error as error:  # a first line over the field size limit
        yield "line 1", TargetError(str(path), "line 1", f"unreadable CSV: {error}")
        return
    reader.fieldnames = columns
    read_row = detect_row_reader(columns, facts)
    if read_row is None:
        yield "line 1", _unknown_format(path, columns)
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # a NUL byte, a field over the size limit
            where = f"line {reader.line_num + skipped}"
            yield where, TargetError(str(path), where, f"unreadable CSV: {error}")
            return
        where = f"line {reader.line_num + skipped}"
        if None in row:
            yield (
                where,
                TargetError(str(path), where, f"more fields than the {len(columns)} columns"),
            )
            continue
        try:
            record = read_row(row)
        except (ValueError, KeyError, AttributeError) as error:
            yield where, TargetError(str(path), where, str(error))
            continue
        if record is not None:
            yield where, record
