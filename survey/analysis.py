"""Analysis of the answers: calibration weights raked on the population's margins, weighted
estimates with their confidence intervals, importance–performance quadrants, and what
residents expect set against what their commune's site offers (the feature database)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import polars as pl
import svy
from sqlalchemy import Engine, Row, delete, insert, select
from svy.errors import SvyError

from database.geography import REGION_OF_DEPARTEMENT
from database.models import Authority, SurveyResult
from survey.answers import Answers, AnswersError
from survey.areas import area_estimates
from survey.closed import closed_of, question_columns
from survey.families import FAMILIES
from survey.intervals import cell_sizes, share_interval, wilson
from survey.ipa import quadrants
from survey.offer import offers_by_authority
from survey.questionnaire import Form
from survey.questions_estimates import question_estimates
from survey.stored import SYNTHETIC

if TYPE_CHECKING:
    from svy.core.expr import Expr

    # id, code, stratum, région, département
    CommuneRow = Row[int, str, str | None, str | None, str | None]

# Importance at or above this on the 1–5 scale counts as "wanting" a service.
WANTED = 4
# Measures that are means on the 1–5 scale; the others are shares (0–1).
MEANS = {"satisfaction", "importance"}
MAX_ITER = 1000  # raking sweeps; sparse margins may need many


class WeightingFailed(ValueError):
    """The weights cannot match the margins (raking did not converge)."""


@dataclass(frozen=True)
class Estimate:
    family: str  # "" for a measure of the whole survey
    measure: str
    estimate: float
    ci_low: float | None
    ci_high: float | None
    respondents: int


@dataclass
class Analysis:
    survey: str
    run_id: int | None
    respondents: int
    estimates: list[Estimate]
    weights: list[float]
    # variable -> level -> the population share the weights were raked to
    margins: dict[str, dict[str, float]]
    notes: list[str] = field(default_factory=list)

    def get(self, family: str, measure: str) -> Estimate | None:
        return next(
            (e for e in self.estimates if e.family == family and e.measure == measure), None
        )

    def quadrants(self) -> dict[str, str]:
        """Each family with both means, placed against the means of all families."""
        return quadrants(
            {
                family.key: (importance.estimate, satisfaction.estimate)
                for family in FAMILIES
                if (importance := self.get(family.key, "importance"))
                and (satisfaction := self.get(family.key, "satisfaction"))
            }
        )


def _yes(value: str) -> float | None:
    return None if value == "" else 1.0 if value == "oui" else 0.0


def _number(value: str) -> float | None:
    """A 1–5 rating; None when unanswered or "Je ne sais pas" (left out of the mean)."""
    return float(value) if value.isdigit() else None


def respondent_frame(
    answers: Answers, form: Form, engine: Engine, run_id: int | None
) -> pl.DataFrame:
    """One row per respondent: the quota variables (stratum and région from the commune), and
    per family 0/1 or 1–5 columns, with whether the commune's site offers the family."""
    codes = sorted({row["commune"] for row in answers.rows})
    communes = _communes(engine, codes)
    offers = (
        offers_by_authority(
            engine, run_id, [Authority.kind == "commune", Authority.code.in_(codes)]
        )
        if run_id is not None
        else {}
    )
    unknown = [
        f"line {line}: commune {row['commune']!r} is no commune of the database"
        for row, line in zip(answers.rows, answers.lines, strict=True)
        if row["commune"] not in communes
    ]
    if unknown:
        raise AnswersError(answers.path, unknown)
    records, closed = [], closed_of(form)
    for row in answers.rows:
        commune = communes[row["commune"]]
        records.append(
            _record(row, commune, offers.get(commune.id)) | question_columns(row, closed)
        )
    return pl.DataFrame(records, infer_schema_length=None)


def _communes(engine: Engine, codes: list[str]) -> dict[str, CommuneRow]:
    """Code -> id, code, stratum, région and département of the communes with these codes."""
    with engine.connect() as connection:
        return {
            row.code: row
            for row in connection.execute(
                select(
                    Authority.id,
                    Authority.code,
                    Authority.stratum,
                    Authority.region_code,
                    Authority.departement_code,
                ).where(Authority.kind == "commune", Authority.code.in_(codes))
            )
        }


def _record(
    row: dict[str, str], commune: CommuneRow, offered: frozenset[str] | None
) -> dict[str, object]:
    """One respondent's row of the frame; `offered`: what the commune's site offers (None:
    not known)."""
    record: dict[str, object] = {
        "commune": row["commune"],
        "sexe": row["sexe"],
        "age": row["age"],
        "strate": commune.stratum or "inconnue",
        "region": commune.region_code
        or REGION_OF_DEPARTEMENT.get(commune.departement_code or "", "inconnue"),
        "departement": commune.departement_code or "inconnu",
    }
    for family in FAMILIES:
        key = family.key
        aware = _yes(row.get(f"connait_{key}", ""))
        record[f"connaissance_{key}"] = aware
        # Not knowing a service is not using it: use is a share of all respondents.
        used = _yes(row.get(f"usage_{key}", ""))
        record[f"usage_{key}"] = (used or 0.0) if aware is not None else None
        record[f"satisfaction_{key}"] = _number(row.get(f"satisf_{key}", ""))
        importance = _number(row.get(f"import_{key}", ""))
        record[f"importance_{key}"] = importance
        record[f"veut_{key}"] = None if importance is None else float(importance >= WANTED)
        expects = row.get(f"attente_{key}", "")
        record[f"attente_{key}"] = None if expects == "" else float(expects == "oui")
        record[f"offert_{key}"] = None if offered is None else float(key in offered)
    return record


def raking_shares(
    frame: pl.DataFrame, margins: dict[str, dict[str, float]]
) -> tuple[dict[str, dict[str, float]], list[str]]:
    """The margins the weights can be raked to: each variable's levels that the sample has,
    their population shares renormalised; a variable with one level left is not used."""
    shares: dict[str, dict[str, float]] = {}
    notes = []
    for variable, levels in margins.items():
        present = set(frame[variable].unique().to_list()) if variable in frame.columns else set()
        kept = {level: count for level, count in levels.items() if level in present}
        outside = sorted(present - set(levels))
        if outside:
            notes.append(
                f"{variable}: level(s) {', '.join(outside)} of the answers have no margin;"
                f" {variable} is not used for the weights"
            )
            continue
        if len(kept) < 2:
            notes.append(f"{variable}: fewer than two levels in the answers, not used")
            continue
        if len(kept) < len(levels):
            notes.append(
                f"{variable}: {len(levels) - len(kept)} level(s) without respondent; the"
                " others' shares are renormalised"
            )
        total = sum(kept.values())
        shares[variable] = {level: count / total for level, count in kept.items()}
    return shares, notes


def _interval(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _estimate(
    sample: svy.Sample,
    column: str,
    family: str,
    measure: str,
    share: bool,
    where: Expr | None = None,
) -> Estimate | None:
    if _data(sample)[column].drop_nulls().len() == 0:
        return None
    if share:
        result = _one(sample.estimation.prop(column, where=where, drop_nulls=True)).to_polars()
        kish = cell_sizes(sample, column, where=where).get((), 0.0)
        ones = result.filter(pl.col(column) == 1.0)
        if ones.height == 0:  # nobody said yes: 0 %, whose interval still reaches above 0
            return Estimate(family, measure, 0.0, *wilson(0.0, kish), int(result["n"][0]))
        row = ones.row(0, named=True)
        low, high = share_interval(float(row["est"]), row["se"], kish)
        return Estimate(family, measure, float(row["est"]), low, high, int(row["n"]))
    found = _one(sample.estimation.mean(column, where=where, drop_nulls=True))
    row = found.to_polars().row(0, named=True)
    return Estimate(
        family,
        measure,
        float(row["est"]),
        _interval(row["lci"]),
        _interval(row["uci"]),
        int(row["n"]),
    )


def _data(sample: svy.Sample) -> pl.DataFrame:
    data = sample.data
    return data.collect() if isinstance(data, pl.LazyFrame) else data


def _one(result: svy.Estimate | list[svy.Estimate]) -> svy.Estimate:
    """svy answers a list for a list of columns; one column was asked."""
    return result[0] if isinstance(result, list) else result


def analyse(
    answers: Answers,
    form: Form,
    engine: Engine,
    margins: dict[str, dict[str, float]],
    run_id: int | None,
    survey: str,
    clustered: bool = False,
    areas: bool = True,
) -> Analysis:
    """Weights raked to `margins`, then every estimate with its 95 % confidence interval
    (a mean's by Taylor linearisation, a share's Wilson's on its effective sample size,
    survey/intervals.py; with `clustered`, communes are the primary sampling units, as in
    the two-stage plan of `vigie survey sample`); with `areas`, also for each département
    and région (the report's scopes)."""
    sample, frame, shares, notes = calibrated(answers, form, engine, margins, run_id, clustered)
    weights_column = "poids" if shares else "poids_initial"
    estimates: list[Estimate] = []
    for family in FAMILIES:
        estimates += _family_estimates(sample, frame, family.key)
    weights = _data(sample)[weights_column].to_list()
    estimates.append(Estimate("", "repondants", float(len(weights)), None, None, len(weights)))
    estimates += [  # which margins the weights match, and how many levels each kept
        Estimate("", f"calage_{variable}", float(len(levels)), None, None, len(weights))
        for variable, levels in shares.items()
    ]
    if answers.synthetic:  # simulated answers (`vigie survey simulate`): the report says so
        estimates.append(Estimate("", SYNTHETIC, 1.0, None, None, len(weights)))
    if areas:  # each département's and région's residents
        estimates += area_estimates(sample, frame)
    estimates += question_estimates(sample, frame, form, areas)  # every other closed question
    return Analysis(survey, run_id, len(weights), estimates, weights, shares, notes)


def calibrated(
    answers: Answers,
    form: Form,
    engine: Engine,
    margins: dict[str, dict[str, float]],
    run_id: int | None,
    clustered: bool = False,
) -> tuple[svy.Sample, pl.DataFrame, dict[str, dict[str, float]], list[str]]:
    """The respondents' frame as a svy sample whose weights are raked to `margins`, with the
    shares raked to and the notes on the margins left out."""
    frame = respondent_frame(answers, form, engine, run_id).with_columns(
        pl.lit(1.0).alias("poids_initial")
    )
    shares, notes = raking_shares(frame, margins)
    design = (
        svy.Design(psu="commune", wgt="poids_initial")
        if clustered
        else svy.Design(wgt="poids_initial")
    )
    return _raked(svy.Sample(frame, design), shares, len(frame)), frame, shares, notes


def _raked(sample: svy.Sample, shares: dict[str, dict[str, float]], respondents: int) -> svy.Sample:
    """The sample with weights "poids" raked to `shares` (as it is when there are none)."""
    if not shares:
        return sample
    targets: dict[str, dict[str | int | float | bool, int | float]] = {}
    for variable, levels in shares.items():
        targets[variable] = {level: share for level, share in levels.items()}
    try:
        return sample.weighting.rake(shares=targets, wgt_name="poids", max_iter=MAX_ITER)
    except SvyError as error:
        raise WeightingFailed(
            f"the weights could not be raked to the margins of {', '.join(targets)}"
            f" ({respondents} respondents): {str(error).strip().splitlines()[0]}. Give"
            " fewer margins (a margins file without the sparsest variable, often région)."
        ) from error


# The measures estimated for every family: (measure, whether it is a share).
PLAIN_MEASURES = (
    ("connaissance", True),
    ("usage", True),
    ("satisfaction", False),
    ("importance", False),
    ("attente", True),
)


def _family_estimates(sample: svy.Sample, frame: pl.DataFrame, key: str) -> list[Estimate]:
    """One family's estimates: the plain measures, then, where the respondents' communes'
    offer is known, the share offered, awareness where offered and wish where absent."""
    found = [
        _estimate(sample, f"{measure}_{key}", key, measure, share)
        for measure, share in PLAIN_MEASURES
    ]
    offered = frame[f"offert_{key}"].drop_nulls()
    if offered.len():
        found.append(_estimate(sample, f"offert_{key}", key, "offert", True))
        if offered.sum() > 0 and frame[f"connaissance_{key}"].drop_nulls().len():
            found.append(
                _estimate(
                    sample,
                    f"connaissance_{key}",
                    key,
                    "connaissance_si_offert",
                    True,
                    where=svy.col(f"offert_{key}") == 1.0,
                )  # fmt: skip
            )
        if offered.len() - offered.sum() > 0:
            found.append(
                _estimate(
                    sample,
                    f"veut_{key}",
                    key,
                    "importance_si_absent",
                    True,
                    where=svy.col(f"offert_{key}") == 0.0,
                )  # fmt: skip
            )
    return [estimate for estimate in found if estimate]


def store_analysis(engine: Engine, analysis: Analysis) -> int:
    """Write the estimates, replacing an earlier analysis of the same survey."""
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(delete(SurveyResult).where(SurveyResult.survey == analysis.survey))
        connection.execute(
            insert(SurveyResult),
            [
                {
                    "survey": analysis.survey,
                    "run_id": analysis.run_id,
                    "family": e.family,
                    "measure": e.measure,
                    "estimate": e.estimate,
                    "ci_low": e.ci_low,
                    "ci_high": e.ci_high,
                    "respondents": e.respondents,
                    "computed_at": now,
                }
                for e in analysis.estimates
            ],
        )
    return len(analysis.estimates)
