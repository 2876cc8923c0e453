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


# survey_results' family of a closed question's estimates ("question:canaux"); its measures
# are the options ("site"), a split after SPLIT ("site|age=15-29"), DONT_KNOW for the share
# answering "Je ne sais pas" (left out of the options' denominators).
QUESTION = "question:"
SPLIT = "|"
DONT_KNOW = "nsp"
# The family of the row saying which earlier wave a survey follows (`vigie survey compare`):
# its measure is the earlier wave's name.
WAVE = "vague_precedente"


def question_family(question: str) -> str:
    """'canaux' -> 'question:canaux'."""
    return f"{QUESTION}{question}"


def split_option(option: str, variable: str, level: str) -> str:
    """'site', 'age', '15-29' -> 'site|age=15-29'."""
    return f"{option}{SPLIT}{variable}={level}"


def parse_option(measure: str) -> tuple[str, str | None, str | None]:
    """'site|age=15-29' -> ('site', 'age', '15-29'); 'site' -> ('site', None, None)."""
    option, found, cell = measure.partition(SPLIT)
    if not found:
        return option, None, None
    variable, _, level = cell.partition("=")
    return option, variable, level
