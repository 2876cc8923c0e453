"""Which service families each authority's site offers, read from a crawl run's findings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Engine, func, select

from database.models import Authority, FindingRow, SiteScan
from survey.families import FAMILIES


def offers_by_authority(
    engine: Engine, run_id: int, conditions: Sequence[ColumnElement[bool]]
) -> dict[int, frozenset[str]]:
    """Authority id -> the families its site offers, for the authorities meeting `conditions`
    whose site the run crawled (the others are absent: what they offer is unknown)."""
    with engine.connect() as connection:
        crawled = set(
            connection.execute(
                select(SiteScan.authority_id)
                .join(Authority, Authority.id == SiteScan.authority_id)
                .where(SiteScan.run_id == run_id, SiteScan.status == "ok", *conditions)
            ).scalars()
        )
        findings: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for authority_id, feature, value in connection.execute(
            select(FindingRow.authority_id, FindingRow.feature, FindingRow.value)
            .join(Authority, Authority.id == FindingRow.authority_id)
            .where(FindingRow.run_id == run_id, *conditions)
        ):
            findings[authority_id].add((feature, value))
    return {
        authority_id: frozenset(f.key for f in FAMILIES if f.offered(findings[authority_id]))
        for authority_id in crawled
    }


# Families whose question names what the scope's sites use: (family, feature prefix).
NAMED = (("alertes", "alerts.app"), ("reseaux", "social."))
APP_NAMES = {"panneaupocket": "PanneauPocket", "intramuros": "IntraMuros", "illiwap": "Illiwap",
             "cityall": "CityAll", "citykomi": "Citykomi", "neocity": "Neocity",
             "youtube": "YouTube", "linkedin": "LinkedIn", "x": "X"}  # fmt: skip


def names_in_scope(
    engine: Engine, run_id: int, conditions: Sequence[ColumnElement[bool]], most: int = 3
) -> dict[str, list[str]]:
    """Family key -> the apps or networks the scope's sites link to most, by name, so that
    the questionnaire asks about what residents can actually meet there."""
    named: dict[str, list[str]] = {}
    with engine.connect() as connection:
        for family, prefix in NAMED:
            key = FindingRow.value if prefix.endswith("app") else FindingRow.feature
            rows = connection.execute(
                select(key, func.count(func.distinct(FindingRow.authority_id)).label("sites"))
                .join(Authority, Authority.id == FindingRow.authority_id)
                .where(
                    FindingRow.run_id == run_id, FindingRow.feature.like(f"{prefix}%"), *conditions
                )
                .group_by(key)
                .order_by(func.count(func.distinct(FindingRow.authority_id)).desc(), key)
                .limit(most)
            ).all()
            slugs = [str(value).removeprefix("social.") for value, _ in rows]
            if slugs:
                named[family] = [APP_NAMES.get(slug, slug.capitalize()) for slug in slugs]
    return named
