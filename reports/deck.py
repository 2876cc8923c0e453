"""The benchmark deck, in French, built from the database: the slide families in their order."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from reports.data import PORTRAITS, ReportData, load_report_data
from reports.deck_actors import actors_slides
from reports.deck_appendix import glossary_slide, indicator_slides
from reports.deck_charts import stratum_chart_slides
from reports.deck_compliance import compliance_slide
from reports.deck_evolution import evolution_slide
from reports.deck_levers import lever_slides
from reports.deck_map import map_slide
from reports.deck_messages import priorities_slide, recommendations_slide, summary_slide
from reports.deck_opening import method_slide, title_slide
from reports.deck_peers import peers_slide
from reports.deck_portraits import portrait_slide
from reports.deck_practices import practice_slides
from reports.deck_ranking import ranking_slides
from reports.deck_residents import residents_slides
from reports.deck_social import social_slide
from reports.deck_survey import survey_slides
from reports.layout import new_presentation
from scoring.model import Model


def build_deck(data: ReportData, out: Path) -> Path:
    presentation = new_presentation()
    title_slide(presentation, data)
    if data.crawled:
        summary_slide(presentation, data)
        priorities_slide(presentation, data)
    method_slide(presentation, data)
    if data.crawled:
        stratum_chart_slides(presentation, data)
        if data.scope.kind != "departement":
            map_slide(presentation, data)
        compliance_slide(presentation, data)
        residents_slides(presentation, data)
        social_slide(presentation, data)
        if data.survey is not None:  # its slides, or one saying why the scope has none
            survey_slides(presentation, data)
        actors_slides(presentation, data)  # the relays: whom the sites link to
        ranking_slides(presentation, data)
        if data.scope.kind in ("list", "departement"):
            peers_slide(presentation, data)
        evolution_slide(presentation, data)
        lever_slides(presentation, data)
        recommendations_slide(presentation, data)
        practice_slides(presentation, data)
        for entry in data.ranking[:PORTRAITS]:
            portrait_slide(presentation, data, entry)
    glossary_slide(presentation, data)
    indicator_slides(presentation, data)
    out.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(out))
    return out


def write_report(engine: Engine, run_id: int, model: Model, out: Path) -> Path:
    return build_deck(load_report_data(engine, run_id, model), out)
