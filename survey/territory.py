"""The territory a survey covers (a scope): its population margins, computed from the
database's communes, and which answers come from outside it.

The survey asks residents aged 15 or more; every margin is a count of them, so that all
variables sum to the same total. The database holds each commune's residents of all ages
(INSEE populations), not their ages or sexes: the residents aged 15 or more are taken as
ADULT_SHARE of them, and shared by sex and age band as in France as a whole (INSEE-like
orders of magnitude). A study that has its territory's own sex and age figures gives them
with --margins; those variables then replace the computed ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select

from database.geography import REGION_OF_DEPARTEMENT
from database.models import ACTIVE, Authority
from database.scope import Scope

# France, around 2021 (INSEE): 55.0 M residents aged 15 or more of 67.75 M; the same
# figures as survey/marges-exemple.csv.
ADULT_SHARE = 55.0 / 67.75
SEX_SHARES = {"femme": 28.7 / 55.0, "homme": 26.3 / 55.0}
AGE_SHARES = {"15-29": 11.6 / 55.0, "30-44": 12.3 / 55.0, "45-59": 13.1 / 55.0,
              "60-74": 11.3 / 55.0, "75+": 6.7 / 55.0}  # fmt: skip
# Margins whose totals differ by more than this share describe different populations.
TOTALS_TOLERANCE = 0.01

Margins = dict[str, dict[str, float]]


@dataclass(frozen=True)
class TerritoryCommune:
    code: str
    name: str
    population: int  # residents of all ages
    stratum: str
    region: str
    departement: str


def territory_communes(engine: Engine, scope: Scope) -> list[TerritoryCommune]:
    """The scope's current communes with a population, by code."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                Authority.code,
                Authority.name,
                Authority.population,
                Authority.stratum,
                Authority.region_code,
                Authority.departement_code,
            )
            .where(
                Authority.kind == "commune", Authority.population > 0, ACTIVE, *scope.conditions()
            )
            .order_by(Authority.code)
        ).all()
    return [
        TerritoryCommune(
            row.code,
            row.name,
            int(row.population),
            row.stratum or "inconnue",
            row.region_code or REGION_OF_DEPARTEMENT.get(row.departement_code or "", "inconnue"),
            row.departement_code or "inconnu",
        )
        for row in rows
    ]


def territory_margins(communes: Sequence[TerritoryCommune]) -> Margins:
    """The residents aged 15 or more of these communes by sex, age band, commune size stratum
    and région; every variable sums to the same total."""
    adults = {commune.code: commune.population * ADULT_SHARE for commune in communes}
    total = sum(adults.values())
    margins: Margins = {
        "sexe": {level: total * share for level, share in SEX_SHARES.items()},
        "age": {level: total * share for level, share in AGE_SHARES.items()},
        "strate": {},
        "region": {},
    }
    for commune in communes:
        for variable, level in (("strate", commune.stratum), ("region", commune.region)):
            margins[variable][level] = margins[variable].get(level, 0.0) + adults[commune.code]
    return margins


def with_study_margins(computed: Margins, given: Margins | None) -> tuple[Margins, list[str]]:
    """The computed margins, each variable the study's file gives replaced by the file's, its
    régions outside the territory left out (a national file given for a régional survey);
    and the régions left out."""
    kept = dict(given or {})
    outside: list[str] = []
    if "region" in kept:
        inside = set(computed["region"])
        outside = sorted(set(kept["region"]) - inside)
        kept["region"] = {level: n for level, n in kept["region"].items() if level in inside}
        if not kept["region"]:
            del kept["region"]
    return {**computed, **kept}, outside


def totals_note(margins: Margins) -> str | None:
    """A warning when the variables' totals differ by more than TOTALS_TOLERANCE (margins of
    different populations, e.g. sex and age of the 15 or more against all residents)."""
    totals = {variable: sum(levels.values()) for variable, levels in margins.items()}
    if not totals:
        return None
    low, high = min(totals.values()), max(totals.values())
    if high <= 0 or (high - low) / high <= TOTALS_TOLERANCE:
        return None
    listed = ", ".join(f"{variable} {total:,.0f}" for variable, total in totals.items())
    return (
        f"the margins do not describe one population: their totals differ ({listed}); give"
        " every variable for the same residents (aged 15 or more)"
    )


# survey_results' measure naming the territory a scoped analysis covered
# ("perimetre@region:44"); a survey analysed without --scope has none (France entière).
PERIMETER = "perimetre"


def perimeter_area(scope: Scope) -> str | None:
    """The scope as the perimeter row names it; None for France."""
    if scope.kind in ("departement", "region"):
        return f"{scope.kind}:{scope.code}"
    if scope.kind == "list":
        return f"list:{Path(scope.source or '').stem}"
    return None


def perimeter_label(area: str) -> str:
    """'region:44' -> 'région Grand Est', as Scope labels it."""
    kind, _, code = area.partition(":")
    if kind == "list":
        return f"liste « {code} »"
    return Scope(kind, code).label


def within(deck: Scope, surveyed: str | None) -> bool:
    """Whether a deck's scope lies inside the territory a survey covered (None: France), so
    that the survey's respondents can speak for the deck's residents."""
    if surveyed is None:
        return True
    kind, _, code = surveyed.partition(":")
    if deck.kind == kind and deck.code == code:
        return True
    return (
        kind == "region"
        and deck.kind == "departement"
        and (REGION_OF_DEPARTEMENT.get(deck.code or "") == code)
    )
