"""`vigie actors`: the organisations the sites link to, as a graph for Gephi and researchers
(reports/actors.py builds it; docs/actors.md says what it holds)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    DbOption,
    RunOption,
    console,
    database_url,
    fail,
    pick_run,
    scope_or_exit,
    take_role,
)
from database import read_database

verbs = typer.Typer()  # its command is the root command's own (cli/app.py)


@verbs.command()
def actors(
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="The file: .gexf (Gephi), .graphml, or .csv (one row per link)."
        ),
    ],
    scope: Annotated[
        str,
        typer.Option(
            help="Whose links: national, departement:CODE, region:CODE or list:FILE (one "
            "authority code per line)."
        ),
    ] = "national",
    run: RunOption = None,
    db: DbOption = None,
) -> None:
    """Write the actors' graph of a crawl run: the authorities of the scope, the
    organisations their sites link to (other authorities, State services, tourist offices,
    France Services, schools, associations, local press, vendors, social networks, others),
    each link weighted by the pages that carry it, with its evidence page.

    Example: vigie actors --scope departement:44 --out acteurs-44.gexf
    """
    from reports.actors import GRAPH_FORMATS, actor_links, write_actors

    if out.suffix.lower() not in GRAPH_FORMATS:
        fail(f"--out {out}: write to a file ending in {', '.join(GRAPH_FORMATS)}")
    selection = scope_or_exit(scope)
    take_role(out, "the graph written")
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run)
    links = actor_links(engine, run_id, selection)
    write_actors(links, out)
    authorities = links["source"].nunique()
    console.print(
        f"Run {run_id}, {selection.label}: {len(links)} links from {authorities} authorities "
        f"to {links['target'].nunique()} organisations, written to {out}"
    )
