"""What `vigie survey sample` and `analyse` do with a scope: the territory's margins (computed
from the database, the study's file replacing the variables it gives), the quota tables, the
communes drawn and the warning for each commune whose quota is implausible for its size."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table
from sqlalchemy import Engine

from cli.common import console, database_url, errors, fail, scope_or_exit
from database import read_database
from database.scope import Scope
from reports.french import french_count, french_percent

if TYPE_CHECKING:
    from survey.analysis import Analysis
    from survey.answers import Answers
    from survey.notice import Notice
    from survey.offer import ScopeOffer
    from survey.sampling import DrawnCommune
    from survey.territory import Margins, TerritoryCommune


def read_margins_file(path: Path | None) -> Margins | None:
    """The study's margins file, None when not given; a bad file is a usage error."""
    from survey.sampling import MarginsError, read_margins

    if path is None:
        return None
    try:
        return read_margins(path)
    except MarginsError as error:
        fail(str(error))


def example_margins() -> Margins:
    from survey.sampling import EXAMPLE_MARGINS, read_margins

    return read_margins(EXAMPLE_MARGINS)


def territory(engine: Engine, scope: Scope) -> list[TerritoryCommune]:
    """The scope's communes with a population; a usage error when it has none."""
    from survey.territory import territory_communes

    communes = territory_communes(engine, scope)
    if not communes:
        fail(f"--scope {scope.label}: no commune with a population in the database")
    return communes


def scope_margins(communes: list[TerritoryCommune], given: Margins | None, label: str) -> Margins:
    """The territory's margins, the study's file replacing the variables it gives; says where
    each variable comes from."""
    from survey.territory import territory_margins, with_study_margins

    margins, outside = with_study_margins(territory_margins(communes), given)
    if outside:
        errors.print(f"Warning: --margins régions outside {label} left out: {', '.join(outside)}")
    from_file = sorted(given or {})
    computed = [variable for variable in margins if variable not in from_file]
    console.print(
        f"Margins of {label} ({len(communes)} communes): {', '.join(computed)} computed from the"
        " database (residents aged 15 or more, docs/survey.md)"
        + (f"; {', '.join(from_file)} from --margins" if from_file else "")
    )
    return margins


def check_totals(margins: Margins) -> None:
    """One warning line when the margins' variables do not sum to one population."""
    from survey.territory import totals_note

    note = totals_note(margins)
    if note:
        errors.print(f"Warning: {note}")


def print_quotas(size: int, shares: Margins) -> None:
    """One table per margin variable with more than one level (a scope's single région is
    no quota)."""
    from survey.sampling import quotas

    for variable, levels in shares.items():
        if len(levels) < 2:
            continue
        table = Table(title=f"Quota: {variable}")
        table.add_column("level")
        table.add_column("population", justify="right")
        table.add_column("share", justify="right")
        table.add_column("respondents", justify="right")
        total = sum(levels.values())
        for level, count in quotas(size, levels).items():
            table.add_row(level, f"{levels[level]:,.0f}",
                          french_percent(100 * levels[level] / total, 1), str(count))  # fmt: skip
        console.print(table)


def print_drawn(drawn: list[DrawnCommune], title: str) -> None:
    table = Table(title=title)
    for column in ("code", "commune", "population", "probability", "respondents"):
        table.add_column(column)
    for commune in drawn:
        table.add_row(commune.code, commune.name, str(commune.population),
                      f"{commune.probability:.4f}", str(commune.respondents))  # fmt: skip
    console.print(table)


def warn_implausible(drawn: list[DrawnCommune]) -> None:
    """One French line per commune whose quota exceeds PLAUSIBLE_SHARE of its residents, then
    what to do about it."""
    from survey.sampling import PLAUSIBLE_SHARE, implausible

    flagged = implausible(drawn)
    for commune in flagged:
        share = 100 * commune.respondents / commune.population
        errors.print(
            f"Attention : {commune.name} ({commune.code}) compte"
            f" {french_count(commune.population)} habitants ; y interroger"
            f" {french_count(commune.respondents)} répondants, soit"
            f" {french_percent(share, 0 if share >= 10 else 1)} de ses habitants, dépasse le"
            f" seuil de plausibilité de {french_percent(100 * PLAUSIBLE_SHARE)}."
        )
    if flagged:
        errors.print(
            "Pour l'éviter : tirer plus de communes (--communes), pour que chacune porte moins"
            " de répondants, ou viser une marge d'erreur plus large (--margin)."
        )


def plan_margins(
    scope: str | None, path: Path | None, db: str | None
) -> tuple[Scope | None, Engine | None, Margins]:
    """For `sample`: the scope, its database and margins (the file's or the example's without
    a scope), the totals checked."""
    given = read_margins_file(path)
    if scope is None:
        margins = given or example_margins()
        check_totals(margins)
        return None, None, margins
    selection = scope_or_exit(scope)
    engine = read_database(database_url(db))
    margins = scope_margins(territory(engine, selection), given, selection.label)
    check_totals(margins)
    return selection, engine, margins


class AnalysedTerritory:
    """`analyse --scope`: the territory's margins (the default), the check that every answer
    comes from it, and the mark of the results with it. Without a scope: the margins file's
    or the example's, no check, no mark."""

    def __init__(self, engine: Engine, scope: str | None, path: Path | None) -> None:
        self.scope = None if scope is None else scope_or_exit(scope)
        self.codes: set[str] = set()
        if self.scope is None:
            self.margins = read_margins_file(path) or example_margins()
            return
        communes = territory(engine, self.scope)
        self.codes = {commune.code for commune in communes}
        self.margins = scope_margins(communes, read_margins_file(path), self.scope.label)
        check_totals(self.margins)

    def checked(self, answers: Answers) -> Answers:
        """The answers; AnswersError naming each line whose commune is outside the scope."""
        from survey.answers import AnswersError

        if self.scope is None:
            return answers
        problems = [
            f"line {line}: commune {row['commune']!r} is outside the scope ({self.scope.label});"
            " remove the line or widen --scope"
            for row, line in zip(answers.rows, answers.lines, strict=True)
            if row.get("commune") not in self.codes
        ]
        if problems:
            raise AnswersError(answers.path, problems)
        return answers

    def marked(self, result: Analysis) -> Analysis:
        """The results with the territory they cover (`perimetre@region:44`), so that a deck of
        another one leaves the survey out (reports/survey_summary.py)."""
        from survey.analysis import Estimate
        from survey.stored import area_measure
        from survey.territory import PERIMETER, perimeter_area

        area = None if self.scope is None else perimeter_area(self.scope)
        if area is not None:
            kind, _, code = area.partition(":")
            measure = area_measure(PERIMETER, kind, code)
            result.estimates.append(Estimate("", measure, 1.0, None, None, result.respondents))
        return result


def form_arguments(tailored: ScopeOffer | None) -> dict[str, Any]:
    """build_form's arguments for what a scope's sites offer (none without a scope)."""
    if tailored is None:
        return {}
    return {
        "offered": tailored.offered,
        "communes": tailored.communes or None,
        "scope_label": tailored.label,
        "names": tailored.names,
        "platforms": tailored.platforms,
    }


def study_notice(path: Path | None) -> Notice:
    """The data-protection notice of the study's TOML file; without one, a draft whose fields
    read "[à compléter : …]" (`warn_draft_notice` says so)."""
    from survey.notice import NoticeError, placeholder_notice, read_notice

    if path is None:
        return placeholder_notice()
    try:
        return read_notice(path)
    except NoticeError as error:
        fail(str(error))


def warn_draft_notice() -> None:
    """The questionnaire's data-protection notice is a draft: how to fill it."""
    from survey.notice import EXAMPLE_NOTICE

    errors.print(
        "Warning: the data-protection notice is a draft ([à compléter : …]); fill a copy of"
        f" {EXAMPLE_NOTICE} and give it with --notice before collecting answers",
        markup=False,
    )
