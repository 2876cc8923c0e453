"""The study document (Word, in French) beside the deck: the same figures (ReportData), the
same words (key findings, recommendations) and the same charts, written out as chapters:
synthesis, method and coverage, overview, one chapter per axis of the score, duties, social
networks, the residents' survey, rankings, recommendations, annexes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from reports.charts import write_charts
from reports.data import ReportData
from reports.document_annexes import annexes
from reports.document_axes import axis_chapters
from reports.document_chapters import (
    method_chapter,
    overview_chapter,
    summary_chapter,
    title_page,
)
from reports.document_results import (
    compliance_chapter,
    ranking_chapter,
    recommendations_chapter,
    social_chapter,
)
from reports.document_style import (
    Study,
    fill_contents,
    new_study,
    page_numbers,
    table_of_contents,
)
from reports.document_survey import survey_chapter
from reports.french import long_date
from scoring.model import Model


def document_source(data: ReportData) -> str:
    """The source line under every figure and table of the document."""
    return (
        f"Source : Vigie, campagne n° {data.run_id} du {long_date(data.run_started)}, modèle"
        f" de score {data.model_version}, périmètre : {data.scope.label}."
    )


def build_document(data: ReportData, model: Model, out: Path) -> Path:
    """Write the study document of the report's data to `out` (.docx)."""
    study = new_study(document_source(data))
    title_page(study, data)
    page_numbers(study)
    table_of_contents(study)
    with tempfile.TemporaryDirectory(prefix="vigie-document-") as folder:
        _chapters(study, data, model, Path(folder))
        out.parent.mkdir(parents=True, exist_ok=True)
        study.document.save(str(out))
    return out


def _chapters(study: Study, data: ReportData, model: Model, folder: Path) -> None:
    summary_chapter(study, data)
    method_chapter(study, data)
    if data.crawled:
        charts = {path.name: path for path in write_charts(data, folder / "deck")}
        overview_chapter(study, data, charts)
        number = axis_chapters(study, data, model, 4, folder)
        compliance_chapter(study, data, number)
        social_chapter(study, data, number + 1)
        after = survey_chapter(study, data, number + 2)
        ranking_chapter(study, data, after)
        recommendations_chapter(study, data, after + 1)
    annexes(study, data, model)
    fill_contents(study)
