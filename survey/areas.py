"""The survey's estimates for each département and région its respondents live in, and how
many respondents each commune has, so that a report on a territory shows that territory's
residents only (domain estimation: the weights and design of the whole survey, the figures of
the domain's respondents).

They are stored in survey_results beside the whole survey's rows, the area after the measure:
"usage@departement:15", "repondants@commune:15014" (family "" for the counts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
import svy

from survey.families import FAMILIES
from survey.intervals import cell_sizes, share_interval, wilson
from survey.stored import COMMUNE, RESPONDENTS, area_measure

if TYPE_CHECKING:
    from survey.analysis import Estimate

# The areas estimated, as Scope kinds name them, and the frame's column holding each.
AREA_COLUMNS = {"departement": "departement", "region": "region"}


def respondent_counts(frame: pl.DataFrame) -> list[Estimate]:
    """How many respondents live in each commune, département and région."""
    from survey.analysis import Estimate

    counts = []
    for kind, column in ((COMMUNE, "commune"), *AREA_COLUMNS.items()):
        for code, count in frame[column].value_counts().iter_rows():
            name = area_measure(RESPONDENTS, kind, str(code))
            counts.append(Estimate("", name, float(count), None, None, int(count)))
    return counts


def area_estimates(sample: svy.Sample, frame: pl.DataFrame) -> list[Estimate]:
    """Each family's measures for each département and région (one domain estimation per
    measure and kind of area), the respondent counts first."""
    found = respondent_counts(frame)
    for family in FAMILIES:
        for measure, column, share, where in _measures(frame, family.key):
            for kind, by in AREA_COLUMNS.items():
                found += _by_area(sample, column, family.key, measure, share, where, kind, by)
    return found


def _measures(
    frame: pl.DataFrame, key: str
) -> list[tuple[str, str, bool, svy.core.expr.Expr | None]]:
    """(measure, column, whether a share, domain condition) of one family, as the whole
    survey's analysis estimates them."""
    from survey.analysis import PLAIN_MEASURES

    chosen: list[tuple[str, str, bool, svy.core.expr.Expr | None]] = [
        (measure, f"{measure}_{key}", share, None) for measure, share in PLAIN_MEASURES
    ]
    offered = f"offert_{key}"
    if frame[offered].drop_nulls().len():
        chosen += [
            ("offert", offered, True, None),
            ("connaissance_si_offert", f"connaissance_{key}", True, svy.col(offered) == 1.0),
            ("importance_si_absent", f"veut_{key}", True, svy.col(offered) == 0.0),
        ]
    return [entry for entry in chosen if frame[entry[1]].drop_nulls().len()]


def _by_area(
    sample: svy.Sample,
    column: str,
    family: str,
    measure: str,
    share: bool,
    where: svy.core.expr.Expr | None,
    kind: str,
    by: str,
) -> list[Estimate]:
    from survey.analysis import Estimate, _interval, _one

    estimation = sample.estimation
    try:
        if share:
            result = estimation.prop(column, by=by, where=where, drop_nulls=True)
        else:
            result = estimation.mean(column, by=by, where=where, drop_nulls=True)
    except svy.SvyError:  # no respondent of any area in the domain
        return []
    rows = _one(result).to_polars()
    if by not in rows.columns:  # an empty result (a tiny survey): no area to estimate
        return []
    sizes = cell_sizes(sample, column, [by], where) if share else {}
    estimates = []
    for code, group in rows.group_by(by):
        name, n = area_measure(measure, kind, str(code[0])), int(group["n"][0])
        if not share:
            row = group.row(0, named=True)
            low, high = _interval(row["lci"]), _interval(row["uci"])
            estimates.append(Estimate(family, name, float(row["est"]), low, high, n))
            continue
        kish = sizes.get((str(code[0]),), 0.0)
        ones = group.filter(pl.col(column) == 1.0)
        if ones.height == 0:  # nobody of the area said yes: 0 %, its interval above 0
            estimates.append(Estimate(family, name, 0.0, *wilson(0.0, kish), n))
            continue
        row = ones.row(0, named=True)
        low, high = share_interval(float(row["est"]), row["se"], kish)
        estimates.append(Estimate(family, name, float(row["est"]), low, high, n))
    return estimates
