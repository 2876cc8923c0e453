"""What every `vigie` verb shares: the consoles, the common options, the usage errors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from sqlalchemy import Engine

from crawler.db.repository import latest_run_id

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
        overrides[name.strip()] = value
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
