"""Scoring on hand-built cases: measures, axes and composite, ranks within strata, exclusion of
uncrawled sites, rank intervals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.orm import Session

from database.models import Authority, CrawlRun, FindingRow, Score, SiteScan, Website
from database.statuses import NOT_MEASURED
from scoring.compute import (
    indicator_drivers,
    indicator_matrix,
    percentile_normalise,
    score_peer_group,
    score_run,
    sensitivity,
)
from scoring.model import DERIVED_FEATURES, Model, ModelError, load_model
from scoring.ranking import not_ranked, rank
from scoring.uncertainty import competition_ranks

NOW = datetime(2026, 11, 1, tzinfo=UTC)
# A small model whose arithmetic can be done by hand: two axes of equal weight.
SMALL_MODEL = """
version = "small-1"
[uncertainty]
draws = 200
weight_spread = 0.5
seed = 3
[[axes]]
key = "a11y"
label = "Accessibilité"
weight = 1.0
[[axes]]
key = "trust"
label = "Confiance"
weight = 1.0
[[indicators]]
key = "mention"
label = "Mention"
axis = "a11y"
feature = "a11y.mention"
measure = "value"
values = { totalement = 1.0, partiellement = 0.5, non = 0.0 }
weight = 2.0
[[indicators]]
key = "audit"
label = "Audit récent"
axis = "a11y"
feature = "a11y.audit_date"
measure = "recency"
full_days = 365
zero_days = 1095
weight = 1.0
[[indicators]]
key = "readability"
label = "Lisibilité"
axis = "a11y"
feature = "readability.kandel_moles"
measure = "number"
low = 20.0
high = 70.0
missing = "skip"
weight = 1.0
[[indicators]]
key = "notice"
label = "Mentions légales"
axis = "trust"
feature = "legal.notice_url"
measure = "presence"
weight = 1.0
[[indicators]]
key = "social"
label = "Réseaux"
axis = "trust"
feature = "social."
measure = "count"
cap = 2
weight = 1.0
[[indicators]]
key = "no_tracker"
label = "Pas de traceur sans consentement"
axis = "trust"
feature = "trackers.without_consent"
measure = "absence"
weight = 2.0
"""
FULL = {
    "a11y.mention": "totalement",
    "a11y.audit_date": "2026-01-01",
    "readability.kandel_moles": "70",
    "legal.notice_url": "http://a.fr/ml",
    "social.facebook": "https://www.facebook.com/a",
    "social.x": "https://x.com/a",
}


@pytest.fixture
def model(tmp_path: Path) -> Model:
    path = tmp_path / "small.toml"
    path.write_text(SMALL_MODEL, encoding="utf-8")
    return load_model(path)


def build(engine: Engine, sites: list[tuple[str, str, str, dict[str, str]]]) -> int:
    """sites: (code, stratum, scan status, findings feature -> value); returns the run id."""
    with engine.begin() as connection:
        run_id = connection.execute(
            insert(CrawlRun).values(
                started_at=NOW, status="finished", settings={}, targets_count=len(sites)
            )
        ).inserted_primary_key[0]
        for code, stratum, status, findings in sites:
            authority = connection.execute(
                insert(Authority).values(
                    kind="commune",
                    code=code,
                    name=f"Commune {code}",
                    stratum=stratum,
                    source="csv",
                    updated_at=NOW,
                )
            ).inserted_primary_key[0]
            website = connection.execute(
                insert(Website).values(
                    authority_id=authority,
                    url=f"http://{code}.fr/",
                    host=f"{code}.fr",
                    is_primary=True,
                    source="csv",
                    updated_at=NOW,
                )
            ).inserted_primary_key[0]
            scan(connection, run_id, authority, website, code, status, findings)
    return int(run_id)


def scan(
    connection: Connection,
    run_id: int,
    authority: int,
    website: int,
    code: str,
    status: str,
    findings: dict[str, str],
) -> None:
    """One site's scan row and findings in a run."""
    connection.execute(
        insert(SiteScan).values(
            run_id=run_id,
            authority_id=authority,
            website_id=website,
            status=status,
            finished_at=NOW,
        )
    )
    for feature, value in findings.items():
        connection.execute(
            insert(FindingRow).values(
                run_id=run_id,
                authority_id=authority,
                website_id=website,
                feature=feature,
                value=value,
                evidence_url=f"http://{code}.fr/",
                snippet="<a>",
                detector="t/1",
            )
        )


def scores(engine: Engine) -> dict[str, tuple[float, int, int]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Authority.code, Score.score, Score.rank_in_stratum, Score.stratum_count).join(
                Score, Score.authority_id == Authority.id
            )
        )
        return {code: (score, rank, count) for code, score, rank, count in rows}


def stored(engine: Engine, code: str) -> Score:
    with Session(engine) as session:
        return session.scalars(
            select(Score)
            .join(Authority, Authority.id == Score.authority_id)
            .where(Authority.code == code)
        ).one()


def test_composite_by_hand(engine: Engine, model: Model) -> None:
    half = {
        "a11y.mention": "partiellement",
        # 730 days before the run's day (2026-11-01): halfway between 365 and 1095
        "a11y.audit_date": "2024-11-01",
        "social.facebook": "https://www.facebook.com/b",
        "trackers.without_consent": "google-analytics",
    }
    run = build(engine, [("10001", "0-499", "ok", FULL), ("10002", "0-499", "ok", half)])
    score_run(engine, run, model, now=NOW)
    assert scores(engine)["10001"][0] == 100.0
    # a11y: (2 × 0.5 + 1 × 0.5) / 3 (readability not measured: left out) = 50
    # trust: (1 × 0 + 1 × 1/2 + 2 × 0) / 4 = 12.5; composite (50 + 12.5) / 2
    assert scores(engine)["10002"][0] == 31.25
    row = stored(engine, "10002")
    assert row.axes == {"a11y": 50.0, "trust": 12.5}
    assert row.indicators == {
        "mention": 0.5,
        "audit": 0.5,
        "readability": None,
        "notice": 0.0,
        "social": 0.5,
        "no_tracker": 0.0,
    }


def test_ranks_are_within_the_stratum_and_ties_share_a_rank(engine: Engine, model: Model) -> None:
    run = build(
        engine,
        [
            ("20001", "0-499", "ok", FULL),
            ("20002", "0-499", "ok", FULL),
            ("20003", "0-499", "ok", {}),
            ("20004", "3500-9999", "ok", {"legal.notice_url": "http://x.fr/ml"}),
        ],
    )
    score_run(engine, run, model, now=NOW)
    got = scores(engine)
    assert [got[c][1:] for c in ("20001", "20002", "20003")] == [(1, 3), (1, 3), (3, 3)]
    assert got["20004"][1:] == (1, 1)


def test_sites_not_crawled_are_excluded_not_zero(engine: Engine, model: Model) -> None:
    run = build(
        engine,
        [
            ("30001", "0-499", "ok", {}),
            ("30002", "0-499", "dns_failure", {}),
            ("30003", "0-499", "robots_blocked", {}),
        ],
    )
    assert score_run(engine, run, model, now=NOW) == 1
    assert set(scores(engine)) == {"30001"}
    assert scores(engine)["30001"][1:] == (1, 1)


def test_rescoring_with_changed_weights_replaces_only_its_version(
    engine: Engine, tmp_path: Path, model: Model
) -> None:
    run = build(engine, [("40001", "0-499", "ok", {"legal.notice_url": "http://x.fr/ml"})])
    score_run(engine, run, model, now=NOW)
    changed = tmp_path / "mine.toml"
    changed.write_text(
        SMALL_MODEL.replace('version = "small-1"', 'version = "mine"').replace(
            'key = "notice"\nlabel = "Mentions légales"\naxis = "trust"\n'
            'feature = "legal.notice_url"\nmeasure = "presence"\nweight = 1.0',
            'key = "notice"\nlabel = "Mentions légales"\naxis = "trust"\n'
            'feature = "legal.notice_url"\nmeasure = "presence"\nweight = 5.0',
        ),
        encoding="utf-8",
    )
    for _ in range(2):
        score_run(engine, run, load_model(changed), now=NOW)
    with engine.connect() as connection:
        rows = {
            version: score
            for version, score in connection.execute(select(Score.model_version, Score.score))
        }
    # a11y 0 (nothing but an unmeasured readability); trust: notice 1, no tracker 2 of 4 / 8
    assert rows == {"small-1": round((0 + 100 * 3 / 4) / 2, 2), "mine": round(100 * 7 / 8 / 2, 2)}


def test_competition_ranking() -> None:
    assert competition_ranks(np.array([50.0, 80.0, 80.0, 10.0])).tolist() == [3, 1, 1, 4]


def test_percentile_normalisation_counts_ties_half_and_keeps_skips() -> None:
    matrix = np.array([[0.0, np.nan], [1.0, 0.2], [1.0, 0.9], [0.5, np.nan]])
    assert np.allclose(percentile_normalise(matrix)[:, 0], [0.125, 0.75, 0.75, 0.375])
    assert np.isnan(percentile_normalise(matrix)[[0, 3], 1]).all()
    assert np.allclose(percentile_normalise(matrix)[[1, 2], 1], [0.25, 0.75])


def test_rank_intervals_cover_the_rank_and_widen_only_where_weights_matter(
    engine: Engine, model: Model
) -> None:
    accessible = {"a11y.mention": "totalement", "a11y.audit_date": "2026-10-01"}
    trusted = {"legal.notice_url": "http://t.fr/ml", "social.facebook": "f", "social.x": "x"}
    run = build(
        engine,
        [
            ("50001", "0-499", "ok", FULL),  # best on every indicator
            ("50002", "0-499", "ok", {**accessible, "trackers.without_consent": "hotjar"}),
            ("50003", "0-499", "ok", {**trusted, "a11y.mention": "non"}),
            ("50004", "0-499", "ok", {"trackers.without_consent": "hotjar"}),  # worst everywhere
        ],
    )
    score_run(engine, run, model, now=NOW)
    rows = {code: stored(engine, code) for code in ("50001", "50002", "50003", "50004")}
    for row in rows.values():
        assert row.rank_low is not None
        assert row.rank_high is not None
        assert row.rank_low <= row.rank_in_stratum <= row.rank_high
    # Dominance survives any weights and normalisation: first and last stay so.
    assert (rows["50001"].rank_low, rows["50001"].rank_high) == (1, 1)
    assert (rows["50004"].rank_low, rows["50004"].rank_high) == (4, 4)
    # One strong on accessibility, the other on trust: the draws swap them.
    assert (rows["50002"].rank_low, rows["50002"].rank_high) == (2, 3)
    assert (rows["50003"].rank_low, rows["50003"].rank_high) == (2, 3)


def test_the_default_model_uses_only_documented_features() -> None:
    default = load_model()
    documented = (Path(__file__).resolve().parents[2] / "docs" / "features.md").read_text(
        encoding="utf-8"
    )
    # the social audience and the availability are derived by the score, not stored by the
    # crawl: docs/method.md
    method = (Path(__file__).resolve().parents[2] / "docs" / "method.md").read_text("utf-8")
    assert len(default.axes) == 6
    for indicator in default.indicators:
        where = method if indicator.feature in DERIVED_FEATURES else documented
        assert f"`{indicator.feature}" in where, indicator.feature


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "[[axes]]\nkey='a'\nlabel='A'\nweight=1\n[[indicators]]\nkey='i'\nlabel='I'\n"
            "axis='a'\nfeature='x'\nmeasure='magic'\nweight=1\n",
            "measure must be one of",
        ),
        (
            "[[axes]]\nkey='a'\nlabel='A'\nweight=1\n[[indicators]]\nkey='i'\nlabel='I'\n"
            "axis='b'\nfeature='x'\nmeasure='presence'\nweight=1\n",
            "axis 'b' is not one",
        ),
        (
            "[[axes]]\nkey='a'\nlabel='A'\nweight=1\n[[indicators]]\nkey='i'\nlabel='I'\n"
            "axis='a'\nfeature='x'\nmeasure='presence'\n",
            "missing weight",
        ),
        (
            "[[axes]]\nkey='a'\nlabel='A'\nweight=1\n[[indicators]]\nkey='i'\nlabel='I'\n"
            "axis='a'\nfeature='x'\nmeasure='recency'\nweight=1\nfull_days=9\nzero_days=3\n",
            "full_days < zero_days",
        ),
        ("[[axes]]\nkey='a'\nlabel='A'\nweight=1\n", "has no indicator with a positive"),
        ("version = '1'\n", "no \\[\\[axes\\]\\]"),
        ("version = \n", "Invalid"),
    ],
)
def test_broken_models_are_refused_with_the_reason(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "model.toml"
    path.write_text(content)
    with pytest.raises(ModelError, match=message):
        load_model(path)


def test_sensitivity_names_the_axis_and_indicator_that_decide(model: Model) -> None:
    # Three communes equal on trust, different on accessibility: accessibility decides.
    sites = [
        {"legal.notice_url": {"n"}, "a11y.mention": {"totalement"}},
        {"legal.notice_url": {"n"}, "a11y.mention": {"partiellement"}},
        {"legal.notice_url": {"n"}},
    ]
    matrix = indicator_matrix(model, sites, NOW.date())
    group = score_peer_group(model, [1, 2, 3], matrix)
    assert group.ranks.tolist() == [1, 2, 3]
    drivers = {driver.axis: driver for driver in sensitivity(model, [group])}
    assert drivers["a11y"].rank_shift > 0
    assert drivers["a11y"].correlation == 1.0
    assert drivers["trust"].correlation == 0.0  # the same for all: says nothing
    moves = dict(indicator_drivers(model, [group]))
    assert moves["Mention"] > 0
    assert moves["Mentions légales"] == 0.0


def test_ranks_and_percentiles_within_a_selection(engine: Engine, model: Model) -> None:
    run = build(
        engine,
        [
            ("80001", "0-499", "ok", FULL),
            ("80002", "3500-9999", "ok", {"legal.notice_url": "n"}),
            ("80003", "0-499", "ok", {}),
            ("80004", "0-499", "dns_failure", {}),
        ],
    )
    score_run(engine, run, model, now=NOW)
    ranked = rank(engine, run, model.version)  # the whole run: strata mixed
    assert [(r.code, r.rank, r.percentile) for r in ranked] == [
        ("80001", 1, 100.0),
        ("80002", 2, 50.0),
        ("80003", 3, 0.0),
    ]
    villages = rank(engine, run, model.version, stratum="0-499")
    assert [(r.code, r.rank, r.rank_in_stratum) for r in villages] == [
        ("80001", 1, 1),
        ("80003", 2, 2),
    ]
    assert not_ranked(engine, run, stratum="0-499") == {"dns_failure": 1}


@pytest.mark.parametrize("status", sorted(NOT_MEASURED))
def test_sites_not_measured_are_left_out_as_sites_not_crawled(
    engine: Engine, model: Model, status: str
) -> None:
    run = build(engine, [("31001", "0-499", "ok", FULL), ("31002", "0-499", status, {})])
    assert score_run(engine, run, model, now=NOW) == 1
    assert set(scores(engine)) == {"31001"}  # not scored as a site that lacks everything
    assert scores(engine)["31001"][1:] == (1, 1)  # nor ranked below the one measured
    assert not_ranked(engine, run) == {status: 1}
