"""The `vigie` command: each verb a short loop over library calls."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.table import Table
from sqlalchemy import Engine

from crawler.cli_common import (
    DbOption,
    FarmHostsOption,
    RunOption,
    SetOption,
    VerboseOption,
    console,
    crawl_overrides,
    errors,
    fail,
    run_or_latest,
)
from crawler.db import database_url, open_database
from crawler.db.repository import status_counts
from crawler.queue_cli import queue_app
from crawler.survey_cli import survey_app
from scoring.model import Model

app = typer.Typer(
    help="Vigie: how French local authorities serve their citizens online.",
    no_args_is_help=True,
    add_completion=False,
)
targets_app = typer.Typer(
    help="Import the authorities to measure and their websites.", no_args_is_help=True
)
farm_app = typer.Typer(
    help="A local farm of synthetic authority websites, with ground truth.", no_args_is_help=True
)
app.add_typer(targets_app, name="targets")
app.add_typer(farm_app, name="farm")
app.add_typer(survey_app, name="survey")
app.add_typer(queue_app, name="queue")

ModelOption = Annotated[
    Path | None, typer.Option("--model", help="Scoring model TOML (default: the bundled one).")
]
MAX_ERRORS_SHOWN = 50


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _no_score(code: str, run_id: int, scoring_model: Model) -> NoReturn:
    errors.print(
        f"No score for {code} in run {run_id} with model {scoring_model.version}: its site "
        "was not crawled (see its scan status), or `vigie score` was not run."
    )
    raise typer.Exit(2)


def _load_model(path: Path | None) -> Model:
    from scoring.model import DEFAULT_MODEL, ModelError, load_model

    try:
        return load_model(path or DEFAULT_MODEL)
    except ModelError as error:
        errors.print(f"Scoring model: {error}")
        raise typer.Exit(2) from None


@targets_app.command("import")
def targets_import(
    files: Annotated[list[Path], typer.Argument(help="Targets files.")], db: DbOption = None
) -> None:
    """Load authorities and websites from Annuaire JSON, INSEE COG or population CSV, or plain CSV.

    Re-importing is an idempotent upsert. Malformed records are reported with their line or
    record number; the others load. Exit code 1 when any record was rejected.

    Example: vigie targets import annuaire.json communes.csv populations.csv
    """
    from crawler.targets import import_file

    engine = open_database(db)
    rejected = 0
    for path in files:
        report = import_file(engine, path)
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


def _print_statuses(engine: Engine, run_id: int) -> None:
    from crawler.items import SCAN_STATUSES

    table = Table("status", "sites", "meaning", title=f"Run {run_id}")
    for status, count in status_counts(engine, run_id).items():
        table.add_row(status, str(count), SCAN_STATUSES.get(status, ""))
    console.print(table)


@app.command()
def crawl(
    db: DbOption = None,
    resume: Annotated[
        int | None, typer.Option(help="Resume this run: scan only the sites it has not finished.")
    ] = None,
    budget: Annotated[int | None, typer.Option(help="Pages per site at most.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Crawler processes, each on its share of the sites (default: cores, up to 4)."
        ),
    ] = None,
    farm_hosts: FarmHostsOption = None,
    verbose: VerboseOption = False,
    set_: SetOption = None,
) -> None:
    """Crawl every imported target's website and store pages, findings and a status per site.

    Without --verbose, Scrapy's log goes to vigie-crawl.log. Settings are documented in
    crawler/settings.py; --set overrides one for this crawl.

    Example: vigie crawl --budget 20 --set DOWNLOAD_TIMEOUT=15
    """
    from crawler.crawl import WorkerFailed, run_crawl
    from crawler.progress import CrawlDisplay

    url = database_url(db)
    engine = open_database(url)
    overrides = crawl_overrides(verbose, farm_hosts, set_)
    if budget is not None:
        overrides["VIGIE_PAGE_BUDGET"] = budget
    started = time.monotonic()
    if workers is not None:
        overrides["VIGIE_WORKERS"] = workers
    try:
        if verbose:  # Scrapy's log is the display
            run_id, status = run_crawl(url, resume_run=resume, overrides=overrides)
        else:
            with CrawlDisplay(console, resume) as display:
                run_id, status = run_crawl(
                    url, resume_run=resume, overrides=overrides, on_progress=display.update
                )
    except ValueError as error:
        errors.print(str(error))
        raise typer.Exit(2) from None
    except WorkerFailed as error:
        errors.print(str(error))
        raise typer.Exit(1) from None
    console.print(f"Run {run_id} {status} in {time.monotonic() - started:.0f} s.")
    _print_statuses(engine, run_id)
    if status != "finished":
        console.print(f"Resume with: vigie crawl --resume {run_id}")


@app.command()
def social(
    db: DbOption = None,
    run: RunOption = None,
    platform_origin: Annotated[
        str | None,
        typer.Option(
            help="Farm mode: where platforms are served, e.g. 'http://{host}:8000' "
            "(a platform's https://host/ is asked there)."
        ),
    ] = None,
    farm_hosts: Annotated[
        Path | None, typer.Option(help="Hosts file of a local farm (as for vigie crawl).")
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Scrapy's log on the console.")
    ] = False,
) -> None:
    """Visit the social accounts a crawl run's sites link to and record their public activity.

    Followers, posts and the date of the newest post where the platform shows them without
    login (Mastodon, PeerTube, YouTube's feed); reachability only behind a login wall
    (Facebook, Instagram, X, LinkedIn). One request a second per platform; robots.txt obeyed.
    Run it again to finish an interrupted check. Without --verbose, the log goes to
    vigie-crawl.log.

    Example: vigie social --run 3
    """
    from crawler.crawl import WorkerFailed, run_social

    url = database_url(db)
    engine = open_database(url)
    run_id = run_or_latest(engine, run)
    overrides: dict[str, object] = (
        {"LOG_LEVEL": "INFO"} if verbose else {"LOG_FILE": "vigie-crawl.log"}
    )
    if platform_origin:
        overrides["VIGIE_PLATFORM_ORIGIN"] = platform_origin
    if farm_hosts is not None:
        overrides["VIGIE_FARM_HOSTS"] = str(farm_hosts)
    try:
        checked, reachable = run_social(url, run_id, overrides)
    except (ValueError, WorkerFailed) as error:
        errors.print(str(error))
        raise typer.Exit(1) from None
    console.print(f"Run {run_id}: {checked} social profiles checked, {reachable} reachable.")


@app.command()
def score(
    db: DbOption = None,
    run: RunOption = None,
    model: ModelOption = None,
    top: Annotated[int, typer.Option(help="How many of the best scores to print.")] = 10,
) -> None:
    """Score a crawl run with a scoring model: axes, composite, rank within the size stratum
    and its interval under uncertainty; print which axes drive the ranking.

    Re-scoring the same run with the same model version replaces its scores.

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

    engine = open_database(db)
    run_id, scoring_model = run_or_latest(engine, run), _load_model(model)
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
            *(_axis(row.axes.get(axis)) for axis in axes),
        )
    console.print(table)


def _write_ranks_csv(rows: list[Any], scoring_model: Model, path: Path) -> None:
    import csv

    axes = [axis.key for axis in scoring_model.axes]
    columns = ["rank", "percentile", "code", "name", "kind", "departement", "stratum", "score"]
    columns += ["rank_in_stratum", "rank_low", "rank_high", "stratum_count"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*columns, *axes])
        for row in rows:
            departement = row.departement
            writer.writerow(
                [
                    *(getattr(row, c) if c != "departement" else departement for c in columns),
                    *(row.axes.get(axis) for axis in axes),
                ]
            )
    console.print(f"Written: {path}")


def _axis(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


@app.command(name="rank")
def rank_command(
    db: DbOption = None,
    run: RunOption = None,
    model: ModelOption = None,
    stratum: Annotated[str | None, typer.Option(help="Size stratum, e.g. 3500-9999.")] = None,
    departement: Annotated[str | None, typer.Option(help="Département code, e.g. 44.")] = None,
    region: Annotated[str | None, typer.Option(help="Région code, e.g. 52.")] = None,
    kind: Annotated[str | None, typer.Option(help="commune, epci, departement or region.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to print (the CSV has them all).")] = 30,
    csv: Annotated[Path | None, typer.Option(help="Also write every row to this CSV file.")] = None,
) -> None:
    """Rank the scored authorities of a selection (stratum, département, région, kind, or the
    whole run), with each one's stratum rank interval.

    Example: vigie rank --departement 44 --csv loire-atlantique.csv
    """
    from scoring.ranking import not_ranked, rank

    engine = open_database(db)
    run_id, scoring_model = run_or_latest(engine, run), _load_model(model)
    rows = rank(engine, run_id, scoring_model.version, stratum, departement, region, kind)
    if not rows:
        errors.print(
            f"No score for run {run_id} and model {scoring_model.version} in this selection: "
            "run `vigie score` first, or widen the selection."
        )
        raise typer.Exit(2)
    console.print(f"Run {run_id}, model {scoring_model.version}: {len(rows)} authorities ranked.")
    _print_ranks(rows[:limit], scoring_model)
    left_out = not_ranked(engine, run_id, stratum, departement, region, kind)
    if left_out:
        console.print(
            f"Not ranked ({sum(left_out.values())}, by scan status): "
            + ", ".join(f"{status} {count}" for status, count in left_out.items())
        )
    if csv is not None:
        _write_ranks_csv(rows, scoring_model, csv)


@app.command()
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
    from scoring.compliance_run import compliance_rows, summarise

    engine = open_database(db)
    run_id = run_or_latest(engine, run)
    rows = compliance_rows(engine, run_id, authority)
    if authority is not None and not rows:
        errors.print(f"No authority with code {authority} in run {run_id}.")
        raise typer.Exit(2)
    if authority is not None:
        table = Table(
            "duty", "applies", "status", "evidence", "source", title=f"{rows[0].name} ({authority})"
        )
        for row in rows:
            table.add_row(row.label, row.applies, row.status, row.evidence_url or "", row.source)
        console.print(f"Run {run_id}; site status: {rows[0].scan_status}")
        console.print(table)
    else:
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
        console.print(f"Run {run_id}: legal duties of {len({r.code for r in rows})} authorities")
        console.print(table)
    if csv is not None:
        import csv as csv_module

        with csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv_module.writer(handle)
            writer.writerow(
                [
                    "code",
                    "name",
                    "kind",
                    "population",
                    "scan_status",
                    "duty",
                    "applies",
                    "status",
                    "evidence_url",
                ]
            )
            for row in rows:
                writer.writerow(
                    [
                        row.code,
                        row.name,
                        row.kind,
                        row.population,
                        row.scan_status,
                        row.duty,
                        row.applies,
                        row.status,
                        row.evidence_url,
                    ]
                )
        console.print(f"Written: {csv}")


@app.command()
def movers(
    before: Annotated[int, typer.Option("--from", help="The earlier run.")],
    after: Annotated[int, typer.Option("--to", help="The later run.")],
    db: DbOption = None,
    model: ModelOption = None,
    limit: Annotated[int, typer.Option(help="How many authorities to print.")] = 20,
) -> None:
    """Compare two runs scored with the same model: whose score moved most, whose site came
    or went, and which findings appeared or disappeared.

    Example: vigie movers --from 3 --to 4
    """
    from scoring.history import movers as run_movers

    engine = open_database(db)
    scoring_model = _load_model(model)
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
        else:
            change = f"site {mover.status_before or 'absent'} → {mover.status_after or 'absent'}"
        console.print(f"[bold]{mover.name}[/bold] ({mover.code}): {change}")
        for feature, value in mover.appeared:
            console.print(f"  + {feature} = {value}")
        for feature, value in mover.disappeared:
            console.print(f"  - {feature} = {value}")


@app.command(name="territories")
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
        errors.print(f"--by must be one of {', '.join(LEVELS)}")
        raise typer.Exit(2)
    engine = open_database(db)
    run_id, scoring_model = run_or_latest(engine, run), _load_model(model)
    frame = territories(engine, run_id, scoring_model.version, by)
    if frame.empty:
        errors.print(f"No commune in run {run_id}.")
        raise typer.Exit(2)
    table = Table(by, *map(str, frame.columns))
    for code, row in frame.iterrows():
        table.add_row(str(code), *("–" if pd_missing(v) else str(v) for v in row.tolist()))
    console.print(f"Run {run_id}, model {scoring_model.version}: communes by {by}")
    console.print(table)
    if csv is not None:
        frame.to_csv(csv, index_label=by)
        console.print(f"Written: {csv}")


def pd_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


@app.command()
def runs(db: DbOption = None) -> None:
    """List the crawl runs, newest first: when, status, and what each holds.

    Example: vigie runs --db postgresql+psycopg://vigie@db/vigie
    """
    from crawler.db.repository import run_summaries

    summaries = run_summaries(open_database(db))
    for run in summaries:
        finished = f"{run.finished_at:%Y-%m-%d %H:%M}" if run.finished_at else "not finished"
        console.print(
            f"run {run.id}: {run.started_at:%Y-%m-%d %H:%M} → {finished}, {run.status}; "
            f"{run.targets} targets, {run.scanned} scanned, {run.ok} crawled, "
            f"{run.pages} pages, {run.findings} findings"
        )
    if not summaries:
        console.print("No crawl run in this database yet.")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; the default keeps it on this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8001,
) -> None:
    """Browse the database in Datasette, read-only: tables and columns described from the
    data dictionary, the common questions as canned queries. SQLite only (Datasette reads
    SQLite); on PostgreSQL use vigie query or vigie export.

    Example: vigie serve --db sqlite:///vigie.db --port 8001
    """
    import os
    import tempfile

    from sqlalchemy.engine import make_url

    from crawler.browse import datasette_command

    url = make_url(database_url(db))
    if url.get_backend_name() != "sqlite" or not url.database:
        fail(
            f"vigie serve opens SQLite databases (Datasette reads SQLite), not {url.drivername};"
            " on PostgreSQL, use vigie query or vigie export"
        )
    path = Path(url.database)
    if not path.is_file():
        fail(f"no database at {path}")
    engine = open_database(str(url))  # brings an older file's schema (views) up to date
    with engine.connect() as connection:
        # Datasette opens the file immutable, which ignores the write-ahead log: fold it in.
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    folder = Path(tempfile.mkdtemp(prefix="vigie-serve-"))
    command = datasette_command(path, folder / "metadata.json", host, port)
    console.print(f"Datasette on http://{host}:{port}/ (read-only); Ctrl-C to stop")
    # Datasette takes this process's place, so that a signal to it reaches the server.
    os.execv(command[0], command)


@app.command()
def prune(
    keep_last: Annotated[
        int, typer.Option(help="Runs whose page records stay (the latest ones).")
    ] = 2,
    yes: Annotated[bool, typer.Option("--yes", help="Delete; without it, only say what.")] = False,
    db: DbOption = None,
) -> None:
    """Delete the page records (one row per fetched URL) of old runs; their scans, findings
    with their evidence, scores and social profiles stay. The latest runs keep theirs, as a
    recrawl compares page hashes with the previous run.

    Example: vigie prune --keep-last 3 --yes
    """
    from crawler.db.repository import prune_pages

    if keep_last < 1:
        fail("--keep-last must keep at least the latest run")
    counts = prune_pages(open_database(db), keep_last, dry_run=not yes)
    if not counts:
        console.print(f"Nothing to prune: no page records outside the {keep_last} latest runs.")
        return
    listed = ", ".join(f"run {run_id}: {count}" for run_id, count in sorted(counts.items()))
    verb = "Deleted" if yes else "Would delete (add --yes)"
    console.print(f"{verb} {sum(counts.values())} page records ({listed}).")


@app.command()
def export(
    out: Annotated[Path, typer.Option(help="File to write: .csv, .parquet or .xlsx.")],
    file_format: Annotated[
        str | None,
        typer.Option("--format", help="csv, parquet or xlsx (default: from the file's suffix)."),
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
    describes each column).

    Example: vigie export --out communes.parquet --scope departement:44
    """
    from reports.export import FORMATS, authority_table, write_export
    from reports.scope import ScopeError, parse_scope

    chosen = file_format or out.suffix.lstrip(".").lower()
    if chosen not in FORMATS:
        fail(f"cannot tell the format of {out}: use --format {'|'.join(FORMATS)}")
    try:
        selection = parse_scope(scope)
    except ScopeError as error:
        fail(str(error))
    engine = open_database(db)
    run_id = run_or_latest(engine, run)
    table = authority_table(engine, run_id, _load_model(model).version, selection)
    write_export(table, out, chosen)
    console.print(
        f"Wrote {out}: {len(table)} authorities of run {run_id} ({selection.label}),"
        f" {len(table.columns)} columns"
    )


@app.command()
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
    limit: Annotated[int, typer.Option(help="Rows to print (files get them all).")] = 50,
) -> None:
    """Run a read-only SQL query on the feature database: the database refuses writes.

    Example: vigie query "SELECT feature, COUNT(*) FROM findings WHERE run_id = :run GROUP BY feature" --param run=1
    """
    import csv as csv_module
    import json

    from crawler.db.readonly import QueryError, run_query

    parameters = {}
    for item in param or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            errors.print(f"--param {item!r}: expected NAME=VALUE")
            raise typer.Exit(2)
        parameters[name] = value
    try:
        result = run_query(database_url(db), sql, parameters)
    except QueryError as error:
        errors.print(f"Query refused: {error}")
        raise typer.Exit(2) from None
    table = Table(*result.columns)
    for row in result.rows[:limit]:
        table.add_row(*("" if value is None else str(value) for value in row))
    console.print(table)
    console.print(f"{len(result.rows)} rows")
    if csv is not None:
        with csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv_module.writer(handle)
            writer.writerow(result.columns)
            writer.writerows(result.rows)
        console.print(f"Written: {csv}")
    if json_out is not None:
        records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        json_out.write_text(
            json.dumps(records, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
        )
        console.print(f"Written: {json_out}")


@app.command()
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

    engine = open_database(db)
    run_id, scoring_model = run_or_latest(engine, run), _load_model(model)
    explanation = explain_scores(engine, run_id, scoring_model, code)
    if explanation is None:
        _no_score(code, run_id, scoring_model)
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
        console.print(f"\n[bold]{label}[/bold]: {_axis(value)} / 100 (weight {weight:g}, {share})")
        for _, indicator_label, indicator_weight, measured, shown in explanation.indicators.get(
            axis, []
        ):
            level = "skipped (not measured)" if measured is None else f"{measured:.2f}"
            console.print(f"  {indicator_label} (weight {indicator_weight:g}): {level}")
            for feature, found, evidence in shown:
                console.print(f"    {feature} = {found}  {evidence}")


@app.command()
def report(
    db: DbOption = None,
    run: RunOption = None,
    model: ModelOption = None,
    out: Annotated[Path, typer.Option(help="PowerPoint file to write.")] = Path(
        "vigie-report.pptx"
    ),
    xlsx: Annotated[
        Path | None, typer.Option(help="Also write the deck's tables to this Excel workbook.")
    ] = None,
    authority: Annotated[
        str | None, typer.Option(help="Write instead the short scorecard of this authority.")
    ] = None,
    scope: Annotated[
        str,
        typer.Option(
            help="What the deck covers: national, departement:CODE, region:CODE or list:FILE "
            "(one authority code per line)."
        ),
    ] = "national",
    png: Annotated[
        Path | None, typer.Option(help="Also draw the deck's charts and map as PNG in this folder.")
    ] = None,
) -> None:
    """Write the benchmark deck (PowerPoint, in French) of a scored crawl run, for the whole
    country or a scope, with its tables as an Excel workbook and its charts as PNG when asked;
    or, with --authority, one authority's scorecard.

    Example: vigie report --scope departement:44 --out loire-atlantique.pptx --xlsx la.xlsx
    """
    from reports.data import load_report_data
    from reports.deck import build_deck
    from reports.scope import ScopeError, parse_scope
    from reports.workbook import write_workbook

    try:
        selection = parse_scope(scope)
    except ScopeError as error:
        fail(str(error))
    engine = open_database(db)
    run_id, scoring_model = run_or_latest(engine, run), _load_model(model)
    if authority is not None:
        from reports.scorecard import build_scorecard, load_scorecard

        card = load_scorecard(engine, run_id, scoring_model, authority)
        if card is None:
            _no_score(authority, run_id, scoring_model)
        console.print(f"Wrote {build_scorecard(card, out)}")
        return
    try:
        data = load_report_data(engine, run_id, scoring_model, selection)
    except ScopeError as error:
        fail(str(error))
    console.print(f"Wrote {build_deck(data, out)}")
    if xlsx is not None:
        console.print(f"Wrote {write_workbook(data, xlsx)}")
    if png is not None:
        from reports.charts import write_charts

        for path in write_charts(data, png):
            console.print(f"Wrote {path}")


@app.command()
def demo(
    db: DbOption = None,
    out: Annotated[Path, typer.Option(help="PowerPoint file to write.")] = Path("vigie-demo.pptx"),
    sites: Annotated[int, typer.Option(help="Synthetic authorities in the farm.")] = 40,
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
    from crawler.demo import run_demo

    started = time.monotonic()
    result = run_demo(
        database_url(db),
        out,
        workdir,
        sites,
        seed,
        crawl_overrides={"LOG_FILE": "vigie-crawl.log"},
        say=console.print,
    )
    checked = result.evaluation
    console.print(
        f"Ground truth: {checked.status_agreements}/{checked.sites} statuses as expected; "
        + ", ".join(
            f"{name} P={_ratio(s.precision)} R={_ratio(s.recall)}"
            for name, s in sorted(checked.families.items())
        )
    )
    console.print(
        f"Done in {time.monotonic() - started:.0f} s: database {database_url(db)}, report {out}"
    )


@app.command()
def accuracy(
    sites: Annotated[int, typer.Option(help="Synthetic authorities in the farm.")] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the farm.")] = 7,
    corpus: Annotated[
        Path | None,
        typer.Option(help="The real-pages corpus (default: ../shared/corpus, when present)."),
    ] = None,
    workdir: Annotated[
        Path, typer.Option(help="Emptied, then holds the farm's files and its crawl's database.")
    ] = Path("vigie-accuracy"),
    check: Annotated[
        bool, typer.Option(help="Exit 1 when a family is below target or an expectation fails.")
    ] = False,
) -> None:
    """Measure the extractors: precision and recall per family on a crawled farm, and the
    hand-written expectations on the real pages of the corpus.

    Example: vigie accuracy --sites 2000 --corpus ../shared/corpus
    """
    from crawler.accuracy import (
        PRECISION_TARGET,
        RECALL_TARGET,
        check_corpus,
        families_below_target,
        farm_accuracy,
        load_expectations,
    )

    result = farm_accuracy(
        workdir, sites, seed, {"LOG_FILE": str(workdir / "vigie-crawl.log")}, say=console.print
    )
    console.print(f"Farm: {result.status_agreements}/{result.sites} statuses as expected")
    table = Table("family", "precision", "recall", "true", "spurious", "missed")
    for name, s in sorted(result.families.items()):
        counts = (s.true_positives, s.false_positives, s.false_negatives)
        table.add_row(name, _ratio(s.precision), _ratio(s.recall), *map(str, counts))
    console.print(table)
    below = families_below_target(result)
    console.print(
        f"Targets (precision ≥ {PRECISION_TARGET}, recall ≥ {RECALL_TARGET}): "
        + (f"missed by {', '.join(below)}" if below else "met by every family")
    )
    for code, kind, feature, value in result.errors[:MAX_ERRORS_SHOWN]:
        console.print(f"  {code}: {kind} {feature} = {value}")
    corpus = corpus or Path(__file__).resolve().parents[2] / "shared" / "corpus"
    failed_pages = 0
    if not corpus.is_dir():
        console.print(f"Real pages: no corpus at {corpus}, not measured")
    else:
        checks = check_corpus(corpus, load_expectations())
        pages = Table("page", "expected", "missing", "unexpected")
        for page in checks:
            pages.add_row(
                page.file,
                str(len(page.expected)),
                ", ".join(f"{f}={v}" for f, v in sorted(page.missing)) or "-",
                ", ".join(f"{f}={v}" for f, v in sorted(page.unexpected)) or "-",
            )
        console.print(pages)
        failed_pages = sum(not page.holds for page in checks)
        expected = sum(len(page.expected) for page in checks)
        console.print(
            f"Real pages: {len(checks) - failed_pages}/{len(checks)} pages as written by hand "
            f"({expected} findings expected)"
        )
    if check and (below or failed_pages or result.status_mismatches):
        raise typer.Exit(1)


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="A saved page: HTML (any encoding) or PDF.")],
    url: Annotated[str, typer.Option(help="The address the page was served at.")],
) -> None:
    """Run every extractor on one saved page and print its findings as JSON.

    Example: vigie extract mentions.html --url https://www.mairie-exemple.fr/mentions-legales
    """
    import json
    from dataclasses import asdict

    from pipelines.extractors import extract_page
    from pipelines.extractors.documents import page_from_bytes

    try:
        body = path.read_bytes()
    except OSError as error:
        errors.print(f"{path}: {error.strerror}")
        raise typer.Exit(2) from None
    findings = extract_page(page_from_bytes(url, body))
    document = {"url": url, "findings": [asdict(finding) for finding in findings]}
    print(json.dumps(document, ensure_ascii=False, indent=2))


@app.command()
def replay(
    warc: Annotated[Path, typer.Argument(help="A WARC file a crawl wrote (VIGIE_WARC).")],
    url: Annotated[str, typer.Argument(help="The page's address, as archived.")],
) -> None:
    """Run every extractor again on a page as the crawl archived it, and print its findings
    as JSON: the way to check a disputed finding against the bytes the crawler read.

    Example: vigie replay warc/vigie-run-3-4242.warc.gz https://www.mairie-exemple.fr/
    """
    import json
    from dataclasses import asdict

    from crawler.warc import archived_response
    from pipelines.extractors import extract_page
    from pipelines.extractors.documents import page_from_bytes

    try:
        found = archived_response(warc, url)
    except OSError as error:
        fail(f"{warc}: {error}")
    if found is None:
        fail(f"{warc} holds no response for {url}")
    status, headers, body = found
    findings = extract_page(page_from_bytes(url, body, headers.get("content-type"), headers))
    document = {"url": url, "status": status, "findings": [asdict(f) for f in findings]}
    print(json.dumps(document, ensure_ascii=False, indent=2))


@farm_app.command("generate")
def farm_generate(
    sites: Annotated[int, typer.Option()] = 40,
    seed: Annotated[int, typer.Option()] = 3,
    port: Annotated[int, typer.Option(help="Port the farm will be served on.")] = 8000,
    tls_port: Annotated[int | None, typer.Option(help="HTTPS port (default: port + 1).")] = None,
    out: Annotated[
        Path, typer.Option(help="Directory for targets.csv, hosts.txt, truth.json.")
    ] = Path("farm"),
) -> None:
    """Write a farm's targets, host names and ground truth, for `vigie farm serve` on the same port.

    Example: vigie farm generate --sites 200 --seed 1 --port 8000 --out farm
    """
    from farm.catalogue import Farm
    from farm.files import write_farm_files

    for name, path in write_farm_files(Farm(sites, seed, port, tls_port), out).items():
        console.print(f"{name}: {path}")


@farm_app.command("serve")
def farm_serve(
    sites: Annotated[int, typer.Option()] = 40,
    seed: Annotated[int, typer.Option()] = 3,
    port: Annotated[int, typer.Option()] = 8000,
    tls_port: Annotated[int | None, typer.Option(help="HTTPS port (default: port + 1).")] = None,
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
    from crawler.evaluation import evaluate, evaluate_profiles, load_truth

    engine = open_database(db)
    run_id = run_or_latest(engine, run)
    truth_document = load_truth(truth)
    result = evaluate(engine, run_id, truth_document)
    console.print(f"Run {run_id}: {result.status_agreements}/{result.sites} statuses as expected")
    for code, want, got in result.status_mismatches:
        console.print(f"  {code}: expected {want}, got {got}")
    decoys = sum(1 for error in result.errors if error[1] == "decoy")
    table = Table(
        "family",
        "precision",
        "recall",
        "true",
        "spurious",
        "missed",
        caption=f"{decoys} of the spurious findings are decoys the farm planted",
    )
    for name, s in sorted(result.families.items()):
        table.add_row(
            name,
            _ratio(s.precision),
            _ratio(s.recall),
            str(s.true_positives),
            str(s.false_positives),
            str(s.false_negatives),
        )
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


if __name__ == "__main__":
    app()
