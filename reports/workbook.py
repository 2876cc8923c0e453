"""The deck's tables as an Excel workbook, for those who write their own documents: the same
figures (ReportData), a first sheet saying where they come from, then one sheet per table,
in French: headers, labels for every code, every rate as a percentage with its n in the column
to its right ("effectif insuffisant" below the threshold), scores with one decimal; the social
networks per platform, every social account and each site's social indicators last
(reports/workbook_social.py); what a resident can do online across the four layers, by group
and by commune, after the duties (reports/workbook_residents.py)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from reports.data import ReportData
from reports.labels import STATUS_LABELS, STRATUM_LABELS, feature_label
from reports.spreadsheet import SheetFormat, write_sheets
from reports.thresholds import INSUFFICIENT, MIN_SITES
from reports.workbook_provenance import provenance
from reports.workbook_residents import resident_communes, resident_groups
from reports.workbook_social import FORMATS as SOCIAL_FORMATS
from reports.workbook_social import accounts as social_accounts
from reports.workbook_social import authorities as social_authorities
from reports.workbook_social import networks as social_networks

# Headers of a rate end with RATE and the column to their right starts with N.
RATE = " (%)"
N = "n "
PERCENT = "0 %"
SCORE = "0.0"
WHOLE = "#,##0"
OVERALL = "Ensemble"


def _stratum(stratum: str) -> str:
    return STRATUM_LABELS.get(stratum, stratum)


def _rate(share: float | None, n: int) -> float | str:
    """A share (0–1) for a percent cell, or the words for too few."""
    return INSUFFICIENT if share is None or n < MIN_SITES else share


def coverage(data: ReportData) -> pd.DataFrame:
    total = data.authorities
    return pd.DataFrame(
        [
            (STATUS_LABELS.get(status, status), count, _rate(count / total, total), total)
            for status, count in sorted(data.statuses.items(), key=lambda item: -item[1])
        ],
        columns=["Statut du site", "Collectivités", f"Part{RATE}", f"{N}(collectivités)"],
    )


def adoption(data: ReportData) -> pd.DataFrame:
    """Each indicator's share of the crawled sites showing it: over all, then by stratum."""
    groups = [(OVERALL, data.adoption_overall, data.crawled)] + [
        (_stratum(s), {key: data.adoption[key].get(s) for key in data.adoption}, data.ok_by_stratum[s])
        for s in data.strata
    ]  # fmt: skip
    columns = ["Indicateur"]
    for name, _, _ in groups:
        columns += [f"{name} : part des sites{RATE}", f"{N}({name} : sites explorés)"]
    rows = []
    for key in data.adoption_overall:
        row: list[object] = [feature_label(key)]
        for _, shares, n in groups:
            share = shares.get(key)
            row += [_rate(None if share is None else share / 100, n), n]
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def axes(data: ReportData) -> pd.DataFrame:
    """Each axis's mean score (0–100) by stratum, beside the stratum's scored authorities."""
    scored = Counter(entry.stratum for entry in data.ranking)
    columns = ["Axe"]
    for s in data.strata:
        columns += [f"{_stratum(s)} : score moyen (sur 100)", f"{N}({_stratum(s)} : notées)"]
    rows = []
    for key, means in data.axes_by_stratum.items():
        row: list[object] = [data.axis_labels.get(key, key)]
        for s in data.strata:
            mean = means.get(s)
            row += [INSUFFICIENT if mean is None or scored[s] < MIN_SITES else mean, scored[s]]
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def ranking(data: ReportData) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (
                entry.code,
                entry.name,
                entry.departement,
                _stratum(entry.stratum),
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
            "Code",
            "Collectivité",
            "Département",
            "Strate",
            "Population",
            "Score (sur 100)",
            "Rang dans la strate",
            "Rang au mieux",
            "Rang au pire",
            "Collectivités notées de la strate",
        ],
    )


def compliance(data: ReportData) -> pd.DataFrame:
    rows = []
    for line in data.compliance:
        told = line.met + line.unmet
        rate: object = (
            "sans objet (absence non probante)"
            if not line.decidable
            else _rate(line.rate, told)
        )  # fmt: skip
        rows.append((line.label, line.concerned, line.met, line.unmet, line.unknown, rate, told))
    return pd.DataFrame(
        rows,
        columns=[
            "Obligation",
            "Concernées",
            "Respectée",
            "Non constatée",
            "Indéterminé",
            f"Taux de respect constaté{RATE}",
            f"{N}(respectée ou non constatée)",
        ],
    )


def sheets(data: ReportData) -> dict[str, pd.DataFrame]:
    residents = (
        {
            "Services aux habitants": resident_groups(data.residents, data.scope),
            "Habitants par commune": resident_communes(data.residents),
        }
        if data.residents
        else {}
    )
    return {
        "Provenance": provenance(data),
        "Couverture": coverage(data),
        "Adoption": adoption(data),
        "Axes": axes(data),
        "Classement": ranking(data),
        "Obligations": compliance(data),
        **residents,
        "Réseaux sociaux": social_networks(data.social),
        "Comptes sociaux": social_accounts(data.social),
        "Audience par collectivité": social_authorities(data.social),
    }


def _format(frame: pd.DataFrame) -> SheetFormat:
    """Header -> number format: percentages, one-decimal scores, whole numbers."""
    formats = {}
    for column in frame.columns:
        if column in SOCIAL_FORMATS:
            formats[column] = SOCIAL_FORMATS[column]
        elif column.endswith(RATE):
            formats[column] = PERCENT
        elif "score" in column.lower():
            formats[column] = SCORE
        elif column.startswith(N) or column in ("Collectivités", "Population"):
            formats[column] = WHOLE
    return formats


def write_workbook(data: ReportData, out: Path) -> Path:
    tables = sheets(data)  # once: each sheet is built from the report's data
    return write_sheets(
        out,
        {name: (frame, False) for name, frame in tables.items()},
        {name: _format(frame) for name, frame in tables.items()},
    )
