"""The `vigie` command as a user meets it: help with examples, clear errors, the demo end to end."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation
from typer.main import get_command
from typer.testing import CliRunner

from cli.app import app
from evaluation.accuracy import load_cases
from tests.conftest import FILES, vigie

README = Path(__file__).resolve().parents[2] / "README.md"


def _commands(command: object, path: list[str]) -> list[list[str]]:
    """Every verb the program offers, found by walking it: none can be left out of the list."""
    subcommands = getattr(command, "commands", None)
    if not subcommands:
        return [path]
    return [
        verb
        for name, sub in subcommands.items()
        if not getattr(sub, "hidden", False)
        for verb in _commands(sub, [*path, name])
    ]


COMMANDS = _commands(get_command(app), [])


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example: vigie " in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_is_in_the_readme(command: list[str]) -> None:
    """Named whole ("vigie targets show") or among its family's ("vigie survey design|sample")."""
    readme = README.read_text(encoding="utf-8")
    *family, verb = command
    listed = re.findall(rf"vigie {' '.join(family)} ([\w|-]+)", readme) if family else []
    assert f"vigie {' '.join(command)}" in readme or any(
        verb in names.split("|") for names in listed
    )


def test_the_verbs_are_all_found() -> None:
    assert len(COMMANDS) > 25
    assert {("targets", "show"), ("runs",), ("export",), ("queue", "seed")} <= {
        tuple(command) for command in COMMANDS
    }


def test_import_reports_bad_lines_and_loads_the_rest(tmp_path: Path) -> None:
    broken = FILES / "targets" / "plain-broken.csv"
    result = vigie(
        "targets", "import", str(broken), "--db", f"sqlite:///{tmp_path}/v.db", check=False
    )
    assert result.returncode == 1
    assert "2 loaded (2 with a website), 3 rejected" in result.stdout
    assert f"{broken}: line 3: unknown kind 'village'" in result.stderr
    with sqlite3.connect(tmp_path / "v.db") as connection:
        assert connection.execute("SELECT COUNT(*) FROM authorities").fetchone() == (2,)


def test_score_without_a_crawl_says_what_to_do(tmp_path: Path) -> None:
    result = vigie("score", "--db", f"sqlite:///{tmp_path}/v.db", check=False)
    assert result.returncode == 2
    assert "run `vigie crawl` first" in result.stderr


def test_demo_leaves_a_database_with_evidence_a_deck_and_a_study_document(tmp_path: Path) -> None:
    result = vigie("demo", cwd=tmp_path)
    assert "Ground truth: 40/40 statuses as expected" in result.stdout
    for name in ("a11y", "eservices", "legal", "social", "trackers"):
        assert f"{name} P=1.000 R=1.000" in result.stdout
    truth = json.loads((tmp_path / "vigie-demo" / "truth.json").read_text(encoding="utf-8"))
    showing = {
        site["code"]
        for site in truth["sites"]
        if any(not f.get("needs_rendering") for f in site["findings"])
    }
    with sqlite3.connect(tmp_path / "vigie.db") as connection:
        with_evidence = {
            code
            for (code,) in connection.execute(
                "SELECT DISTINCT a.code FROM findings f JOIN authorities a ON a.id = f.authority_id "
                "WHERE f.evidence_url LIKE 'http%' AND f.snippet <> ''"
            )
        }
    assert len(showing) > 20
    assert with_evidence == showing
    assert len(Presentation(str(tmp_path / "vigie-demo.pptx")).slides) >= 5
    chapters = [
        paragraph.text
        for paragraph in Document(str(tmp_path / "vigie-demo.docx")).paragraphs
        if paragraph.style is not None and paragraph.style.name == "Heading 1"
    ]
    assert any("Synthèse" in chapter for chapter in chapters), chapters


def test_accuracy_measures_a_farm_and_the_real_pages(tmp_path: Path, corpus: Path) -> None:
    result = vigie(
        "accuracy", "--sites", "40", "--seed", "103", "--check", "--corpus", str(corpus),
        cwd=tmp_path,
    )  # fmt: skip
    assert "Farm: 40/40 statuses as expected" in result.stdout
    assert "met by every family" in result.stdout
    assert f"Real pages: {len(load_cases())} pages, " in result.stdout
    assert "0 new differences, 0 stale known misses" in result.stdout
    assert (tmp_path / "vigie-accuracy" / "accuracy.db").exists()  # not the user's vigie.db
    assert not (tmp_path / "vigie.db").exists()


def test_extract_prints_the_findings_of_a_saved_page_as_json() -> None:
    result = CliRunner().invoke(
        app,
        [
            "extract",
            str(FILES / "commune-wordpress.html"),
            "--url",
            "https://www.saint-exemple.fr/",
        ],
    )
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert document["url"] == "https://www.saint-exemple.fr/"
    found = {(f["feature"], f["value"]) for f in document["findings"]}
    assert ("a11y.mention", "partiellement") in found
    assert all(
        set(f) == {"feature", "value", "evidence_url", "snippet", "detector"}
        for f in document["findings"]
    )


STATEMENT_FEATURES = {
    "a11y.audit_date",
    "a11y.conformity_rate",
    "a11y.rgaa_version",
    "a11y.statement_contact",
    "a11y.recourse",
    "a11y.schema",
}


def test_extract_reads_legacy_encodings_and_pdf(tmp_path: Path) -> None:
    legacy = tmp_path / "page.html"
    legacy.write_bytes("<p>Accessibilité : totalement conforme</p>".encode("cp1252"))
    result = CliRunner().invoke(app, ["extract", str(legacy), "--url", "http://x.fr/"])
    assert json.loads(result.output)["findings"][0]["value"] == "totalement"
    from farm.assets import statement_pdf
    from farm.catalogue import Farm
    from farm.truth import expected_findings, expected_status

    farm = Farm(60, 949, 8000)
    site = next(
        s
        for s in farm.sites()
        if (s.statement_path or "").endswith(".pdf") and expected_status(s) == "ok"
    )
    pdf = tmp_path / "declaration.pdf"
    pdf.write_bytes(statement_pdf(site))
    result = CliRunner().invoke(app, ["extract", str(pdf), "--url", "http://x.fr/declaration.pdf"])
    assert result.exit_code == 0
    # What the statement declares, as the farm wrote it, and the PDF's own address as the
    # statement (a page that is the statement names itself); no footer mention in a PDF.
    found = {(f["feature"], f["value"]) for f in json.loads(result.output)["findings"]}
    declared = {
        (f["feature"], f["value"])
        for f in expected_findings(farm, site)
        if f["feature"] in STATEMENT_FEATURES
    }
    assert declared
    itself = ("a11y.statement_url", "http://x.fr/declaration.pdf")
    assert found == declared | {itself, ("tech.domain", "own")}  # x.fr, from the URL given
    from pipelines.extractors.documents import pdf_text

    assert f"Ce site est {site.a11y_level} conforme" in pdf_text(pdf.read_bytes())


def test_extract_works_on_every_corpus_page(corpus: Path) -> None:
    pages = [p for p in corpus.rglob("*") if p.suffix in (".html", ".htm")]
    assert len(pages) > 20
    for page in pages:
        result = CliRunner().invoke(
            app, ["extract", str(page), "--url", f"https://example.fr/{page.name}"]
        )
        assert result.exit_code == 0, (page, result.output)
        json.loads(result.output)


def test_extract_names_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["extract", str(tmp_path / "absent.html"), "--url", "http://x.fr/"]
    )
    assert result.exit_code == 2


def test_a_demo_of_one_site_writes_its_deck_and_document(tmp_path: Path) -> None:
    # A survey too small to estimate any département or région leaves those estimates out
    # (it once ended in an internal error).
    result = vigie("demo", "--sites", "1", cwd=tmp_path)
    assert "Ground truth: 1/1 statuses as expected" in result.stdout
    assert len(Presentation(str(tmp_path / "vigie-demo.pptx")).slides) >= 3
    assert Document(str(tmp_path / "vigie-demo.docx")).paragraphs
