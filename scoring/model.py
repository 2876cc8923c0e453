"""The declarative scoring model: axes, and indicators defined from feature keys.

Each indicator turns a site's findings into a number in [0, 1] by one of the measures below
(so indicators are normalised by construction, "raw"); an axis is the weighted mean of its
indicators, and the composite the weighted mean of the axes, on 0-100. See docs/method.md.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scoring.audience import AT_LEAST
from scoring.audience import DERIVED_FEATURES as AUDIENCE_FEATURES
from scoring.availability import DERIVED_FEATURES as AVAILABILITY_FEATURES

DEFAULT_MODEL = Path(__file__).with_name("model.toml")
# presence: the feature (or, for a key ending in ".", any feature of the family) was found.
# value: the best of the values found, through `values` (a table value -> [0, 1]).
# any_of: one of the `values` (a list) was found.
# count: distinct values found (or features of a family), over `cap`.
# absence: the feature was not found (trackers loaded without consent, misuse flags).
# fewest: 1 - distinct values found over `cap` (failed checks: fewer is better).
# recency: an ISO date value, 1 up to `full_days` old on the run's day, 0 from `zero_days`.
# number: a numeric value mapped linearly from `low` (0) to `high` (1), clipped; `high` below
#   `low` when less is better (a load time). A value written ">=X" is only a floor (another
#   part is unknown): it counts when X already earns full marks, else the indicator is unknown
#   (skipped), never the floor's partial credit. A value "a/b" is the fraction (a share).
# share_of: the share of the listed `features` found (phone and hours: 0, 0.5 or 1).
MEASURES = (
    "presence", "value", "any_of", "count", "absence", "fewest", "recency", "number", "share_of",
)  # fmt: skip
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
    features: tuple[str, ...] = ()  # share_of: the features counted (`feature` is the first)

    def found(self, findings: Findings) -> set[str]:
        """The values of the feature, or the keys of the family's (or the list's) features
        found."""
        if self.features:
            return {f for f in self.features if findings.get(f)}
        if self.feature.endswith("."):
            return {f for f, values in findings.items() if f.startswith(self.feature) and values}
        return findings.get(self.feature, set())

    def measure_site(self, findings: Findings, on: date) -> float | None:
        """This indicator for one site in [0, 1], or None when its measurement is missing and
        the model says to skip it."""
        return self.measure_found(self.found(findings), on)

    def measure_found(self, found: AbstractSet[str], on: date) -> float | None:
        """This indicator from what `found` gives for one site (a pure function of the set,
        so that equal sets are measured once: scoring/columns.py)."""
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
        if self.measure == "share_of":
            return len(found) / len(self.features)
        return self._numbers(found)

    def _numbers(self, found: AbstractSet[str]) -> float | None:
        exact = [self._number(v) for v in found if not v.startswith(AT_LEAST)]
        floors = [self._number(v.removeprefix(AT_LEAST)) for v in found if v.startswith(AT_LEAST)]
        if any(floor >= 1.0 for floor in floors):
            return 1.0
        if floors and not exact:
            return None  # a floor below full marks: the true value is not known
        return max(exact, default=0.0)

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
            share = value.split("/", 1)
            number = float(share[0]) / float(share[1]) if len(share) == 2 else float(value)
        except (ValueError, ZeroDivisionError):
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


INDICATOR_FIELDS = {"key", "label", "axis", "measure", "weight"}  # and feature or features
# The feature keys the crawl stores (docs/features.md; a test keeps the two in step): an
# indicator on another key would silently count 0 for everyone. Scoring also reads the keys
# it derives itself (DERIVED_FEATURES: the social audience, the availability across runs).
KNOWN_FEATURES = frozenset(
    {
        "a11y.mention", "a11y.statement_url", "a11y.check_failed", "a11y.axe_violation",
        "a11y.audit_date", "a11y.conformity_rate", "a11y.rgaa_version",
        "a11y.statement_contact", "a11y.recourse", "a11y.schema", "legal.notice_url",
        "legal.privacy_url", "legal.dpo_contact", "tech.cms", "tech.dsfr", "tech.domain",
        "eservices.platform", "eservices.kind", "contact.form", "contact.mailbox",
        "alerts.app", "alerts.newsletter", "opendata.portal", "opendata.file",
        "opendata.licence", "trackers", "trackers.without_consent", "consent.manager",
        "freshness.latest_news", "freshness.sitemap_lastmod", "freshness.copyright_year",
        "freshness.last_modified", "freshness.updated", "security.https", "security.hsts",
        "security.header", "transparency.acts", "transparency.budget",
        "transparency.council_video", "transparency.buyer_profile", "participation.platform",
        "participation.topic", "inclusion.topic", "attractiveness.topic",
        "readability.kandel_moles", "quality.viewport", "quality.search", "contact.phone",
        "contact.hours", "services.feedback", "quality.not_found", "quality.load_time",
    }
)  # fmt: skip
# Keys the score derives itself (docs/method.md § 2): the social audience, the availability.
DERIVED_FEATURES = AUDIENCE_FEATURES | AVAILABILITY_FEATURES
FAMILY_PREFIXES = frozenset({"social."} | {f"{key.split('.')[0]}." for key in KNOWN_FEATURES})
MAX_DRAWS = 100_000  # a Monte Carlo beyond this only makes `vigie score` hang


def _number(value: Any, where: str, name: str, low: float = -math.inf) -> float:
    """A finite number at least `low`: nan or inf would score everyone 0 without a word."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ModelError(f"{where}: {name} must be a number, not {value!r}")
    if not math.isfinite(value) or value < low:
        bound = "" if low == -math.inf else f" and at least {low:g}"
        raise ModelError(f"{where}: {name} must be a finite number{bound}, not {value}")
    return float(value)


def _whole(value: Any, where: str, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ModelError(
            f"{where}: {name} must be a whole number in [{low}, {high}], not {value!r}"
        )
    return value


def _text(entry: dict[str, Any], where: str, name: str) -> str:
    if not isinstance(entry.get(name), str) or not entry[name].strip():
        raise ModelError(f"{where}: {name} must be a non-empty text, not {entry.get(name)!r}")
    return str(entry[name])


def _feature(entry: dict[str, Any], where: str) -> str:
    feature = _text(entry, where, "feature")
    known = feature in FAMILY_PREFIXES if feature.endswith(".") else (
        feature in KNOWN_FEATURES | DERIVED_FEATURES or feature.startswith("social."))  # fmt: skip
    if not known:
        raise ModelError(
            f"{where}: feature {feature!r} is not a key the crawl stores (docs/features.md), "
            "nor a family prefix such as 'social.', nor a derived key such as 'audience.active'"
        )
    return feature


def _values(entry: dict[str, Any], where: str) -> Any:
    values = entry.get("values")
    if entry["measure"] == "value":
        if not isinstance(values, dict):
            raise ModelError(f"{where}: measure 'value' needs a table of values")
        for name, level in values.items():
            if _number(level, where, f"values.{name}", 0.0) > 1:
                raise ModelError(f"{where}: values.{name} must lie in [0, 1], not {level}")
    if entry["measure"] == "any_of" and (
        not isinstance(values, list) or not all(isinstance(v, str) for v in values)
    ):
        raise ModelError(f"{where}: measure 'any_of' needs a list of values (texts)")
    return values


def _checked_indicator(entry: dict[str, Any], where: str, axes: set[str]) -> dict[str, Any]:
    """The entry's fields checked for their types and ranges, as Indicator takes them."""
    checked: dict[str, Any] = dict(entry)
    for name in ("key", "label", "axis", "measure"):
        checked[name] = _text(entry, where, name)
    if entry["measure"] not in MEASURES:
        raise ModelError(f"{where}: measure must be one of {', '.join(MEASURES)}")
    if entry["axis"] not in axes:
        raise ModelError(f"{where}: axis {entry['axis']!r} is not one of the model's axes")
    checked["weight"] = _number(entry["weight"], where, "weight", 0.0)
    if entry.get("missing", "zero") not in MISSING:
        raise ModelError(f"{where}: missing must be one of {', '.join(MISSING)}")
    checked["values"] = _values(entry, where)
    checked["cap"] = _whole(entry.get("cap", 1), where, "cap", 1, 1_000_000)
    for name, default in (("full_days", 0), ("zero_days", 1)):
        checked[name] = _whole(entry.get(name, default), where, name, 0, 1_000_000)
    for bound, fallback in (("low", 0.0), ("high", 1.0)):
        checked[bound] = _number(entry.get(bound, fallback), where, bound)
    if entry["measure"] == "recency" and not checked["full_days"] < checked["zero_days"]:
        raise ModelError(f"{where}: recency needs 0 <= full_days < zero_days")
    if entry["measure"] == "number" and checked["low"] == checked["high"]:
        raise ModelError(f"{where}: number needs low and high apart (low scores 0, high 1)")
    checked["features"] = _listed(entry, where)
    checked["feature"] = checked["features"][0] if checked["features"] else _feature(entry, where)
    return checked


def _listed(entry: dict[str, Any], where: str) -> tuple[str, ...]:
    """share_of's features, each a key the crawl stores (`feature` is their first)."""
    listed = entry.get("features")
    if (entry["measure"] == "share_of") != (listed is not None):
        raise ModelError(f"{where}: `features` goes with measure 'share_of', and only with it")
    if listed is None:
        return ()
    if not isinstance(listed, list) or len(listed) < 2 or len(set(listed)) != len(listed):
        raise ModelError(f"{where}: share_of needs a list of two or more distinct features")
    keys = tuple(_feature({"feature": key}, where) for key in listed)
    if entry.get("feature", keys[0]) != keys[0]:
        raise ModelError(f"{where}: with `features`, `feature` is their first, or left out")
    return keys


def _indicator(entry: Any, where: str, axes: set[str]) -> Indicator:
    if not isinstance(entry, dict):
        raise ModelError(f"{where}: must be a table ([[indicators]])")
    missing = INDICATOR_FIELDS - set(entry) | (
        {"feature"} - set(entry) if "features" not in entry else set()
    )
    if missing:
        raise ModelError(f"{where}: missing {', '.join(sorted(missing))}")
    try:
        return Indicator(**_checked_indicator(entry, where, axes))
    except TypeError as error:
        raise ModelError(f"{where}: {error}") from None


def _axes(data: dict[str, Any], path: Path) -> list[Axis]:
    entries = data.get("axes", [])
    if not isinstance(entries, list):
        raise ModelError(f"{path}: axes must be [[axes]] tables")
    axes = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: axis {number}"
        if not isinstance(entry, dict) or not {"key", "label", "weight"} <= set(entry):
            raise ModelError(f"{where} needs key, label and a weight >= 0")
        weight = _number(entry["weight"], where, "weight", 0.0)
        axes.append(Axis(_text(entry, where, "key"), _text(entry, where, "label"), weight))
    if not axes:
        raise ModelError(f"{path}: no [[axes]]")
    return axes


def _uncertainty(data: dict[str, Any], path: Path) -> Uncertainty:
    raw = data.get("uncertainty", {})
    where = f"{path}: [uncertainty]"
    if not isinstance(raw, dict):
        raise ModelError(f"{where} must be a table")
    normalisations = raw.get("normalisations", ["raw", "percentile"])
    if (
        not isinstance(normalisations, list)
        or not normalisations
        or not set(normalisations) <= {"raw", "percentile"}
    ):
        raise ModelError(f"{where} normalisations are a list of raw and percentile")
    spread = _number(raw.get("weight_spread", 0.5), where, "weight_spread", 0.0)
    coverage = _number(raw.get("coverage", 0.9), where, "coverage", 0.0)
    if spread > 1 or not 0 < coverage <= 1:
        raise ModelError(f"{where} weight_spread must lie in [0, 1] and coverage in (0, 1]")
    return Uncertainty(
        draws=_whole(raw.get("draws", 500), where, "draws", 1, MAX_DRAWS),
        weight_spread=spread,
        normalisations=tuple(normalisations),
        seed=_whole(raw.get("seed", 1), where, "seed", 0, 2**32 - 1),
        coverage=coverage,
    )


def _read(path: Path) -> dict[str, Any]:
    if path.is_dir():
        raise ModelError(f"{path}: it is a folder; give the model's TOML file")
    if not path.is_file() and path.exists():
        raise ModelError(f"{path}: not a regular file; give the model's TOML file")
    try:
        text = path.read_text(encoding="utf-8")
        if text.startswith("\ufeff"):
            raise ModelError(
                f"{path}: starts with a byte order mark (BOM); save it as UTF-8 without BOM"
            )
        return tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per nested [ or {
        raise ModelError(f"{path}: nested too deeply to be a scoring model") from None
    except OSError as error:
        raise ModelError(f"{path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ModelError(f"{path}: not UTF-8 text; a scoring model is a TOML file") from None
    except tomllib.TOMLDecodeError as error:
        raise ModelError(f"{path}: not valid TOML ({error})") from None


def load_model(path: Path = DEFAULT_MODEL) -> Model:
    data = _read(path)
    axes = _axes(data, path)
    axis_keys = {axis.key for axis in axes}
    entries = data.get("indicators", [])
    if not isinstance(entries, list):
        raise ModelError(f"{path}: indicators must be [[indicators]] tables")
    indicators = tuple(
        _indicator(entry, f"{path}: indicator {number}", axis_keys)
        for number, entry in enumerate(entries, start=1)
    )
    keys = [indicator.key for indicator in indicators]
    if len(set(keys)) != len(keys):
        raise ModelError(f"{path}: indicator keys must be unique")
    for axis in axes:
        if axis.weight > 0 and not any(i.weight > 0 for i in indicators if i.axis == axis.key):
            raise ModelError(f"{path}: axis {axis.key!r} has no indicator with a positive weight")
    if not any(axis.weight > 0 for axis in axes):
        raise ModelError(f"{path}: no axis with a positive weight")
    return Model(
        str(data.get("version", "unversioned")),
        str(data.get("description", "")),
        tuple(axes),
        indicators,
        _uncertainty(data, path),
    )
