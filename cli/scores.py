"""Scores and what they say: `vigie score`, `rank`, `explain`, `compliance`, `movers`, `territories`
(`vigie runs` is cli/runs.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from cli.common import (
    AllowIncompleteOption,
    DbOption,
    ModelOption,
    RunOption,
    axis_text,
    console,
    database_url,
    fail,
    load_model_or_exit,
    no_score,
    output_file,
    pd_missing,
    pick_run,
    write_csv,
    writing,
)
from database import open_database, read_database
from scoring.model import Model

if TYPE_CHECKING:
    from scoring.compliance_run import ComplianceRow
    from scoring.history import FollowerChange

verbs = typer.Typer()  # its commands are the root command's own (cli/app.py)


@verbs.command()
def score(
    db: DbOption = None,
    run: RunOption = None,
    model: ModelOption = None,
    top: Annotated[int, typer.Option(min=0, help="How many of the best scores to print.")] = 10,
    allow_incomplete: AllowIncompleteOption = False,
) -> None:
    """Score a crawl run with a scoring model: axes, composite, rank within the size stratum
    and its interval under uncertainty; print which axes drive the ranking.

    Re-scoring the same run with the same model version replaces its scores. By default the
    latest finished run; a run still running or interrupted is scored only if named with --run
    and --allow-incomplete, a run that stored no site never (exit 2).

    Example: vigie score --model my-model.toml
    """
    from scoring.compute import (
        indicator_drivers,
        read_run,
        score_findings,
        sensitivity,
        store_scores,
    )
    from scoring.ranking import rank

    engine = open_database(database_url(db))
    run_id = pick_run(engine, run, allow_incomplete=allow_incomplete)
    scoring_model = load_model_or_exit(model)
    started = time.monotonic()
    findings = read_run(engine, run_id)
    groups = score_findings(scoring_model, findings)
    count = store_scores(engine, run_id, scoring_model, findings, groups)
    console.print(
        f"Run {run_id}: {count} authorities scored with model {scoring_model.version} "
        f"in {time.monotonic() - started:.1f} s ({scoring_model.uncertainty.draws} draws for "
        "the rank intervals)."
    )
    _print_ranks(rank(engine, run_id, scoring_model.version)[:top], scoring_model)
    drivers = Table(
        "axis",
        "Spearman with the composite",
        "mean rank shift without it",
        title="What drives the ranks",
    )
    for driver in sensitivity(scoring_model, groups):
        drivers.add_row(driver.label, f"{driver.correlation:.2f}", f"{driver.rank_shift:.2f}")
    console.print(drivers)
    indicators = Table(
        "indicator", "mean rank shift without it", title="Indicators that move ranks most"
    )
    for label, shift in indicator_drivers(scoring_model, groups)[:5]:
        indicators.add_row(label, f"{shift:.2f}")
    console.print(indicators)


def _print_ranks(rows: list[Any], scoring_model: Model) -> None:
    """Ranks as a table; the stratum rank is shown as its interval, so that authorities whose
    intervals overlap are not read as different."""
    # Axis scores only where the terminal has room for them (the CSV always has them).
    axes = [axis.key for axis in scoring_model.axes] if console.width >= 140 else []
    table = Table("rank", "authority", "code", "stratum", "score", "stratum rank (interval)", *axes)
    for row in rows:
        table.add_row(
            str(row.rank),
            row.name,
            row.code,
            row.stratum or "",
            f"{row.score:.1f}",
            f"{row.interval} of {row.stratum_count}",
            *(axis_text(row.axes.get(axis)) for axis in axes),
        )
    console.print(table)


@verbs.command(name="rank")
def rank_command(
    db: DbOption = None,
    run: RunOption = None,
    model: ModelOption = None,
    stratum: Annotated[str | None, typer.Option(help="Size stratum, e.g. 3500-9999.")] = None,
    departement: Annotated[str | None, typer.Option(help="Département code, e.g. 44.")] = None,
    region: Annotated[str | None, typer.Option(help="Région code, e.g. 52.")] = None,
    kind: Annotated[str | None, typer.Option(help="commune, epci, departement or region.")] = None,
    limit: Annotated[int, typer.Option(min=0, help="Rows to print (the CSV has them all).")] = 30,
    csv: Annotated[Path | None, typer.Option(help="Also write every row to this CSV file.")] = None,
) -> None:
    """Rank the scored authorities of a selection (stratum, département, région, kind, or the
    whole run), with each one's stratum rank interval.

    Example: vigie rank --departement 44 --csv loire-atlantique.csv
    """
    from database.models import AUTHORITY_KINDS
    from scoring.ranking import not_ranked, rank, rank_table

    if kind is not None and kind not in AUTHORITY_KINDS:
        fail(f"--kind {kind!r}: not a kind of authority; one of {', '.join(AUTHORITY_KINDS)}")
    if csv is not None:
        output_file(csv, "--csv")
    scoring_model = load_model_or_exit(model)
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run)
    rows = rank(engine, run_id, scoring_model.version, stratum, departement, region, kind)
    if not rows:
        fail(
            f"No score for run {run_id} and model {scoring_model.version} in this selection: "
            "run `vigie score` first, or widen the selection."
        )
    console.print(f"Run {run_id}, model {scoring_model.version}: {len(rows)} authorities ranked.")
    _print_ranks(rows[:limit], scoring_model)
    left_out = not_ranked(engine, run_id, stratum, departement, region, kind)
    if left_out:
        console.print(
            f"Not ranked ({sum(left_out.values())}, by scan status): "
            + ", ".join(f"{status} {count}" for status, count in left_out.items())
        )
    if csv is not None:
        write_csv(csv, *rank_table(rows, scoring_model))


@verbs.command()
def explain(
    code: Annotated[str, typer.Argument(help="The authority's code (INSEE, SIREN...).")],
    db: DbOption = None,
    run: RunOption = None,
    model: ModelOption = None,
) -> None:
    """Why an authority has its rank: rank, score, axes, indicators, findings and evidence.

    Example: vigie explain 44109
    """
    from scoring.ranking import explain as explain_scores

    scoring_model = load_model_or_exit(model)
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run)
    explanation = explain_scores(engine, run_id, scoring_model, code)
    if explanation is None:
        no_score(code, run_id, scoring_model)
    interval = (
        f"{explanation.rank_low}–{explanation.rank_high}"
        if explanation.rank_low is not None
        else "not computed"
    )
    console.print(
        f"{explanation.name} ({code}), stratum {explanation.stratum}: rank "
        f"{explanation.rank_in_stratum} of {explanation.stratum_count} (rank interval {interval}), "
        f"score {explanation.score:.2f} / 100 with model {scoring_model.version}"
    )
    total = sum(weight for _, _, weight, value in explanation.axes if value is not None)
    for axis, label, weight, value in explanation.axes:
        share = (
            f"{weight / total:.0%} of the score" if value is not None and total else "not measured"
        )
        console.print()
        console.print(
            Text.assemble(
                (label, "bold"), f": {axis_text(value)} / 100 (weight {weight:g}, {share})"
            )
        )
        for _, indicator_label, indicator_weight, measured, shown in explanation.indicators.get(
            axis, []
        ):
            level = "skipped (not measured)" if measured is None else f"{measured:.2f}"
            console.print(f"  {indicator_label} (weight {indicator_weight:g}): {level}")
            for feature, found, evidence in shown:
                console.print(f"    {feature} = {found}  {evidence}")


@verbs.command()
def compliance(
    db: DbOption = None,
    run: RunOption = None,
    authority: Annotated[str | None, typer.Option(help="One authority's code.")] = None,
    csv: Annotated[
        Path | None, typer.Option(help="Also write one row per authority and duty.")
    ] = None,
) -> None:
    """Legal duties as a checklist: for each duty, how many authorities it applies to, and how
    many were found meeting it, not meeting it, or cannot be told. "Met, of all" is a lower
    bound (what could not be told counts as not met); "met, of told" leaves it out.

    Example: vigie compliance --authority 44109
    """
    from scoring.compliance_run import compliance_rows, compliance_table

    if csv is not None:
        output_file(csv, "--csv")
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run)
    rows = compliance_rows(engine, run_id, authority)
    if authority is not None and not rows:
        fail(f"No authority with code {authority} in run {run_id}.")
    if authority is not None:
        console.print(f"Run {run_id}; site status: {rows[0].scan_status}")
        console.print(_duties_of_one(rows, f"{rows[0].name} ({authority})"))
    else:
        console.print(f"Run {run_id}: legal duties of {len({r.code for r in rows})} authorities")
        console.print(_duties_summary(rows))
    if csv is not None:
        write_csv(csv, *compliance_table(rows))


def _duties_of_one(rows: list[ComplianceRow], title: str) -> Table:
    table = Table("duty", "applies", "status", "evidence", "source", title=title)
    for row in rows:
        table.add_row(row.label, row.applies, row.status, row.evidence_url or "", row.source)
    return table


def _duties_summary(rows: list[ComplianceRow]) -> Table:
    from scoring.compliance_run import summarise

    table = Table(
        "duty", "applies to", "met", "unmet", "cannot tell", "met, of all", "met, of told"
    )
    for line in summarise(rows):
        table.add_row(
            line.label,
            str(line.concerned),
            str(line.met),
            str(line.unmet),
            str(line.unknown),
            f"{line.met / line.concerned:.0%}" if line.concerned else "n/a",
            "n/a" if line.rate is None else f"{line.rate:.0%}",
        )
    return table


# One row per authority and duty; the writer belongs with scoring/compliance_run.py.
@verbs.command()
def movers(
    before: Annotated[int, typer.Option("--from", min=1, help="The earlier run.")],
    after: Annotated[int, typer.Option("--to", min=1, help="The later run.")],
    db: DbOption = None,
    model: ModelOption = None,
    limit: Annotated[int, typer.Option(min=0, help="How many authorities to print.")] = 20,
) -> None:
    """Compare two runs scored with the same model: whose score moved most, whose site came
    or went, which findings appeared or disappeared, and how many followers each social
    account gained or lost (where its count is known in both runs).

    Example: vigie movers --from 3 --to 4
    """
    from scoring.history import movers as run_movers

    scoring_model = load_model_or_exit(model)
    engine = read_database(database_url(db))
    for option, run_id in (("--from", before), ("--to", after)):
        pick_run(engine, run_id, option=option)
    changed = run_movers(engine, before, after, scoring_model.version)
    console.print(
        f"Runs {before} → {after}, model {scoring_model.version}: {len(changed)} authorities "
        "changed"
    )
    for mover in changed[:limit]:
        if mover.delta is not None:
            change = (
                f"score {mover.score_before:.1f} → {mover.score_after:.1f} ({mover.delta:+.1f})"
            )
        elif mover.status_before == mover.status_after:  # both explored, one not scored
            change = f"site {mover.status_after}, not scored with this model in both runs"
        else:
            change = f"site {mover.status_before or 'absent'} → {mover.status_after or 'absent'}"
        console.print(Text.assemble((mover.name, "bold"), f" ({mover.code}): {change}"))
        for feature, value in mover.appeared:
            console.print(f"  + {feature} = {value}")
        for feature, value in mover.disappeared:
            console.print(f"  - {feature} = {value}")
        for account in mover.followers:
            console.print(f"  {_follower_line(account)}")


def _follower_line(change: FollowerChange) -> str:
    """ "Facebook : 1 200 → 1 350 abonnés (+150)", a count marked "environ" when the platform
    rounds it, and "déclaré" when its owner declared it, not Vigie observed it."""
    from database.vocabulary import platform_label
    from reports.french import french_count, plural

    both = change.declared_before and change.declared_after

    def count(value: int, rounded: bool, declared: bool) -> str:
        text = f"environ {french_count(value)}" if rounded else french_count(value)
        return f"{text} (déclaré)" if declared and not both else text

    before = count(change.before, change.rounded_before, change.declared_before)
    after = count(change.after, change.rounded_after, change.declared_after)
    sign = "+" if change.delta > 0 else "−"
    note = ", chiffres déclarés" if both else ""
    return (
        f"{platform_label(change.platform)} : {before} → {after} "
        f"{plural(change.after, 'abonné')} ({sign}{french_count(abs(change.delta))}{note})"
    )


@verbs.command(name="territories")
def territories_command(
    by: Annotated[str, typer.Option(help="departement or region.")] = "departement",
    db: DbOption = None,
    run: RunOption = None,
    model: ModelOption = None,
    csv: Annotated[Path | None, typer.Option(help="Also write the table to this CSV file.")] = None,
) -> None:
    """Communes aggregated by département or région: crawled, median score, adoption of key
    features; and the territory's own score as an authority.

    Example: vigie territories --by region --csv regions.csv
    """
    from scoring.territories import LEVELS, territories

    if by not in LEVELS:
        fail(f"--by must be one of {', '.join(LEVELS)}")
    if csv is not None:
        output_file(csv, "--csv")
    scoring_model = load_model_or_exit(model)
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run)
    frame = territories(engine, run_id, scoring_model.version, by)
    if frame.empty:
        fail(f"No commune in run {run_id}.")
    table = Table(by, *map(str, frame.columns))
    for code, row in frame.iterrows():
        table.add_row(str(code), *("–" if pd_missing(v) else str(v) for v in row.tolist()))
    console.print(f"Run {run_id}, model {scoring_model.version}: communes by {by}")
    console.print(table)
    if csv is not None:
        with writing(csv, "--csv"):
            frame.to_csv(csv, index_label=by)
        console.print(f"Written: {csv}")
