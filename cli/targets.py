"""Importing the authorities to measure and their websites, and reading one back:
`vigie targets`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import (
    MAX_ERRORS_SHOWN,
    DbOption,
    console,
    database_url,
    errors,
    fail,
)
from database import open_database, read_database

if TYPE_CHECKING:
    from database.targets import ImportOutcome, ImportReport
    from database.targets.changes import Change, KindChanges
    from database.targets.show import Card, Related

targets_app = typer.Typer(
    help="Import the authorities to measure and their websites.", no_args_is_help=True
)
EXAMPLES_SHOWN = 5  # of each kind of change; then a count
FORMATS = {
    "annuaire": "Annuaire de l'administration",
    "insee-cog": "INSEE COG communes",
    "insee-population": "INSEE legal populations",
    "insee-epci": "INSEE's composition of the EPCI",
    "laposte": "La Poste's postal codes",
    "csv": "plain CSV",
}


def _role(report: ImportReport, outcome: ImportOutcome) -> str:
    """What the file does beyond its records: only INSEE's complete list retires."""
    facts = report.facts
    if facts.complete is not None:
        return "INSEE's complete list of communes: the communes absent from it are retired"
    if facts.source == "insee-mvt":
        used = outcome.retirement.path is not None
        return "dates and successors of the communes " + (
            "it retires" if used else "a complete list retires (none in this import: unused)"
        )
    if facts.source == "insee-cog":
        return "INSEE COG without COMPARENT, not the complete annual list: retires nothing"
    if facts.source in FORMATS:
        return f"{FORMATS[facts.source]}, not a complete official list: retires nothing"
    return ""


def _membership_head(report: ImportReport) -> str:
    """A composition file's line: what it gave, what it set, the codes the database lacks."""
    from database.targets.membership import Membership

    membership = report.membership or Membership()
    return (
        f"{report.path}: INSEE's composition of the EPCI, {len(membership.given):,} communes "
        f"read ({membership.without_epci:,} without EPCI), {len(report.errors)} rejected; "
        f"EPCI set for {membership.in_database:,} communes of the database "
        f"({membership.changed:,} changed); communes not in the database, skipped: "
        f"{membership.unknown_communes:,}; EPCI not among the targets (SIREN kept, no name): "
        f"{membership.epci_not_imported:,}; retires nothing"
    )


def _print_file(report: ImportReport, outcome: ImportOutcome) -> None:
    if report.facts.source == "insee-epci":
        console.print(_membership_head(report))
        _print_errors(report)
        return
    if report.facts.source == "insee-mvt":
        head = f"{report.path}: INSEE's movements of communes, {len(report.facts.movements):,} read"
    else:
        head = f"{report.path}: {report.loaded} loaded ({report.with_website} with a website)"
    role = _role(report, outcome)
    console.print(f"{head}, {len(report.errors)} rejected" + (f"; {role}" if role else ""))
    _print_errors(report)


def _print_errors(report: ImportReport) -> None:
    for error in report.errors[:MAX_ERRORS_SHOWN]:
        errors.print(f"  {error}", markup=False)
    if len(report.errors) > MAX_ERRORS_SHOWN:
        errors.print(f"  ... and {len(report.errors) - MAX_ERRORS_SHOWN} more")


def _examples(label: str, changes: list[Change]) -> None:
    for change in changes[:EXAMPLES_SHOWN]:
        detail = f": {change.detail}" if change.detail else ""
        console.print(f"  {label}: {change.code} {change.name}{detail}")
    if len(changes) > EXAMPLES_SHOWN:
        console.print(f"  {label}: ... and {len(changes) - EXAMPLES_SHOWN:,} more")


def _print_kind(changes: KindChanges) -> None:
    console.print(
        f"{changes.kind}: {len(changes.added):,} added, {changes.updated:,} updated, "
        f"{changes.unchanged:,} unchanged, {len(changes.retired):,} retired, "
        f"{len(changes.reinstated):,} reinstated; now {changes.active:,} active, "
        f"{changes.retired_total:,} retired"
    )
    if changes.membership:
        console.print(
            f"  membership changed: {len(changes.membership):,} "
            f"commune{'s' if len(changes.membership) > 1 else ''} got or changed EPCI"
        )
    for label, listed in (
        ("added", changes.added),
        ("renamed", changes.renamed),
        ("website changed", changes.website),
        ("population changed", changes.population),
        ("stratum changed", changes.stratum),
        ("place changed", changes.other),
        ("membership changed", changes.membership),
        ("retired", changes.retired),
        ("reinstated", changes.reinstated),
        ("listed but still retired", changes.still_retired),
    ):
        _examples(label, listed)
    if changes.still_retired:
        console.print("  (only INSEE's complete list of communes reinstates a retired authority)")


def _print_outcome(outcome: ImportOutcome) -> None:
    for report in outcome.reports:
        _print_file(report, outcome)
    retirement = outcome.retirement
    if retirement.why_not:
        console.print(f"Retirement: {retirement.why_not}")
    else:
        console.print(
            f"Retirement: {retirement.retired:,} retired and {retirement.reinstated:,} "
            f"reinstated by {retirement.path}, of {retirement.active:,} active communes"
        )
    for changes in outcome.changes.values():
        _print_kind(changes)
    if not outcome.written:
        console.print("Dry run: nothing was written; without --dry-run the import does the above.")


@targets_app.command("import")
def targets_import(
    files: Annotated[list[Path], typer.Argument(help="Targets files.")],
    db: DbOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what the import would change; write nothing.")
    ] = False,
    allow_mass_retirement: Annotated[
        bool,
        typer.Option(
            "--allow-mass-retirement",
            help="Let INSEE's list retire more than 20 % of the active communes at once.",
        ),
    ] = False,
) -> None:
    """Load authorities and websites from Annuaire JSON, INSEE COG or population CSV, or plain CSV.

    La Poste's postal codes CSV adds postal codes to the communes the other files give.
    INSEE's composition of the EPCI (Intercommunalite-Metropole au 01-01-YYYY.xlsx, or its
    sheet Composition_communale as CSV) sets the EPCI of the communes the database holds.
    Re-importing is an idempotent upsert. Malformed records are reported with their line or
    record number; the others load. Exit code 1 when any record was rejected.

    INSEE's communes file (v_commune_YYYY.csv) is a complete list: a commune of the database
    absent from it is retired (kept with its history; new runs neither crawl nor count it),
    with the commune it merged into when the file says so (a commune déléguée's COMPARENT)
    or INSEE's movements file, given beside it (v_mvt_commune_YYYY.csv), does; one it gives
    again is reinstated. No other file retires anything. The import prints what changed, per
    kind; one transaction, rolled back by --dry-run. A list that would retire more than 20 %
    of the active communes is refused (exit 2) without --allow-mass-retirement.

    Example: vigie targets import annuaire.json v_commune_2026.csv v_mvt_commune_2026.csv
    """
    from database.targets import RetirementRefused, import_targets

    engine = open_database(database_url(db))
    try:
        outcome = import_targets(
            engine, files, dry_run=dry_run, allow_mass_retirement=allow_mass_retirement
        )
    except RetirementRefused as refused:
        fail(str(refused))
    _print_outcome(outcome)
    if any(report.errors for report in outcome.reports):
        raise typer.Exit(1)


def _related_text(related: Related) -> str:
    when = f" (retired {related.retired_at:%Y-%m-%d})" if related.retired_at else " (active)"
    return f"{related.kind} {related.code} {related.name}{when}"


def _epci_text(card: Card) -> str:
    if card.epci is not None:
        return f"{card.epci.name} (SIREN {card.epci.code})"
    if card.epci_code is not None:
        return f"SIREN {card.epci_code} (not among the targets: its name is not known)"
    return "none known (INSEE's composition of the EPCI gives it)"


def _print_card(card: Card) -> None:
    console.print(f"{card.kind} {card.code} {card.name}")
    if card.retired_at is None:
        console.print("  active: new runs crawl and count it")
    else:
        console.print(
            f"  retired {card.retired_at:%Y-%m-%d}: {card.retired_reason or 'no reason given'}; "
            "new runs neither crawl nor count it, earlier runs keep its scans"
        )
    if card.successor is not None:
        console.print(f"  merged into: {_related_text(card.successor)}")
    for predecessor in card.predecessors:
        console.print(f"  merged into it: {_related_text(predecessor)}")
    population = "unknown" if card.population is None else f"{card.population:,}"
    console.print(
        f"  population {population}, stratum {card.stratum or 'unknown'}, "
        f"département {card.departement_code or 'unknown'}, région {card.region_code or 'unknown'}"
    )
    if card.kind == "commune":
        console.print(f"  EPCI: {_epci_text(card)}")
    if card.members is not None:
        console.print(f"  member communes: {card.members:,} active")
    console.print(f"  website: {card.url or 'none listed'} (last imported from {card.source})")
    runs = ", ".join(str(run) for run in card.runs) or "none"
    console.print(f"  scanned in runs: {runs}")


@targets_app.command("show")
def targets_show(
    code: Annotated[str, typer.Argument(help="The authority's code (INSEE, SIREN...).")],
    db: DbOption = None,
) -> None:
    """Show an authority: active or retired and why, what it merged into, its scans.

    Prints the authority it merged into and those merged into it, its website, and the runs
    that scanned it (an old run keeps a retired authority's scan).

    Example: vigie targets show 76001
    """
    from database.targets.show import describe

    cards = describe(read_database(database_url(db)), code)
    if not cards:
        fail(f"no authority with code {code!r} in this database; import the targets first")
    for card in cards:
        _print_card(card)
