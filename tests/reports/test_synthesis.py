"""The synthesis: three messages and three priorities, each with its figure, its n and its
comparisons (the country or the strata; the previous campaign, or the statement that there is
none), held to SQL over hand-built campaigns scored with the bundled model."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from pptx import Presentation
from sqlalchemy import Engine, insert, select, text, update

from database.models import Authority, CrawlRun, Website
from database.scope import Scope
from reports.data import load_report_data
from reports.deck import build_deck
from reports.deck_evolution import mean_rows
from reports.deck_peers import peer_rows
from reports.french import french_number, french_percent, long_date
from reports.synthesis import improvements, paired, priorities
from reports.synthesis_messages import FIRST, messages, priority_messages
from scoring.compute import score_run
from scoring.model import DEFAULT_MODEL, Model, load_model
from tests.scoring.test_compute import NOW, build, scan

EARLIER = NOW - timedelta(days=365)


def findings(index: int, later: bool) -> dict[str, str]:
    """A site's findings: varied from site to site, and more of them at the later campaign."""
    found = {"social.facebook": "https://facebook.com/x"} if index % 4 else {}
    found["transparency.acts"] = "true"  # a heavy indicator every site meets
    if later or index % 2:
        found["contact.form"] = "http://x.fr/contact"
    if later and index % 2:
        found["alerts.newsletter"] = "own"
    if index % 3 == 0:
        found["a11y.mention"] = "totalement"
    if later or index % 2 == 0:
        found["legal.notice_url"] = "http://x.fr/mentions"
    if index % 5 == 0:
        found["trackers.without_consent"] = "google-analytics"
    if index < 3 or (later and index < 6):
        found["eservices.kind"] = "local-procedure"
    return found


SITES = [(f"1{index:04d}", "0-499" if index < 6 else "500-1999", index) for index in range(11)]


@pytest.fixture
def model() -> Model:
    return load_model(DEFAULT_MODEL)


def first_campaign(engine: Engine, model: Model) -> int:
    run = build(
        engine,
        [(code, stratum, "ok", findings(i, later=False)) for code, stratum, i in SITES]
        + [("19998", "0-499", "dns_failure", {}), ("19999", "0-499", "no_website", {})],
    )
    with engine.begin() as connection:
        connection.execute(update(CrawlRun).where(CrawlRun.id == run).values(started_at=EARLIER))
    score_run(engine, run, model, now=EARLIER)
    return run


def second_campaign(engine: Engine, model: Model) -> int:
    """The same authorities a year later: the failed site now explored, more findings."""
    with engine.begin() as connection:
        run = connection.execute(
            insert(CrawlRun).values(
                started_at=NOW, status="finished", settings={}, targets_count=13
            )
        ).inserted_primary_key[0]
        for code, status, i in [*[(c, "ok", i) for c, _, i in SITES], ("19998", "ok", 11),
                                ("19999", "no_website", 12)]:  # fmt: skip
            authority = connection.execute(
                select(Authority.id).where(Authority.code == code)
            ).scalar_one()
            website = connection.execute(
                select(Website.id).where(Website.authority_id == authority)
            ).scalar_one()
            found = findings(i, later=True) if status == "ok" else {}
            scan(connection, run, authority, website, code, status, found)
    score_run(engine, run, model, now=NOW)
    return int(run)


def sql(engine: Engine, query: str, **values: object) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query), values)]


def indicator_gaps_from_sql(engine: Engine, run: int, model: Model) -> dict[str, float]:
    """1 - mean value of each indicator over the run's scored sites (None left out)."""
    values: dict[str, list[float]] = {}
    for (indicators,) in sql(engine, "SELECT indicators FROM scores WHERE run_id = :r", r=run):
        for key, value in json.loads(str(indicators)).items():
            if value is not None:
                values.setdefault(key, []).append(float(value))
    return {key: 1 - sum(v) / len(v) for key, v in values.items()}


def test_priorities_are_only_unmet_indicators_ranked_by_weight_times_gap(
    engine: Engine, model: Model
) -> None:
    run = first_campaign(engine, model)
    data = load_report_data(engine, run, model)
    assert data.synthesis is not None
    sites = list(data.synthesis.current.sites.values())
    chosen = priorities(sites, data.indicator_labels, data.indicator_weights)
    gaps = indicator_gaps_from_sql(engine, run, model)
    weights = {i.key: i.weight for i in model.indicators}
    expected = sorted(
        (key for key, gap in gaps.items() if gap > 0),
        key=lambda key: (-weights[key] * gaps[key], data.indicator_labels[key]),
    )[:3]
    assert [p.key for p in chosen] == expected
    assert all(p.gap > 0 for p in chosen)
    # Ranked by weight alone, or with the indicators met, the three would differ.
    assert expected != sorted(weights, key=lambda key: -weights[key])[:3]
    assert any(gaps[key] == 0 and weights[key] >= weights[expected[-1]] for key in gaps)
    for message, gap in zip(priority_messages(data), chosen, strict=True):
        assert f"écart à l'objectif {french_percent(100 * gap.gap)} (n = 11 sites notés)" in (
            message.headline
        )


def test_what_an_authority_should_improve_is_only_what_it_lacks_heaviest_gap_first(
    engine: Engine, model: Model
) -> None:
    run = first_campaign(engine, model)
    data = load_report_data(engine, run, model)
    for entry in data.ranking:
        [(indicators,)] = sql(
            engine,
            "SELECT indicators FROM scores WHERE run_id = :r AND authority_id = :a",
            r=run,
            a=entry.authority_id,
        )
        stored = json.loads(str(indicators))
        found = improvements(entry.indicators, data.indicator_weights, data.indicator_labels)
        unmet = {k for k, v in stored.items() if v is not None and v < 1}
        assert {g.key for g in found} == unmet
        urgency = [data.indicator_weights[g.key] * (1 - stored[g.key]) for g in found]
        assert urgency == sorted(urgency, reverse=True)


def test_a_database_of_one_campaign_says_there_is_no_comparison(
    engine: Engine, model: Model, tmp_path: Path
) -> None:
    run = first_campaign(engine, model)
    data = load_report_data(engine, run, model)
    said = messages(data) + priority_messages(data)
    assert len(said) == 6
    assert all(message.previous == FIRST for message in said)
    deck = build_deck(data, tmp_path / "deck.pptx")
    slide = next(s for s in Presentation(str(deck)).slides if "Évolution" in texts(s))
    assert "Première campagne : pas de comparaison." in texts(slide)


def texts(slide: object) -> str:
    return "\n".join(
        shape.text_frame.text
        for shape in slide.shapes  # type: ignore[attr-defined]
        if shape.has_text_frame
    )


def test_messages_state_their_figures_with_n_and_the_change_since_the_previous_campaign(
    engine: Engine, model: Model
) -> None:
    before = first_campaign(engine, model)
    after = second_campaign(engine, model)
    data = load_report_data(engine, after, model)
    weakest, duty, coverage = messages(data)
    means = dict(
        sql(
            engine,
            "SELECT key, AVG(value) FROM scores, json_each(scores.axes)"
            " WHERE run_id = :r AND value IS NOT NULL GROUP BY key",
            r=after,
        )  # fmt: skip
    )
    axis = min(means, key=lambda key: (means[key], key))
    assert weakest.headline == (
        f"Axe le plus faible : « {data.axis_labels[axis]} », {french_number(float(means[axis]))}"
        " / 100 en moyenne (n = 12 sites notés)."
    )
    since = f"Depuis la campagne du {long_date(EARLIER)}"
    [(then, now)] = sql(
        engine,
        "SELECT AVG(json_extract(a.axes, '$.' || :k)), AVG(json_extract(b.axes, '$.' || :k))"
        " FROM scores a JOIN scores b ON a.authority_id = b.authority_id"
        " WHERE a.run_id = :before AND b.run_id = :after",
        k=axis, before=before, after=after,
    )  # fmt: skip
    assert weakest.previous.startswith(f"{since}, sur les 11 sites notés aux deux : ")
    change = round(float(str(now)), 1) - round(float(str(then)), 1)
    assert change  # the data make the weakest axis move
    assert weakest.previous.endswith(
        f" : {'+' if change > 0 else '−'}{french_number(abs(change))} points (de"
        f" {french_number(float(str(then)))} / 100 à {french_number(float(str(now)))} / 100)."
    )
    assert duty.previous.startswith(since)
    assert "; alors " in duty.previous
    (missing, total), (missed, told) = [
        (int(str(m)), int(str(n)))
        for m, n in sql(
            engine,
            "SELECT SUM(status != 'ok'), COUNT(*) FROM site_scans"
            " GROUP BY run_id ORDER BY run_id DESC",
        )  # fmt: skip
    ]
    assert coverage.headline.startswith(
        f"Collectivités sans site exploré : {french_percent(100 * missing / total)}"
        f" ({missing} sur {total} collectivités)"
    )
    points = round(100 * missing / total) - round(100 * missed / told)
    assert coverage.previous == (
        f"{since} : −{abs(points)} points ; alors {french_percent(100 * missed / told)}"
        f" ({missed} sur {told} collectivités)."
    )


def test_a_narrower_scope_is_compared_with_the_whole_country(
    engine: Engine, model: Model, tmp_path: Path
) -> None:
    first_campaign(engine, model)
    after = second_campaign(engine, model)
    codes = tuple(code for code, _, _ in SITES[:6])
    data = load_report_data(engine, after, model, Scope("list", codes=codes, source="l.txt"))
    weakest, _, coverage = messages(data)
    axis = re.search(r"« (.+) »", weakest.headline)
    assert axis is not None
    key = next(k for k, label in data.axis_labels.items() if label == axis[1])
    [(country, n)] = sql(
        engine,
        "SELECT AVG(json_extract(axes, '$.' || :k)), COUNT(*) FROM scores WHERE run_id = :r",
        k=key, r=after,
    )  # fmt: skip
    assert weakest.peers == (
        f"France entière : {french_number(float(str(country)))} / 100 (n = {n} sites notés)."
    )
    assert coverage.peers.startswith("France entière : ")
    titles = [texts(s).split("\n")[0] for s in Presentation(
        str(build_deck(data, tmp_path / "list.pptx"))).slides]  # fmt: skip
    assert "Vos collectivités parmi leurs pairs" in titles
    assert f"Évolution depuis la campagne du {long_date(EARLIER)}" in titles


def test_evolution_and_peers_are_held_to_the_scores_of_both_campaigns(
    engine: Engine, model: Model
) -> None:
    before = first_campaign(engine, model)
    after = second_campaign(engine, model)
    codes = tuple(code for code, _, _ in SITES[:6])
    data = load_report_data(engine, after, model, Scope("list", codes=codes, source="l.txt"))
    assert data.synthesis is not None
    assert data.synthesis.previous is not None
    then_sites, now_sites = paired(data.synthesis.current, data.synthesis.previous)
    score_row = mean_rows(data, then_sites, now_sites)[0]
    listed = ", ".join(f"'{code}'" for code in codes)
    [(then, now)] = sql(
        engine,
        "SELECT AVG(a.score), AVG(b.score) FROM scores a JOIN scores b"
        " ON a.authority_id = b.authority_id JOIN authorities ON authorities.id = a.authority_id"
        f" WHERE a.run_id = :before AND b.run_id = :after AND authorities.code IN ({listed})",
        before=before,
        after=after,
    )
    assert score_row[:3] == [
        "Score global",
        french_number(float(str(then))),
        french_number(float(str(now))),
    ]
    scores = sorted(
        float(str(s))
        for (s,) in sql(
            engine, "SELECT score FROM scores WHERE run_id = :r AND stratum = '0-499'", r=after
        )
    )
    middle = (scores[len(scores) // 2] + scores[(len(scores) - 1) // 2]) / 2
    rows = peer_rows(data)
    assert len(rows) == 6
    assert {row[3] for row in rows if row[1] == "< 500 hab."} == {
        f"{french_number(middle)} (n = {len(scores)})"
    }
