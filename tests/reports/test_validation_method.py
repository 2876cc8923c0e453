"""The validation by hand in the reports: the deck's method slide, the study document's
method chapter, the xlsx export and its data dictionary cite the run's stored figures, each
with its n and interval, flag a feature under 90 % of precision, and state nothing below the
threshold; without figures they say nothing of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx.util import Pt
from sqlalchemy import Engine

from database.validation import ValidationFigure, store_validation
from reports.data import ReportData, load_report_data
from reports.deck_opening import method_slide
from reports.document import document_source
from reports.document_chapters import method_chapter
from reports.document_style import french_text, new_study
from reports.export import authority_table, describe, write_export
from reports.french import NARROW_NBSP
from reports.layout import new_presentation
from scoring.model import load_model
from tests.evaluation.validation_farm import vigie_here
from tests.reports.practices_database import build

PERCENT = f"{NARROW_NBSP}%"
# Stored as `vigie validate score` would: 16 of 20 accounts right (Wilson 58.4–91.9 %, by
# hand: centre (0.8 + z²/40)/(1 + z²/20) = 0.7517, half-width 0.1677); 3 of 4 CMS (too few to
# state); 19 of 20 legal notices; the coders agree on 140 of 150 rows, κ 0.8123.
FIGURES = [
    ValidationFigure("", "kappa", 140, 150, 0.8123, None, None, 12),
    ValidationFigure("", "precision", 38, 44, 38 / 44, 0.7334, 0.9360, 12),
    ValidationFigure("", "recall", 30, 31, 30 / 31, 0.8370, 0.9943, 12),
    ValidationFigure("social.", "precision", 16, 20, 0.8, 0.58398, 0.91931, 12),
    ValidationFigure("social.", "recall", 12, 12, 1.0, 0.7575, 1.0, 12),
    ValidationFigure("social.", "kappa", 48, 50, 0.9, None, None, 12),
    ValidationFigure("tech.cms", "precision", 3, 4, 0.75, 0.3006, 0.9544, 12),
    ValidationFigure("tech.cms", "recall", 3, 3, 1.0, 0.4385, 1.0, 12),
    ValidationFigure("tech.cms", "kappa", 12, 12, None, None, None, 12),
    ValidationFigure("legal.notice_url", "precision", 19, 20, 0.95, 0.7639, 0.9911, 12),
    ValidationFigure("legal.notice_url", "recall", 15, 16, 15 / 16, 0.7167, 0.9889, 12),
    ValidationFigure("legal.notice_url", "kappa", 80, 88, 0.71, None, None, 12),
]
SOCIAL_FLAG = (
    f"Lien vers un réseau social (tout réseau) : 80{PERCENT} (intervalle de confiance à 95{PERCENT} :"
    f" 58,4{PERCENT} – 91,9{PERCENT}, n = 20 constats contrôlés)"
)


@pytest.fixture
def validated(engine: Engine, tmp_path: Path) -> tuple[Engine, int]:
    run_id = build(engine, tmp_path, load_model())
    return engine, run_id


def report_data(engine: Engine, run_id: int) -> ReportData:
    return load_report_data(engine, run_id, load_model())


def method_text(data: ReportData) -> tuple[str, list[float]]:
    """The method slide's text, and the sizes its bullets are set in."""
    presentation = new_presentation()
    method_slide(presentation, data)
    shapes = list(presentation.slides[0].shapes)
    text = "\n".join(shape.text_frame.text for shape in shapes if shape.has_text_frame)
    bullets = next(s for s in shapes if s.has_text_frame and s.text_frame.text.startswith("•"))
    sizes = [run.font.size.pt for p in bullets.text_frame.paragraphs for run in p.runs]
    return text, sizes


def test_the_method_slide_cites_the_validation_and_flags_under_90(
    validated: tuple[Engine, int],
) -> None:
    engine, run_id = validated
    before, sizes = method_text(report_data(engine, run_id))
    assert "Contrôle à la main" not in before
    assert "précision" not in before
    assert set(sizes) == {Pt(15).pt}
    store_validation(engine, run_id, FIGURES)
    text, sizes = method_text(report_data(engine, run_id))
    assert set(sizes) == {Pt(12).pt}
    assert "sur un échantillon de 12 sites tiré au hasard dans chaque strate" in text
    assert "accord entre codeurs (κ de Cohen) : 0,81 (n = 150 constats)" in text
    assert (
        f"précision : 86,4{PERCENT} (intervalle de confiance à 95{PERCENT} : 73,3{PERCENT}" in text
    )
    assert f"Précision sous 90{PERCENT}, constats à citer avec prudence : {SOCIAL_FLAG}." in text
    # 3 of 4: below the threshold, neither stated nor flagged; 95 %: not flagged.
    assert "Précision non établie (effectif insuffisant) : Outil de gestion de contenu." in text
    assert "75" not in text
    assert "Mentions légales :" not in text


def test_the_method_chapter_has_every_feature_with_its_n(validated: tuple[Engine, int]) -> None:
    engine, run_id = validated
    store_validation(engine, run_id, FIGURES)
    data = report_data(engine, run_id)
    study = new_study(document_source(data))
    method_chapter(study, data)
    paragraphs = "\n".join(p.text for p in study.document.paragraphs)
    assert "Contrôle à la main des constats" in paragraphs
    assert french_text(SOCIAL_FLAG) in paragraphs
    [grid] = [t for t in study.document.tables if t.rows[0].cells[0].text == "Constat contrôlé"]
    rows = {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in grid.rows[1:]}
    social = rows[french_text("Lien vers un réseau social (tout réseau) (précision sous 90 %)")]
    assert social[0] == french_text(SOCIAL_FLAG.split(" : ", 1)[1])
    cms = rows["Outil de gestion de contenu"]
    assert cms[0] == "effectif insuffisant (n = 4 constats contrôlés)"
    assert cms[1] == "effectif insuffisant (n = 3 sites)"
    assert cms[2].startswith("non défini, les deux codeurs ayant tout codé de même (n = 12")
    assert rows["Mentions légales"][2] == "0,71 (n = 88 constats)"
    assert rows["Ensemble des constats contrôlés"][2] == "0,81 (n = 150 constats)"


def test_without_validation_the_method_chapter_says_nothing_of_it(
    validated: tuple[Engine, int],
) -> None:
    engine, run_id = validated
    data = report_data(engine, run_id)
    study = new_study(document_source(data))
    method_chapter(study, data)
    assert "Contrôle à la main" not in "\n".join(p.text for p in study.document.paragraphs)


def test_the_data_dictionary_flags_columns_of_a_feature_under_90() -> None:
    columns = ["code", "social.facebook", "social.youtube", "legal.notice_url", "tech.cms"]
    dictionary = describe(columns, FIGURES).set_index("column")["validation"]
    assert dictionary["code"] == ""
    for column in ("social.facebook", "social.youtube"):
        assert dictionary[column].startswith(
            f"ATTENTION, précision sous 90{PERCENT} : précision : 80"
        )
        assert "contrôlé comme « Lien vers un réseau social (tout réseau) »" in dictionary[column]
        assert "rappel : 100" in dictionary[column]
    assert dictionary["legal.notice_url"].startswith(f"précision : 95{PERCENT} (intervalle")
    assert "n = 16 sites" in dictionary["legal.notice_url"]
    assert dictionary["tech.cms"] == (
        "précision : effectif insuffisant (n = 4 constats contrôlés) ;"
        " rappel : effectif insuffisant (n = 3 sites)"
    )
    assert "validation" not in describe(columns).columns


def test_the_xlsx_export_holds_the_validation_sheet(
    validated: tuple[Engine, int], tmp_path: Path, database_url: str
) -> None:
    engine, run_id = validated
    out = tmp_path / "export.xlsx"
    write_export(authority_table(engine, run_id, load_model().version), out, "xlsx")
    assert load_workbook(out).sheetnames == ["collectivites", "colonnes"]
    store_validation(engine, run_id, FIGURES)
    result = vigie_here("export", "--db", database_url, "--out", str(out))
    assert result.status == 0, result.stderr
    book = load_workbook(out)
    assert book.sheetnames == ["collectivites", "colonnes", "validation"]
    sheet = list(book["validation"].iter_rows(values_only=True))
    header, rows = sheet[0], [dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]]
    assert header[:3] == ("feature", "libelle", "measure")
    assert len(rows) == len(FIGURES)
    flagged = [(row["feature"], row["measure"]) for row in rows if row["precision_sous_90"]]
    assert flagged == [("social.", "precision")]
    social = next(r for r in rows if r["feature"] == "social." and r["measure"] == "precision")
    assert (social["successes"], social["n"], social["estimate"]) == (16, 20, 0.8)
    dictionary = {row[0]: row for row in book["colonnes"].iter_rows(values_only=True)}
    assert dictionary["column"][-1] == "validation"
    assert dictionary["social.facebook"][-1].startswith("ATTENTION, précision sous 90")
