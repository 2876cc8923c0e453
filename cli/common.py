"""What every `vigie` verb shares: the consoles, the common options, the usage errors."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from crawler import settings
from crawler.setting_values import SettingError
from database.repository import latest_run_id, status_counts
from scoring.model import Model

if TYPE_CHECKING:
    from database.scope import Scope
    from evaluation.truth import Evaluation

console = Console(soft_wrap=True)  # piped output keeps one message per line
errors = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL (default: $VIGIE_DB or sqlite:///vigie.db)."),
]
RunOption = Annotated[int | None, typer.Option("--run", help="Crawl run id (default: the latest).")]


FarmHostsOption = Annotated[
    Path | None,
    typer.Option(
        help="Hosts file of a local farm: its names resolve to loopback, no other name resolves."
    ),
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Scrapy's log on the console.")
]
SetOption = Annotated[
    list[str] | None,
    typer.Option(
        "--set", "-s", help="Override a Scrapy or Vigie setting: NAME=VALUE (repeatable)."
    ),
]


def database_url(explicit: str | None) -> str:
    """The URL given with --db, else VIGIE_DB, else the SQLite default (crawler.settings,
    the one reader of the environment)."""
    return explicit or settings.VIGIE_DATABASE_URL


def crawl_overrides(
    verbose: bool, farm_hosts: Path | None, assignments: list[str] | None
) -> dict[str, object]:
    """The settings a crawl command changes: the log's place, the farm, each --set."""
    overrides: dict[str, object] = (
        {"LOG_LEVEL": "INFO"} if verbose else {"LOG_FILE": "vigie-crawl.log"}
    )
    if farm_hosts is not None:
        overrides["VIGIE_FARM_HOSTS"] = str(farm_hosts)
    for assignment in assignments or []:
        name, separator, value = assignment.partition("=")
        if not separator or not name:
            fail(f"--set expects NAME=VALUE, got {assignment!r}")
        try:
            overrides[name.strip()] = settings.parse_override(name.strip(), value)
        except SettingError as error:
            fail(f"--set {error}")
    return overrides


def run_or_latest(engine: Engine, run: int | None) -> int:
    run_id = run if run is not None else latest_run_id(engine)
    if run_id is None:
        errors.print("No crawl run in this database: run `vigie crawl` first.")
        raise typer.Exit(2)
    return run_id


def fail(message: str) -> NoReturn:
    """A usage error the user can fix: the message, and exit status 2."""
    errors.print(message, markup=False)
    raise typer.Exit(2)


def scope_or_exit(text: str) -> Scope:
    """The scope named by a --scope option, or the usage error that says what is wrong."""
    from database.scope import ScopeError, parse_scope

    try:
        return parse_scope(text)
    except ScopeError as error:
        fail(str(error))


ModelOption = Annotated[
    Path | None, typer.Option("--model", help="Scoring model TOML (default: the bundled one).")
]


MAX_ERRORS_SHOWN = 50


def ratio_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def no_score(code: str, run_id: int, scoring_model: Model) -> NoReturn:
    errors.print(
        f"No score for {code} in run {run_id} with model {scoring_model.version}: its site "
        "was not crawled (see its scan status), or `vigie score` was not run."
    )
    raise typer.Exit(2)


def load_model_or_exit(path: Path | None) -> Model:
    from scoring.model import DEFAULT_MODEL, ModelError, load_model

    try:
        return load_model(path or DEFAULT_MODEL)
    except ModelError as error:
        errors.print(f"Scoring model: {error}")
        raise typer.Exit(2) from None


def family_table(result: Evaluation, caption: str | None = None) -> Table:
    """Precision and recall per family of findings, with their counts."""
    table = Table("family", "precision", "recall", "true", "spurious", "missed", caption=caption)
    for name, s in sorted(result.families.items()):
        counts = (s.true_positives, s.false_positives, s.false_negatives)
        table.add_row(name, ratio_text(s.precision), ratio_text(s.recall), *map(str, counts))
    return table


def print_statuses(engine: Engine, run_id: int) -> None:
    from database.statuses import SCAN_STATUSES

    table = Table("status", "sites", "meaning", title=f"Run {run_id}")
    for status, count in status_counts(engine, run_id).items():
        table.add_row(
            status, str(count), SCAN_STATUSES[status].meaning if status in SCAN_STATUSES else ""
        )
    console.print(table)


def pd_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def axis_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A table as a UTF-8 CSV file (--csv of rank, compliance, query), and say so; a file that
    cannot be written (no such folder, a folder, no room) is one line and exit 2."""
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(rows)
    except OSError as error:
        fail(f"--csv {path}: cannot write it ({error.strerror or error}); choose another file")
    console.print(f"Written: {path}")
