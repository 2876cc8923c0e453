"""Which run a verb takes (cli.common.pick_run, one rule): by default the latest finished run
that stored sites; a named run still running or interrupted is refused by score and report
unless told, taken with a warning by the other verbs; an empty or unknown run never."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from sqlalchemy import Engine, insert, select
from typer.testing import CliRunner

from cli.app import app
from cli.common import pick_run
from database.models import Authority, CrawlRun, SiteScan
from database.targets import import_file

NOW = datetime(2026, 1, 5, tzinfo=UTC)


def add_run(engine: Engine, status: str, sites: int) -> int:
    with engine.begin() as connection:
        run_id = connection.execute(
            insert(CrawlRun).values(started_at=NOW, status=status, settings={}, targets_count=2)
        ).inserted_primary_key[0]  # type: ignore[index]
        authorities = connection.execute(select(Authority.id).order_by(Authority.id)).scalars()
        for authority_id in list(authorities)[:sites]:
            connection.execute(
                insert(SiteScan).values(
                    run_id=run_id, authority_id=authority_id, status="ok", finished_at=NOW
                )
            )
    return int(run_id)


@pytest.fixture
def targets(engine: Engine, tmp_path: Path) -> Engine:
    path = tmp_path / "targets.csv"
    path.write_text(
        "code,name,kind,url,population\n"
        "01001,Une,commune,http://une.fr/,100\n01002,Deux,commune,http://deux.fr/,100\n",
        encoding="utf-8",
    )
    import_file(engine, path)
    return engine


def test_the_default_run_is_the_latest_finished_one_with_sites(targets: Engine) -> None:
    finished = add_run(targets, "finished", 2)
    add_run(targets, "finished", 0)  # a crawl of nothing
    add_run(targets, "interrupted", 1)
    add_run(targets, "running", 0)  # a crawl killed before it stored anything
    assert pick_run(targets, None) == finished
    assert pick_run(targets, None, allow_incomplete=False) == finished


def test_without_any_run_one_line_says_to_crawl(
    targets: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(typer.Exit) as exit_:
        pick_run(targets, None)
    assert exit_.value.exit_code == 2
    assert capsys.readouterr().err.strip() == (
        "No crawl run in this database: run `vigie crawl` first."
    )


@pytest.mark.parametrize(
    ("status", "sites", "allow", "said", "not_said"),
    [
        ("interrupted", 1, False, ["run 1, is interrupted (1 of 2 sites stored)",
                                   "vigie crawl --resume 1", "--run 1 --allow-incomplete"], []),
        ("interrupted", 1, None, ["vigie crawl --resume 1", "--run 1 to use"],
         ["--allow-incomplete"]),
        ("running", 1, None, ["is running (1 of 2 sites stored)", "wait for it to finish"], []),
        ("interrupted", 0, False, ["(0 of 2 sites stored)", "vigie crawl --resume 1"],
         ["--run", "--allow-incomplete"]),
        ("finished", 0, None, ["is finished (0 of 2 sites stored)", "vigie crawl"], ["--run"]),
    ],
)  # fmt: skip
def test_without_a_finished_run_one_line_names_the_newest_and_what_to_do(
    targets: Engine,
    capsys: pytest.CaptureFixture[str],
    status: str,
    sites: int,
    allow: bool | None,
    said: list[str],
    not_said: list[str],
) -> None:
    add_run(targets, status, sites)
    with pytest.raises(typer.Exit) as exit_:
        pick_run(targets, None, allow_incomplete=allow)
    assert exit_.value.exit_code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "None" not in err
    assert "No finished crawl run that stored sites in this database" in err
    for piece in said:
        assert piece in err
    for piece in not_said:
        assert piece not in err


def test_a_named_run_by_the_one_rule(targets: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    finished = add_run(targets, "finished", 2)
    interrupted = add_run(targets, "interrupted", 1)
    empty = add_run(targets, "running", 0)
    assert pick_run(targets, finished, allow_incomplete=False) == finished
    assert capsys.readouterr().err == ""
    # score and report (they have --allow-incomplete): refused unless told.
    with pytest.raises(typer.Exit):
        pick_run(targets, interrupted, allow_incomplete=False)
    assert "Run 2 is interrupted (1 of 2 sites stored)" in capsys.readouterr().err
    assert pick_run(targets, interrupted, allow_incomplete=True) == interrupted
    assert "Warning: run 2 is interrupted (1 of 2 sites stored)" in capsys.readouterr().err
    # The other verbs that read take it, with the same warning, one line.
    assert pick_run(targets, interrupted) == interrupted
    warned = capsys.readouterr().err.strip().splitlines()
    assert len(warned) == 1
    assert "figures are partial" in warned[0]
    # A run that stored no site, and a run that does not exist: always refused, one line.
    for allow in (True, False, None):
        with pytest.raises(typer.Exit):
            pick_run(targets, empty, allow_incomplete=allow)
        assert "run 3 stored no site" in capsys.readouterr().err
        with pytest.raises(typer.Exit) as exit_:
            pick_run(targets, 9, allow_incomplete=allow)
        assert exit_.value.exit_code == 2
        assert capsys.readouterr().err.strip() == (
            "--run 9: no such crawl run in this database; `vigie runs` lists them"
        )
    with pytest.raises(typer.Exit):
        pick_run(targets, 9, option="--from")
    assert capsys.readouterr().err.startswith("--from 9: no such crawl run")


@pytest.mark.parametrize("verb", [["score"], ["report", "--out", "deck.pptx"]], ids=" ".join)
def test_the_verbs_say_so_and_exit_2(targets: Engine, database_url: str, verb: list[str]) -> None:
    add_run(targets, "interrupted", 1)
    result = CliRunner().invoke(app, [*verb, "--db", database_url, "--run", "1"])
    assert result.exit_code == 2
    assert "add --allow-incomplete" in result.output


@pytest.mark.parametrize(
    "verb",
    [["rank"], ["export", "--out", "e.csv"], ["compliance"], ["territories"],
     ["movers", "--from", "1", "--to", "2"]],
    ids=" ".join,
)  # fmt: skip
def test_the_other_reading_verbs_take_an_incomplete_run_with_a_warning(
    targets: Engine, database_url: str, verb: list[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    add_run(targets, "finished", 2)
    add_run(targets, "interrupted", 1)
    run = [] if verb[0] == "movers" else ["--run", "2"]
    result = CliRunner().invoke(app, [*verb, "--db", database_url, *run])
    assert "Warning: run 2 is interrupted (1 of 2 sites stored)" in result.output
    assert "--allow-incomplete" not in result.output


def test_prune_keeps_the_latest_finished_runs_and_never_a_running_one(
    targets: Engine, database_url: str
) -> None:
    from sqlalchemy import func

    from database.models import PageRow, Website

    with targets.connect() as connection:
        website = connection.execute(select(Website.id)).scalars().first()
    runs = {status: add_run(targets, status, 1) for status in ("running", "finished")}
    runs["interrupted"] = add_run(targets, "interrupted", 1)
    runs["kept"] = add_run(targets, "finished", 1)
    runs["newer running"] = add_run(targets, "running", 0)
    with targets.begin() as connection:
        for run_id in runs.values():
            connection.execute(insert(PageRow).values(
                run_id=run_id, website_id=website, requested_url=f"http://une.fr/{run_id}",
                final_url=f"http://une.fr/{run_id}", http_status=200, fetched_at=NOW))  # fmt: skip
    result = CliRunner().invoke(app, ["prune", "--db", database_url, "--keep-last", "2"])
    assert result.exit_code == 0, result.output
    assert "run 1" not in result.output  # running: never pruned
    assert "Nothing to prune" in result.output  # run 2 and run 4 are the two kept
    result = CliRunner().invoke(app, ["prune", "--db", database_url, "--keep-last", "1", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Deleted 2 page records (run 2: 1, run 3: 1)" in result.output
    with targets.connect() as connection:
        left = connection.execute(select(PageRow.run_id).order_by(PageRow.run_id)).scalars()
        assert list(left) == [1, 4, 5]
        assert connection.execute(select(func.count()).select_from(PageRow)).scalar() == 3
    result = CliRunner().invoke(app, ["prune", "--db", database_url, "--keep-last", "3"])
    assert "Nothing to prune: 2 finished runs stored sites" in result.output
