"""Importing the authorities to measure and their websites: `vigie targets`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    MAX_ERRORS_SHOWN,
    DbOption,
    console,
    database_url,
    errors,
)
from database import open_database

targets_app = typer.Typer(
    help="Import the authorities to measure and their websites.", no_args_is_help=True
)


@targets_app.command("import")
def targets_import(
    files: Annotated[list[Path], typer.Argument(help="Targets files.")], db: DbOption = None
) -> None:
    """Load authorities and websites from Annuaire JSON, INSEE COG or population CSV, or plain CSV.

    La Poste's postal codes CSV adds postal codes to the communes the other files give.
    Re-importing is an idempotent upsert. Malformed records are reported with their line or
    record number; the others load. Exit code 1 when any record was rejected.

    Example: vigie targets import annuaire.json communes.csv populations.csv
    """
    from database.targets import import_files

    engine = open_database(database_url(db))
    rejected = 0
    for path, report in zip(files, import_files(engine, files), strict=True):
        console.print(
            f"{path}: {report.loaded} loaded ({report.with_website} with a website), "
            f"{len(report.errors)} rejected"
        )
        for error in report.errors[:MAX_ERRORS_SHOWN]:
            errors.print(f"  {error}", markup=False)
        if len(report.errors) > MAX_ERRORS_SHOWN:
            errors.print(f"  ... and {len(report.errors) - MAX_ERRORS_SHOWN} more")
        rejected += len(report.errors)
    if rejected:
        raise typer.Exit(1)
