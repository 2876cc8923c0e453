"""The benchmark deck, in French, built from the database: the slide families in their order."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from reports.adoption import ADOPTION_GROUPS
from reports.data import PORTRAITS, ReportData, load_report_data
from reports.deck_appendix import glossary_slide, indicator_slides
from reports.deck_charts import axes_slide, overview_slide
from reports.deck_compliance import compliance_slide
from reports.deck_map import map_slide
from reports.deck_messages import recommendations_slide, summary_slide
from reports.deck_opening import method_slide, title_slide
from reports.deck_portraits import portrait_slide
from reports.deck_ranking import ranking_slide
from reports.deck_social import social_slide
from reports.deck_survey import survey_slides
from reports.layout import new_presentation
from scoring.model import Model


def build_deck(data: ReportData, out: Path) -> Path:
    presentation = new_presentation()
    title_slide(presentation, data)
    if data.crawled:
        summary_slide(presentation, data)
    method_slide(presentation, data)
    if data.crawled:
        for title, features in ADOPTION_GROUPS:
            overview_slide(presentation, data, title, features)
        axes_slide(presentation, data)
        if data.scope.kind != "departement":
            map_slide(presentation, data)
        compliance_slide(presentation, data)
        social_slide(presentation, data)
        if data.survey is not None and data.survey.figures:
            survey_slides(presentation, data)
        for stratum in data.strata:
            if data.stratum_ranking(stratum):
                ranking_slide(presentation, data, stratum)
        recommendations_slide(presentation, data)
        for entry in data.ranking[:PORTRAITS]:
            portrait_slide(presentation, data, entry)
    glossary_slide(presentation, data)
    indicator_slides(presentation, data)
    out.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(out))
    return out


def write_report(engine: Engine, run_id: int, model: Model, out: Path) -> Path:
    return build_deck(load_report_data(engine, run_id, model), out)
