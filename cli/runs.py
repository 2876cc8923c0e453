"""The crawl runs: `vigie runs` lists them; `vigie runs --health` says whether the latest one
moved beyond what a month of real change moves, for a scheduler to act on (exit 0 or 1).

The comparison is scoring/health.py and scoring/health_runs.py; this module only prints it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.common import DbOption, RunOption, console, database_url, errors, fail
from database import read_database

if TYPE_CHECKING:
    from database.repository import RunSummary
    from scoring.health import Figure, Health
    from scoring.health_runs import RunInfo

verbs = typer.Typer()  # its command is the root command's own (cli/app.py)

HealthOption = Annotated[
    bool,
    typer.Option(
        "--health",
        help="Compare a run with an earlier one (statuses, features, pages per site, extractor "
        "failures); exit 0 when nothing moved beyond --max-shift, 1 when something did or the "
        "run is not finished.",
    ),
]
AgainstOption = Annotated[
    int | None,
    typer.Option(
        "--against",
        help="The earlier run (default: a partial run's base run, else the previous finished run).",
    ),
]
MaxShiftOption = Annotated[
    float | None,
    typer.Option(
        "--max-shift",
        help="What counts as moved: percentage points for shares, percent for pages per site "
        "(default 5).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="The check as JSON, for machines.")]


@verbs.command()
def runs(
    db: DbOption = None,
    health: HealthOption = False,
    run: RunOption = None,
    against: AgainstOption = None,
    max_shift: MaxShiftOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the crawl runs, newest first: when, status, kind, and what each holds. With
    --health, check a run against an earlier one (docs/operations.md, "Health between runs").

    Example: vigie runs --health --max-shift 5
    """
    if not health:
        given = [name for name, value in (("--run", run), ("--against", against),
                 ("--max-shift", max_shift), ("--json", as_json or None)) if value is not None]  # fmt: skip
        if given:
            fail(f"{', '.join(given)}: only with --health (`vigie runs --health {given[0]} ...`)")
        _list(read_database(database_url(db)))
        return
    from scoring.health import DEFAULT_MAX_SHIFT

    shift = DEFAULT_MAX_SHIFT if max_shift is None else max_shift
    if not shift >= 0:  # negative, or NaN
        fail(f"--max-shift {max_shift:g}: give a number of points (and percent), 0 or more")
    raise typer.Exit(_health(read_database(database_url(db)), run, against, shift, as_json))


def selection_text(selection: dict[str, Any] | None) -> str:
    """A partial run's selection as written: "only 44109, 44143; status timeout"."""
    parts = [f"{name} {', '.join(map(str, values))}" for name, values in (selection or {}).items()]
    return "; ".join(parts) or "no selection recorded"


def _kind(
    kind: str, base_run_id: int | None, selection: dict[str, Any] | None, within: bool = False
) -> str:
    """ "complete", or "partial of 4 (only 44109)"; `within` parentheses: "partial of 4; ..."."""
    if kind != "partial":
        return kind
    chosen = selection_text(selection)
    return (
        f"partial of {base_run_id}; {chosen}" if within else f"partial of {base_run_id} ({chosen})"
    )


def _list(engine: Any) -> None:
    from database.repository import run_summaries

    summaries: list[RunSummary] = run_summaries(engine)
    for run in summaries:
        finished = f"{run.finished_at:%Y-%m-%d %H:%M}" if run.finished_at else "not finished"
        console.print(
            f"run {run.id}: {run.started_at:%Y-%m-%d %H:%M} → {finished}, {run.status}, "
            f"{_kind(run.kind, run.base_run_id, run.selection)}; "
            f"{run.targets} targets, {run.scanned} scanned, {run.ok} crawled, "
            f"{run.pages} pages, {run.findings} findings"
        )
    if not summaries:
        console.print("No crawl run in this database yet.")


def _health(engine: Any, run: int | None, against: int | None, shift: float, as_json: bool) -> int:
    """Print the check; its exit status (0 healthy, 1 moved or not finished)."""
    from scoring.health import compare_runs
    from scoring.health_runs import HealthUsageError, RunNotFinished, choose_runs

    try:
        pair = choose_runs(engine, run, against)
    except HealthUsageError as error:
        fail(str(error))
    except RunNotFinished as reason:
        if as_json:
            typer.echo(json.dumps({"verdict": "not finished", "exit_code": 1,
                                   "reason": str(reason)}, ensure_ascii=False))  # fmt: skip
        else:
            console.print(f"Verdict: not checked. {reason}")
        return 1
    if pair.warning:
        errors.print(pair.warning)
    result = compare_runs(engine, pair, shift)
    if as_json:
        typer.echo(json.dumps(health_document(result), ensure_ascii=False, indent=1))
    else:
        for line in health_lines(result):
            console.print(line)
    return 0 if result.healthy else 1


def _run_words(info: RunInfo) -> str:
    return f"run {info.id} ({_kind(info.kind, info.base_run_id, info.selection, within=True)})"


def _points(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.1f} %"


def _signed(change: float | None, unit: str) -> str:
    if change is None:
        return "change unknown"
    if change == float("inf"):
        return "from 0"
    return f"{change:+.1f} {unit}".replace("-", "−")


def figure_line(figure: Figure) -> str:
    """One figure in English, with its n in both runs."""
    change = figure.change
    counts = (
        f"{figure.count_before} of {figure.n_before} → {figure.count_after} of {figure.n_after}"
    )
    if figure.family == "status":
        return (f"share of scans with status {figure.name}: {_points(figure.before)} → "
                f"{_points(figure.after)} ({_signed(change, 'points')}; {counts} scans)")  # fmt: skip
    if figure.family == "feature":
        return (f"'ok' sites with {figure.name}: {_points(figure.before)} → "
                f"{_points(figure.after)} ({_signed(change, 'points')}; {counts} sites)")  # fmt: skip
    if figure.family == "pages":
        values = " → ".join("unknown" if v is None else f"{v:.1f}"
                            for v in (figure.before, figure.after))  # fmt: skip
        return (f"pages per 'ok' site, {figure.name}: {values} ({_signed(change, '%')}; "
                f"n = {figure.n_before} → {figure.n_after} sites)")  # fmt: skip
    return (f"pages where an extractor failed: {_points(figure.before)} → "
            f"{_points(figure.after)} ({_signed(change, 'points')}; {counts} pages answered)")  # fmt: skip


def health_lines(result: Health) -> list[str]:
    pair, shift = result.pair, result.max_shift
    a, r = pair.against, pair.run
    lines = [
        f"{_run_words(r).capitalize()} against {_run_words(a)}, {pair.why}: {a.scanned} → "
        f"{r.scanned} scans; moved means beyond {shift:g} points for a share, {shift:g} % "
        "for pages per 'ok' site."
    ]
    moved = result.moved
    if moved:
        lines.append(f"Moved beyond {shift:g}, largest first:")
        lines += [f"  {figure_line(figure)}" for figure in moved]
    rare = [f for f in result.apart if f.not_judged and f.not_judged.startswith("held by")]
    if rare:
        held = ", ".join(f"{f.name} ({f.count_before} → {f.count_after})" for f in rare)
        lines.append(f"Not judged, {rare[0].not_judged} (the reports' small-n rule): {held}")
    lines += [f"Not judged, {f.not_judged}: {figure_line(f)}" for f in result.apart
              if f not in rare]  # fmt: skip
    judged = len(result.figures) - len(result.apart)
    if moved:
        lines.append(
            f"Verdict: {len(moved)} of {judged} figures moved beyond {shift:g} from run {a.id} "
            f"to run {r.id}: look at run {r.id} before scoring or publishing it."
        )
    else:
        lines.append(
            f"Verdict: healthy, none of {judged} figures moved beyond {shift:g} from run {a.id} "
            f"to run {r.id}."
        )
    return lines


def health_document(result: Health) -> dict[str, Any]:
    def run_fields(info: RunInfo) -> dict[str, Any]:
        return {"id": info.id, "status": info.status, "kind": info.kind,
                "base_run_id": info.base_run_id, "selection": info.selection,
                "targets": info.targets, "scanned": info.scanned}  # fmt: skip

    return {
        "verdict": "healthy" if result.healthy else "moved",
        "exit_code": 0 if result.healthy else 1,
        "run": run_fields(result.pair.run),
        "against": {**run_fields(result.pair.against), "chosen": result.pair.why},
        "max_shift": result.max_shift,
        "min_sites": _min_sites(),
        "moved": [figure.as_dict() for figure in result.moved],
        "figures": [figure.as_dict() for figure in result.figures],
    }


def _min_sites() -> int:
    from scoring.health import MIN_SITES

    return MIN_SITES
