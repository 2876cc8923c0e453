"""Reading stored scores back: ranks within any selection (stratum, département, région,
nation), and the chain from one authority's rank down to the evidence of its findings."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, func, select

from database.models import Authority, FindingRow, Score, SiteScan
from scoring.availability import ANSWERED, availability
from scoring.model import Indicator, Model
from scoring.scored import scored_authorities


@dataclass(frozen=True)
class Ranked:
    code: str
    name: str
    kind: str
    departement: str | None
    stratum: str | None
    score: float
    rank: int  # within the selection
    percentile: float  # share of the selection scoring lower, ties counted half, in %
    rank_in_stratum: int
    rank_low: int | None  # the stratum rank's interval under uncertainty
    rank_high: int | None
    stratum_count: int
    axes: dict[str, Any]

    @property
    def interval(self) -> str:
        if self.rank_low is None or self.rank_high is None:
            return str(self.rank_in_stratum)
        if self.rank_low == self.rank_high:
            return str(self.rank_low)
        return f"{self.rank_low}–{self.rank_high}"


def rank(
    engine: Engine,
    run_id: int,
    model_version: str,
    stratum: str | None = None,
    departement: str | None = None,
    region: str | None = None,
    kind: str | None = None,
) -> list[Ranked]:
    """Scored authorities of the selection, best first, with their rank in it."""
    query = scored_authorities(
        run_id,
        model_version,
        Authority.code,
        Authority.name,
        Authority.kind,
        Authority.departement_code,
        Score.stratum,
        Score.score,
        Score.rank_in_stratum,
        Score.rank_low,
        Score.rank_high,
        Score.stratum_count,
        Score.axes,
        conditions=_selection(stratum, departement, region, kind),
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    ascending = sorted(row.score for row in rows)
    ranked = []
    for row in rows:
        below = bisect_left(ascending, row.score)
        equal = bisect_right(ascending, row.score) - below
        better = len(ascending) - below - equal
        ranked.append(
            Ranked(
                row.code,
                row.name,
                row.kind,
                row.departement_code,
                row.stratum,
                row.score,
                better + 1,
                round(100 * (below + 0.5 * (equal - 1)) / (len(ascending) - 1), 1)
                if len(ascending) > 1
                else 100.0,
                row.rank_in_stratum,
                row.rank_low,
                row.rank_high,
                row.stratum_count,
                row.axes or {},
            )
        )
    return ranked


RANK_COLUMNS = ("rank", "percentile", "code", "name", "kind", "departement", "stratum", "score",
                "rank_in_stratum", "rank_low", "rank_high", "stratum_count")  # fmt: skip


def rank_table(rows: list[Ranked], model: Model) -> tuple[list[str], list[list[object]]]:
    """The ranking as a table (`vigie rank --csv`): its columns, then one axis a column."""
    axes = [axis.key for axis in model.axes]
    values = [
        [*(getattr(row, column) for column in RANK_COLUMNS), *(row.axes.get(a) for a in axes)]
        for row in rows
    ]
    return [*RANK_COLUMNS, *axes], values


@dataclass(frozen=True)
class Explanation:
    """Rank → score → axes → indicators → findings → evidence, for one authority."""

    code: str
    name: str
    stratum: str | None
    score: float
    rank_in_stratum: int
    rank_low: int | None
    rank_high: int | None
    stratum_count: int
    # (axis key, label, weight, axis score), in model order
    axes: list[tuple[str, str, float, float | None]]
    # axis key -> [(indicator key, label, weight, value, [(feature, value, evidence URL)])]
    indicators: dict[str, list[tuple[str, str, float, float | None, list[tuple[str, str, str]]]]]


def explain(engine: Engine, run_id: int, model: Model, code: str) -> Explanation | None:
    with engine.connect() as connection:
        row = connection.execute(
            scored_authorities(
                run_id,
                model.version,
                Authority.id,
                Authority.name,
                Score.id,
                conditions=[Authority.code == code],
            )
        ).first()
        if row is None:
            return None
        authority_id, name, score_id = row
        score_row = connection.execute(select(Score).where(Score.id == score_id)).one()
        findings = connection.execute(
            select(FindingRow.feature, FindingRow.value, FindingRow.evidence_url).where(
                FindingRow.authority_id == authority_id, FindingRow.run_id == run_id
            )
        ).all()
    by_feature: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for feature, value, evidence in sorted(findings):
        by_feature[feature].append((feature, value, evidence))
    if any(indicator.feature == ANSWERED for indicator in model.indicators):
        # Derived from the runs' scans: its figure with the runs it rests on, or why unknown.
        figure = availability(engine, run_id, [authority_id])[authority_id]
        by_feature[ANSWERED].append((ANSWERED, figure.value or "unknown", figure.reason))
    axes_values = score_row.axes or {}
    indicator_values = score_row.indicators or {}
    indicators: dict[str, list[Any]] = defaultdict(list)
    for indicator in model.indicators:
        indicators[indicator.axis].append(
            (
                indicator.key,
                indicator.label,
                indicator.weight,
                indicator_values.get(indicator.key),
                _shown(indicator, by_feature),
            )
        )
    return Explanation(
        code,
        name,
        score_row.stratum,
        score_row.score,
        score_row.rank_in_stratum,
        score_row.rank_low,
        score_row.rank_high,
        score_row.stratum_count,
        [(a.key, a.label, a.weight, axes_values.get(a.key)) for a in model.axes],
        dict(indicators),
    )


def _shown(
    indicator: Indicator, by_feature: dict[str, list[tuple[str, str, str]]]
) -> list[tuple[str, str, str]]:
    """The findings an indicator was computed from: (feature, value, evidence URL)."""
    if indicator.features:  # share_of: each of its features
        shown = [f for key in indicator.features for f in by_feature.get(key, [])]
    elif indicator.feature.endswith("."):
        shown = [
            f for key, fs in by_feature.items() if key.startswith(indicator.feature) for f in fs
        ]
    else:
        shown = by_feature.get(indicator.feature, [])
    if indicator.measure == "any_of":  # only the values the indicator counts
        shown = [f for f in shown if f[1] in indicator.values]
    return shown


def not_ranked(
    engine: Engine,
    run_id: int,
    stratum: str | None = None,
    departement: str | None = None,
    region: str | None = None,
    kind: str | None = None,
) -> dict[str, int]:
    """Scan statuses of the selection's authorities that could not be scored: they are left
    out of the ranks, never ranked last."""
    query = (
        select(SiteScan.status, func.count())
        .join(Authority, Authority.id == SiteScan.authority_id)
        .where(SiteScan.run_id == run_id, SiteScan.status != "ok")
        .group_by(SiteScan.status)
        .order_by(func.count().desc(), SiteScan.status)
    )
    query = query.where(*_selection(stratum, departement, region, kind))
    with engine.connect() as connection:
        return {str(status): int(count) for status, count in connection.execute(query).all()}


def _selection(
    stratum: str | None, departement: str | None, region: str | None, kind: str | None
) -> list[ColumnElement[bool]]:
    """The conditions that restrict authorities to a selection (each criterion when given)."""
    criteria = (
        (Authority.stratum, stratum),
        (Authority.departement_code, departement),
        (Authority.region_code, region),
        (Authority.kind, kind),
    )
    return [column == wanted for column, wanted in criteria if wanted]
