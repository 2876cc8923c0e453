"""The citable, tidy form of a run's data (`vigie export --format datapackage`): a
Frictionless Data Package, a folder of CSV files (one finding a row, with its evidence,
detector and the time it was seen; the authorities; the sites' scans; scores; runs; the
codebook), `datapackage.json` typing and describing every column with the keys between the
tables, the licence and sources, a README and the licence's text (`reports/
datapackage_readme.py`). The tables' columns: `reports/datapackage_schema.py`; their rows:
`datapackage_tables.py`, with the scoring model's indicators (`datapackage_indicators.py`)
and the social accounts (`datapackage_social.py`)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from database.models import Authority, CrawlRun
from database.scope import Scope
from reports import datapackage_tables as rows_of
from reports.datapackage_codebook import codebook_rows, status_rows, value_rows
from reports.datapackage_indicators import indicator_rows
from reports.datapackage_readme import (
    DATA_LICENSE,
    LICENCE,
    SOFTWARE_AUTHOR,
    SOFTWARE_TITLE,
    About,
    licence_text,
    readme,
)
from reports.datapackage_residents import resident_rows
from reports.datapackage_schema import TABLES, Table
from reports.datapackage_social import social_rows
from reports.export import utc_text
from scoring.model import Model, load_model

DESCRIPTOR, README = "datapackage.json", "README.md"
# Where the targets files the authorities came from (`authorities.source`) are named.
TARGET_SOURCES = {
    "annuaire": "Annuaire de l'administration (service-public.fr): authorities and websites",
    "insee-cog": "INSEE, Code officiel géographique: communes, départements, régions",
    "insee-population": "INSEE, populations légales: population municipale",
    "laposte": "La Poste, base officielle des codes postaux",
    "csv": "A list of authorities and websites given as CSV to the study",
}


class PackageFolderError(ValueError):
    """A folder the package cannot be written into, with the reason."""


@dataclass(frozen=True)
class Written:
    folder: Path
    rows: dict[str, int]  # table name -> rows


def software_version() -> str:
    try:
        return version("vigie")
    except PackageNotFoundError:
        return "unknown"


def check_folder(out: Path) -> None:
    """A folder that is absent, empty, or holds only a data package's files (an earlier
    package, complete or not, which is replaced): writing into any other would mix the
    package with files it does not describe."""
    if out.exists() and not out.is_dir():
        raise PackageFolderError(f"{out} is a file, not a folder")
    ours = {DESCRIPTOR, README, LICENCE, *(table.path for table in TABLES)}
    others = sorted(p.name for p in out.iterdir() if p.name not in ours) if out.is_dir() else []
    if others:
        raise PackageFolderError(
            f"{out} holds files that are no data package's ({', '.join(others[:3])}"
            f"{'...' if len(others) > 3 else ''}); give a new or empty folder"
        )


def write_datapackage(
    engine: Engine,
    run_id: int,
    model_version: str,
    out: Path,
    scope: Scope | None = None,
    now: datetime | None = None,
    model: Model | None = None,
) -> Written:
    """The run's data package for the scope (national by default) in the folder `out`; the
    descriptor is written last, once every file it describes is complete. `model` describes
    the scores' indicators (the default model when not given)."""
    scope = scope or Scope("national")
    model = model or load_model()
    check_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / DESCRIPTOR).unlink(missing_ok=True)
    created = utc_text(now or datetime.now(UTC))
    with engine.connect() as connection:
        reading = rows_of.Reading(connection, run_id, scope.conditions(), model_version)
        written = {
            table.name: _write(out, table, _table_rows(reading, table, engine, model))
            for table in TABLES
        }
        run = connection.execute(select(CrawlRun.__table__).where(CrawlRun.id == run_id)).one()
        sources = _sources(connection, run, scope)
    farm = bool((run.settings or {}).get("VIGIE_FARM_HOSTS"))
    title = f"Vigie, run {run_id} ({scope.label}): what the websites of local authorities show"
    about = About(
        title, run_id, scope.label, created, software_version(), model_version, farm, written
    )
    (out / README).write_text(readme(about), encoding="utf-8")
    (out / LICENCE).write_text(licence_text(about), encoding="utf-8")
    descriptor = _descriptor(about, scope, sources)
    _check(descriptor)
    (out / DESCRIPTOR).write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return Written(out, written)


def _table_rows(
    reading: rows_of.Reading, table: Table, engine: Engine, model: Model
) -> Iterable[tuple[Any, ...]]:
    """The rows of one table of the package, in its columns' order."""
    if table.name == "indicators":
        scored = (row[4] for row in rows_of.score_part_rows(reading, "indicators"))
        return indicator_rows(model, reading.model_version, scored)
    if table.name == "social_accounts":
        return social_rows(engine, reading)
    if table.name == "resident_services":
        return resident_rows(engine, reading)
    if table.name in ("codebook", "codebook_values"):
        found = rows_of.features_found(reading)
        return (
            codebook_rows(found)
            if table.name == "codebook"
            else value_rows(code for code, *_ in codebook_rows(found))
        )
    readers = {
        "findings": rows_of.finding_rows,
        "authorities": rows_of.authority_rows,
        "site_scans": rows_of.scan_rows,
        "scores": rows_of.score_rows,
        "score_axes": lambda r: rows_of.score_part_rows(r, "axes"),
        "score_indicators": lambda r: rows_of.score_part_rows(r, "indicators"),
        "runs": rows_of.run_rows,
        "statuses": lambda _: status_rows(),
    }
    return readers[table.name](reading)


def _write(out: Path, table: Table, rows: Iterable[tuple[Any, ...]]) -> int:
    """One table as a UTF-8 CSV file with a header; returns its rows."""
    count = 0
    with (out / table.path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(column.name for column in table.columns)
        for row in rows:
            writer.writerow(_cell(value) for value in row)
            count += 1
    return count


def _cell(value: Any) -> str:
    """A value as its CSV cell: empty for unknown, true/false, ISO 8601 UTC times, JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _sources(connection: Any, run: Any, scope: Scope) -> list[dict[str, str]]:
    """The crawl itself, then the targets files the scope's authorities came from."""
    farm = bool((run.settings or {}).get("VIGIE_FARM_HOSTS"))
    crawled = (
        "Vigie's synthetic farm (invented test websites, not real authorities)"
        if farm
        else "The public websites of the authorities"
    )
    period = " to ".join(
        utc_text(moment)[:10] for moment in (run.started_at, run.finished_at) if moment
    )
    kinds = connection.execute(
        select(Authority.source).where(*scope.conditions()).distinct()
    ).scalars()
    return [
        {"title": f"{crawled}, crawled by Vigie {software_version()} in run {run.id} ({period})"},
        *({"title": TARGET_SOURCES.get(kind, kind)} for kind in sorted(set(kinds))),
    ]


def _descriptor(about: About, scope: Scope, sources: list[dict[str, str]]) -> dict[str, Any]:
    where = (
        ""
        if scope.is_national
        else f"-{scope.kind}" + (f"-{scope.code.lower()}" if scope.code else "")
    )
    return {
        "profile": "tabular-data-package",
        "name": f"vigie-run-{about.run_id}{where}",
        "title": about.title,
        "description": (
            "What the public websites of French local authorities show, as Vigie's crawl"
            " read them: one finding a row with its evidence page, the detector and the"
            " time it was seen; the authorities; how each site's crawl ended (a site not"
            " measured is unknown, never absent: README.md); the scores and rank intervals;"
            " the runs; the codebook."
            + (" Test data from the synthetic farm, not real authorities." if about.farm else "")
        ),
        "created": about.created,
        "keywords": ["local authorities", "France", "websites", "e-government", "accessibility"],
        "licenses": [DATA_LICENSE],
        "sources": sources,
        "contributors": [{"title": SOFTWARE_AUTHOR, "role": "author"}],
        "vigie": {
            "software": SOFTWARE_TITLE,
            "software_version": about.software_version,
            "run_id": about.run_id,
            "scope": scope.kind if scope.is_national else f"{scope.kind}:{scope.code or ''}",
            "model_version": about.model_version,
        },
        "resources": [table.resource() for table in TABLES],
    }


def _check(descriptor: dict[str, Any]) -> None:
    """The descriptor against the Data Package profiles (its rows are the tests' to check):
    a mistake here is Vigie's, not the user's."""
    from frictionless import Package

    report = Package.validate_descriptor(descriptor)
    if not report.valid:
        errors = "; ".join(message for (message,) in report.flatten(["message"]))
        raise ValueError(f"the data package's descriptor is invalid: {errors}")
