"""The latest citizen survey analysed against a run, as the report shows it: the figures of the
respondents who live in the deck's scope (the whole survey for France, the département's or
the région's domain estimates otherwise), or why they are left out."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from database.models import SurveyResult
from database.scope import Scope
from reports.french import french_count
from reports.survey_comments import CommentFigures, comment_figures
from reports.survey_questions import (
    QuestionFigures,
    WaveComparison,
    question_figures,
    wave_comparison,
)
from reports.thresholds import MIN_RESPONDENTS
from survey.compare import StoredRows, stored_rows
from survey.families import FAMILIES
from survey.stored import COMMUNE, DEMO_SURVEY, RESPONDENTS, SYNTHETIC, split_measure
from survey.territory import PERIMETER, perimeter_label, within

# survey_results' measure naming a margin the weights were raked to ("calage_sexe").
CALIBRATION = "calage_"
SIMULATED = "Données simulées (enquête synthétique de démonstration)"


@dataclass(frozen=True)
class SurveyFigure:
    estimate: float
    ci_low: float | None
    ci_high: float | None
    respondents: int

    @property
    def shown(self) -> bool:
        return self.respondents >= MIN_RESPONDENTS


@dataclass
class SurveySummary:
    """The latest citizen survey analysed against this run (`vigie survey analyse`), read for
    the respondents living in the deck's scope."""

    name: str
    respondents: int  # those living in the scope (all of them for France)
    # family key -> measure -> figure, families in the order of the survey's catalogue
    figures: dict[str, dict[str, SurveyFigure]]
    calibrated_on: list[str] = field(default_factory=list)  # the margins of the weights
    synthetic: bool = False  # answers drawn by `vigie survey simulate` or the demo
    scope_label: str = "France entière"
    whole: int = 0  # respondents of the whole survey
    left_out: str | None = None  # why the scope's figures are not shown, in French
    comments: CommentFigures | None = None  # the open comments' themes (survey_comments.py)
    # The closed questions' figures and the previous wave (reports/survey_questions.py)
    questions: QuestionFigures = field(default_factory=dict)
    waves: WaveComparison | None = None

    @property
    def shown(self) -> bool:
        return self.left_out is None and bool(self.figures)

    def means(self) -> dict[str, tuple[float, float]]:
        """(importance, satisfaction) of each family that has both, each on enough
        respondents of the scope (MIN_RESPONDENTS)."""
        if not self.shown:
            return {}
        return {
            key: (measures["importance"].estimate, measures["satisfaction"].estimate)
            for key, measures in self.figures.items()
            if "importance" in measures
            and "satisfaction" in measures
            and measures["importance"].shown
            and measures["satisfaction"].shown
        }


def latest_survey(engine: Engine, run_id: int, scope: Scope | None = None) -> SurveySummary | None:
    """The survey last analysed against this run, if any, read for the scope's residents."""
    scope = scope or Scope("national")
    with engine.connect() as connection:
        name = connection.execute(
            select(SurveyResult.survey)
            .where(SurveyResult.run_id == run_id)
            .order_by(SurveyResult.computed_at.desc(), SurveyResult.id.desc())
            .limit(1)
        ).scalar()
        if name is None:
            return None
        rows = stored_rows(connection, name)
    summary = _summary(name, rows, scope)
    if summary.shown:
        summary.waves = wave_comparison(engine, rows, _area(scope))
    return summary


def _area(scope: Scope) -> str | None:
    """The area the survey's stored estimates name for this scope ('departement:15')."""
    return f"{scope.kind}:{scope.code}" if scope.kind in ("departement", "region") else None


def _summary(name: str, rows: StoredRows, scope: Scope) -> SurveySummary:
    area = _area(scope)
    order = {family.key: index for index, family in enumerate(FAMILIES)}
    figures: dict[str, dict[str, SurveyFigure]] = {}
    counts: dict[str | None, int] = {}
    calibrated_on, synthetic = [], name == DEMO_SURVEY
    surveyed: str | None = None  # the territory of a scoped analysis (None: France)
    for family, stored, estimate, low, high, n in sorted(rows, key=lambda r: order.get(r[0], -1)):
        measure, where = split_measure(stored)
        if measure == RESPONDENTS:
            counts[where] = n
        elif measure == SYNTHETIC:
            synthetic = True
        elif measure == PERIMETER:
            surveyed = where
        elif measure.startswith(CALIBRATION):
            calibrated_on.append(measure.removeprefix(CALIBRATION))
        elif family in order and where == area:  # services; questions: question_figures
            figures.setdefault(family, {})[measure] = SurveyFigure(estimate, low, high, n)
    whole = counts.get(None, 0)
    respondents = _respondents(counts, scope, area)
    summary = SurveySummary(
        name, respondents or 0, figures, sorted(calibrated_on, key=_margin_order), synthetic,
        scope.label, whole,
    )  # fmt: skip
    summary.left_out = _outside(scope, surveyed) or _left_out(summary, scope, respondents)
    summary.comments = comment_figures(rows, area)
    summary.questions = question_figures(rows, area)
    if summary.left_out:
        summary.figures = {}
    return summary


def _respondents(counts: dict[str | None, int], scope: Scope, area: str | None) -> int | None:
    """How many respondents live in the scope; None when the analysis did not say where its
    respondents live (an analysis stored before the survey was broken down by area)."""
    if scope.is_national:
        return counts.get(None, 0)
    if not any(where for where in counts):
        return None
    if area is not None:
        return counts.get(area, 0)
    return sum(counts.get(f"{COMMUNE}:{code}", 0) for code in scope.codes)


def _outside(scope: Scope, surveyed: str | None) -> str | None:
    """Why a survey of another territory is not shown for this scope, in French."""
    if within(scope, surveyed):
        return None
    assert surveyed is not None  # France holds every scope
    return (
        f"L'enquête couvre un autre territoire ({perimeter_label(surveyed)}) : ses répondants"
        f" ne représentent pas {'la France entière' if scope.is_national else scope.label} ;"
        " ses résultats ne sont pas présentés ici."
    )


def _left_out(summary: SurveySummary, scope: Scope, respondents: int | None) -> str | None:
    """Why the survey's figures are not shown for this scope, in French; None when they are."""
    of_survey = f"des {french_count(summary.whole)} répondants de l'enquête"
    if respondents is None:
        return (
            "Les réponses de l'enquête n'ont pas été ventilées par territoire (analyse"
            " antérieure) : ses résultats, nationaux, ne décrivent pas les habitants du"
            " périmètre. Relancer l'analyse (vigie survey analyse) pour les obtenir."
        )
    if respondents < MIN_RESPONDENTS:
        who = (
            f"Aucun {of_survey} n'habite le périmètre"
            if respondents == 0
            else f"Un seul {of_survey} habite le périmètre"
            if respondents == 1
            else f"Seuls {french_count(respondents)} {of_survey} habitent le périmètre"
        )
        return (
            f"{who} : c'est moins que le seuil de {MIN_RESPONDENTS} répondants, ses"
            " résultats ne sont pas présentés."
        )
    if scope.kind == "list":
        return (
            f"{french_count(respondents)} {of_survey} habitent les communes de la"
            " liste, mais l'enquête n'est estimée que pour la France entière, chaque région et"
            " chaque département : ses résultats ne sont pas présentés pour une liste."
        )
    return None


def _margin_order(variable: str) -> int:
    order = ("sexe", "age", "strate", "region")
    return order.index(variable) if variable in order else len(order)
