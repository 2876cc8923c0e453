"""The deck's tables as an Excel workbook, for those who write their own documents: the same
figures (ReportData), one sheet per table, French headers as in the deck."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reports.data import ReportData
from reports.labels import STATUS_LABELS, STRATUM_LABELS, feature_label
from reports.spreadsheet import write_sheets


def sheets(data: ReportData) -> dict[str, pd.DataFrame]:
    strata = [STRATUM_LABELS.get(s, s) for s in data.strata]
    coverage = pd.DataFrame(
        [
            (status, STATUS_LABELS.get(status, status), count)
            for status, count in sorted(data.statuses.items(), key=lambda item: -item[1])
        ],
        columns=["statut", "libellé", "collectivités"],
    )
    adoption = pd.DataFrame(
        [[data.adoption[key][s] for s in data.strata] for key in data.adoption],
        index=[feature_label(key) for key in data.adoption],
        columns=strata,
    ).rename_axis("part des sites explorés (%)")
    axes = pd.DataFrame(
        [[data.axes_by_stratum[key].get(s) for s in data.strata] for key in data.axes_by_stratum],
        index=[data.axis_labels[key] for key in data.axes_by_stratum],
        columns=strata,
    ).rename_axis("score moyen de l'axe (0-100)")
    ranking = pd.DataFrame(
        [
            (
                entry.code,
                entry.name,
                STRATUM_LABELS.get(entry.stratum, entry.stratum),
                entry.population,
                entry.score,
                entry.rank_in_stratum,
                entry.rank_low,
                entry.rank_high,
                entry.stratum_count,
            )
            for entry in data.ranking
        ],
        columns=[
            "code",
            "collectivité",
            "strate",
            "population",
            "score",
            "rang dans la strate",
            "rang au mieux",
            "rang au pire",
            "collectivités de la strate",
        ],
    )
    compliance = pd.DataFrame(
        [
            (line.label, line.concerned, line.met, line.unmet, line.unknown, line.rate)
            for line in data.compliance
        ],
        columns=["obligation", "concernées", "respectée", "non constatée", "indéterminé", "taux"],
    )
    return {
        "Couverture": coverage,
        "Adoption": adoption,
        "Axes": axes,
        "Classement": ranking,
        "Obligations": compliance,
    }


def write_workbook(data: ReportData, out: Path) -> Path:
    return write_sheets(
        out,
        {name: (frame, name in ("Adoption", "Axes")) for name, frame in sheets(data).items()},
    )
