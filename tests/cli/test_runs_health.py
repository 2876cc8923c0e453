"""`vigie runs --health` as a scheduler sees it: exit 0 when nothing moved beyond --max-shift,
1 when something did or the run is not finished, 2 with one line for a usage error; and
`vigie runs` showing each run's kind. The figures themselves: tests/scoring/test_health.py;
on a crawled farm with a planted outage: tests/cli/test_health_farm.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from cli.app import app
from tests.scoring.health_rows import Planted, add_run, make_sites


@pytest.fixture
def sites(engine: Engine, tmp_path: Path) -> list[tuple[int, int]]:
    return make_sites(engine, tmp_path)


def health(database_url: str, *arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["runs", "--db", database_url, *arguments])
    return result.exit_code, result.stdout, result.stderr


def test_nothing_moved_exits_0_with_a_one_line_verdict(
    engine: Engine, database_url: str, sites: list
) -> None:
    add_run(engine, sites, Planted(statuses={0: "timeout"}, features={"common": 12}))
    add_run(engine, sites, Planted(statuses={0: "timeout"}, features={"common": 12}))
    code, out, err = health(database_url, "--health")
    assert code == 0, out + err
    lines = out.strip().splitlines()
    assert lines[0].startswith("Run 2 (complete) against run 1 (complete), the previous")
    assert lines[-1].startswith("Verdict: healthy, none of")
    assert "Moved" not in out
    assert err == ""


def test_a_move_exits_1_largest_first(engine: Engine, database_url: str, sites: list) -> None:
    add_run(engine, sites, Planted(statuses={0: "timeout"}, features={"common": 12}))
    add_run(engine, sites, Planted(statuses={i: "timeout" for i in range(4)},
                                   features={"common": 14, "rare": 2}))  # fmt: skip
    code, out, _ = health(database_url, "--health", "--max-shift", "5")
    assert code == 1
    lines = out.strip().splitlines()
    moved = lines[lines.index("Moved beyond 5, largest first:") + 1 :]
    # 'common': 12 of 19 -> 14 of 16 'ok' sites, +24.3 points; statuses: 15 points each.
    assert (
        moved[0]
        == "  'ok' sites with common: 63.2 % → 87.5 % (+24.3 points; 12 of 19 → 14 of 16 sites)"
    )
    assert (
        moved[1]
        == "  share of scans with status ok: 95.0 % → 80.0 % (−15.0 points; 19 of 20 → 16 of 20 scans)"
    )
    assert moved[2].startswith("  share of scans with status timeout: 5.0 % → 20.0 % (+15.0")
    assert "Not judged, held by fewer than 5 'ok' sites in both runs" in out
    assert "rare (0 → 2)" in out
    assert lines[-1].startswith("Verdict: 3 of ")
    assert "moved beyond 5 from run 1 to run 2" in lines[-1]


def test_json_for_machines(engine: Engine, database_url: str, sites: list) -> None:
    add_run(engine, sites, Planted())
    add_run(engine, sites, Planted(pages=20))
    code, out, _ = health(database_url, "--health", "--json")
    document = json.loads(out)
    assert code == 1
    assert document["exit_code"] == 1
    assert document["verdict"] == "moved"
    assert (document["run"]["id"], document["against"]["id"]) == (2, 1)
    median = next(f for f in document["moved"] if f["name"] == "median")
    assert (median["before"], median["after"], median["change"], median["unit"]) == (
        10.0, 20.0, 100.0, "percent")  # fmt: skip
    assert (median["n_before"], median["n_after"]) == (20, 20)


def test_a_run_not_finished_exits_1_and_says_why(
    engine: Engine, database_url: str, sites: list
) -> None:
    add_run(engine, sites, Planted())
    add_run(engine, sites, Planted(status="interrupted", sites=7))
    code, out, _ = health(database_url, "--health", "--run", "2")
    assert code == 1
    assert out.strip() == (
        "Verdict: not checked. Run 2 is interrupted (7 of 20 sites stored): not finished, "
        "nothing compared; finish it with `vigie crawl --resume 2`, then check again."
    )
    code, out, _ = health(database_url, "--health", "--run", "2", "--json")
    assert code == 1
    assert json.loads(out)["verdict"] == "not finished"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--run", "8"], "--run 8: no such crawl run in this database"),
        (["--against", "3"], "--against 3: run 3 is not before run 3"),
        (["--against", "2"], "--against 2: run 2 stored no site"),
        (["--max-shift", "-1"], "--max-shift -1: give a number of points"),
        (["--max-shift", "nan"], "--max-shift nan"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    engine: Engine, database_url: str, sites: list, arguments: list[str], message: str
) -> None:
    add_run(engine, sites, Planted())
    add_run(engine, sites, Planted(sites=0))
    add_run(engine, sites, Planted())
    code, out, err = health(database_url, "--health", *arguments)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert message in err
    assert "Traceback" not in out + err


def test_health_options_without_health_are_refused(database_url: str, engine: Engine) -> None:
    code, _, err = health(database_url, "--max-shift", "3")
    assert code == 2
    assert "--max-shift: only with --health" in err


def test_the_listing_shows_each_runs_kind(engine: Engine, database_url: str, sites: list) -> None:
    add_run(engine, sites, Planted())
    add_run(engine, sites, Planted(kind="partial", base_run_id=1))
    code, out, _ = health(database_url)
    assert code == 0
    newest, oldest = out.strip().splitlines()
    assert ", finished, partial of 1 (status timeout); 20 targets" in newest
    assert ", finished, complete; 20 targets" in oldest
