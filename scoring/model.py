"""The declarative scoring model: axes, and indicators defined from feature keys.

Each indicator turns a site's findings into a number in [0, 1] by one of the measures below
(so indicators are normalised by construction, "raw"); an axis is the weighted mean of its
indicators, and the composite the weighted mean of the axes, on 0-100. See docs/method.md.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_MODEL = Path(__file__).with_name("model.toml")
# presence: the feature (or, for a key ending in ".", any feature of the family) was found.
# value: the best of the values found, through `values` (a table value -> [0, 1]).
# any_of: one of the `values` (a list) was found.
# count: distinct values found (or features of a family), over `cap`.
# absence: the feature was not found (trackers loaded without consent, misuse flags).
# fewest: 1 - distinct values found over `cap` (failed checks: fewer is better).
# recency: an ISO date value, 1 up to `full_days` old on the run's day, 0 from `zero_days`.
# number: a numeric value mapped linearly from [`low`, `high`] to [0, 1], clipped.
MEASURES = ("presence", "value", "any_of", "count", "absence", "fewest", "recency", "number")
MISSING = ("zero", "skip")  # an indicator without its finding: 0, or left out of its axis


Findings = dict[str, set[str]]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    axis: str
    feature: str  # a feature key, or a family prefix ending in "."
    measure: str
    weight: float
    values: Any = None  # value -> [0, 1] table (value), or list of values (any_of)
    cap: int = 1
    full_days: int = 0
    zero_days: int = 1
    low: float = 0.0
    high: float = 1.0
    missing: str = "zero"

    def found(self, findings: Findings) -> set[str]:
        """The values of the feature, or the keys of the family's features found."""
        if self.feature.endswith("."):
            return {f for f, values in findings.items() if f.startswith(self.feature) and values}
        return findings.get(self.feature, set())

    def measure_site(self, findings: Findings, on: date) -> float | None:
        """This indicator for one site in [0, 1], or None when its measurement is missing and
        the model says to skip it."""
        found = self.found(findings)
        if not found and self.missing == "skip":
            return None
        if self.measure == "presence":
            return 1.0 if found else 0.0
        if self.measure == "absence":
            return 0.0 if found else 1.0
        if self.measure == "value":
            return max((float(self.values.get(v, 0.0)) for v in found), default=0.0)
        if self.measure == "any_of":
            return 1.0 if found & set(self.values) else 0.0
        if self.measure == "count":
            return min(len(found), self.cap) / self.cap
        if self.measure == "fewest":
            return 1.0 - min(len(found), self.cap) / self.cap
        if self.measure == "recency":
            return max((self._recency(value, on) for value in found), default=0.0)
        return max((self._number(value) for value in found), default=0.0)

    def _recency(self, value: str, on: date) -> float:
        try:
            age = (on - date.fromisoformat(value[:10])).days
        except ValueError:
            return 0.0
        if age <= self.full_days:
            return 1.0
        if age >= self.zero_days:
            return 0.0
        return (self.zero_days - age) / (self.zero_days - self.full_days)

    def _number(self, value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            return 0.0
        return min(1.0, max(0.0, (number - self.low) / (self.high - self.low)))


@dataclass(frozen=True)
class Axis:
    key: str
    label: str
    weight: float


@dataclass(frozen=True)
class Uncertainty:
    """What the Monte Carlo varies: each axis weight drawn uniformly within ±`weight_spread`
    of its value, and the normalisation of indicators among `normalisations`."""

    draws: int = 500
    weight_spread: float = 0.5
    normalisations: tuple[str, ...] = ("raw", "percentile")
    seed: int = 1
    coverage: float = 0.9  # the rank interval holds this share of the draws' ranks


@dataclass(frozen=True)
class Model:
    version: str
    description: str
    axes: tuple[Axis, ...]
    indicators: tuple[Indicator, ...]
    uncertainty: Uncertainty = field(default_factory=Uncertainty)

    def axis_indicators(self, axis: str) -> tuple[Indicator, ...]:
        return tuple(indicator for indicator in self.indicators if indicator.axis == axis)


class ModelError(ValueError):
    """A scoring model file that cannot be used, with the reason."""


INDICATOR_FIELDS = {"key", "label", "axis", "feature", "measure", "weight"}


def _indicator(entry: dict[str, Any], where: str, axes: set[str]) -> Indicator:
    missing = INDICATOR_FIELDS - set(entry)
    if missing:
        raise ModelError(f"{where}: missing {', '.join(sorted(missing))}")
    if entry["measure"] not in MEASURES:
        raise ModelError(f"{where}: measure must be one of {', '.join(MEASURES)}")
    if entry["axis"] not in axes:
        raise ModelError(f"{where}: axis {entry['axis']!r} is not one of the model's axes")
    if float(entry["weight"]) < 0:
        raise ModelError(f"{where}: weight must not be negative")
    if entry.get("missing", "zero") not in MISSING:
        raise ModelError(f"{where}: missing must be one of {', '.join(MISSING)}")
    if entry["measure"] == "value" and not isinstance(entry.get("values"), dict):
        raise ModelError(f"{where}: measure 'value' needs a table of values")
    if entry["measure"] == "any_of" and not isinstance(entry.get("values"), list):
        raise ModelError(f"{where}: measure 'any_of' needs a list of values")
    if entry["measure"] == "recency" and not 0 <= entry.get("full_days", 0) < entry.get(
        "zero_days", 0
    ):
        raise ModelError(f"{where}: recency needs 0 <= full_days < zero_days")
    if entry["measure"] == "number" and not entry.get("low", 0.0) < entry.get("high", 1.0):
        raise ModelError(f"{where}: number needs low < high")
    if int(entry.get("cap", 1)) < 1:
        raise ModelError(f"{where}: cap must be at least 1")
    try:
        return Indicator(**entry)
    except TypeError as error:
        raise ModelError(f"{where}: {error}") from None


def load_model(path: Path = DEFAULT_MODEL) -> Model:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ModelError(f"{path}: {error}") from None
    axes = []
    for number, entry in enumerate(data.get("axes", []), start=1):
        if not {"key", "label", "weight"} <= set(entry) or float(entry["weight"]) < 0:
            raise ModelError(f"{path}: axis {number} needs key, label and a weight >= 0")
        axes.append(Axis(str(entry["key"]), str(entry["label"]), float(entry["weight"])))
    if not axes:
        raise ModelError(f"{path}: no [[axes]]")
    axis_keys = {axis.key for axis in axes}
    indicators = tuple(
        _indicator(entry, f"{path}: indicator {number}", axis_keys)
        for number, entry in enumerate(data.get("indicators", []), start=1)
    )
    keys = [indicator.key for indicator in indicators]
    if len(set(keys)) != len(keys):
        raise ModelError(f"{path}: indicator keys must be unique")
    for axis in axes:
        if axis.weight > 0 and not any(i.weight > 0 for i in indicators if i.axis == axis.key):
            raise ModelError(f"{path}: axis {axis.key!r} has no indicator with a positive weight")
    if not any(axis.weight > 0 for axis in axes):
        raise ModelError(f"{path}: no axis with a positive weight")
    raw = data.get("uncertainty", {})
    try:
        uncertainty = Uncertainty(
            draws=int(raw.get("draws", 500)),
            weight_spread=float(raw.get("weight_spread", 0.5)),
            normalisations=tuple(raw.get("normalisations", ("raw", "percentile"))),
            seed=int(raw.get("seed", 1)),
            coverage=float(raw.get("coverage", 0.9)),
        )
    except (TypeError, ValueError) as error:
        raise ModelError(f"{path}: [uncertainty]: {error}") from None
    if not set(uncertainty.normalisations) <= {"raw", "percentile"} or uncertainty.draws < 1:
        raise ModelError(f"{path}: [uncertainty] normalisations are raw or percentile, draws >= 1")
    return Model(
        str(data.get("version", "unversioned")),
        str(data.get("description", "")),
        tuple(axes),
        indicators,
        uncertainty,
    )
