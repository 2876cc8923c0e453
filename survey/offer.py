"""Which service families each authority's site offers, read from a crawl run's findings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, func, select

from database.models import ACTIVE, Authority, FindingRow, SiteScan
from database.scope import Scope
from survey.commune_question import CommuneChoice
from survey.families import FAMILIES, FAMILY_KEYS


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


def communes_in_scope(
    engine: Engine, conditions: Sequence[ColumnElement[bool]]
) -> list[CommuneChoice]:
    """The scope's current communes, by name, with their département and postal codes."""
    with engine.connect() as connection:
        return [
            CommuneChoice(row.code, row.name, row.departement_code or "", row.postal_codes or "")
            for row in connection.execute(
                select(
                    Authority.code,
                    Authority.name,
                    Authority.departement_code,
                    Authority.postal_codes,
                )
                .where(Authority.kind == "commune", ACTIVE, *conditions)
                .order_by(Authority.name, Authority.code)
            )
        ]


def platforms_in_scope(
    engine: Engine, run_id: int, conditions: Sequence[ColumnElement[bool]]
) -> list[str]:
    """The social platforms the scope's sites link to, by key, the most linked first."""
    sites = func.count(func.distinct(FindingRow.authority_id))
    with engine.connect() as connection:
        rows = connection.execute(
            select(FindingRow.feature, sites)
            .join(Authority, Authority.id == FindingRow.authority_id)
            .where(FindingRow.run_id == run_id, FindingRow.feature.like("social.%"), *conditions)
            .group_by(FindingRow.feature)
            .order_by(sites.desc(), FindingRow.feature)
        ).all()
    return [str(feature).removeprefix("social.") for feature, _ in rows]


@dataclass(frozen=True)
class ScopeOffer:
    """What a questionnaire tailored to a scope asks about, from a crawl run."""

    label: str
    sites: int  # crawled sites of the scope
    offered: dict[str, bool]  # family key -> whether some site of the scope offers it
    communes: list[CommuneChoice]
    names: dict[str, list[str]]  # family key -> the apps or networks its sites use most
    platforms: list[str]  # the social platforms its sites link to, most linked first

    def asked(self, offered: bool) -> list[str]:
        """The families asked about (`offered`) or asked as expectations."""
        return [key for key, found in self.offered.items() if found is offered]


def scope_offer(engine: Engine, run_id: int, scope: Scope) -> ScopeOffer:
    """What the scope's sites offer in the run; ValueError when the run crawled none."""
    conditions = scope.conditions()
    offers = offers_by_authority(engine, run_id, conditions)
    if not offers:
        raise ValueError(f"no crawled site in the scope ({scope.label}) in run {run_id}")
    offered = {key: any(key in found for found in offers.values()) for key in FAMILY_KEYS}
    return ScopeOffer(
        scope.label,
        len(offers),
        offered,
        communes_in_scope(engine, conditions),
        names_in_scope(engine, run_id, conditions),
        platforms_in_scope(engine, run_id, conditions),
    )
