"""`vigie survey compare A B`: two waves of one territory's survey, each analysed and stored
(`vigie survey analyse --name`), compared estimate by estimate (survey/compare.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cli.common import DbOption, console, database_url, fail, scope_or_exit
from database import open_database

if TYPE_CHECKING:
    from survey.analysis import Analysis
    from survey.compare import Change


def compare(
    before: Annotated[str, typer.Argument(help="Name of the earlier wave's stored analysis.")],
    after: Annotated[str, typer.Argument(help="Name of the later wave's stored analysis.")],
    scope: Annotated[
        str,
        typer.Option(help="Compare the residents of national, departement:CODE or region:CODE."),
    ] = "national",
    db: DbOption = None,
) -> None:
    """The change of every estimate between two waves, with its 95 % interval and whether it
    is significant (independent samples; Holm's correction over all the changes compared).
    Records that AFTER follows BEFORE, so that the report on AFTER shows the comparison.

    Example: vigie survey compare enquete-2025 enquete-2026 --scope departement:44
    """
    from reports.thresholds import MIN_RESPONDENTS
    from survey.compare import CompareError, compare_waves, link_waves, stored_analysis

    if before == after:
        fail(f"compare {before} {after}: give two different analyses (two waves)")
    selection = scope_or_exit(scope)
    if selection.kind == "list":
        fail(f"--scope {scope}: waves are estimated for France, a région or a département only")
    area = None if selection.is_national else f"{selection.kind}:{selection.code}"
    engine = open_database(database_url(db))
    try:
        first, second = stored_analysis(engine, before), stored_analysis(engine, after)
        changes, left_out = compare_waves(first, second, area, MIN_RESPONDENTS)
    except CompareError as error:
        fail(str(error))
    from reports.survey_tables import significance_note

    _print_changes(changes, f"{after} comparée à {before} ({selection.label})")
    significant = sum(change.significant for change in changes)
    console.print(
        f"{significant} évolution(s) significative(s) sur {len(changes)} estimations comparées"
        " (test de Wald, correction de Holm, risque 5 %)."
    )
    console.print(significance_note(len(changes)))
    if left_out:
        console.print(
            f"{left_out} estimation(s) sur moins de {MIN_RESPONDENTS} répondants dans l'une des"
            " vagues : effectif insuffisant, non comparée(s)."
        )
    console.print(link_waves(engine, before, after))


def _print_changes(changes: list[Change], title: str) -> None:
    from reports.survey_tables import SIGNIFICANT_HEADER
    from survey.question_labels import estimate_label

    table = Table(title=title)
    for column in ("Question ou service", "Réponse ou mesure", "Vague 1", "Vague 2",
                   "Évolution", "IC 95 %", SIGNIFICANT_HEADER):  # fmt: skip
        table.add_column(column)
    for change in changes:
        what, which = estimate_label(change.family, change.measure)
        table.add_row(what, which, *change_cells(change))
    console.print(table)


def change_cells(change: Change) -> list[str]:
    """The two waves' estimates with their n, the change and its interval, in French."""
    from reports.french import french_count, french_fixed, french_number
    from survey.compare import is_mean

    mean = is_mean(change.family, change.measure)

    def value(stored: float) -> str:
        return french_fixed(stored, 2) if mean else f"{french_number(100 * stored, 1)} %"

    def moved(delta: float) -> str:
        text = french_fixed(delta, 2) if mean else f"{french_number(100 * delta, 1)} pt"
        return text if delta < 0 else f"+{text}"

    return [
        f"{value(change.before.estimate)} (n = {french_count(change.before.respondents)})",
        f"{value(change.after.estimate)} (n = {french_count(change.after.respondents)})",
        moved(change.change),
        f"{moved(change.ci_low)} à {moved(change.ci_high)}",
        "oui" if change.significant else "non",
    ]


def print_questions(result: Analysis) -> None:
    """The closed questions' estimates for the whole survey, each share with its 95 %
    interval and n; a cell on fewer than MIN_RESPONDENTS respondents is not stated."""
    from reports.french import french_count, french_number
    from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS
    from survey.question_labels import estimate_label
    from survey.stored import QUESTION, SEPARATOR, SPLIT

    table = Table(title=f"{result.survey} : questions fermées (ensemble des répondants)")
    for column in ("Question", "Réponse", "Part (IC 95 %)", "n"):
        table.add_column(column)
    for estimate in result.estimates:
        measure = estimate.measure
        if not estimate.family.startswith(QUESTION) or SEPARATOR in measure or SPLIT in measure:
            continue
        n = french_count(estimate.respondents)
        if estimate.respondents < MIN_RESPONDENTS:
            shown = INSUFFICIENT
        else:
            shown = f"{french_number(100 * estimate.estimate, 1)} %"
            if estimate.ci_low is not None and estimate.ci_high is not None:
                shown += (
                    f" ({french_number(100 * estimate.ci_low, 1)}"
                    f" – {french_number(100 * estimate.ci_high, 1)})"
                )
        table.add_row(*estimate_label(estimate.family, measure), shown, n)
    console.print(table)
    console.print(
        "Par tranche d'âge, sexe, taille de commune, département et région : enregistrées pour"
        f" le rapport (cellules de moins de {MIN_RESPONDENTS} répondants non présentées)."
    )
