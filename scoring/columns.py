"""Findings column-wise: for each feature, the sites that have it and their values, so that
an indicator is computed over the few sites holding its feature rather than by asking every
site for every indicator.

A national run has some 24,000 scored sites and 40-odd indicators, but a given feature is
found on a fraction of the sites and takes few distinct values: each indicator is measured
once per distinct set of values found (`Indicator.measure_found`, a pure function of the
set), and the sites without the feature all take the value of the empty set.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from scoring.model import Findings, Indicator, Model

# feature -> site -> its values; a site is any hashable key (an authority id, a row number).
Columns = dict[str, dict[Hashable, frozenset[str]]]


def columns_of(sites: Iterable[tuple[Hashable, Findings]]) -> Columns:
    """The column-wise form of per-site findings."""
    columns: Columns = {}
    for site, findings in sites:
        for feature, values in findings.items():
            columns.setdefault(feature, {})[site] = frozenset(values)
    return columns


def site_findings(columns: Columns, site: Hashable) -> Findings:
    """One site's findings back from the column-wise form."""
    return {feature: set(column[site]) for feature, column in columns.items() if site in column}


def found_by_site(indicator: Indicator, columns: Columns) -> dict[Hashable, frozenset[str]]:
    """What `Indicator.found` gives for each site where it is not empty."""
    if indicator.features:
        keys: Iterable[str] = indicator.features
    elif indicator.feature.endswith("."):
        keys = sorted(feature for feature in columns if feature.startswith(indicator.feature))
    else:
        return columns.get(indicator.feature, {})  # may hold empty sets: measured as such
    found: dict[Hashable, set[str]] = {}
    for feature in keys:  # share_of and families: the keys of the features found
        for site, values in columns.get(feature, {}).items():
            if values:
                found.setdefault(site, set()).add(feature)
    return {site: frozenset(features) for site, features in found.items()}


@dataclass(frozen=True)
class Coded:
    """What one source (a feature, a family, a list of features) gives the sites, coded:
    the rows of the sites where it is not empty, and for each the number of its distinct
    set of values in `distinct`."""

    rows: np.ndarray
    codes: np.ndarray
    distinct: list[frozenset[str]]


def coded(found: dict[Hashable, frozenset[str]], positions: dict[Hashable, int]) -> Coded:
    numbers: dict[frozenset[str], int] = {}
    distinct: list[frozenset[str]] = []
    rows, codes = [], []
    for site, values in found.items():
        row = positions.get(site)
        if row is None:
            continue
        number = numbers.get(values)
        if number is None:
            number = numbers[values] = len(distinct)
            distinct.append(values)
        rows.append(row)
        codes.append(number)
    return Coded(np.array(rows, dtype=np.intp), np.array(codes, dtype=np.intp), distinct)


def indicator_column(indicator: Indicator, source: Coded, sites: int, on: date) -> np.ndarray:
    """The indicator for each site, NaN where it is skipped: measured once per distinct set
    of values found, and once for all the sites where nothing was found."""
    nothing = indicator.measure_found(frozenset(), on)
    column = np.full(sites, np.nan if nothing is None else nothing, dtype=float)
    measured = [indicator.measure_found(values, on) for values in source.distinct]
    table = np.array([np.nan if value is None else value for value in measured], dtype=float)
    if source.rows.size:
        column[source.rows] = table[source.codes]
    return column


def column_matrix(
    model: Model, columns: Columns, sites: Sequence[Hashable], on: date
) -> np.ndarray:
    """Sites × indicators, NaN where an indicator is skipped. Indicators reading the same
    feature (the kinds of online services) share its coding."""
    positions = {site: row for row, site in enumerate(sites)}
    sources: dict[tuple[str, tuple[str, ...]], Coded] = {}
    matrix = np.empty((len(sites), len(model.indicators)), dtype=float)
    for position, indicator in enumerate(model.indicators):
        source = (indicator.feature, indicator.features)
        if source not in sources:
            sources[source] = coded(found_by_site(indicator, columns), positions)
        matrix[:, position] = indicator_column(indicator, sources[source], len(sites), on)
    return matrix
