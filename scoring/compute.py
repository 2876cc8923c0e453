"""Scores of a run: indicators, axes and composite per crawled authority, its rank among its
peers, and a rank interval from a Monte Carlo over weights and normalisation.

Arrays are authorities × indicators (numpy), so that re-scoring a national database with a
changed weight takes seconds: the findings are read once, column-wise (scoring/columns.py),
and the Monte Carlo runs a block of draws at a time (scoring/uncertainty.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import Engine, delete, insert

from database.models import Score
from scoring.bulk import collector_paused
from scoring.columns import column_matrix, columns_of
from scoring.model import Findings, Model
from scoring.run_findings import RunFindings, read_run
from scoring.uncertainty import competition_ranks, intervals, rank_draws

FloatArray = np.ndarray


@dataclass(frozen=True)
class PeerGroupScores:
    """The scores of one peer group (a stratum), nominal and under uncertainty."""

    authority_ids: list[int]
    indicators: FloatArray  # units × indicators, NaN where skipped
    axes: FloatArray  # units × axes, 0-100, NaN where an axis has nothing measured
    composite: FloatArray  # units, 0-100
    ranks: FloatArray  # units, competition ranks (1 is best)
    rank_low: FloatArray
    rank_high: FloatArray


def indicator_matrix(model: Model, sites: list[Findings], on: date) -> FloatArray:
    return column_matrix(model, columns_of(enumerate(sites)), range(len(sites)), on)


def percentile_normalise(matrix: FloatArray) -> FloatArray:
    """Each indicator as the share of peers with a lower value, ties counted half."""
    normalised = np.full_like(matrix, np.nan)
    for column in range(matrix.shape[1]):
        values = matrix[:, column]
        present = ~np.isnan(values)
        measured = values[present]
        if measured.size == 0:
            continue
        ordered = np.sort(measured)
        below = np.searchsorted(ordered, measured, side="left")
        equal = np.searchsorted(ordered, measured, side="right") - below
        normalised[present, column] = (below + 0.5 * equal) / measured.size
    return normalised


def aggregate(
    model: Model,
    matrix: FloatArray,
    axis_weights: FloatArray,
    indicator_weights: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray]:
    """(axes 0-100, composite 0-100): weighted means, skipped indicators and empty axes left
    out with their weight."""
    if indicator_weights is None:
        indicator_weights = np.array([i.weight for i in model.indicators])
    axis_scores = np.full((matrix.shape[0], len(model.axes)), np.nan)
    for position, axis in enumerate(model.axes):
        columns = [n for n, i in enumerate(model.indicators) if i.axis == axis.key]
        values = matrix[:, columns]
        weights = np.where(np.isnan(values), 0.0, indicator_weights[columns])
        total = weights.sum(axis=1)
        weighted = np.nansum(values * indicator_weights[columns], axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            axis_scores[:, position] = np.where(total > 0, 100 * weighted / total, np.nan)
    weights = np.where(np.isnan(axis_scores), 0.0, axis_weights)
    with np.errstate(invalid="ignore", divide="ignore"):
        composite = np.nansum(axis_scores * axis_weights, axis=1) / weights.sum(axis=1)
    return axis_scores, np.nan_to_num(composite)


def score_peer_group(model: Model, authority_ids: list[int], matrix: FloatArray) -> PeerGroupScores:
    nominal_weights = np.array([axis.weight for axis in model.axes])
    axes, composite = aggregate(model, matrix, nominal_weights)
    composite = np.round(composite, 2)
    ranks = competition_ranks(composite)
    low, high = rank_intervals(model, matrix, nominal_weights)
    return PeerGroupScores(authority_ids, matrix, axes, composite, ranks, low, high)


def rank_intervals(
    model: Model, matrix: FloatArray, nominal_weights: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """The ranks each unit takes over the draws, cut to the model's coverage. The axis
    scores of each normalisation are computed once: the draws change only axis weights."""
    axis_scores: dict[str, FloatArray] = {}

    def scores(choice: str) -> FloatArray:
        if choice not in axis_scores:
            normalised = percentile_normalise(matrix) if choice == "percentile" else matrix
            axis_scores[choice] = aggregate(model, normalised, nominal_weights)[0]
        return axis_scores[choice]

    return intervals(model, rank_draws(model, scores, nominal_weights))


@collector_paused()  # scoring/bulk.py
def score_findings(model: Model, run: RunFindings) -> list[PeerGroupScores]:
    groups: dict[str | None, list[int]] = defaultdict(list)
    for authority_id, stratum in sorted(run.strata.items()):
        groups[stratum].append(authority_id)
    ordered = sorted(groups.items(), key=lambda item: str(item[0]))
    # One matrix for all: an indicator is measured column-wise over the sites holding its
    # feature (scoring/columns.py); each peer group is a block of its rows.
    members = [authority_id for _, group in ordered for authority_id in group]
    matrix = column_matrix(model, run.columns, members, run.on)
    scored, start = [], 0
    for _, group in ordered:
        block = matrix[start : start + len(group)]
        scored.append(score_peer_group(model, group, block))
        start += len(group)
    return scored


@collector_paused()  # scoring/bulk.py
def score_run(engine: Engine, run_id: int, model: Model, now: datetime | None = None) -> int:
    """(Re)compute and store the scores of a run for a model; returns how many were scored.

    Only sites scanned with status "ok" are scored: a site that could not be crawled is
    excluded from the ranks, never scored as zero.
    """
    run = read_run(engine, run_id)
    return store_scores(engine, run_id, model, run, score_findings(model, run), now)


@collector_paused()  # scoring/bulk.py
def store_scores(
    engine: Engine,
    run_id: int,
    model: Model,
    run: RunFindings,
    groups: list[PeerGroupScores],
    now: datetime | None = None,
) -> int:
    now = now or datetime.now(UTC)
    indicator_keys = [i.key for i in model.indicators]
    axis_keys = [a.key for a in model.axes]
    rows = []
    for group in groups:
        indicators = _by_key(indicator_keys, group.indicators, 4)
        axes = _by_key(axis_keys, group.axes, 2)
        scores = zip(
            group.authority_ids,
            group.composite.tolist(),
            group.ranks.tolist(),
            group.rank_low.tolist(),
            group.rank_high.tolist(),
            strict=True,
        )
        for position, (authority_id, score, rank, low, high) in enumerate(scores):
            rows.append(
                {
                    "run_id": run_id,
                    "authority_id": authority_id,
                    "model_version": model.version,
                    "score": score,
                    "stratum": run.strata[authority_id],
                    "rank_in_stratum": int(rank),
                    "rank_low": int(low),
                    "rank_high": int(high),
                    "stratum_count": len(group.authority_ids),
                    "indicators": indicators[position],
                    "axes": axes[position],
                    "computed_at": now,
                }
            )
    with engine.begin() as connection:
        connection.execute(
            delete(Score).where(Score.run_id == run_id, Score.model_version == model.version)
        )
        if rows:
            connection.execute(insert(Score), rows)
    return len(rows)


def _by_key(keys: list[str], matrix: FloatArray, digits: int) -> list[dict[str, float | None]]:
    """Each row of a units × keys matrix, JSON-ready: NaN (skipped, nothing measured) as null.
    Rounded by Python's `round` (correctly rounded, unlike numpy's), once per distinct value
    of a column: an indicator takes few."""
    columns = []
    for column in matrix.T.tolist():
        rounded: dict[float, float | None] = {}
        for value in column:
            if value not in rounded:
                rounded[value] = None if value != value else round(value, digits)
        columns.append([rounded[value] for value in column])
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]


@dataclass(frozen=True)
class Driver:
    axis: str
    label: str
    correlation: float  # Spearman's, between the axis score and the composite, within strata
    rank_shift: float  # mean absolute change of stratum rank when the axis is left out


def sensitivity(model: Model, groups: list[PeerGroupScores]) -> list[Driver]:
    """Which axes drive the ranking: how closely each follows the composite, and how far ranks
    move without it. Averaged over peer groups, weighted by their size."""
    nominal = np.array([a.weight for a in model.axes])
    drivers = []
    for position, axis in enumerate(model.axes):
        weights = nominal.copy()
        weights[position] = 0.0
        correlations = [
            _spearman(np.nan_to_num(group.axes[:, position]), group.composite) for group in groups
        ]
        # With no other axis weighing, "without it" has no ranking to compare.
        shifts = [_rank_shift(model, g, weights) if weights.any() else 0.0 for g in groups]
        drivers.append(
            Driver(
                axis.key,
                axis.label,
                round(_by_size(correlations, groups), 3),
                round(_by_size(shifts, groups), 2),
            )
        )
    return sorted(drivers, key=lambda driver: -driver.rank_shift)


def indicator_drivers(model: Model, groups: list[PeerGroupScores]) -> list[tuple[str, float]]:
    """(indicator label, mean absolute change of stratum rank when its weight is 0), most
    influential first, averaged over peer groups weighted by their size."""
    axis_weights = np.array([a.weight for a in model.axes])
    nominal = np.array([i.weight for i in model.indicators])
    shifts = []
    for position, indicator in enumerate(model.indicators):
        weights = nominal.copy()
        weights[position] = 0.0
        per_group = [_rank_shift(model, group, axis_weights, weights) for group in groups]
        shifts.append((indicator.label, round(_by_size(per_group, groups), 2)))
    return sorted(shifts, key=lambda pair: -pair[1])


def _rank_shift(
    model: Model,
    group: PeerGroupScores,
    axis_weights: FloatArray,
    indicator_weights: FloatArray | None = None,
) -> float:
    """Mean absolute change of the group's ranks under other weights."""
    _, composite = aggregate(model, group.indicators, axis_weights, indicator_weights)
    return float(np.mean(np.abs(competition_ranks(np.round(composite, 2)) - group.ranks)))


def _by_size(values: list[float], groups: list[PeerGroupScores]) -> float:
    """The mean of per-group values, each group weighing its number of authorities."""
    sizes = np.array([len(g.authority_ids) for g in groups], dtype=float)
    return float(np.dot(values, sizes) / (sizes.sum() or 1.0))


def _spearman(a: FloatArray, b: FloatArray) -> float:
    ranks_a, ranks_b = _mid_ranks(a), _mid_ranks(b)
    if ranks_a.std() == 0 or ranks_b.std() == 0:
        return 0.0
    return float(np.corrcoef(ranks_a, ranks_b)[0, 1])


def _mid_ranks(values: FloatArray) -> FloatArray:
    ordered = np.sort(values)
    return (
        np.searchsorted(ordered, values, "left") + np.searchsorted(ordered, values, "right")
    ) / 2
