"""Two waves of one survey compared: the change of each estimate both stored analyses hold
(`vigie survey analyse` of each wave), with its 95 % interval and whether it is significant.

The waves are independent samples: the change d = b − a has the standard error
√(se_a² + se_b²), each se read back from its stored 95 % interval: half its width over 1.96,
for a mean as for a share (a share's Wilson interval, survey/intervals.py, keeps a width at
0 % and 100 %, so a wave where nobody chose an option still has a finite, non-zero se and
its change a finite interval). The test is Wald's (z = d / se); as a comparison tests many estimates
at once, a change is called significant when its p-value stays under 5 % after Holm's
correction over all the estimates compared (so that, where nothing changed, the chance of
calling anything significant is at most 5 %)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, Row, delete, insert, select

from database.models import SurveyResult
from survey.intervals import Z95
from survey.stored import QUESTION, SPLIT, WAVE, split_measure

LEVEL = 0.05
MAX_NAME = 48  # survey_results.measure's length: the longest earlier wave's name recorded
MEANS = {"satisfaction", "importance"}  # the 1–5 measures; the others are shares (0–1)


class CompareError(ValueError):
    """Two analyses that cannot be compared (unknown, identical, nothing in common)."""


@dataclass(frozen=True)
class Stored:
    estimate: float
    ci_low: float | None
    ci_high: float | None
    respondents: int


@dataclass(frozen=True)
class Change:
    family: str
    measure: str
    before: Stored
    after: Stored
    change: float
    ci_low: float
    ci_high: float
    p_value: float
    significant: bool = False


StoredRows = Sequence[Row[str, str, float, float | None, float | None, int]]


def stored_rows(connection: Connection, name: str) -> StoredRows:
    """(family, measure, estimate, ci_low, ci_high, respondents) of every result stored for
    one analysed survey: what the report and `compare` read of it."""
    return connection.execute(
        select(
            SurveyResult.family,
            SurveyResult.measure,
            SurveyResult.estimate,
            SurveyResult.ci_low,
            SurveyResult.ci_high,
            SurveyResult.respondents,
        ).where(SurveyResult.survey == name)
    ).all()


def stored_analysis(engine: Engine, name: str) -> dict[tuple[str, str], Stored]:
    """(family, measure) -> the stored estimate, for one analysed survey."""
    with engine.connect() as connection:
        rows = stored_rows(connection, name)
    if not rows:
        raise CompareError(
            f"no analysis stored under the name {name!r}: analyse each wave first"
            " (vigie survey analyse ANSWERS --name NAME)"
        )
    return {(row[0], row[1]): Stored(*row[2:]) for row in rows}


def is_mean(family: str, measure: str) -> bool:
    """Whether a stored estimate is a mean on the 1–5 scale (else a share)."""
    return not family.startswith(QUESTION) and split_measure(measure)[0] in MEANS


def standard_error(value: Stored) -> float | None:
    """The standard error a stored 95 % interval implies: half its width over 1.96 (None
    without an interval, or with a point for one, as an analysis before Wilson's intervals
    stored a share of 0 %)."""
    low, high = value.ci_low, value.ci_high
    if low is None or high is None or high <= low:
        return None
    return (high - low) / (2 * Z95)


def _comparable(family: str, measure: str, area: str | None) -> bool:
    """Estimates of the area's residents (the whole survey for None), no split cell, no
    count nor bookkeeping row."""
    if not family:
        return False
    plain, where = split_measure(measure)
    return where == area and SPLIT not in plain


def compare_waves(
    before: dict[tuple[str, str], Stored],
    after: dict[tuple[str, str], Stored],
    area: str | None = None,
    minimum: int = 1,
) -> tuple[list[Change], int]:
    """The change of every estimate both waves hold on at least `minimum` respondents each,
    in the order of the later wave, and how many were left out for too few respondents."""
    changes, left_out = [], 0
    for key, later in after.items():
        earlier = before.get(key)
        if earlier is None or not _comparable(*key, area):
            continue
        if min(earlier.respondents, later.respondents) < minimum:
            left_out += 1
            continue
        first, second = standard_error(earlier), standard_error(later)
        if first is None or second is None:
            continue
        error = math.hypot(first, second)
        change = later.estimate - earlier.estimate
        p_value = math.erfc(abs(change) / error / math.sqrt(2))
        changes.append(Change(*key, earlier, later, change, change - Z95 * error,
                              change + Z95 * error, p_value))  # fmt: skip
    if not changes:
        raise CompareError(
            "the two analyses have no estimate in common with an interval"
            + (f" for {area}" if area else "")
            + ": are they two waves of the same questionnaire and territory?"
        )
    return holm(changes), left_out


def link_waves(engine: Engine, before: str, after: str) -> str:
    """Record that `after` follows `before` (a row of `after`: family WAVE, the earlier
    wave's name as measure), so that the report on `after` compares the two; what was done,
    in French."""
    if len(before) > MAX_NAME:
        return (
            f"Nom « {before} » trop long ({len(before)} caractères, {MAX_NAME} au plus) :"
            " la comparaison n'est pas enregistrée pour le rapport."
        )
    with engine.begin() as connection:
        connection.execute(
            delete(SurveyResult).where(SurveyResult.survey == after, SurveyResult.family == WAVE)
        )
        connection.execute(
            insert(SurveyResult).values(
                survey=after,
                run_id=_run_of(connection, after),
                family=WAVE,
                measure=before,
                estimate=0.0,
                ci_low=None,
                ci_high=None,
                respondents=0,
                computed_at=datetime.now(UTC),
            )  # fmt: skip
        )
    return f"Enregistré : « {after} » suit « {before} » ; le rapport sur « {after} » les compare."


def _run_of(connection: Connection, survey: str) -> int | None:
    return connection.execute(
        select(SurveyResult.run_id).where(SurveyResult.survey == survey).limit(1)
    ).scalar()


def holm(changes: list[Change]) -> list[Change]:
    """Holm's step-down: the k-th smallest p-value is tested at LEVEL / (m − k + 1), and
    testing stops at the first that fails."""
    ranked = sorted(range(len(changes)), key=lambda i: changes[i].p_value)
    significant = set()
    for rank, index in enumerate(ranked):
        if changes[index].p_value > LEVEL / (len(changes) - rank):
            break
        significant.add(index)
    return [
        Change(**{**change.__dict__, "significant": index in significant})
        for index, change in enumerate(changes)
    ]
