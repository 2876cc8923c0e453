"""The levers of action: a table kept in step with the scoring model (every indicator has a
lever, every lever an axis, an effort, a horizon and who acts, in their words), and the gap a
lever shows held to its main indicator's values."""

from __future__ import annotations

from reports.levers import ACTORS, EFFORTS, HORIZONS, LEVERS, lever_gaps, lever_of
from reports.synthesis_data import ScoredSite
from scoring.model import DEFAULT_MODEL, load_model

MODEL = load_model(DEFAULT_MODEL)
WEIGHTS = {indicator.key: indicator.weight for indicator in MODEL.indicators}


def test_every_indicator_of_the_model_has_a_lever_on_its_own_axis() -> None:
    for indicator in MODEL.indicators:
        lever = lever_of(indicator.key)
        assert lever is not None, indicator.key
        assert lever.axis == indicator.axis


def test_every_lever_says_its_effort_horizon_and_who_acts_in_the_decks_words() -> None:
    axes = {axis.key for axis in MODEL.axes}
    for lever in LEVERS:
        assert lever.axis in axes
        assert set(lever.indicators) <= set(WEIGHTS)
        assert lever.effort in EFFORTS
        assert lever.horizon in HORIZONS
        assert lever.actors
        assert set(lever.actors) <= set(ACTORS)
    assert {axis.key for axis in MODEL.axes} == {lever.axis for lever in LEVERS}


def site(number: int, indicators: dict[str, float | None]) -> ScoredSite:
    return ScoredSite(number, f"{number:05d}", f"Commune {number}", "0-499", 50.0, {}, indicators)


def test_a_lever_shows_the_gap_of_its_main_indicator_widest_first() -> None:
    # Six sites: the mention is met on five, the statement on none of the five where it is
    # known; the audit is met wherever measured.
    sites = [
        site(n, {"a11y_mention": 0.0 if n == 0 else 1.0,
                 "a11y_statement": None if n == 5 else 0.0,
                 "a11y_checks": 0.9, "a11y_audit": 1.0})
        for n in range(6)
    ]  # fmt: skip
    found = lever_gaps("accessibility", sites, WEIGHTS)
    mention, statement = 1 - 5 / 6, 1.0
    first = found[0]
    assert first.lever.indicators == ("a11y_mention", "a11y_statement")
    # Its figure is the statement's (widest weight × gap), on the 5 sites where it is known:
    # no mean with the mention's gap, which rests on 6.
    assert first.main.key == "a11y_statement"
    assert (first.gap, first.n, first.unknown) == (statement, 5, 1)
    expected = WEIGHTS["a11y_mention"] * mention + WEIGHTS["a11y_statement"] * statement
    assert abs(first.urgency - expected) < 1e-9
    urgency = [gap.urgency for gap in found]
    assert urgency == sorted(urgency, reverse=True)
    # The audit is met wherever measured: its lever has no gap to close and is left out.
    assert all("a11y_audit" not in gap.lever.indicators for gap in found)
