"""What a crawled page says reaches the report, the scorecard and the exports as text only:
no formula in a workbook, no character that breaks a slide, no link but to a web page."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import load_workbook
from pptx import Presentation
from sqlalchemy import Engine, text

from tests.conftest import vigie
from tests.scoring.test_compute import FULL, build

FORMULA = '=HYPERLINK("http://collecte.example/","Cliquez ici")'
MARKUP = "\x00\x0b<script>alert('x')</script>\x1f"
SCRIPT_LINK = "javascript:alert(document.cookie)"


def hostile(engine: Engine) -> None:
    findings = dict(FULL, **{"social.facebook": FORMULA, "a11y.mention": MARKUP})
    build(engine, [("90001", "0-499", "ok", findings), ("90002", "0-499", "ok", FULL)])
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE findings SET evidence_url = :url, snippet = :snippet"),
            {"url": SCRIPT_LINK, "snippet": MARKUP},
        )


def slide_links(deck: Path) -> set[str]:
    return {
        shape_link
        for slide in Presentation(str(deck)).slides
        for rel in slide.part.rels.values()
        if rel.is_external
        for shape_link in [rel.target_ref]
    }


def test_page_text_stays_text_in_decks_and_workbooks(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    hostile(engine)
    vigie("score", "--db", database_url)
    deck, card, book = tmp_path / "deck.pptx", tmp_path / "card.pptx", tmp_path / "deck.xlsx"
    vigie("report", "--db", database_url, "--out", str(deck), "--xlsx", str(book))
    vigie("report", "--db", database_url, "--authority", "90001", "--out", str(card))
    export = tmp_path / "export.xlsx"
    vigie("export", "--db", database_url, "--format", "xlsx", "--out", str(export))

    for made in (deck, card):
        assert Presentation(str(made)).slides  # the XML is well formed
        assert not [link for link in slide_links(made) if not link.startswith("http")]
        with zipfile.ZipFile(made) as archive:
            xml = "".join(
                archive.read(name).decode("utf-8")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
        assert "<script>" not in xml
    for workbook_file in (book, export):
        workbook = load_workbook(workbook_file)
        cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    exported = [cell.value for row in load_workbook(export).active.iter_rows() for cell in row]
    assert FORMULA in exported  # kept as found, as text
