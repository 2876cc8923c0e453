"""`vigie report --format`: the deck (pptx, the default) or the study document (docx); an
unknown format is one line and exit 2, before any work."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from tests.conftest import CrawledFarm, vigie


def test_docx_writes_the_study_document_under_its_default_name(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    result = vigie("report", "--db", crawled_farm.database_url, "--format", "docx", cwd=tmp_path)
    written = tmp_path / "vigie-report.docx"
    assert str(written.name) in result.stdout
    headings = [p.text for p in Document(str(written)).paragraphs if p.style.name == "Heading 1"]
    assert "1. Synthèse" in headings
    assert not (tmp_path / "vigie-report.pptx").exists()


def test_an_unknown_format_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = vigie(
        "report",
        *("--db", f"sqlite:///{tmp_path / 'never-opened.db'}", "--format", "odt"),
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--format odt" in result.stderr
    assert "pptx|docx" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_scorecard_stays_a_deck(tmp_path: Path) -> None:
    result = vigie(
        "report",
        *("--db", f"sqlite:///{tmp_path / 'never-opened.db'}", "--format", "docx"),
        *("--authority", "44109"),
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "--authority" in result.stderr
    assert result.stderr.strip().count("\n") == 0
