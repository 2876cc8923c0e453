"""Estimates of every closed question (survey/closed.py): the weighted share of each option
with its 95 % interval, for the whole survey and split by age band, sex and commune size, and
for each département and région (as a whole; by age band too for the channels), with the share
answering "Je ne sais pas" beside them where the question offers it. Stored in survey_results
under the family "question:<name>", the option as measure, the split after "|"
("site|age=15-29"), the area after "@" (survey/stored.py).

Every cell is stored with its respondents; the report and the command line state a cell only
on MIN_RESPONDENTS respondents or more (reports/thresholds.py, docs/survey.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl
import svy

from survey.closed import Closed, choice_column, closed_of, dont_know_column, option_column
from survey.intervals import cell_sizes, share_interval
from survey.stored import DONT_KNOW, area_measure, question_family, split_option

if TYPE_CHECKING:
    from survey.analysis import Estimate
    from survey.questionnaire import Form

# The respondent frame's columns each estimate is split by.
SPLITS = ("age", "sexe", "strate")
AREAS = ("departement", "region")
# Questions also split by age band within each area (the report's channels by age of a
# territory); the others are estimated for each area as a whole.
AREA_BY_AGE = {"canaux"}


def question_estimates(
    sample: svy.Sample, frame: pl.DataFrame, form: Form, areas: bool = True
) -> list[Estimate]:
    """Every option of every closed question: whole survey, splits, and (with `areas`) each
    département and région."""
    found: list[Estimate] = []
    for question in closed_of(form):
        groupings: list[list[str]] = [[], *([split] for split in SPLITS)]
        if areas:
            groupings += [[area] for area in AREAS]
            if question.name in AREA_BY_AGE:
                groupings += [[area, "age"] for area in AREAS]
        for column, options in _columns(question):
            if column not in frame.columns or frame[column].drop_nulls().len() == 0:
                continue
            for by in groupings:
                found += _cells(sample, column, question_family(question.name), options, by)
    return found


def _columns(question: Closed) -> list[tuple[str, dict[object, str]]]:
    """The frame's columns of a question, each with its values that name an option (a 0/1
    column's 1; a single choice's codes)."""
    columns: list[tuple[str, dict[object, str]]]
    if question.multiple:
        columns = [(option_column(question.name, o), {1.0: o}) for o in question.options]
    else:
        columns = [(choice_column(question.name), {o: o for o in question.options})]
    if question.unsure:
        columns.append((dont_know_column(question.name), {1.0: DONT_KNOW}))
    return columns


def _name(option: str, by: list[str], cell: tuple[object, ...]) -> str:
    """The stored measure of one cell: the option, its split, its area."""
    measure, levels = option, dict(zip(by, (str(level) for level in cell), strict=True))
    for split in SPLITS:
        if split in levels:
            measure = split_option(measure, split, levels[split])
    for area in AREAS:
        if area in levels:
            measure = area_measure(measure, area, levels[area])
    return measure


def _cells(
    sample: svy.Sample, column: str, family: str, options: dict[object, str], by: list[str]
) -> list[Estimate]:
    """The share choosing each option in each cell of `by` (the whole survey for []), with
    its Wilson interval on the cell's effective size (survey/intervals.py): an option nobody
    of the cell chose is 0 % with an interval reaching above 0, not a point."""
    from survey.analysis import Estimate, _one

    try:
        result = sample.estimation.prop(column, by=by or None, drop_nulls=True)
    except svy.SvyError:  # no respondent answered in any cell
        return []
    rows = _one(result).to_polars()
    if any(variable not in rows.columns for variable in by):
        return []
    sizes = cell_sizes(sample, column, by)
    estimates = []
    groups = rows.group_by(by, maintain_order=True) if by else [((), rows)]
    for cell, group in groups:
        n, kish = int(group["n"][0]), sizes.get(tuple(str(level) for level in cell), 0.0)
        found = {value: row for row in group.iter_rows(named=True) if (value := row[column])
                 in options}  # fmt: skip
        for value, option in options.items():
            row = found.get(value)
            share = 0.0 if row is None else float(row["est"])  # None: nobody chose it
            low, high = share_interval(share, None if row is None else row["se"], kish)
            estimates.append(Estimate(family, _name(option, by, tuple(cell)), share, low, high, n))
    return estimates
