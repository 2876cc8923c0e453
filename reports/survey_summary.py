"""The latest citizen survey analysed against a run, as the report shows it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from database.models import SurveyResult
from survey.families import FAMILIES

# survey_results' measure naming a margin the weights were raked to ("calage_sexe").
CALIBRATION = "calage_"


@dataclass(frozen=True)
class SurveyFigure:
    estimate: float
    ci_low: float | None
    ci_high: float | None
    respondents: int


@dataclass
class SurveySummary:
    """The latest citizen survey analysed against this run (`vigie survey analyse`)."""

    name: str
    respondents: int
    # family key -> measure -> figure, families in the order of the survey's catalogue
    figures: dict[str, dict[str, SurveyFigure]]
    calibrated_on: list[str] = field(default_factory=list)  # the margins of the weights

    def means(self) -> dict[str, tuple[float, float]]:
        """(importance, satisfaction) of each family that has both."""
        return {
            key: (measures["importance"].estimate, measures["satisfaction"].estimate)
            for key, measures in self.figures.items()
            if "importance" in measures and "satisfaction" in measures
        }


def latest_survey(engine: Engine, run_id: int) -> SurveySummary | None:
    """The survey last analysed against this run, if any. A survey covers its respondents'
    communes, whatever the deck's scope: the deck says so."""
    with engine.connect() as connection:
        name = connection.execute(
            select(SurveyResult.survey)
            .where(SurveyResult.run_id == run_id)
            .order_by(SurveyResult.computed_at.desc(), SurveyResult.id.desc())
            .limit(1)
        ).scalar()
        if name is None:
            return None
        rows = connection.execute(
            select(
                SurveyResult.family,
                SurveyResult.measure,
                SurveyResult.estimate,
                SurveyResult.ci_low,
                SurveyResult.ci_high,
                SurveyResult.respondents,
            ).where(SurveyResult.survey == name)
        ).all()
    order = {family.key: index for index, family in enumerate(FAMILIES)}
    figures: dict[str, dict[str, SurveyFigure]] = {}
    respondents, calibrated_on = 0, []
    for family, measure, estimate, low, high, count in sorted(
        rows, key=lambda row: order.get(row.family, -1)
    ):
        if measure == "repondants":
            respondents = count
        elif measure.startswith(CALIBRATION):
            calibrated_on.append(measure.removeprefix(CALIBRATION))
        elif family:
            figures.setdefault(family, {})[measure] = SurveyFigure(estimate, low, high, count)
    return SurveySummary(name, respondents, figures, sorted(calibrated_on, key=_margin_order))


def _margin_order(variable: str) -> int:
    order = ("sexe", "age", "strate", "region")
    return order.index(variable) if variable in order else len(order)
