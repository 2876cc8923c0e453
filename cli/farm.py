"""The local farm of synthetic authority websites: `vigie farm`."""

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
    family_table,
    output_folder,
    pick_run,
)
from database import read_database

farm_app = typer.Typer(
    help="A local farm of synthetic authority websites, with ground truth.", no_args_is_help=True
)
SitesOption = Annotated[
    int, typer.Option(min=1, max=1_000_000, help="Synthetic authorities in the farm.")
]
TlsPortOption = Annotated[
    int | None, typer.Option(min=1, max=65535, help="HTTPS port (default: port + 1).")
]


@farm_app.command("generate")
def farm_generate(
    sites: SitesOption = 40,
    seed: Annotated[int, typer.Option()] = 3,
    port: Annotated[
        int, typer.Option(min=1, max=65534, help="Port the farm will be served on.")
    ] = 8000,
    tls_port: TlsPortOption = None,
    out: Annotated[
        Path, typer.Option(help="Directory for targets.csv, hosts.txt, truth.json.")
    ] = Path("farm"),
) -> None:
    """Write a farm's targets, host names and ground truth, for `vigie farm serve` on the same port.

    Example: vigie farm generate --sites 200 --seed 1 --port 8000 --out farm
    """
    from farm.catalogue import Farm
    from farm.files import write_farm_files

    output_folder(out, "--out")
    for name, path in write_farm_files(Farm(sites, seed, port, tls_port), out).items():
        console.print(f"{name}: {path}")


@farm_app.command("serve")
def farm_serve(
    sites: SitesOption = 40,
    seed: Annotated[int, typer.Option()] = 3,
    port: Annotated[
        int, typer.Option(min=0, max=65534, help="Port to serve on (0: any free port).")
    ] = 8000,
    tls_port: TlsPortOption = None,
) -> None:
    """Serve a farm on 127.0.0.1 until interrupted (one host name per site, HTTP and HTTPS).

    Example: vigie farm serve --sites 200 --seed 1 --port 8000
    """
    from farm.server import main

    arguments = ["--sites", str(sites), "--seed", str(seed), "--port", str(port)]
    main(arguments + (["--tls-port", str(tls_port)] if tls_port is not None else []))


@farm_app.command("compare")
def farm_compare(
    truth: Annotated[Path, typer.Argument(help="truth.json written by `vigie farm generate`.")],
    db: DbOption = None,
    run: RunOption = None,
) -> None:
    """Compare a crawl run with a farm's ground truth: statuses, precision and recall per family.

    Example: vigie crawl --farm-hosts farm/hosts.txt && vigie farm compare farm/truth.json
    """
    from evaluation.truth import evaluate, evaluate_profiles, load_truth

    try:
        truth_document = load_truth(truth)
    except (ValueError, RecursionError) as error:  # not JSON, not UTF-8, nested too deep
        fail(f"{truth}: not a truth.json written by `vigie farm generate` ({error})")
    if not isinstance(truth_document, dict) or not isinstance(truth_document.get("sites"), list):
        fail(f"{truth}: not a truth.json written by `vigie farm generate` (no list of sites)")
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run)
    result = evaluate(engine, run_id, truth_document)
    console.print(f"Run {run_id}: {result.status_agreements}/{result.sites} statuses as expected")
    for code, want, got in result.status_mismatches:
        console.print(f"  {code}: expected {want}, got {got}")
    decoys = sum(1 for error in result.errors if error[1] == "decoy")
    caption = f"{decoys} of the spurious findings are decoys the farm planted"
    table = family_table(result, caption)
    console.print(table)
    profiles = evaluate_profiles(engine, run_id, truth_document)
    if not profiles.recorded:
        console.print("Social profiles: none checked in this run (run `vigie social`)")
        return
    console.print(
        f"Social profiles: {profiles.agreements}/{profiles.expected} recorded as the platforms "
        "show them"
    )
    for code, url, differences in profiles.mismatches[:20]:
        console.print(f"  {code} {url}: {differences}")
