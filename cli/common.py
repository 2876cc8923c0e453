"""What every `vigie` verb shares: the consoles, the common options, the usage errors.

The consoles print text as it is: names and page text may hold "[/]" or ":smile:", which
rich would otherwise read as markup or emoji codes (a crash, or a name silently changed).
Styling is explicit, with rich.text.Text."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
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

# soft_wrap: piped output keeps one message per line.
console = Console(soft_wrap=True, markup=False, emoji=False)
errors = Console(stderr=True, soft_wrap=True, markup=False, emoji=False)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy URL (default: $VIGIE_DB or sqlite:///vigie.db)."),
]
RunOption = Annotated[
    int | None,
    typer.Option(
        "--run", help="Crawl run id (default: the latest finished run that stored sites)."
    ),
]
AllowIncompleteOption = Annotated[
    bool,
    typer.Option(
        "--allow-incomplete",
        help="Accept a run named with --run that is still running or was interrupted: its "
        "numbers then cover only the sites it stored, and a warning says so.",
    ),
]


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
    """The URL given with --db (even empty: it is then refused, not replaced), else VIGIE_DB,
    else the SQLite default (crawler.settings, the one reader of the environment)."""
    url = settings.VIGIE_DATABASE_URL if explicit is None else explicit
    _keep_database(url)
    return url


# The files one command reads or writes, each with its role: a file given two roles (an
# output that is the database, or its write-ahead log, or an input, or another output) is
# refused before any work. One command a process; the root callback (cli/app.py) empties it.
roles: dict[Path, str] = {}


def take_role(path: Path, role: str) -> None:
    """Record what `path` is to this command; one line and exit 2 if it is already another."""
    where = path.resolve()
    held = roles.setdefault(where, role)
    if held != role:
        fail(f"{path}: it is {held} and {role}; give another file for one of them")


def _keep_database(url: str) -> None:
    from database import sqlite_path

    try:
        path = sqlite_path(url)
    except Exception:  # noqa: BLE001 - a URL that is not one is said when it is opened
        return
    if path is not None:  # SQLite writes beside its file: these are the database too
        for suffix in ("", "-wal", "-shm", "-journal"):
            take_role(Path(f"{path}{suffix}"), "the database")


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


def pick_run(
    engine: Engine,
    run: int | None,
    *,
    allow_incomplete: bool | None = None,
    option: str = "--run",
) -> int:
    """The crawl run a verb works on, by one rule.

    Without `run`, the latest finished run that stored sites; when there is none, one line says
    why (the newest run's state) and what to do. A named run must exist and have stored sites.
    A named run still running or interrupted: a verb that has --allow-incomplete (score,
    report: `allow_incomplete` is its value) refuses it unless the option is given; a verb
    without it (`allow_incomplete` None: export, rank, explain...) takes it. Either way, a
    warning on stderr says that its figures cover only the sites it stored."""
    from database.runs import run_state

    if run is None:
        latest = latest_run_id(engine)
        if latest is None:
            _no_default_run(engine, offers_allow=allow_incomplete is not None)
        return latest
    state = run_state(engine, run)
    if state is None:
        fail(f"{option} {run}: no such crawl run in this database; `vigie runs` lists them")
    if state.scanned == 0:
        fail(f"{option} {run}: run {run} stored no site ({state.status}): there is nothing to "
             "read; `vigie runs` lists the runs")  # fmt: skip
    if state.status == "finished":
        return run
    held = f"{state.scanned} of {state.targets} sites stored"
    if allow_incomplete is False:
        fail(f"Run {run} is {state.status} ({held}): {_finish_advice(state.id, state.status)}, "
             "or add --allow-incomplete to use what it holds.")  # fmt: skip
    errors.print(
        f"Warning: run {run} is {state.status} ({held}): its figures are partial, they cover "
        "those sites only."
    )
    return run


def _finish_advice(run_id: int, status: str) -> str:
    if status == "running":
        return (
            f"wait for it to finish (or, if its crawl was killed, resume it with `vigie crawl "
            f"--resume {run_id}`)"
        )
    return f"finish it with `vigie crawl --resume {run_id}`"


def _no_default_run(engine: Engine, offers_allow: bool) -> NoReturn:
    """Why no run is taken by default, and what to do, in one line."""
    from database.runs import newest_run

    newest = newest_run(engine)
    if newest is None:
        fail("No crawl run in this database: run `vigie crawl` first.")
    held = f"{newest.scanned} of {newest.targets} sites stored"
    if newest.status == "finished":  # finished, yet stored no site
        advice = "crawl again with `vigie crawl`"
    else:
        advice = _finish_advice(newest.id, newest.status)
    if newest.scanned:
        flag = " --allow-incomplete" if offers_allow else ""
        advice += f", or name it with --run {newest.id}{flag} to use what it holds"
    fail(
        f"No finished crawl run that stored sites in this database: the newest, run "
        f"{newest.id}, is {newest.status} ({held}); {advice}."
    )


def fail(message: str) -> NoReturn:
    """A usage error the user can fix: the message, and exit status 2."""
    from cli.main import one_line

    errors.print(one_line(message))
    raise typer.Exit(2)


def scope_or_exit(text: str) -> Scope:
    """The scope named by a --scope option, or the usage error that says what is wrong."""
    from database.scope import ScopeError, parse_scope

    try:
        scope = parse_scope(text)
    except ScopeError as error:
        fail(str(error))
    if scope.kind == "list" and scope.source:
        take_role(Path(scope.source), "the scope's list")
    return scope


ModelOption = Annotated[
    Path | None, typer.Option("--model", help="Scoring model TOML (default: the bundled one).")
]


MAX_ERRORS_SHOWN = 50


def ratio_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def no_score(code: str, run_id: int, scoring_model: Model) -> NoReturn:
    fail(
        f"No score for {code} in run {run_id} with model {scoring_model.version}: no authority "
        "has this code (INSEE or SIREN, as imported), or its site was not crawled (see its "
        "scan status), or `vigie score` was not run."
    )


def load_model_or_exit(path: Path | None) -> Model:
    from scoring.model import DEFAULT_MODEL, ModelError, load_model

    if path is not None:
        take_role(path, "the scoring model")
    try:
        return load_model(path or DEFAULT_MODEL)
    except ModelError as error:
        fail(f"Scoring model: {error}")


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


def output_file(path: Path, option: str) -> Path:
    """A file a verb will write, checked before the work: its folder exists, it is not one,
    and it is nothing else to this command (the database, an input, another output)."""
    take_role(path, f"the file of {option}")
    if path.is_dir():
        fail(f"{option} {path}: it is a folder; give a file name")
    if not path.parent.is_dir():
        fail(f"{option} {path}: no folder {path.parent}; create it first, or choose another")
    return path


def output_folder(path: Path, option: str) -> Path:
    """A folder a verb will write into (created with its parents when absent)."""
    if path.exists() and not path.is_dir():
        fail(f"{option} {path}: it is a file, not a folder; give a folder")
    return path


@contextmanager
def writing(path: Path, option: str) -> Iterator[None]:
    """A file that cannot be written (no such folder, a folder, no room) is one line, exit 2,
    that names the option."""
    try:
        yield
    except OSError as error:
        fail(f"{option} {path}: cannot write it ({error.strerror or error}); choose another file")


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A table as a UTF-8 CSV file (--csv of rank, compliance, query), and say so."""
    with writing(path, "--csv"), path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)
    console.print(f"Written: {path}")
