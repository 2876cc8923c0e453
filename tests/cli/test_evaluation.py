"""`vigie accuracy` asks for its corpus: without one, or with a wrong one, it says so on one
line and exits 2 before any crawl."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        ([], "no real-pages corpus given"),
        (["--corpus", "absent"], "no corpus folder at"),
        (["--corpus", "."], "lacks 8 of the 8 pages"),
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
