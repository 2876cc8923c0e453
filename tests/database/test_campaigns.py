"""A complete run and the partial runs correcting it are one campaign: the previous campaign
of a partial run is the one before the run it corrects, and an authority's history shows one
point per campaign, the correction standing for the run it corrects, dated by the campaign."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert

from database import open_database
from database.campaigns import Lineage, read_lineage
from database.models import Authority, CrawlRun, Score
from database.scope import Scope
from reports.french import long_date
from reports.synthesis_data import previous_run
from reports.website.history import read_history

MODEL = "vigie-test"
JANUARY = datetime(2026, 1, 5, tzinfo=UTC)
FEBRUARY = datetime(2026, 2, 2, tzinfo=UTC)
FEBRUARY_FIX = datetime(2026, 2, 20, tzinfo=UTC)
FEBRUARY_FIX_AGAIN = datetime(2026, 2, 25, tzinfo=UTC)


def test_a_partial_runs_root_is_the_complete_run_it_corrects_through_partials_of_partials() -> None:
    lineage = Lineage(
        bases={1: None, 2: None, 3: 2, 4: 3, 5: 99},
        starts={1: JANUARY, 2: FEBRUARY, 3: FEBRUARY_FIX, 4: FEBRUARY_FIX_AGAIN, 5: FEBRUARY},
    )
    assert [lineage.root(run) for run in (1, 2, 3, 4)] == [1, 2, 2, 2]
    assert lineage.root(5) == 5  # its base was removed: the chain ends at the run itself
    assert lineage.campaign_start(4) == FEBRUARY
    assert lineage.latest_of_each_campaign([1, 2, 3]) == {1, 3}
    assert lineage.latest_of_each_campaign([1, 2, 3, 4]) == {1, 4}


def _database(tmp_path: Path) -> tuple[Engine, int]:
    engine = open_database(f"sqlite:///{tmp_path / 'vigie.db'}")
    with engine.begin() as connection:
        authority = connection.execute(
            insert(Authority).values(
                kind="commune", code="44109", name="Nantes", departement_code="44",
                region_code="52", source="test", updated_at=JANUARY,
            )
        ).inserted_primary_key[0]  # fmt: skip
        runs = [(1, JANUARY, "complete", None), (2, FEBRUARY, "complete", None),
                (3, FEBRUARY_FIX, "partial", 2)]  # fmt: skip
        for run_id, started, kind, base in runs:
            connection.execute(
                insert(CrawlRun).values(
                    id=run_id, started_at=started, finished_at=started, status="finished",
                    settings={}, kind=kind, base_run_id=base,
                )
            )  # fmt: skip
            connection.execute(
                insert(Score).values(
                    run_id=run_id, authority_id=authority, model_version=MODEL, score=50.0,
                    stratum="100000+", rank_in_stratum=1, stratum_count=1, indicators={},
                    computed_at=started,
                )
            )  # fmt: skip
    return engine, int(authority)


def test_the_previous_campaign_of_a_partial_run_is_the_one_before_its_base(tmp_path: Path) -> None:
    engine, _ = _database(tmp_path)
    national = Scope("national")
    assert previous_run(engine, 3, MODEL, national) == 1
    assert previous_run(engine, 2, MODEL, national) == 1
    with engine.connect() as connection:
        assert read_lineage(connection).root(3) == 2
    engine.dispose()


def test_an_authoritys_history_shows_the_correction_in_place_of_the_run_it_corrects(
    tmp_path: Path,
) -> None:
    engine, authority = _database(tmp_path)
    points = read_history(engine, 3, MODEL, Scope("national"))[authority]
    engine.dispose()
    assert [point.run_id for point in points] == [1, 3]
    assert points[1].day == long_date(FEBRUARY)
