"""`vigie movers` between two runs whose social accounts were read: each account's change in
followers, in French, observed or declared; an account unknown in either run shows nothing."""

from __future__ import annotations

from sqlalchemy import Engine
from typer.testing import CliRunner

from cli.app import app
from reports.french import NARROW_NBSP
from scoring.compute import score_run
from scoring.model import load_model
from tests.scoring.test_compute import NOW
from tests.scoring.test_history import two_runs_of_accounts


def test_movers_prints_the_change_in_followers_of_each_account(
    engine: Engine, database_url: str
) -> None:
    first, second = two_runs_of_accounts(engine)
    model = load_model()
    for run in (first, second):
        score_run(engine, run, model, now=NOW)
    result = CliRunner().invoke(
        app, ["movers", "--from", str(first), "--to", str(second), "--db", database_url]
    )
    assert result.exit_code == 0, result.output
    thousands = f"1{NARROW_NBSP}200 → 1{NARROW_NBSP}350"
    assert f"YouTube : {thousands} abonnés (+150)" in result.output
    assert "Facebook : 480 → 530 abonnés (+50, chiffres déclarés)" in result.output
    # the login-walled page of 72001 and the channel unreachable the second time: no line
    assert result.output.count("abonnés") == 2
    # 72003's channel, unreachable the second time: no follower line. Its score moves all the
    # same: the availability across runs is known from a second campaign (docs/method.md § 2).
    [line] = [line for line in result.output.splitlines() if "72003" in line]
    assert line.startswith("Commune 72003 (72003): score ")
