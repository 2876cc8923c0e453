"""The local farm of synthetic authority websites: `vigie farm`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from farm.outage import Outage

farm_app = typer.Typer(
    help="A local farm of synthetic authority websites, with ground truth.", no_args_is_help=True
)
SitesOption = Annotated[
    int, typer.Option(min=1, max=1_000_000, help="Synthetic authorities in the farm.")
]
TlsPortOption = Annotated[
    int | None, typer.Option(min=1, max=65535, help="HTTPS port (default: port + 1).")
]
OutageShareOption = Annotated[
    float,
    typer.Option(
        help="A planted outage: this share (0 to 1) of the sites that answer hang, so a crawl "
        "records them `timeout` (drawn from the seed; docs/farm.md).",
    ),
]
OutageCodesOption = Annotated[
    str | None,
    typer.Option(help="A planted outage: the sites with these codes (comma-separated) hang."),
]


def planted_outage(share: float, codes: str | None, sites: int, seed: int) -> Outage:
    """The outage the options ask for, checked against the farm (one line and exit 2 if not)."""
    from farm.catalogue import Farm
    from farm.outage import Outage, parse_codes

    try:
        outage = Outage(share, parse_codes(codes))
        if outage.codes:
            Farm(sites, seed, outage=outage)  # refuses a code no site of this farm has
    except ValueError as error:
        fail(f"--outage-share/--outage-codes: {error}")
    return outage


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
    outage_share: OutageShareOption = 0.0,
    outage_codes: OutageCodesOption = None,
) -> None:
    """Write a farm's targets, host names and ground truth, for `vigie farm serve` on the same
    port (and the same outage: its sites' truth is `timeout`).

    Example: vigie farm generate --sites 200 --seed 1 --port 8000 --out farm
    """
    from farm.catalogue import Farm
    from farm.files import write_farm_files

    outage = planted_outage(outage_share, outage_codes, sites, seed)
    output_folder(out, "--out")
    farm = Farm(sites, seed, port, tls_port, outage)
    for name, path in write_farm_files(farm, out).items():
        console.print(f"{name}: {path}")


@farm_app.command("serve")
def farm_serve(
    sites: SitesOption = 40,
    seed: Annotated[int, typer.Option()] = 3,
    port: Annotated[
        int, typer.Option(min=0, max=65534, help="Port to serve on (0: any free port).")
    ] = 8000,
    tls_port: TlsPortOption = None,
    outage_share: OutageShareOption = 0.0,
    outage_codes: OutageCodesOption = None,
) -> None:
    """Serve a farm on 127.0.0.1 until interrupted (one host name per site, HTTP and HTTPS).

    Example: vigie farm serve --sites 200 --seed 1 --port 8000 --outage-share 0.2
    """
    from farm.server import main

    outage = planted_outage(outage_share, outage_codes, sites, seed)
    arguments = ["--sites", str(sites), "--seed", str(seed), "--port", str(port)]
    arguments += ["--outage-share", repr(outage.share), "--outage-codes", ",".join(outage.codes)]
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
