"""The demo: `vigie demo`, the whole chain on a local farm (evaluation/end_to_end.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    DbOption,
    console,
    database_url,
    fail,
    output_file,
    output_folder,
    ratio_text,
)
from database import open_database

verbs = typer.Typer()  # its commands are the root command's own (cli/app.py)


@verbs.command()
def demo(
    db: DbOption = None,
    out: Annotated[
        Path,
        typer.Option(
            help="PowerPoint file to write; the study document (.docx), the website"
            " (folder NAME-site) and the data package (folder NAME-data) go beside it."
        ),
    ] = Path("vigie-demo.pptx"),
    sites: Annotated[
        int, typer.Option(min=1, max=100_000, help="Synthetic authorities in the farm.")
    ] = 40,
    # 103: 40 sites with every status but a timeout, parked and moved domains, gzip bombs and
    # an endless body, and no page that drips: the demo keeps the real 30-second timeout.
    seed: Annotated[int, typer.Option(help="Seed of the farm.")] = 103,
    workdir: Annotated[
        Path, typer.Option(help="Where the farm's targets, hosts and truth go.")
    ] = Path("vigie-demo"),
) -> None:
    """Run the whole chain on a local farm: serve, import, crawl, score, report. No network needed.

    Example: vigie demo --sites 60
    """
    # Imported here: the chain pulls in pandas, matplotlib and the deck, which every other
    # verb would otherwise load and carry (`vigie social` crawls in the command's process).
    from evaluation.end_to_end import run_demo

    # What would fail at the end of a long run is checked first.
    output_file(out, "--out")
    output_folder(workdir, "--workdir")
    _check_site_folder(out.with_name(f"{out.stem}-site"))
    data_folder = _checked_data_folder(out)
    open_database(database_url(db)).dispose()
    started = time.monotonic()
    result = run_demo(
        database_url(db),
        out,
        workdir,
        sites,
        seed,
        # The deck's good practices show the exemplary sites' home pages.
        crawl_overrides={"LOG_FILE": "vigie-crawl.log", "VIGIE_SCREENSHOTS": "home"},
        say=console.print,
    )
    checked = result.evaluation
    console.print(
        f"Ground truth: {checked.status_agreements}/{checked.sites} statuses as expected; "
        + ", ".join(
            f"{name} P={ratio_text(s.precision)} R={ratio_text(s.recall)}"
            for name, s in sorted(checked.families.items())
        )
    )
    package = _write_data(database_url(db), result.run_id, data_folder)
    console.print(
        f"Done in {time.monotonic() - started:.0f} s: database {database_url(db)}, report {out},"
        f" study document {result.document}, website {result.site / 'index.html'},"
        f" data package {package}"
    )


def _checked_data_folder(out: Path) -> Path:
    """The data package's folder beside the deck (NAME-data), checked before the crawl."""
    from reports.datapackage import PackageFolderError, check_folder

    folder = output_folder(out.with_name(f"{out.stem}-data"), "--out (its data package folder)")
    try:
        check_folder(folder)
    except PackageFolderError as error:
        fail(f"--out: the data package goes to {error}")
    return folder


def _write_data(url: str, run_id: int, folder: Path) -> Path:
    """The run's data package (`vigie export --format datapackage`), as a researcher cites it."""
    from reports.datapackage import DESCRIPTOR, write_datapackage
    from scoring.model import load_model

    engine = open_database(url)
    try:
        written = write_datapackage(engine, run_id, load_model().version, folder)
    finally:
        engine.dispose()
    console.print(
        f"Data package: {folder / DESCRIPTOR} ({written.rows['findings']} findings, README.md"
        " says how to cite it)"
    )
    return folder / DESCRIPTOR


def _check_site_folder(folder: Path) -> None:
    from reports.website.publish import NotASite, check_target

    output_folder(folder, "--out (its website folder)")
    try:
        check_target(folder)
    except NotASite as error:
        fail(f"--out: the website goes to {error}")
