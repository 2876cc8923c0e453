"""The public website of the results: `vigie site build`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    AllowIncompleteOption,
    DbOption,
    ModelOption,
    RunOption,
    console,
    database_url,
    fail,
    load_model_or_exit,
    output_folder,
    pick_run,
    scope_or_exit,
    writing,
)
from database import read_database

site_app = typer.Typer(help="The public website of the results.", no_args_is_help=True)


@site_app.command()
def build(
    out: Annotated[
        Path, typer.Option(help="Folder to write the site into (new, empty, or an earlier site).")
    ] = Path("vigie-site"),
    scope: Annotated[
        str, typer.Option(help="national, departement:CODE, region:CODE or list:FILE.")
    ] = "national",
    db: DbOption = None,
    run: RunOption = None,
    model: ModelOption = None,
    allow_incomplete: AllowIncompleteOption = False,
    contact: Annotated[
        str | None,
        typer.Option(
            help="Where authorities send a dispute (https://… or mailto:…); default: the"
            " contact address the run's user agent gave."
        ),
    ] = None,
) -> None:
    """Write the static website of a scored run, in French: a home page with search, a page
    per département and région, a page per authority with every finding and its evidence,
    the method, the statuses, the data and how to dispute a finding. Plain HTML and CSS, to
    host anywhere or open from the folder.

    Example: vigie site build --scope departement:44 --out site-44
    """
    from database.scope import ScopeError
    from reports.website.publish import NotASite, check_target, publish_site

    if contact is not None and not contact.startswith(("https://", "http://", "mailto:")):
        fail(f"--contact {contact}: give a web address (https://…) or an e-mail (mailto:…)")
    output_folder(out, "--out")
    try:
        check_target(out)
    except NotASite as error:
        fail(f"--out {error}")
    selection = scope_or_exit(scope)
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run, allow_incomplete=allow_incomplete)
    scoring_model = load_model_or_exit(model)
    started = time.monotonic()
    try:
        with writing(out, "--out"):
            summary = publish_site(engine, run_id, scoring_model, selection, out, contact)
    except ScopeError as error:
        fail(str(error))
    console.print(
        f"Wrote {summary.pages} pages ({summary.bytes / 1e6:.1f} MB) into {out}"
        f" in {time.monotonic() - started:.1f} s; open {out / 'index.html'}"
    )
