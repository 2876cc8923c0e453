"""The data for researchers: `vigie serve`, `query`, `export`, `prune`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cli.common import (
    DbOption,
    ModelOption,
    RunOption,
    console,
    database_url,
    fail,
    load_model_or_exit,
    output_file,
    output_folder,
    pick_run,
    scope_or_exit,
    write_csv,
    writing,
)
from database import open_database, read_database
from database.repository import prune_pages

verbs = typer.Typer()  # its commands are the root command's own (cli/app.py)


@verbs.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; the default keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8001,
) -> None:
    """Browse the database in Datasette, read-only: tables and columns described from the
    data dictionary, the common questions as canned queries. SQLite only (Datasette reads
    SQLite); on PostgreSQL use vigie query or vigie export. It follows a database that a
    crawl is writing: each page shows what is stored at that moment.

    Example: vigie serve --db sqlite:///vigie.db --port 8001
    """
    import os
    import tempfile

    from sqlalchemy.engine import make_url

    from database import sqlite_path
    from database.datasette import datasette_command

    url = database_url(db)
    backend = make_url(url)
    if backend.get_backend_name() != "sqlite":
        fail(
            f"vigie serve opens SQLite databases (Datasette reads SQLite), not "
            f"{backend.drivername}; on PostgreSQL, use vigie query or vigie export"
        )
    path = sqlite_path(url)
    if path is None:
        fail("vigie serve opens an SQLite file, not a database in memory; give sqlite:///FILE")
    # An existing Vigie database with this Vigie's schema, or one line: serving it never
    # creates nor upgrades it, as a crawl may be writing into it.
    read_database(url).dispose()
    folder = Path(tempfile.mkdtemp(prefix="vigie-serve-"))
    command = datasette_command(path, folder, host, port)
    console.print(f"Datasette on http://{host}:{port}/ (read-only); Ctrl-C to stop")
    # Datasette takes this process's place, so that a signal to it reaches the server.
    os.execv(command[0], command)


@verbs.command()
def query(
    sql: Annotated[str, typer.Argument(help="One SQL statement; :name marks a parameter.")],
    db: DbOption = None,
    param: Annotated[
        list[str] | None, typer.Option(help="A parameter as NAME=VALUE (repeatable).")
    ] = None,
    csv: Annotated[Path | None, typer.Option(help="Write every row to this CSV file.")] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write every row to this JSON file.")
    ] = None,
    limit: Annotated[int, typer.Option(min=0, help="Rows to print (files get them all).")] = 50,
) -> None:
    """Run a read-only SQL query on the feature database: the database refuses writes.

    Example: vigie query "SELECT feature, COUNT(*) FROM findings WHERE run_id = :run GROUP BY feature" --param run=1
    """
    import json

    from database.readonly import QueryError, run_query

    parameters = {}
    for item in param or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            fail(f"--param {item!r}: expected NAME=VALUE")
        parameters[name] = value
    for path, option in ((csv, "--csv"), (json_out, "--json")):
        if path is not None:
            output_file(path, option)
    read_database(database_url(db)).dispose()  # an existing Vigie database, or one line
    try:
        result = run_query(database_url(db), sql, parameters)
    except QueryError as error:
        fail(f"Query refused: {error}")
    table = Table(*(_cell(column) for column in result.columns))
    for row in result.rows[:limit]:
        table.add_row(*("" if value is None else _cell(value) for value in row))
    console.print(table)
    console.print(f"{len(result.rows)} rows")
    if csv is not None:
        write_csv(csv, result.columns, result.rows)
    if json_out is not None:
        records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        with writing(json_out, "--json"):
            json_out.write_text(
                json.dumps(records, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
            )
        console.print(f"Written: {json_out}")


@verbs.command()
def export(
    out: Annotated[
        Path,
        typer.Option(help="File to write: .csv, .parquet or .xlsx; a folder for datapackage."),
    ],
    file_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="csv, parquet or xlsx (default: from the file's suffix), or datapackage.",
        ),
    ] = None,
    scope: Annotated[
        str, typer.Option(help="national, departement:CODE, region:CODE or list:FILE.")
    ] = "national",
    db: DbOption = None,
    run: RunOption = None,
    model: ModelOption = None,
) -> None:
    """Export one row per authority of a run: identity, scan status, score, and every
    finding pivoted into a column per feature key, for pandas or R (xlsx adds a sheet that
    describes each column). With --format datapackage, the citable tidy form instead: a
    folder of CSV files (one finding a row, with its evidence and when it was seen), typed
    and described by datapackage.json (Frictionless), with a README (docs/research.md).

    Example: vigie export --out communes.parquet --scope departement:44
    Example: vigie export --format datapackage --out vigie-data
    """
    from database.validation import run_validation
    from reports.export import FORMATS, authority_table, write_export

    chosen = file_format or out.suffix.lstrip(".").lower()
    if chosen == DATAPACKAGE:
        _export_datapackage(out, scope, db, run, model)
        return
    if chosen not in FORMATS:
        fail(f"cannot tell the format of {out}: use --format {'|'.join((*FORMATS, DATAPACKAGE))}")
    output_file(out, "--out")
    selection = scope_or_exit(scope)
    version = load_model_or_exit(model).version
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run)
    table = authority_table(engine, run_id, version, selection)
    with writing(out, "--out"):
        write_export(table, out, chosen, run_validation(engine, run_id))
    console.print(
        f"Wrote {out}: {len(table)} authorities of run {run_id} ({selection.label}),"
        f" {len(table.columns)} columns"
    )


DATAPACKAGE = "datapackage"


def _export_datapackage(
    out: Path, scope: str, db: str | None, run: int | None, model: Path | None
) -> None:
    """`vigie export --format datapackage`: the run's data package in the folder `out`."""
    from reports.datapackage import PackageFolderError, check_folder, write_datapackage

    output_folder(out, "--out")
    try:
        check_folder(out)
    except PackageFolderError as error:
        fail(f"--out {error}")
    selection = scope_or_exit(scope)
    scoring_model = load_model_or_exit(model)
    version = scoring_model.version
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run)
    with writing(out, "--out"):
        written = write_datapackage(engine, run_id, version, out, selection, model=scoring_model)
    console.print(
        f"Wrote the data package {out / 'datapackage.json'}: run {run_id} ({selection.label}),"
        f" {written.rows['findings']} findings of {written.rows['site_scans']} site scans,"
        f" {written.rows['scores']} scores ({version}); README.md says how to read and cite it"
    )
    if written.rows["scores"] == 0 and written.rows["site_scans"]:
        console.print(f"No scores under model {version} in run {run_id}: vigie score adds them.")


@verbs.command()
def prune(
    keep_last: Annotated[
        int,
        typer.Option(
            help="How many of the latest finished runs that stored sites keep their page records."
        ),
    ] = 2,
    yes: Annotated[bool, typer.Option("--yes", help="Delete; without it, only say what.")] = False,
    db: DbOption = None,
) -> None:
    """Delete the page records (one row per fetched URL) of old runs; their scans, findings
    with their evidence, scores and social profiles stay. The latest finished runs that stored
    sites keep theirs, as a recrawl compares page hashes with the previous run, and so do the
    runs newer than them and any run still running.

    Example: vigie prune --keep-last 3 --yes
    """
    if keep_last < 1:
        fail("--keep-last must keep at least the latest run")
    # An existing Vigie database only: pruning never creates one.
    engine = open_database(database_url(db), create=False)
    kept, counts = prune_pages(engine, keep_last, dry_run=not yes)
    if len(kept) < keep_last:
        console.print(
            f"Nothing to prune: {len(kept)} finished runs stored sites, and --keep-last "
            f"{keep_last} keeps them and every older run."
        )
        return
    if not counts:
        console.print(
            f"Nothing to prune: no page records in the runs older than run {kept[-1]} (the "
            f"{keep_last} latest finished runs that stored sites are kept)."
        )
        return
    listed = ", ".join(f"run {run_id}: {count}" for run_id, count in sorted(counts.items()))
    verb = "Deleted" if yes else "Would delete (add --yes)"
    console.print(f"{verb} {sum(counts.values())} page records ({listed}).")


CELL_MAX = 200  # characters of a cell on the console (the files get every character)


def _cell(value: object) -> str:
    """A value as the console shows it: its control characters as escapes (a page's text may
    hold ESC sequences), a long one cut (a blob of 100 MB would take minutes to print)."""
    from cli.main import printable

    text = value.hex() if isinstance(value, bytes) else str(value)
    if len(text) > CELL_MAX:
        text = f"{text[:CELL_MAX]}… ({len(text)} characters)"
    return printable(text)
