"""The one-authority scorecard: whom it is compared with (never itself; a thin stratum widened to
its neighbours, a thin département not stated), its three actions ranked by the points they
would bring, its chart of the axes against its peers, and the page of a site not measured."""

from __future__ import annotations

import json
import re
from pathlib import Path
from statistics import median
from typing import Any

import numpy as np
import pytest
from pptx import Presentation
from sqlalchemy import Engine, insert, text

from database.models import Authority
from database.statuses import SCAN_STATUSES
from reports.french import french_count, french_number
from reports.scorecard import build_scorecard, load_scorecard
from reports.scorecard_actions import (
    DUTY_INDICATORS,
    INDICATOR_ACTIONS,
    points_if_met,
)
from reports.scorecard_actions_slide import ALL_MET
from reports.scorecard_chart import OWN_SERIES
from reports.scorecard_figures import Scorecard
from reports.scorecard_unmeasured import STATUS_ADVICE, UnmeasuredCard
from reports.thresholds import INSUFFICIENT, MIN_SITES
from scoring.compliance import DUTIES
from scoring.compute import aggregate, score_run
from scoring.model import Model, load_model
from tests.scoring.test_compute import FULL, NOW, SMALL_MODEL, build

# Findings a site may have, for the default model; each site takes a varied part of them.
POOL = {
    "a11y.mention": "totalement",
    "a11y.statement_url": "http://x.fr/accessibilite",
    "legal.notice_url": "http://x.fr/mentions",
    "legal.privacy_url": "http://x.fr/donnees",
    "transparency.acts": "http://x.fr/actes",
    "transparency.budget": "http://x.fr/budget",
    "contact.form": "http://x.fr/contact",
    "social.facebook": "https://www.facebook.com/x",
    "alerts.newsletter": "http://x.fr/lettre",
    "eservices.kind": "local-procedure",
    "security.https": "yes",
    "participation.platform": "http://x.fr/participer",
}
# A thin stratum (10 000 - 49 999: one other) between thin ones: two steps reach 5 peers.
THIN = [
    ("T0", "10000-49999", "51"),
    ("T1", "10000-49999", "51"),
    ("M1", "3500-9999", "51"),
    ("M2", "3500-9999", "51"),
    ("L1", "50000-99999", "51"),
    ("S1", "2000-3499", "15"),
    ("S2", "2000-3499", "15"),
    ("S3", "2000-3499", "15"),
    ("V1", "0-499", "15"),
    ("V2", "0-499", "15"),
]
# A full stratum (500 - 1 999: six) in a département of six.
FULL_STRATUM = [(f"B{n}", "500-1999", "62") for n in range(6)]


def site(number: int) -> dict[str, str]:
    return {f: v for j, (f, v) in enumerate(POOL.items()) if (number * 7 + j * 3) % 5 < 3}


def scored(engine: Engine, rows: list[tuple[str, str, str]], model: Model) -> int:
    """The authorities (code, stratum, département), crawled with varied findings, scored."""
    run_id = build(
        engine, [(code, stratum, "ok", site(n)) for n, (code, stratum, _) in enumerate(rows)]
    )
    with engine.begin() as connection:
        for code, _, departement in rows:
            connection.execute(
                text("UPDATE authorities SET departement_code = :d WHERE code = :c"),
                {"d": departement, "c": code},
            )
    score_run(engine, run_id, model, now=NOW)
    return run_id


def sql(engine: Engine, query: str, **params: Any) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(text(query), params))


def card_of(engine: Engine, run_id: int, model: Model, code: str) -> Scorecard:
    card = load_scorecard(engine, run_id, model, code)
    assert isinstance(card, Scorecard)
    return card


def slide_texts(path: Path) -> list[str]:
    """All the text of each slide: text boxes, table cells, chart categories and series."""
    pages = []
    for slide in Presentation(str(path)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                chart = shape.chart
                parts += [str(c) for c in chart.plots[0].categories]
                parts += [series.name for series in chart.series]
        pages.append("\n".join(parts))
    return pages


@pytest.fixture
def default_model() -> Model:
    return load_model()


def test_a_thin_stratum_widens_one_step_each_side_then_two_never_to_itself(
    engine: Engine, default_model: Model, tmp_path: Path
) -> None:
    run_id = scored(engine, THIN, default_model)
    card = card_of(engine, run_id, default_model, "T0")
    # One step (3 500 to 99 999) gives 4 others; two steps add 2 000 - 3 499 (not 100 000+,
    # which has none, nor 0 - 499, three steps away).
    widened = ("2000-3499", "3500-9999", "10000-49999", "50000-99999")
    peers = sql(
        engine,
        "SELECT a.code, s.score FROM scores s JOIN authorities a ON a.id = s.authority_id"
        f" WHERE s.stratum IN {widened} AND a.code != 'T0'",
    )
    assert card.peers.strata == widened
    assert sorted(row.code for row in card.peers.peers) == sorted(code for code, _ in peers)
    assert "T0" not in {row.code for row in card.peers.peers}
    assert card.peers.n >= MIN_SITES
    assert card.peers.sentence().startswith(
        f"Votre collectivité est comparée à {len(peers)} communes de {french_count(2000)} à"
        f" {french_count(99999)} habitants : votre strate (communes de {french_count(10000)} à"
        f" {french_count(49999)} habitants) n'en compte qu'une autre notée"
    )
    assert card.scores[0].peers == round(median(score for _, score in peers), 1)
    out = build_scorecard(card, tmp_path / "card.pptx")
    first = slide_texts(out)[0]
    assert f"Vos pairs : médiane (n = {len(peers)} collectivités)" in first
    assert f"Rang dans votre strate (communes de {french_count(10000)}" in first
    assert INSUFFICIENT in first  # its stratum of two gives no rank


def test_a_full_stratum_is_not_widened_and_its_rank_is_stated(
    engine: Engine, default_model: Model
) -> None:
    run_id = scored(engine, FULL_STRATUM + THIN, default_model)
    card = card_of(engine, run_id, default_model, "B0")
    others = sql(
        engine,
        "SELECT a.code FROM scores s JOIN authorities a ON a.id = s.authority_id"
        " WHERE s.stratum = '500-1999' AND a.code != 'B0'",
    )
    assert card.peers.strata == ("500-1999",)
    assert len(card.peers.peers) == len(others) == MIN_SITES
    assert "strates voisines" not in card.peers.sentence()
    [(low, high, count)] = sql(
        engine,
        "SELECT s.rank_low, s.rank_high, s.stratum_count FROM scores s"
        " JOIN authorities a ON a.id = s.authority_id WHERE a.code = 'B0'",
    )
    assert f"sur {count}" in card.rank_text
    assert INSUFFICIENT not in card.rank_text


def test_the_departement_median_needs_five_others(
    engine: Engine, default_model: Model, tmp_path: Path
) -> None:
    run_id = scored(engine, FULL_STRATUM + THIN, default_model)
    full = card_of(engine, run_id, default_model, "B0")  # 62: five others
    in_62 = [
        score
        for (score,) in sql(
            engine,
            "SELECT s.score FROM scores s JOIN authorities a ON a.id = s.authority_id"
            " WHERE a.departement_code = '62' AND a.code != 'B0'",
        )
    ]
    assert full.departement_shown
    assert full.scores[0].departement == round(median(in_62), 1)
    header = slide_texts(build_scorecard(full, tmp_path / "full.pptx"))[0]
    assert f"Département Pas-de-Calais (62) : médiane (n = {len(in_62)} collectivités)" in header
    thin = card_of(engine, run_id, default_model, "V1")  # 15: four others
    [(others,)] = sql(
        engine,
        "SELECT COUNT(*) FROM scores s JOIN authorities a ON a.id = s.authority_id"
        " WHERE a.departement_code = '15' AND a.code != 'V1'",
    )
    assert not thin.departement_shown
    assert all(row.departement is None for row in thin.scores)
    first = slide_texts(build_scorecard(thin, tmp_path / "thin.pptx"))[0]
    assert "Département Cantal (15) : médiane" not in first
    assert f"Médiane du département Cantal (15) : {INSUFFICIENT} ({others} autres" in first


def test_actions_are_ranked_by_the_points_of_score_they_would_bring(
    engine: Engine, default_model: Model
) -> None:
    run_id = scored(engine, FULL_STRATUM + THIN, default_model)
    card = card_of(engine, run_id, default_model, "S2")
    [(indicators, axes, score)] = sql(
        engine,
        "SELECT s.indicators, s.axes, s.score FROM scores s"
        " JOIN authorities a ON a.id = s.authority_id WHERE a.code = 'S2'",
    )
    values = json.loads(indicators)
    unmet = {
        i.key
        for i in default_model.indicators
        if values.get(i.key) is not None and values[i.key] < 1 and i.weight > 0
    }
    assert {action.key for action in card.actions} == unmet
    points = [action.points for action in card.actions]
    assert points == sorted(points, reverse=True)
    # The points are what the global score of scoring.compute would gain.
    keys = [i.key for i in default_model.indicators]
    before = np.array([[np.nan if values.get(k) is None else values[k] for k in keys]])
    weights = np.array([axis.weight for axis in default_model.axes])
    _, composite = aggregate(default_model, before, weights)
    assert composite[0] == pytest.approx(score, abs=0.01)
    for action in card.actions:
        after = before.copy()
        after[0, keys.index(action.key)] = 1.0
        _, raised = aggregate(default_model, after, weights)
        assert action.points == pytest.approx(raised[0] - composite[0])
        assert action.points == points_if_met(default_model, values, action.key)


def test_three_actions_name_unmet_duties_as_such(
    engine: Engine, default_model: Model, tmp_path: Path
) -> None:
    run_id = scored(engine, FULL_STRATUM + THIN, default_model)
    card = card_of(engine, run_id, default_model, "S2")
    assert len(card.actions) >= 3
    unmet = {row.duty: row.source for row in card.duties if row.status == "unmet"}
    for action in card.actions:
        duty = next((d for d, key in DUTY_INDICATORS.items() if key == action.key), None)
        assert action.duty_source == unmet.get(duty or "")
    last = slide_texts(build_scorecard(card, tmp_path / "card.pptx"))[-1]
    assert last.startswith("Trois actions prioritaires")
    headings = re.findall(r"^(\d)\. ", last, flags=re.MULTILINE)
    assert headings == ["1", "2", "3"]
    for action in card.actions[:3]:
        assert action.text in last
        assert f"Gain possible : {french_number(action.points, 1)} point" in last
        if action.duty_source:
            assert f"Obligation légale ({action.duty_source})" in last
    left_out = [
        row.label
        for row in card.duties
        if row.status == "unmet"
        and DUTY_INDICATORS.get(row.duty) not in {a.key for a in card.actions[:3]}
    ]
    for label in left_out:
        assert label in last


def test_fewer_unmet_indicators_than_three_say_the_rest_is_met(
    engine: Engine, tmp_path: Path
) -> None:
    small = tmp_path / "small.toml"
    small.write_text(SMALL_MODEL, encoding="utf-8")
    model = load_model(small)
    one_short = {k: v for k, v in FULL.items() if k != "social.x"}  # social: 1 of 2
    run_id = build(engine, [("A", "0-499", "ok", one_short), ("B", "0-499", "ok", FULL)])
    score_run(engine, run_id, model, now=NOW)
    card = card_of(engine, run_id, model, "A")
    assert [action.key for action in card.actions] == ["social"]
    last = slide_texts(build_scorecard(card, tmp_path / "card.pptx"))[-1]
    assert last.startswith("Une action prioritaire")
    assert ALL_MET in last
    assert "2. " not in last


def test_the_chart_sets_the_axes_against_the_peers_median(
    engine: Engine, default_model: Model, tmp_path: Path
) -> None:
    run_id = scored(engine, FULL_STRATUM + THIN, default_model)
    card = card_of(engine, run_id, default_model, "B0")
    slide = Presentation(str(build_scorecard(card, tmp_path / "card.pptx"))).slides[1]
    chart = next(shape for shape in slide.shapes if shape.has_chart).chart
    labels = [axis.label for axis in default_model.axes]
    assert list(chart.plots[0].categories) == labels[::-1]  # read from the top down
    series = {s.name: list(s.values) for s in chart.series}
    peers_name = next(name for name in series if name != OWN_SERIES)
    assert f"{card.peers.n} communes" in peers_name
    [(axes,)] = sql(
        engine,
        "SELECT s.axes FROM scores s JOIN authorities a ON a.id = s.authority_id"
        " WHERE a.code = 'B0'",
    )
    own = json.loads(axes)
    assert series[OWN_SERIES] == [own[axis.key] for axis in default_model.axes][::-1]
    others = [
        json.loads(a)
        for (a,) in sql(
            engine,
            "SELECT s.axes FROM scores s JOIN authorities a ON a.id = s.authority_id"
            " WHERE s.stratum = '500-1999' AND a.code != 'B0'",
        )
    ]
    assert (
        series[peers_name]
        == [round(median(o[axis.key] for o in others), 1) for axis in default_model.axes][::-1]
    )


def test_too_few_peers_draw_no_median(engine: Engine, default_model: Model, tmp_path: Path) -> None:
    run_id = scored(engine, THIN[:4], default_model)  # three others in all
    card = card_of(engine, run_id, default_model, "T0")
    assert not card.peers.shown
    pages = slide_texts(build_scorecard(card, tmp_path / "card.pptx"))
    slide = Presentation(str(tmp_path / "card.pptx")).slides[1]
    chart = next(shape for shape in slide.shapes if shape.has_chart).chart
    assert [s.name for s in chart.series] == [OWN_SERIES]
    assert "Vos pairs : médiane" not in pages[0]
    assert f"{INSUFFICIENT} pour une médiane" in pages[0]
    assert "%" not in pages[3]  # no share of three peers


@pytest.mark.parametrize("status", ["dns_failure", "render_failed", "no_website"])
def test_a_site_not_measured_gets_a_page_that_says_so_not_zeros(
    engine: Engine, default_model: Model, tmp_path: Path, status: str
) -> None:
    run_id = build(
        engine, [("X", "0-499", status, {}), *[(f"P{n}", "0-499", "ok", site(n)) for n in range(3)]]
    )
    score_run(engine, run_id, default_model, now=NOW)
    card = load_scorecard(engine, run_id, default_model, "X")
    assert isinstance(card, UnmeasuredCard)
    [page] = slide_texts(build_scorecard(card, tmp_path / "card.pptx"))
    meaning = SCAN_STATUSES[status].meaning
    assert meaning[0].lower() + meaning[1:] in page
    assert "Aucun score n'est calculé" in page
    assert STATUS_ADVICE[status] in page
    assert not re.search(r"\b0\b", page.split("Source :")[0])


def test_an_authority_not_scanned_in_the_run_is_said_so(
    engine: Engine, default_model: Model, tmp_path: Path
) -> None:
    run_id = build(engine, [("P", "0-499", "ok", FULL)])
    score_run(engine, run_id, default_model, now=NOW)
    with engine.begin() as connection:
        connection.execute(
            insert(Authority).values(
                kind="commune", code="Z", name="Commune Z", source="csv", updated_at=NOW
            )
        )
    card = load_scorecard(engine, run_id, default_model, "Z")
    assert isinstance(card, UnmeasuredCard)
    [page] = slide_texts(build_scorecard(card, tmp_path / "card.pptx"))
    assert "non explorée dans cette campagne" in page
    assert load_scorecard(engine, run_id, default_model, "nope") is None


def test_no_raw_code_reaches_a_scorecard(
    engine: Engine, default_model: Model, tmp_path: Path
) -> None:
    run_id = scored(engine, FULL_STRATUM + THIN, default_model)
    # The codes that look like codes (a French word such as "budget" may be a key too).
    codes = {i.key for i in default_model.indicators} | set(POOL) | set(POOL.values())
    codes |= {stratum for _, stratum, _ in THIN + FULL_STRATUM}
    codes = {code for code in codes if re.search(r"[_.-]", code)}
    for code in ("T0", "B0", "S2"):
        for page in slide_texts(
            build_scorecard(card_of(engine, run_id, default_model, code), tmp_path / f"{code}.pptx")
        ):
            page = "\n".join(line for line in page.splitlines() if not line.startswith("Source"))
            words = set(re.findall(r"[\w.:/-]+", page))
            assert not words & codes, words & codes
            assert not re.search(r"\d\.\d", page)  # French decimals have a comma


def test_every_indicator_duty_and_status_has_its_french_words(default_model: Model) -> None:
    keys = {i.key for i in default_model.indicators}
    assert keys <= set(INDICATOR_ACTIONS)
    assert set(DUTY_INDICATORS) == {duty.key for duty in DUTIES}
    assert set(DUTY_INDICATORS.values()) <= keys
    assert set(STATUS_ADVICE) == set(SCAN_STATUSES) - {"ok"}
