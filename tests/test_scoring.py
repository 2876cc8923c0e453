"""Scoring on hand-built cases: the composite, ranks within strata, exclusion of uncrawled sites."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select

from crawler.db.models import Authority, CrawlRun, Finding, Score, SiteScan, Website
from scoring.compute import competition_ranks, score_run
from scoring.model import DEFAULT_MODEL, ModelError, load_model

NOW = datetime(2026, 11, 1, tzinfo=UTC)
FULL = {
    "a11y.mention": "totalement",
    "a11y.statement_url": "http://a.fr/accessibilite",
    "legal.notice_url": "http://a.fr/ml",
    "legal.privacy_url": "http://a.fr/pc",
    "social.facebook": "https://www.facebook.com/a",
    "social.x": "https://x.com/a",
    "social.youtube": "https://www.youtube.com/@a",
}


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
                    insert(Finding).values(
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
    return int(run_id)


def scores(engine: Engine) -> dict[str, tuple[float, int, int]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Authority.code, Score.score, Score.rank_in_stratum, Score.stratum_count).join(
                Score, Score.authority_id == Authority.id
            )
        )
        return {code: (score, rank, count) for code, score, rank, count in rows}


def test_composite_by_hand(engine: Engine) -> None:
    run = build(
        engine,
        [
            ("10001", "0-499", "ok", FULL),
            (
                "10002",
                "0-499",
                "ok",
                {"a11y.mention": "partiellement", "social.facebook": "https://www.facebook.com/b"},
            ),
            ("10003", "0-499", "ok", {}),
        ],
    )
    score_run(engine, run, load_model(), now=NOW)
    # weights: mention 2, level 1, statement 2, notice 1.5, privacy 1.5, social 2 (of 3 platforms)
    assert scores(engine)["10001"][0] == 100.0
    assert scores(engine)["10002"][0] == round(100 * (2 + 0.5 + 2 / 3) / 10, 2)
    assert scores(engine)["10003"][0] == 0.0


def test_ranks_are_within_the_stratum_and_ties_share_a_rank(engine: Engine) -> None:
    run = build(
        engine,
        [
            ("20001", "0-499", "ok", FULL),
            ("20002", "0-499", "ok", FULL),
            ("20003", "0-499", "ok", {}),
            ("20004", "3500-9999", "ok", {"legal.notice_url": "http://x.fr/ml"}),
        ],
    )
    score_run(engine, run, load_model(), now=NOW)
    got = scores(engine)
    assert [got[c][1:] for c in ("20001", "20002", "20003")] == [(1, 3), (1, 3), (3, 3)]
    assert got["20004"][1:] == (1, 1)


def test_sites_not_crawled_are_excluded_not_zero(engine: Engine) -> None:
    run = build(
        engine,
        [
            ("30001", "0-499", "ok", {}),
            ("30002", "0-499", "dns_failure", {}),
            ("30003", "0-499", "robots_blocked", {}),
        ],
    )
    assert score_run(engine, run, load_model(), now=NOW) == 1
    assert set(scores(engine)) == {"30001"}
    assert scores(engine)["30001"][1:] == (1, 1)


def test_rescoring_with_changed_weights_replaces_only_its_version(
    engine: Engine, tmp_path: Path
) -> None:
    run = build(engine, [("40001", "0-499", "ok", {"legal.notice_url": "http://x.fr/ml"})])
    score_run(engine, run, load_model(), now=NOW)
    changed = tmp_path / "model.toml"
    changed.write_text(
        DEFAULT_MODEL.read_text()
        .replace('version = "skeleton-1"', 'version = "mine"')
        .replace("weight = 1.5", "weight = 10.0", 1)
    )
    for _ in range(2):
        score_run(engine, run, load_model(changed), now=NOW)
    with engine.connect() as connection:
        rows = {
            version: score
            for version, score in connection.execute(select(Score.model_version, Score.score))
        }
    assert rows == {"skeleton-1": 15.0, "mine": round(100 * 10 / 18.5, 2)}


def test_competition_ranking() -> None:
    assert competition_ranks([50.0, 80.0, 80.0, 10.0]) == [3, 1, 1, 4]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "[[indicators]]\nkey='a'\nlabel='A'\nfeature='x'\nmeasure='magic'\nweight=1\n",
            "measure must be one of",
        ),
        ("[[indicators]]\nkey='a'\nlabel='A'\nfeature='x'\nmeasure='presence'\n", "missing weight"),
        ("version = '1'\n", "no indicator with a positive weight"),
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
