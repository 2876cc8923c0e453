"""Communes aggregated by département or région: how many were crawled, their median score,
and how many of them show each key feature; beside it the territory's own score as an
authority (the département's or région's site)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, Engine, select

from database.models import Authority, FindingRow, Score, SiteScan
from scoring.scored import scored_authorities

# Adoption columns: label -> SQL LIKE patterns of feature keys (any of them counts), or a
# (feature, value) pair.
ADOPTION = {
    "accessibility mention": ("a11y.mention",),
    "accessibility statement": ("a11y.statement_url",),
    "legal notice": ("legal.notice_url",),
    "council acts": ("transparency.acts",),
    "social network": ("social.%",),
    "alert app": ("alerts.app",),
    "open data": ("opendata.%",),
}
LEVELS = {"departement": Authority.departement_code, "region": Authority.region_code}


def _matches(feature: str, patterns: tuple[str, ...]) -> bool:
    return any(feature.startswith(p[:-1]) if p.endswith("%") else feature == p for p in patterns)


def territories(engine: Engine, run_id: int, model_version: str, level: str) -> pd.DataFrame:
    """One row per territory code, communes only in the aggregates."""
    with engine.connect() as connection:
        communes = _communes(connection, run_id, model_version, level)
        features = pd.DataFrame(
            connection.execute(
                select(FindingRow.authority_id, FindingRow.feature).where(
                    FindingRow.run_id == run_id
                )
            ).all(),
            columns=["id", "feature"],
        )
        own: dict[str, float] = dict(
            connection.execute(
                scored_authorities(
                    run_id,
                    model_version,
                    Authority.code,
                    Score.score,
                    conditions=[Authority.kind == level],
                )
            ).all()
        )
    if communes.empty:
        return pd.DataFrame()
    table = _aggregate(communes, features)
    table[f"{level} own score"] = [own.get(code) for code in table.index]
    return table.sort_index()


def _communes(connection: Connection, run_id: int, model_version: str, level: str) -> pd.DataFrame:
    """Each commune scanned in the run: its territory, scan status and score (if scored)."""
    code_column = LEVELS[level]
    return pd.DataFrame(
        connection.execute(
            select(
                Authority.id,
                code_column.label("territory"),
                SiteScan.status,
                Score.score,
            )
            .join(SiteScan, SiteScan.authority_id == Authority.id)
            .outerjoin(
                Score,
                (Score.authority_id == Authority.id)
                & (Score.run_id == run_id)
                & (Score.model_version == model_version),
            )
            .where(SiteScan.run_id == run_id, Authority.kind == "commune")
        ).all(),
        columns=["id", "territory", "status", "score"],
    )


def _aggregate(communes: pd.DataFrame, features: pd.DataFrame) -> pd.DataFrame:
    """Per territory: communes, crawled ones, their median score and each feature's share."""
    for label, patterns in ADOPTION.items():
        # As booleans even when the run has no findings at all (every site not measured).
        matching = features.feature.map(lambda f, p=patterns: _matches(f, p)).astype(bool)
        having = set(features.loc[matching, "id"])
        communes[label] = communes.id.isin(having)
    crawled = communes[communes.status == "ok"]
    grouped = communes.groupby("territory", dropna=True)
    table = pd.DataFrame(
        {
            "communes": grouped.size(),
            "crawled": crawled.groupby("territory").size(),
            "median score": crawled.groupby("territory").score.median().round(1),
        }
    ).fillna({"crawled": 0})
    table["crawled"] = table["crawled"].astype(int)
    having = crawled.groupby("territory")[list(ADOPTION)].sum()
    for label in ADOPTION:
        table[f"{label} (%)"] = (100 * having[label] / table["crawled"]).round(1)
    return table
