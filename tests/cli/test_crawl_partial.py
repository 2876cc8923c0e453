"""`vigie crawl --only/--status/--from-run` given wrong: one line that says what is wrong and
how to fix it, exit 2, no traceback, and no run made."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select

from database.models import Authority, CrawlRun, SiteScan
from database.targets import import_file
from tests.conftest import vigie

NOW = datetime(2026, 3, 2, tzinfo=UTC)


def add_run(engine: Engine, status: str, statuses: list[str]) -> int:
    """A run whose first authorities have scans of these statuses."""
    with engine.begin() as connection:
        run_id = connection.execute(
            insert(CrawlRun).values(started_at=NOW, status=status, settings={}, targets_count=4)
        ).inserted_primary_key[0]  # type: ignore[index]
        authorities = connection.execute(select(Authority.id).order_by(Authority.id)).scalars()
        for authority_id, scan_status in zip(authorities, statuses, strict=False):
            connection.execute(
                insert(SiteScan).values(
                    run_id=run_id, authority_id=authority_id, status=scan_status, finished_at=NOW
                )
            )
    return int(run_id)


@pytest.fixture
def targets(engine: Engine, tmp_path: Path) -> Engine:
    path = tmp_path / "targets.csv"
    path.write_text(
        "code,name,kind,url,population\n"
        "01001,Une,commune,http://une.fr/,100\n01002,Deux,commune,http://deux.fr/,100\n"
        "44,Loire-Atlantique,departement,http://loire-atlantique.fr/,\n"
        "44,Grand Est,region,http://grandest.fr/,\n",
        encoding="utf-8",
    )
    import_file(engine, path)
    return engine


def refused(engine: Engine, database_url: str, *options: str) -> str:
    """The one line `vigie crawl OPTIONS` says on its error output; no run is made."""
    with engine.connect() as connection:
        runs = connection.execute(select(func.count()).select_from(CrawlRun)).scalar_one()
    result = vigie("crawl", "--db", database_url, *options, check=False)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert result.stdout.strip() == ""  # no progress bar drawn for a crawl that never started
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(CrawlRun)).scalar_one() == runs
    return lines[0]


def test_without_a_finished_run_there_is_nothing_to_base_on(
    targets: Engine, database_url: str
) -> None:
    add_run(targets, "interrupted", ["ok"])
    said = refused(targets, database_url, "--only", "01001")
    assert said.startswith("no finished run to base a partial run on: run a complete crawl")


WRONG = [
    (("--only", "99999,01001"), "--only: no authority with code 99999; find codes with: vigie query"),
    (("--only", "44"), "--only: code 44 is shared by 2 kinds: write departement:44 or region:44"),
    (("--only", "canton:44"), "--only: unknown kind 'canton' in 'canton:44'; kinds: commune, epci"),
    (("--only", ","), "--only: '' names no code"),
    (("--status", "timout"), "--status: unknown status 'timout'; the statuses are ok, no_website,"),
    (("--status", "parked"), "the selection --status parked matches no active authority of run 1 "
                             "(its scans' statuses: ok 3, timeout 1)"),
    (("--only", "01001", "--resume", "1"), "--only and --status start a new partial run, "
                                           "--resume 1 continues one as it was made"),
    (("--from-run", "1"), "--from-run names the run a partial run carries from: give --only"),
    (("--only", "01001", "--from-run", "9"), "--from-run 9: no such run (vigie runs lists them)"),
    (("--only", "01001", "--from-run", "2"), "--from-run 2: the run is interrupted, not "
                                             "finished: finish it first (vigie crawl --resume 2)"),
    (("--only", "01001", "--from-run", "3"), "--from-run 3: the run stored no site; name another"),
]  # fmt: skip


@pytest.mark.parametrize(("options", "said"), WRONG)
def test_a_wrong_selection_is_one_line_and_exit_2(
    targets: Engine, database_url: str, options: tuple[str, ...], said: str
) -> None:
    add_run(targets, "finished", ["ok", "ok", "ok", "timeout"])
    add_run(targets, "interrupted", ["ok"])
    add_run(targets, "finished", [])
    assert said in refused(targets, database_url, *options)
