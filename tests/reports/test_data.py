"""A report's figures read from the database: sites not measured (their browser failed) are
counted in the coverage table under their French label, and left out of every share."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from reports.data import load_report_data
from reports.deck_opening import method_slide
from reports.layout import new_presentation
from reports.workbook import sheets
from scoring.compute import score_run
from scoring.model import Model, load_model
from tests.scoring.test_compute import FULL, NOW, SMALL_MODEL, build


@pytest.fixture
def model(tmp_path: Path) -> Model:
    path = tmp_path / "small.toml"
    path.write_text(SMALL_MODEL, encoding="utf-8")
    return load_model(path)


def test_sites_not_measured_are_counted_by_reason_and_left_out_of_the_shares(
    engine: Engine, model: Model
) -> None:
    run = build(
        engine,
        [
            ("32001", "0-499", "ok", FULL),
            ("32002", "0-499", "ok", {}),
            ("32003", "0-499", "render_failed", {}),
            ("32004", "0-499", "no_browser", {}),
            ("32005", "0-499", "render_failed", {}),
        ],
    )
    score_run(engine, run, model, now=NOW)
    data = load_report_data(engine, run, model)
    assert (data.authorities, data.crawled) == (5, 2)
    assert data.ok_by_stratum == {"0-499": 2}
    assert data.adoption_overall["legal.notice_url"] == 50.0  # one of the two measured
    assert {entry.code for entry in data.ranking} == {"32001", "32002"}
    acts = {line.duty: line for line in data.compliance}["legal_notice"]
    assert (acts.met, acts.unmet, acts.unknown) == (1, 1, 3)
    presentation = new_presentation()
    method_slide(presentation, data)
    (table,) = [s.table for s in presentation.slides[0].shapes if s.has_table]
    rows = dict((row.cells[0].text, row.cells[1].text) for row in list(table.rows)[1:])
    assert rows == {
        "Site exploré": "2",
        "Non mesuré : rendu impossible": "2",
        "Non mesuré : sans navigateur": "1",
        "Total": "5",
    }
    coverage = sheets(data)["Couverture"]
    assert "render_failed" not in set(coverage["Statut du site"])  # its label, never the code
    assert "Non mesuré : rendu impossible" in set(coverage["Statut du site"])
