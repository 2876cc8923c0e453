"""The rows of the data package's `indicators` table: each indicator of the scoring model the
scores were computed with, in the columns of `reports/datapackage_schema_context.py`, its
measure put in words so that a reader can recompute it without Vigie's source."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from scoring.model import Indicator, Model

MISSING_RULES = {
    "zero": "a site read (ok) without the finding gets 0: not seen on the pages crawled",
    "skip": "a site without the finding is left out of the axis with this weight: unknown,"
    " neither credited nor penalised",
}
# A key of the scores that the model given to the export does not hold (scores of another
# model version): listed so that every score's indicator has a row, saying so.
NOT_IN_MODEL = "not described: the scores' model version is not the model this export read"


def _number(value: float) -> str:
    return f"{value:g}"


def _values(values: Any) -> str:
    if isinstance(values, dict):
        return ", ".join(f"{key} {_number(float(score))}" for key, score in values.items())
    return ", ".join(str(value) for value in values or ())


def rule(indicator: Indicator) -> str:
    """What the indicator's measure does with its parameters, in words."""
    what = indicator.feature
    rules = {
        "presence": f"1 when {what} was found, else 0",
        "absence": f"1 when {what} was not found, else 0",
        "value": f"the best value found, scored {_values(indicator.values)}; any other 0",
        "any_of": f"1 when one of {_values(indicator.values)} was found, else 0",
        "count": f"distinct values found over {indicator.cap}, at most 1",
        "fewest": f"1 - distinct values found over {indicator.cap}, at least 0",
        "recency": (
            f"the newest date found: 1 up to {indicator.full_days} days old on the run's day,"
            f" 0 from {indicator.zero_days} days, linear between"
        ),
        "number": (
            f"the number found, linear from {_number(indicator.low)} (0) to"
            f" {_number(indicator.high)} (1), clipped; a floor '>=X' counts only when X earns"
            " 1, else the indicator is unknown"
        ),
        "share_of": f"the share of {' + '.join(indicator.features)} found",
    }
    return rules.get(indicator.measure, indicator.measure)


def indicator_rows(model: Model, version: str, keys: Iterable[str]) -> Iterator[tuple[Any, ...]]:
    """One row per indicator of `model` when it is the scores' `version`; one row per key the
    scores hold that it does not describe, so that every score's indicator has its row."""
    axes = {axis.key: axis for axis in model.axes}
    described = model.indicators if model.version == version else ()
    for indicator in described:
        axis = axes[indicator.axis]
        yield (
            version,
            indicator.key,
            indicator.label,
            indicator.axis,
            axis.label,
            axis.weight,
            " + ".join(indicator.features) or indicator.feature,
            indicator.measure,
            rule(indicator),
            indicator.weight,
            indicator.missing,
            MISSING_RULES.get(indicator.missing, indicator.missing),
        )
    known = {indicator.key for indicator in described}
    for key in sorted(set(keys) - known):
        yield (version, key, None, None, None, None, None, None, NOT_IN_MODEL, None, None, None)
