"""The fast paths of re-scoring compute what the plain definitions compute: the indicator
matrix built column-wise (scoring/columns.py) equals asking every site for every indicator
(`Indicator.measure_site`), and the Monte Carlo's batched ranks (scoring/uncertainty.py) equal
`competition_ranks` row by row, ties and wide ranges included."""

from __future__ import annotations

import math
import random
from datetime import date

import numpy as np
import pytest

from scoring.compute import indicator_matrix
from scoring.model import Findings, load_model
from scoring.uncertainty import COUNTED_RANGE, competition_ranks, competition_ranks_2d

ON = date(2026, 3, 2)


def plausible_values(feature: str, values: object, rng: random.Random) -> set[str]:
    """A few values a site could hold for the feature: the model's own, numbers, dates, words."""
    pool = ["true", "present", "oui", "non", "12", "850", "2400", "2026-02-20", "2024-01-01"]
    if isinstance(values, dict):
        pool += list(values)
    elif isinstance(values, list):
        pool += [str(value) for value in values]
    return {rng.choice(pool) for _ in range(rng.randint(1, 3))}


def test_the_column_wise_matrix_is_every_indicator_asked_of_every_site() -> None:
    model = load_model()
    rng = random.Random(11)
    features = sorted({f for i in model.indicators for f in (i.feature, *i.features)})
    sites: list[Findings] = []
    for _ in range(400):
        findings: Findings = {}
        for indicator in model.indicators:
            for feature in (indicator.feature, *indicator.features):
                if rng.random() < 0.4:
                    key = feature + "x" if feature.endswith(".") else feature
                    findings.setdefault(key, set()).update(
                        plausible_values(feature, indicator.values, rng)
                    )
        sites.append(findings)
    sites.append({})  # a site with nothing found
    assert len(features) > 10
    fast = indicator_matrix(model, sites, ON)
    for row, findings in enumerate(sites):
        for column, indicator in enumerate(model.indicators):
            plain = indicator.measure_site(findings, ON)
            got = fast[row, column]
            assert (plain is None and math.isnan(got)) or plain == pytest.approx(got), (
                indicator.key,
                findings,
            )


@pytest.mark.parametrize("spread", [10.0, COUNTED_RANGE / 100 * 3])
def test_batched_ranks_are_the_ranks_of_each_draw(spread: float) -> None:
    rng = np.random.default_rng(5)
    scores = np.round(rng.uniform(0, spread, size=(64, 300)), 2)
    scores[:, :40] = scores[:, 40:80]  # ties in every draw
    batched = competition_ranks_2d(scores)
    for draw in range(scores.shape[0]):
        np.testing.assert_array_equal(batched[draw], competition_ranks(scores[draw]))
