"""How survey_results names what is not one family's measure for the whole survey: the
respondent counts, the areas of the domain estimates, the mark of synthetic answers. No
dependency, so that the report reads them without loading the analysis."""

from __future__ import annotations

# The demo's survey (`vigie demo`): synthetic answers by construction.
DEMO_SURVEY = "demo-synthetique"
# The whole survey's measure marking answers drawn by `vigie survey simulate`.
SYNTHETIC = "synthetique"
RESPONDENTS = "repondants"
COMMUNE = "commune"
SEPARATOR = "@"


def area_measure(measure: str, kind: str, code: str) -> str:
    """'usage', 'departement', '15' -> 'usage@departement:15'."""
    return f"{measure}{SEPARATOR}{kind}:{code}"


def split_measure(stored: str) -> tuple[str, str | None]:
    """'usage@departement:15' -> ('usage', 'departement:15'); 'usage' -> ('usage', None)."""
    measure, found, area = stored.partition(SEPARATOR)
    return measure, (area if found else None)
