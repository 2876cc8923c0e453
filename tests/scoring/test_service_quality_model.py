"""The default model's service-quality indicators (vigie-2026.3): each reads its finding as
docs/method.md says; an unknown measurement (no probe answer, a home page from the cache, too
few runs) is skipped with its weight, never 0; `share_of` and a decreasing `number` are
checked when a model is loaded."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from scoring.compute import aggregate, indicator_matrix
from scoring.model import ModelError, load_model

MODEL = load_model()
BY_KEY = {indicator.key: indicator for indicator in MODEL.indicators}
ON = date(2026, 11, 1)
NEW = {
    "responsive": ("trust", "quality.viewport"),
    "site_search": ("trust", "quality.search"),
    "reach_office": ("trust", "contact.phone"),
    "not_found": ("trust", "quality.not_found"),
    "load_time": ("trust", "quality.load_time"),
    "availability": ("trust", "availability.answered"),
    "feedback_button": ("services", "services.feedback"),
}


def measure(key: str, findings: dict[str, set[str]]) -> float | None:
    return BY_KEY[key].measure_site(findings, ON)


def test_the_model_is_vigie_2026_3_with_the_service_quality_indicators() -> None:
    assert MODEL.version == "vigie-2026.3"
    for key, (axis, feature) in NEW.items():
        assert (BY_KEY[key].axis, BY_KEY[key].feature) == (axis, feature)
        assert 0 < BY_KEY[key].weight <= 0.5  # modest
    assert BY_KEY["reach_office"].features == ("contact.phone", "contact.hours")
    method = (Path(__file__).resolve().parents[2] / "docs" / "method.md").read_text("utf-8")
    assert "model `vigie-2026.3`" in method
    for key in NEW:
        assert f"(`{key}`" in method, key


def test_presence_and_share_of() -> None:
    assert measure("responsive", {"quality.viewport": {"responsive"}}) == 1.0
    assert measure("responsive", {}) == 0.0  # not seen on the home page: not responsive
    assert measure("site_search", {"quality.search": {"present"}}) == 1.0
    assert measure("feedback_button", {"services.feedback": {"je-donne-mon-avis"}}) == 1.0
    phone, hours = {"contact.phone": {"0240123456"}}, {"contact.hours": {"present"}}
    assert measure("reach_office", {**phone, **hours}) == 1.0
    assert measure("reach_office", phone) == 0.5
    assert measure("reach_office", hours) == 0.5
    assert measure("reach_office", {"contact.form": {"true"}}) == 0.0


def test_a_true_404_a_soft_404_and_an_unknown_answer() -> None:
    assert measure("not_found", {"quality.not_found": {"404"}}) == 1.0
    assert measure("not_found", {"quality.not_found": {"soft-404"}}) == 0.0
    assert measure("not_found", {}) is None  # the probe failed or was forbidden: unknown


@pytest.mark.parametrize(
    ("milliseconds", "expected"),
    [("120", 1.0), ("800", 1.0), ("1300", 0.5), ("1800", 0.0), ("6000", 0.0)],
)
def test_the_load_time_scores_less_as_it_grows(milliseconds: str, expected: float) -> None:
    assert measure("load_time", {"quality.load_time": {milliseconds}}) == pytest.approx(expected)


def test_no_load_time_and_no_availability_are_unknown() -> None:
    assert measure("load_time", {}) is None  # the home page came from the cache
    assert measure("availability", {}) is None  # fewer than two runs observed the site
    assert measure("availability", {"availability.answered": {"2/3"}}) == pytest.approx(2 / 3)
    assert measure("availability", {"availability.answered": {"0/2"}}) == 0.0


def test_an_unknown_measurement_leaves_the_trust_axis_with_what_was_measured() -> None:
    trust = [n for n, indicator in enumerate(MODEL.indicators) if indicator.axis == "trust"]
    seen = {
        "quality.viewport": {"responsive"},
        "quality.not_found": {"soft-404"},
        "quality.load_time": {"1300"},
        "availability.answered": {"1/2"},
    }
    known, unknown = indicator_matrix(MODEL, [seen, {"quality.viewport": {"responsive"}}], ON)
    keys = [MODEL.indicators[n].key for n in trust]
    assert [k for k, v in zip(keys, unknown[trust], strict=True) if np.isnan(v)] == [
        "not_found", "load_time", "availability"
    ]  # fmt: skip
    weights = np.array([axis.weight for axis in MODEL.axes])
    axes, _ = aggregate(MODEL, np.vstack([known, unknown]), weights)
    position = [axis.key for axis in MODEL.axes].index("trust")
    # By hand: the axis is the weighted mean of what was measured, the unknown left out.
    measured = [n for n in trust if not np.isnan(unknown[n])]
    by_hand = sum(MODEL.indicators[n].weight * unknown[n] for n in measured) / sum(
        MODEL.indicators[n].weight for n in measured
    )
    assert axes[1, position] == pytest.approx(100 * by_hand)
    assert axes[0, position] != axes[1, position]


MINIMAL = """version = "t-1"
[[axes]]
key = "a"
label = "A"
weight = 1.0
[[indicators]]
key = "i"
label = "I"
axis = "a"
{indicator}
weight = 1.0
"""


@pytest.mark.parametrize(
    ("indicator", "message"),
    [
        ('measure = "share_of"\nfeature = "contact.phone"', "goes with measure 'share_of'"),
        ('measure = "presence"\nfeatures = ["contact.phone", "contact.hours"]', "goes with"),
        ('measure = "share_of"\nfeatures = ["contact.phone"]', "two or more distinct"),
        ('measure = "share_of"\nfeatures = ["contact.phone", "contact.fax"]', "'contact.fax'"),
        (
            'measure = "share_of"\nfeature = "contact.hours"\n'
            'features = ["contact.phone", "contact.hours"]',
            "`feature` is their first",
        ),
        ('measure = "presence"', "missing feature"),
        ('measure = "number"\nfeature = "quality.load_time"\nlow = 5.0\nhigh = 5.0', "apart"),
    ],
)
def test_a_wrong_share_of_or_number_is_refused(
    tmp_path: Path, indicator: str, message: str
) -> None:
    path = tmp_path / "model.toml"
    path.write_text(MINIMAL.format(indicator=indicator), encoding="utf-8")
    with pytest.raises(ModelError, match=re.escape(message)):
        load_model(path)


def test_a_share_of_loads_with_its_features(tmp_path: Path) -> None:
    path = tmp_path / "model.toml"
    indicator = 'measure = "share_of"\nfeatures = ["contact.phone", "contact.hours"]'
    path.write_text(MINIMAL.format(indicator=indicator), encoding="utf-8")
    [loaded] = load_model(path).indicators
    assert (loaded.feature, loaded.features) == (
        "contact.phone",
        ("contact.phone", "contact.hours"),
    )
