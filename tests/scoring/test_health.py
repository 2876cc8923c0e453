"""The health check between two runs (scoring/health.py, scoring/health_runs.py), on rows
inserted directly: which runs are compared, each figure with its n in both runs, small n
listed apart, pages per site in percent, extractor failures, and what cannot be compared."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from reports.thresholds import MIN_SITES as REPORTS_MIN_SITES
from scoring.health import MIN_SITES, Figure, compare_runs
from scoring.health_runs import HealthUsageError, RunNotFinished, choose_runs
from tests.scoring.health_rows import Planted, add_run, make_sites


@pytest.fixture
def sites(engine: Engine, tmp_path: Path) -> list[tuple[int, int]]:
    return make_sites(engine, tmp_path)


def figure(figures: list[Figure], family: str, name: str) -> Figure:
    return next(f for f in figures if (f.family, f.name) == (family, name))


def test_the_small_n_rule_is_the_reports_one() -> None:
    assert MIN_SITES == REPORTS_MIN_SITES


def test_status_shares_move_in_points_with_their_n(engine: Engine, sites: list) -> None:
    before = add_run(engine, sites, Planted(statuses={0: "timeout"}))
    after = add_run(engine, sites, Planted(statuses={i: "timeout" for i in range(5)}))
    health = compare_runs(engine, choose_runs(engine), max_shift=5)
    assert (health.pair.against.id, health.pair.run.id) == (before, after)
    timeout = figure(health.figures, "status", "timeout")
    assert (timeout.before, timeout.after, timeout.change) == (5.0, 25.0, 20.0)
    assert (timeout.count_before, timeout.n_before, timeout.count_after, timeout.n_after) == (
        1, 20, 5, 20)  # fmt: skip
    ok = figure(health.figures, "status", "ok")
    assert ok.change == pytest.approx(-20.0)
    # Both moved by 20 points; the largest first, then by name.
    assert [(f.family, f.name) for f in health.moved] == [("status", "ok"), ("status", "timeout")]
    assert not health.healthy


def test_a_move_within_the_threshold_is_healthy(engine: Engine, sites: list) -> None:
    add_run(engine, sites, Planted(statuses={0: "timeout"}))
    add_run(engine, sites, Planted(statuses={0: "timeout", 1: "timeout"}))  # +5 points
    assert compare_runs(engine, choose_runs(engine), max_shift=5).healthy  # not beyond 5
    assert not compare_runs(engine, choose_runs(engine), max_shift=4.9).healthy
    with pytest.raises(ValueError, match="--max-shift"):
        compare_runs(engine, choose_runs(engine), max_shift=-1)


def test_features_held_by_few_sites_in_both_runs_are_listed_apart(
    engine: Engine, sites: list
) -> None:
    features_before = {"rare.one": 1, "rare.gone": 4, "grows": 4, "common": 16}
    features_after = {"rare.one": 4, "rare.new": 2, "grows": 10, "common": 16}
    add_run(engine, sites, Planted(features=features_before))
    add_run(engine, sites, Planted(features=features_after))
    health = compare_runs(engine, choose_runs(engine), max_shift=5)
    apart = {f.name for f in health.apart}
    assert apart == {"rare.one", "rare.gone", "rare.new"}
    assert figure(health.figures, "feature", "rare.new").before == 0.0  # absent: held by none
    assert "fewer than 5 'ok' sites in both runs" in str(
        figure(health.figures, "feature", "rare.one").not_judged
    )
    grows = figure(health.figures, "feature", "grows")  # 4 then 10 holders: judged
    assert grows.not_judged is None
    assert (grows.before, grows.after, grows.n_before, grows.n_after) == (20.0, 50.0, 20, 20)
    assert [f.name for f in health.moved] == ["grows"]


def test_a_timed_feature_is_a_share_of_the_home_pages_downloaded_not_of_those_from_the_cache(
    engine: Engine, sites: list
) -> None:
    add_run(engine, sites, Planted(features={"quality.load_time": 20}))
    # A rerun whose 15 first home pages came from the HTTP cache: not timed, not slower.
    add_run(engine, sites, Planted(features={"quality.load_time": 5}, cached_sites=15))
    health = compare_runs(engine, choose_runs(engine), max_shift=5)
    timed = figure(health.figures, "feature", "quality.load_time")
    assert (timed.count_before, timed.n_before, timed.count_after, timed.n_after) == (
        20, 20, 5, 5)  # fmt: skip
    assert timed.change == 0.0
    assert timed.not_judged is None
    assert health.healthy
    add_run(engine, sites, Planted(features={"quality.load_time": 4}, cached_sites=16))
    few = figure(compare_runs(engine, choose_runs(engine)).figures, "feature", "quality.load_time")
    assert "fewer than 5 'ok' sites whose home page was downloaded" in str(few.not_judged)


def test_pages_per_ok_site_change_in_percent(engine: Engine, sites: list) -> None:
    add_run(engine, sites, Planted(pages=10))
    add_run(engine, sites, Planted(pages=10, pages_of={i: 4 for i in range(12)}))
    health = compare_runs(engine, choose_runs(engine), max_shift=5)
    median = figure(health.figures, "pages", "median")
    mean = figure(health.figures, "pages", "mean")
    assert (median.before, median.after, median.change) == (10.0, 4.0, -60.0)
    assert mean.after == pytest.approx((12 * 4 + 8 * 10) / 20)
    assert mean.change == pytest.approx(100 * (6.4 - 10) / 10)
    assert (median.n_before, median.n_after) == (20, 20)
    assert [f.name for f in health.moved] == ["median", "mean"]


def test_extractor_failures_are_a_share_of_the_pages_answered(engine: Engine, sites: list) -> None:
    add_run(engine, sites, Planted(failed_pages=0))
    add_run(engine, sites, Planted(failed_pages=6))  # 6 of 60 pages answered
    failed = figure(compare_runs(engine, choose_runs(engine)).figures, "extraction",
                    "extraction failed")  # fmt: skip
    assert (failed.count_before, failed.n_before, failed.count_after, failed.n_after) == (
        0, 60, 6, 60)  # fmt: skip
    assert failed.change == pytest.approx(10.0)
    assert failed.moved(5)


def test_a_run_whose_pages_were_pruned_has_no_known_extractor_failures(
    engine: Engine, sites: list
) -> None:
    add_run(engine, sites, Planted(page_rows=0))  # as `vigie prune` leaves it
    add_run(engine, sites, Planted(failed_pages=30))
    health = compare_runs(engine, choose_runs(engine))
    failed = figure(health.figures, "extraction", "extraction failed")
    assert failed.before is None
    assert failed.change is None
    assert "run 1 were pruned" in str(failed.not_judged)
    assert not failed.moved(5)
    assert health.healthy


def test_too_few_ok_sites_are_not_judged(engine: Engine, sites: list) -> None:
    add_run(engine, sites, Planted(features={"common": 3}, sites=4))
    add_run(engine, sites, Planted(features={"common": 4}, pages=30, sites=4))
    health = compare_runs(engine, choose_runs(engine))
    assert health.healthy
    # 4 scans, 4 'ok' sites: no share nor page figure is judged; the 12 pages answered are
    # enough for the extractors' failures.
    assert {f.family for f in health.apart} == {"status", "feature", "pages"}
    assert "fewer than 5 'ok' sites in a run" in str(
        figure(health.figures, "pages", "median").not_judged
    )


def test_a_partial_run_is_compared_with_its_base_run(engine: Engine, sites: list) -> None:
    base = add_run(engine, sites, Planted(statuses={0: "timeout"}))
    add_run(engine, sites, Planted())  # a later complete run
    partial = add_run(engine, sites, Planted(kind="partial", base_run_id=base))
    pair = choose_runs(engine)
    assert (pair.run.id, pair.against.id, pair.why) == (partial, base, "its base run")
    assert pair.run.selection == {"status": ["timeout"]}
    # Named, another run is taken as asked.
    assert choose_runs(engine, partial, 2).against.id == 2


def test_the_default_run_pair_skips_unfinished_runs(engine: Engine, sites: list) -> None:
    add_run(engine, sites, Planted())
    add_run(engine, sites, Planted(status="interrupted"))
    finished = add_run(engine, sites, Planted())
    newest = add_run(engine, sites, Planted(status="running", sites=3))
    pair = choose_runs(engine)
    assert (pair.run.id, pair.against.id, pair.why) == (finished, 1, "the previous finished run")
    assert pair.newer_unfinished is not None
    assert pair.newer_unfinished.id == newest
    assert f"run {newest}, newer, is running (3 of 20 sites stored)" in str(pair.warning)


def test_a_run_not_finished_is_not_compared(engine: Engine, sites: list) -> None:
    add_run(engine, sites, Planted())
    add_run(engine, sites, Planted(status="interrupted", sites=12))
    with pytest.raises(RunNotFinished, match=r"Run 2 is interrupted \(12 of 20 sites stored\)"):
        choose_runs(engine, 2)


@pytest.mark.parametrize(
    ("run", "against", "message"),
    [
        (9, None, "--run 9: no such crawl run"),
        (3, 7, "--against 7: no such crawl run"),
        (3, 3, "--against 3: run 3 is not before run 3"),
        (1, 3, "--against 3: run 3 is not before run 1"),
        (3, 2, "--against 2: run 2 stored no site"),
        (1, None, "Run 1 has no earlier finished run"),
    ],
)
def test_runs_that_cannot_be_compared_are_usage_errors(
    engine: Engine, sites: list, run: int, against: int | None, message: str
) -> None:
    add_run(engine, sites, Planted())
    add_run(engine, sites, Planted(sites=0))  # finished, yet stored nothing
    add_run(engine, sites, Planted())
    with pytest.raises(HealthUsageError, match=message.replace("(", r"\(")):
        choose_runs(engine, run, against)


def test_without_any_run_it_says_to_crawl(engine: Engine) -> None:
    with pytest.raises(HealthUsageError, match="No crawl run in this database"):
        choose_runs(engine)
