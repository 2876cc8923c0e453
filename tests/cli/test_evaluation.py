"""`vigie accuracy` asks for its corpus: without one, or with a wrong one, it says so on one
line and exits 2 before any crawl. With --no-farm it checks only the real pages, and --check
fails on any difference that no case names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from evaluation.accuracy import load_cases

PAGES = len(load_cases())


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        ([], "no real-pages corpus given"),
        (["--corpus", "absent"], "no corpus folder at"),
        (["--corpus", "."], f"lacks {PAGES} of the {PAGES} pages"),
    ],
    ids=["not given", "not found", "not a corpus"],
)
def test_accuracy_names_a_missing_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arguments: list[str], said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["accuracy", *arguments])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert said in lines[0]
    assert "pass --corpus DIR" in lines[0]
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "vigie-accuracy").exists()  # no farm crawled


def test_accuracy_without_the_farm_checks_the_real_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["accuracy", "--no-farm", "--check", "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "Farm:" not in result.output
    assert f"Real pages: {PAGES} pages, " in result.output
    assert "0 new differences, 0 stale known misses" in result.output
    assert not (tmp_path / "vigie-accuracy").exists()


PAGE = """<!-- Pattern: a commune's page with its legal notice link in the footer -->
<!DOCTYPE html><html lang="fr"><head><title>Mairie de Saint-Exemple</title></head>
<body><header><a href="#contenu">Aller au contenu</a></header>
<main id="contenu"><h1>Bienvenue à Saint-Exemple</h1></main>
<footer><a href="/mentions-legales">Mentions légales</a></footer></body></html>
"""
NOTICE = {"feature": "legal.notice_url", "value": "http://saint-exemple.fr/mentions-legales"}
DOMAIN = {"feature": "tech.domain", "value": "own", "why": "saint-exemple.fr"}


def own_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: dict[str, object]) -> Path:
    """A corpus of one page of our own, and the project's cases replaced by `case`."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "accueil.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "cases").mkdir()
    document = {"page": "accueil.html", "url": "http://saint-exemple.fr/", **case}
    (tmp_path / "cases" / "accueil.json").write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr("evaluation.accuracy.CASES", tmp_path / "cases")
    return tmp_path / "corpus"


@pytest.mark.parametrize(
    ("case", "code", "said"),
    [
        (
            {"findings": [{**NOTICE, "why": "footer"}, DOMAIN], "known_misses": []},
            0,
            "2 findings expected, 2 hold",
        ),
        ({"findings": [DOMAIN], "known_misses": []}, 1, "unexpected legal.notice_url"),
        (
            {
                "findings": [{**NOTICE, "why": "footer"}, DOMAIN],
                "known_misses": [{**NOTICE, "kind": "missing", "why": "read as absent"}],
            },
            1,
            "no longer happens",
        ),
    ],
    ids=["holds", "new difference", "stale known miss"],
)
def test_accuracy_check_fails_on_what_no_case_names(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: dict[str, object],
    code: int,
    said: str,
) -> None:
    corpus = own_corpus(tmp_path, monkeypatch, case)
    result = CliRunner().invoke(app, ["accuracy", "--no-farm", "--check", "--corpus", str(corpus)])
    assert result.exit_code == code, result.output
    assert said in " ".join(result.output.split())


def test_accuracy_names_a_malformed_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = own_corpus(tmp_path, monkeypatch, {"findings": [DOMAIN]})  # no known_misses
    result = CliRunner().invoke(app, ["accuracy", "--no-farm", "--corpus", str(corpus)])
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert "a malformed case" in line
    assert "accueil.json" in line
