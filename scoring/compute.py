"""Scores of a run: indicators, axes and composite per crawled authority, its rank among its
peers, and a rank interval from a Monte Carlo over weights and normalisation.

Arrays are authorities × indicators (numpy), so that re-scoring a national database with a
changed weight takes seconds: the findings are read once, every draw is a few matrix
products.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
from sqlalchemy import Engine, delete, insert, select

from database.models import Authority, CrawlRun, FindingRow, Score, SiteScan
from database.social_audience import run_accounts
from scoring.audience import derived_findings
from scoring.availability import derived_findings as availability_findings
from scoring.model import Findings, Model

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
    values = [
        [indicator.measure_site(findings, on) for indicator in model.indicators]
        for findings in sites
    ]
    return np.array(
        [[np.nan if v is None else v for v in row] for row in values], dtype=float
    ).reshape(len(sites), len(model.indicators))


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


def competition_ranks(scores: FloatArray) -> FloatArray:
    """Rank 1 for the best; ties share a rank and the next rank skips (1, 2, 2, 4)."""
    descending = -np.sort(-scores)
    return np.searchsorted(-descending, -scores, side="left") + 1.0


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
    """The ranks each unit takes over the draws, cut to the model's coverage."""
    settings = model.uncertainty
    rng = np.random.default_rng(settings.seed)
    normalised = {
        "raw": matrix,
        "percentile": percentile_normalise(matrix)
        if "percentile" in settings.normalisations
        else matrix,
    }
    draws = np.empty((settings.draws, matrix.shape[0]))
    for draw in range(settings.draws):
        choice = settings.normalisations[draw % len(settings.normalisations)]
        spread = rng.uniform(
            1 - settings.weight_spread, 1 + settings.weight_spread, nominal_weights.size
        )
        _, composite = aggregate(model, normalised[choice], nominal_weights * spread)
        draws[draw] = competition_ranks(np.round(composite, 2))
    tail = (1 - settings.coverage) / 2
    low = np.quantile(draws, tail, axis=0, method="lower")
    high = np.quantile(draws, 1 - tail, axis=0, method="higher")
    return low, high


@dataclass(frozen=True)
class RunFindings:
    on: date  # the run's day: recency is measured from it, not from the clock
    strata: dict[int, str | None]  # scored authority -> its peer group
    findings: dict[int, Findings]


def read_run(engine: Engine, run_id: int) -> RunFindings:
    """The scored authorities' findings, with the social audience derived from the run's
    accounts (scoring/audience.py: `audience.active`, `audience.followers_per_1000`) and the
    availability from the scans of the runs up to this one (scoring/availability.py)."""
    with engine.connect() as connection:
        started = connection.execute(
            select(CrawlRun.started_at).where(CrawlRun.id == run_id)
        ).scalar_one()
        strata = dict(
            connection.execute(
                select(Authority.id, Authority.stratum)
                .join(SiteScan, SiteScan.authority_id == Authority.id)
                .where(SiteScan.run_id == run_id, SiteScan.status == "ok")
            ).all()
        )
        findings: dict[int, Findings] = defaultdict(lambda: defaultdict(set))
        for authority_id, feature, value in connection.execute(
            select(FindingRow.authority_id, FindingRow.feature, FindingRow.value).where(
                FindingRow.run_id == run_id
            )
        ):
            findings[authority_id][feature].add(value)
    on = started.date()
    for authority_id, derived in derived_findings(run_accounts(engine, run_id), strata, on).items():
        findings[authority_id].update(derived)
    for authority_id, derived in availability_findings(engine, run_id, strata).items():
        findings[authority_id].update(derived)
    return RunFindings(on, strata, findings)


def score_findings(model: Model, run: RunFindings) -> list[PeerGroupScores]:
    groups: dict[str | None, list[int]] = defaultdict(list)
    for authority_id, stratum in sorted(run.strata.items()):
        groups[stratum].append(authority_id)
    scored = []
    for _, members in sorted(groups.items(), key=lambda item: str(item[0])):
        matrix = indicator_matrix(model, [run.findings.get(a, {}) for a in members], run.on)
        scored.append(score_peer_group(model, members, matrix))
    return scored


def score_run(engine: Engine, run_id: int, model: Model, now: datetime | None = None) -> int:
    """(Re)compute and store the scores of a run for a model; returns how many were scored.

    Only sites scanned with status "ok" are scored: a site that could not be crawled is
    excluded from the ranks, never scored as zero.
    """
    run = read_run(engine, run_id)
    return store_scores(engine, run_id, model, run, score_findings(model, run), now)


def store_scores(
    engine: Engine,
    run_id: int,
    model: Model,
    run: RunFindings,
    groups: list[PeerGroupScores],
    now: datetime | None = None,
) -> int:
    now = now or datetime.now(UTC)
    rows = []
    for group in groups:
        for position, authority_id in enumerate(group.authority_ids):
            rows.append(
                {
                    "run_id": run_id,
                    "authority_id": authority_id,
                    "model_version": model.version,
                    "score": float(group.composite[position]),
                    "stratum": run.strata[authority_id],
                    "rank_in_stratum": int(group.ranks[position]),
                    "rank_low": int(group.rank_low[position]),
                    "rank_high": int(group.rank_high[position]),
                    "stratum_count": len(group.authority_ids),
                    "indicators": _by_key(
                        [i.key for i in model.indicators], group.indicators[position], 4
                    ),
                    "axes": _by_key([a.key for a in model.axes], group.axes[position], 2),
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


def _by_key(keys: list[str], values: FloatArray, digits: int) -> dict[str, float | None]:
    """JSON-ready: NaN (skipped, nothing measured) as null."""
    return {
        key: None if np.isnan(value) else round(float(value), digits)
        for key, value in zip(keys, values, strict=True)
    }


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
