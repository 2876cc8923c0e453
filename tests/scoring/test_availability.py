"""Availability across runs, derived at scoring time: the share of the last three runs that
observed a site in which it answered; unknown (skipped, with why) under two observations; a
scan a partial run carried is its base run's observation, counted once; what a status says
nothing of (robots.txt, a 4xx) is no observation; later runs do not change an earlier score."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, select

from database.models import Authority, CrawlRun, Score, SiteScan, Website
from scoring.availability import ANSWERED, availability, observation
from scoring.compute import read_run, score_run
from scoring.model import load_model
from scoring.ranking import explain

DAY = datetime(2026, 1, 5, tzinfo=UTC)
CODES = ("10001", "10002", "10003")


def authorities(engine: Engine) -> dict[str, int]:
    """Three communes of one stratum with a website each: code -> authority id."""
    ids = {}
    with engine.begin() as connection:
        for code in CODES:
            ids[code] = connection.execute(
                insert(Authority).values(
                    kind="commune", code=code, name=f"Commune {code}", stratum="0-499",
                    source="csv", updated_at=DAY,
                )
            ).inserted_primary_key[0]  # fmt: skip
            connection.execute(
                insert(Website).values(
                    authority_id=ids[code], url=f"http://{code}.fr/", host=f"{code}.fr",
                    is_primary=True, source="csv", updated_at=DAY,
                )
            )  # fmt: skip
    return ids


def run(
    engine: Engine,
    month: int,
    scans: dict[int, tuple[str, str | None]],
    kind: str = "complete",
    carried: dict[int, int] | None = None,
) -> int:
    """A finished run started `month` months after DAY with each authority's (status, detail);
    `carried`: authority -> the run a partial run carried its scan from."""
    with engine.begin() as connection:
        run_id = connection.execute(
            insert(CrawlRun).values(
                started_at=DAY + timedelta(days=30 * month), status="finished", settings={},
                targets_count=len(scans), kind=kind,
            )
        ).inserted_primary_key[0]  # fmt: skip
        for authority_id, (status, detail) in scans.items():
            connection.execute(
                insert(SiteScan).values(
                    run_id=run_id, authority_id=authority_id, status=status, detail=detail,
                    finished_at=DAY, carried_from_run_id=(carried or {}).get(authority_id),
                )
            )  # fmt: skip
    return int(run_id)


OK = ("ok", None)
DOWN = ("timeout", "DownloadTimeoutError: took longer than 30 seconds")


def test_each_status_is_an_answer_a_failure_or_no_observation() -> None:
    assert observation("ok", None) is True
    for status in ("connection_failure", "timeout", "dns_failure", "tls_error"):
        assert observation(status, "any detail") is False
    assert observation("http_error", "HTTP 503") is False
    assert observation("http_error", "HTTP 500") is False
    # The server answered, and said something else than "I am down": no observation.
    assert observation("http_error", "HTTP 404") is None
    assert observation("http_error", "HTTP 403") is None
    for status in ("robots_blocked", "parked", "redirected_offsite", "redirect_loop", "not_html",
                   "no_website", "private_address", "render_failed", "no_browser"):  # fmt: skip
        assert observation(status, None) is None


def test_zero_one_two_and_three_runs(engine: Engine) -> None:
    ids = authorities(engine)
    a, b, c = (ids[code] for code in CODES)
    first = run(engine, 0, {a: OK, b: DOWN, c: ("robots_blocked", None)})
    figures = availability(engine, first, [a, b, c])
    assert figures[a].value is None  # one observation: unknown
    assert figures[a].reason == (
        "unknown: the site's answer was observed only in run 1; 2 runs are needed"
    )
    assert figures[c].value is None  # robots.txt told nothing of the server being up
    assert (
        figures[c].reason == "unknown: the site's answer was observed in no run; 2 runs are needed"
    )
    second = run(engine, 1, {a: OK, b: OK, c: OK})
    figures = availability(engine, second, [a, b, c])
    assert (figures[a].value, figures[b].value, figures[c].value) == ("2/2", "1/2", None)
    assert figures[b].reason == "runs 2, 1"
    third = run(engine, 2, {a: DOWN, b: OK, c: ("http_error", "HTTP 502")})
    fourth = run(engine, 3, {a: OK, b: OK, c: OK})
    figures = availability(engine, fourth, [a, b, c])
    # The newest three observations: run 1 falls out of the window for a and b; c's 502 is
    # one, its robots.txt of run 1 none.
    assert (figures[a].value, figures[b].value, figures[c].value) == ("2/3", "3/3", "2/3")
    assert figures[a].reason == "runs 4, 3, 2"
    # Scoring an earlier run reads the runs up to it only: what came later changes nothing.
    assert availability(engine, third, [a, b])[a].value == "2/3"
    assert availability(engine, second, [a, b])[b].value == "1/2"


def test_a_scan_carried_by_a_partial_run_is_counted_once(engine: Engine) -> None:
    ids = authorities(engine)
    a, b = ids["10001"], ids["10002"]
    base = run(engine, 0, {a: OK, b: DOWN})
    # The partial run crawls b again, and carries a's scan from its base run: no new look at a.
    partial = run(engine, 1, {a: OK, b: OK}, kind="partial", carried={a: base})
    figures = availability(engine, partial, [a, b])
    assert figures[a].value is None  # observed once, in the base run: the copy is not another
    assert figures[a].observations == ((base, True),)
    assert figures[b].value == "1/2"  # the partial run's own scan of b is an observation


def scored_indicator(engine: Engine, run_id: int, code: str) -> float | None:
    with engine.connect() as connection:
        indicators = connection.execute(
            select(Score.indicators)
            .join(Authority, Authority.id == Score.authority_id)
            .where(Score.run_id == run_id, Authority.code == code)
        ).scalar_one()
    return indicators["availability"]


def test_the_model_scores_it_and_leaves_it_unknown_under_two_runs(engine: Engine) -> None:
    ids = authorities(engine)
    a, b = ids["10001"], ids["10002"]
    model = load_model()
    first = run(engine, 0, {a: OK, b: OK})
    score_run(engine, first, model)
    assert ANSWERED not in read_run(engine, first).findings[a]
    assert scored_indicator(engine, first, "10001") is None  # unknown: skipped, not 0
    second = run(engine, 1, {a: OK, b: OK})
    third = run(engine, 2, {a: OK, b: OK})
    run(engine, 3, {a: DOWN, b: OK})  # a is down: not scored in that run
    fifth = run(engine, 4, {a: OK, b: OK})
    for run_id in (second, third, fifth):
        score_run(engine, run_id, model)
    assert read_run(engine, third).findings[a][ANSWERED] == {"3/3"}
    assert scored_indicator(engine, third, "10001") == 1.0
    assert scored_indicator(engine, fifth, "10001") == pytest.approx(2 / 3, abs=1e-4)
    assert scored_indicator(engine, fifth, "10002") == 1.0
    told = explain(engine, first, model, "10001")
    assert told is not None
    [shown] = [entry[4] for entry in told.indicators["trust"] if entry[0] == "availability"]
    assert shown == [
        (ANSWERED, "unknown",
         "unknown: the site's answer was observed only in run 1; 2 runs are needed")
    ]  # fmt: skip
    told = explain(engine, fifth, model, "10001")
    assert told is not None
    [shown] = [entry[4] for entry in told.indicators["trust"] if entry[0] == "availability"]
    assert shown == [(ANSWERED, "2/3", "runs 5, 4, 3")]
