"""Rank intervals under uncertainty: a Monte Carlo over axis weights and normalisation,
computed a block of draws at a time.

Within a draw only the axis weights change: the axis scores of each normalisation do not
depend on them, so they are computed once, and a draw is a weighted mean of six columns.
The sums run over the axes in the model's order, element by element (no matrix product,
whose summation order would differ), so that each draw's composite is the same number to
the last bit as a draw computed alone (`compute.aggregate`), and its ranks the same.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from scoring.model import Model

FloatArray = np.ndarray
BLOCK = 64  # draws at a time: draws × units × axes floats stay within some 30 MB
# Composites are 0-100 rounded to 2 decimals: in hundredths, at most 10,001 distinct values,
# few enough to count them rather than sort them. A wider range falls back to sorting.
COUNTED_RANGE = 1_000_000


def draw_weights(model: Model, nominal: FloatArray) -> tuple[FloatArray, list[str]]:
    """The axis weights and the normalisation of each draw, in the order the seeded generator
    gives them (one uniform per axis, draw after draw)."""
    settings = model.uncertainty
    rng = np.random.default_rng(settings.seed)
    spreads = rng.uniform(
        1 - settings.weight_spread, 1 + settings.weight_spread, (settings.draws, nominal.size)
    )
    choices = [
        settings.normalisations[draw % len(settings.normalisations)]
        for draw in range(settings.draws)
    ]
    return nominal * spreads, choices


def composites(axis_scores: FloatArray, weights: FloatArray) -> FloatArray:
    """Draws × units: each unit's composite under each draw's axis weights (NaN axes out),
    0 where nothing was measured."""
    present = ~np.isnan(axis_scores)
    scores = np.where(present, axis_scores, 0.0)
    weighted = (scores[None, :, :] * weights[:, None, :]).sum(axis=2)
    # The weight a unit's measured axes carry depends only on which are measured: a few
    # patterns, summed once each (the same sums, row by row, as for every unit).
    bits = present.astype(np.int64) << np.arange(present.shape[1], dtype=np.int64)
    codes, pattern_of = np.unique(bits.sum(axis=1), return_inverse=True)
    patterns = (codes[:, None] >> np.arange(present.shape[1])) & 1 == 1
    totals = np.where(patterns[None, :, :], weights[:, None, :], 0.0).sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        composite = weighted / totals[:, pattern_of.reshape(-1)]
    return np.nan_to_num(composite)


def competition_ranks_2d(scores: FloatArray) -> FloatArray:
    """Row by row, rank 1 for the best; ties share a rank and the next skips (1, 2, 2, 4).
    `scores` are rounded to hundredths."""
    if scores.size == 0:
        return np.zeros(scores.shape)
    hundredths = np.rint(scores * 100).astype(np.int64)
    low, high = int(hundredths.min()), int(hundredths.max())
    if high - low > COUNTED_RANGE:
        return np.vstack([competition_ranks(row) for row in scores])
    width = high - low + 1
    offsets = np.arange(scores.shape[0])[:, None] * width
    keys = hundredths - low + offsets
    counts = np.bincount(keys.ravel(), minlength=scores.shape[0] * width).reshape(-1, width)
    # Units scoring strictly more: the counts of the higher values, summed from the top.
    above = np.cumsum(counts[:, ::-1], axis=1)[:, ::-1] - counts
    return np.take_along_axis(above, hundredths - low, axis=1) + 1.0


def competition_ranks(scores: FloatArray) -> FloatArray:
    """Rank 1 for the best; ties share a rank and the next rank skips (1, 2, 2, 4)."""
    descending = -np.sort(-scores)
    return np.searchsorted(-descending, -scores, side="left") + 1.0


def rank_draws(
    model: Model,
    axis_scores: Callable[[str], FloatArray],
    nominal: FloatArray,
) -> FloatArray:
    """Draws × units: the ranks each unit takes in each draw. `axis_scores` gives the units'
    axis scores under a normalisation ("raw", "percentile")."""
    weights, choices = draw_weights(model, nominal)
    units = axis_scores(choices[0]).shape[0]
    ranks = np.empty((len(choices), units))
    for choice in sorted(set(choices)):
        drawn = np.flatnonzero([c == choice for c in choices])
        scores = axis_scores(choice)
        for start in range(0, drawn.size, BLOCK):
            block = drawn[start : start + BLOCK]
            rounded = np.round(composites(scores, weights[block]), 2)
            ranks[block] = competition_ranks_2d(rounded)
    return ranks


def intervals(model: Model, ranks: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Each unit's ranks over the draws, cut to the model's coverage."""
    tail = (1 - model.uncertainty.coverage) / 2
    low = np.quantile(ranks, tail, axis=0, method="lower")
    high = np.quantile(ranks, 1 - tail, axis=0, method="higher")
    return low, high
