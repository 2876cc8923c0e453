"""Two runs compared (movers, findings that appeared or disappeared, sites that came or went),
and communes aggregated by territory."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, update

from database.models import Authority, CrawlRun, Score, Website
from scoring.compute import score_run
from scoring.history import movers
from scoring.model import Model, load_model
from scoring.territories import territories
from tests.scoring.test_audience import FACEBOOK, YOUTUBE, declared, seen
from tests.scoring.test_compute import FULL, NOW, SMALL_MODEL, build, scan


@pytest.fixture
def model(tmp_path: Path) -> Model:
    path = tmp_path / "small.toml"
    path.write_text(SMALL_MODEL, encoding="utf-8")
    return load_model(path)


def next_run(engine: Engine, sites: dict[str, tuple[str, dict[str, str]]]) -> int:
    """A later run over the same authorities: code -> (scan status, findings)."""
    with engine.begin() as connection:
        run_id = connection.execute(
            insert(CrawlRun).values(
                started_at=NOW, status="finished", settings={}, targets_count=len(sites)
            )
        ).inserted_primary_key[0]
        for code, (status, findings) in sites.items():
            authority = connection.execute(
                select(Authority.id).where(Authority.code == code)
            ).scalar_one()
            website = connection.execute(
                select(Website.id).where(Website.authority_id == authority)
            ).scalar_one()
            scan(connection, run_id, authority, website, code, status, findings)
    return int(run_id)


def test_movers_between_two_runs(engine: Engine, model: Model) -> None:
    lost_notice = {k: v for k, v in FULL.items() if k != "legal.notice_url"}
    first = build(
        engine,
        [
            ("70001", "0-499", "ok", FULL),
            ("70002", "0-499", "ok", {"a11y.mention": "non"}),
            ("70003", "0-499", "ok", {"legal.notice_url": "http://70003.fr/ml"}),
            ("70004", "0-499", "ok", {}),
        ],
    )
    second = next_run(
        engine,
        {
            "70001": ("ok", lost_notice),  # lost its legal notice
            "70002": ("ok", {"a11y.mention": "totalement"}),  # declared full conformity
            "70003": ("dns_failure", {}),  # site gone
            "70004": ("ok", {}),  # unchanged
        },
    )
    for run in (first, second):
        score_run(engine, run, model, now=NOW)
    changed = {m.code: m for m in movers(engine, first, second, model.version)}
    assert set(changed) == {"70001", "70002", "70003"}
    assert changed["70001"].disappeared == [("legal.notice_url", "http://a.fr/ml")]
    assert changed["70001"].delta is not None
    assert changed["70001"].delta < 0
    assert changed["70002"].appeared == [("a11y.mention", "totalement")]
    assert changed["70002"].disappeared == [("a11y.mention", "non")]
    assert changed["70002"].delta is not None
    assert changed["70002"].delta > 0
    gone = changed["70003"]
    assert (gone.status_before, gone.status_after, gone.delta) == ("ok", "dns_failure", None)
    order = [m.code for m in movers(engine, first, second, model.version)]
    assert order[-1] == "70003"  # no score to compare: after those that moved


def test_a_new_load_time_is_no_finding_that_appeared(engine: Engine, model: Model) -> None:
    first = build(engine, [("70011", "0-499", "ok", {"quality.load_time": "640"})])
    second = next_run(engine, {"70011": ("ok", {"quality.load_time": "710"})})
    for run in (first, second):
        score_run(engine, run, model, now=NOW)
    assert movers(engine, first, second, model.version) == []  # a clock reading, not a change


def test_communes_aggregated_by_departement(engine: Engine, model: Model) -> None:
    run = build(
        engine,
        [
            ("44001", "0-499", "ok", FULL),
            ("44002", "0-499", "ok", {"a11y.mention": "non"}),
            ("44003", "0-499", "dns_failure", {}),
            ("35001", "0-499", "ok", {}),
        ],
    )
    with engine.begin() as connection:
        for code in ("44001", "44002", "44003", "35001"):
            connection.execute(
                update(Authority).where(Authority.code == code).values(departement_code=code[:2])
            )
    score_run(engine, run, model, now=NOW)
    frame = territories(engine, run, model.version, "departement")
    assert frame.loc["44", "communes"] == 3
    assert frame.loc["44", "crawled"] == 2  # the dead site is not in the shares
    assert frame.loc["44", "accessibility mention (%)"] == 100.0
    assert frame.loc["44", "legal notice (%)"] == 50.0
    assert frame.loc["35", "legal notice (%)"] == 0.0
    with engine.connect() as connection:
        scores = dict(
            connection.execute(
                select(Authority.code, Score.score).join(Score, Score.authority_id == Authority.id)
            ).all()
        )
    assert frame.loc["44", "median score"] == round((scores["44001"] + scores["44002"]) / 2, 1)


def test_a_site_not_measured_lost_no_finding_and_leaves_the_shares(
    engine: Engine, model: Model
) -> None:
    first = build(
        engine,
        [("71001", "0-499", "ok", FULL), ("71002", "0-499", "ok", {"a11y.mention": "non"})],
    )
    second = next_run(engine, {"71001": ("render_failed", {}), "71002": ("ok", {})})
    for run in (first, second):
        score_run(engine, run, model, now=NOW)
    changed = {m.code: m for m in movers(engine, first, second, model.version)}
    unmeasured = changed["71001"]
    assert (unmeasured.status_before, unmeasured.status_after) == ("ok", "render_failed")
    assert (unmeasured.disappeared, unmeasured.delta) == ([], None)  # not seen, not lost
    assert changed["71002"].disappeared == [("a11y.mention", "non")]  # seen twice: lost
    with engine.begin() as connection:
        connection.execute(update(Authority).values(departement_code="71"))
    frame = territories(engine, second, model.version, "departement")
    assert (frame.loc["71", "communes"], frame.loc["71", "crawled"]) == (2, 1)
    assert frame.loc["71", "legal notice (%)"] == 0.0  # of the one measured site only


def two_runs_of_accounts(engine: Engine) -> tuple[int, int]:
    """Two runs over the same three sites and social accounts, `vigie social` run on both:
    the YouTube channel of 72001 gained 150 followers, its Facebook page stayed behind a
    login wall; 72002's owner declared its Facebook followers each time; 72003's channel was
    read in the first run only."""
    sites = {
        "72001": {"social.facebook": FACEBOOK.format(1), "social.youtube": YOUTUBE.format(1)},
        "72002": {"social.facebook": FACEBOOK.format(2)},
        "72003": {"social.youtube": YOUTUBE.format(3)},
    }
    first = build(engine, [(code, "0-499", "ok", found) for code, found in sites.items()])
    second = next_run(engine, {code: ("ok", found) for code, found in sites.items()})
    for run, youtube, declared_followers in ((first, 1200, 480), (second, 1350, 530)):
        seen(engine, run, "72001", FACEBOOK.format(1), login_wall=True)
        seen(engine, run, "72001", YOUTUBE.format(1), followers=youtube)
        seen(engine, run, "72002", FACEBOOK.format(2), login_wall=True)
        declared(engine, run, "72002", FACEBOOK.format(2), followers=declared_followers)
    seen(engine, first, "72003", YOUTUBE.format(3), followers=75)
    seen(engine, second, "72003", YOUTUBE.format(3), reachable=False)
    return first, second


def test_followers_that_changed_are_movers_and_an_unknown_is_no_change(
    engine: Engine, model: Model
) -> None:
    first, second = two_runs_of_accounts(engine)
    for run in (first, second):
        score_run(engine, run, model, now=NOW)
    changed = {m.code: m for m in movers(engine, first, second, model.version)}
    (youtube,) = changed["72001"].followers  # the login-walled page is not listed
    assert (youtube.platform, youtube.before, youtube.after, youtube.delta) == (
        "youtube",
        1200,
        1350,
        150,
    )
    assert (youtube.declared_before, youtube.declared_after) == (False, False)  # observed
    (facebook,) = changed["72002"].followers
    assert (facebook.before, facebook.after, facebook.declared_after) == (480, 530, True)
    # read, then unreachable: unknown in the second run, so no change, and nothing else moved
    assert "72003" not in changed
