"""What every `vigie` verb shares: the consoles, the common options, the usage errors."""

from __future__ import annotations

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
