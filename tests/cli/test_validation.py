"""`vigie validate`: a workbook that cannot be scored, or a sample that cannot be drawn, is
one line and exit 2, never a traceback; nothing is stored then."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from database import open_database
from database.validation import run_validation
from farm.catalogue import Farm
from tests.evaluation.validation_farm import (
    Plan,
    Row,
    fill,
    rows_with_truth,
    store_farm,
    vigie_here,
)


@dataclass
class Sampled:
    url: str
    folder: Path
    workbook: Path
    rows: list[Row]
    other_url: str  # the same farm stored without Vigie's planted error: another run's rows


@pytest.fixture(scope="module")
def sampled(tmp_path_factory: pytest.TempPathFactory) -> Sampled:
    folder = tmp_path_factory.mktemp("validate")
    url = f"sqlite:///{folder / 'vigie.db'}"
    # Every site carries a planted personal profile: the other database's run has none.
    every = frozenset(site.code for site in Farm(12, 103).sites())
    stored = store_farm(open_database(url), folder / "farm", 12, 103, Plan(spurious=every))
    other_url = f"sqlite:///{folder / 'other.db'}"
    store_farm(open_database(other_url), folder / "other", 12, 103, Plan())
    workbook = folder / "validation.xlsx"
    assert (
        vigie_here("validate", "sample", "--db", url, "--sites", "6", "--out", str(workbook)).status
        == 0
    )
    return Sampled(url, folder, workbook, rows_with_truth(workbook, stored.truth), other_url)


def coded(sampled: Sampled, name: str, column: str) -> Path:
    return fill(sampled.workbook, sampled.folder / name,
                {column: {row.number: row.true for row in sampled.rows}})  # fmt: skip


def edited(sampled: Sampled, source: Path, name: str, edit: Callable[..., None]) -> Path:
    """A copy of `source` whose coding sheet `edit` changed."""
    book = load_workbook(source)
    edit(book["codage"])
    out = sampled.folder / name
    book.save(out)
    return out


def refused(*arguments: str) -> str:
    """The one line `vigie` printed when it refused, checked to be that and exit 2."""
    result = vigie_here(*arguments)
    assert result.status == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_malformed_workbooks_are_one_line_each(sampled: Sampled) -> None:
    first = coded(sampled, "a.xlsx", "codeur A")
    second = coded(sampled, "b.xlsx", "codeur B")
    column = edited(sampled, second, "column.xlsx",
                    lambda sheet: setattr(sheet.cell(row=1, column=14), "value", "codeur 2"))  # fmt: skip
    word = edited(sampled, second, "word.xlsx",
                  lambda sheet: setattr(sheet.cell(row=3, column=14), "value", "peut-être"))  # fmt: skip
    fewer = edited(sampled, second, "fewer.xlsx", lambda sheet: sheet.delete_rows(5))
    moved = edited(sampled, second, "moved.xlsx",
                   lambda sheet: setattr(sheet.cell(row=4, column=2), "value", "99999"))  # fmt: skip
    blank = edited(sampled, second, "blank.xlsx",
                   lambda sheet: setattr(sheet.cell(row=6, column=14), "value", None))  # fmt: skip

    def repeat_row(sheet: Any) -> None:  # the row of ligne 2 again in place of ligne 3
        for number in range(1, 17):
            sheet.cell(row=4, column=number).value = sheet.cell(row=3, column=number).value

    twice = edited(sampled, second, "twice.xlsx", repeat_row)
    book = load_workbook(second)
    del book["echantillon"]
    book.save(unnamed := sampled.folder / "unnamed.xlsx")
    text = sampled.folder / "notes.xlsx"
    text.write_text("ligne,codeur A\n1,oui\n", encoding="utf-8")
    cases = {
        (str(first), str(column)): "lacks the column « codeur B »",
        (str(first), str(word)): "row 3 (ligne 2), « codeur B »: 'peut-être' is no code",
        (str(first), str(fewer)): "rows, the sample drew",
        (str(first), str(twice)): "ligne 2 is there twice",
        (str(first), str(unnamed)): "no sheet « echantillon »",
        (str(sampled.folder),): "not an Excel workbook",
        (str(first), str(moved)): "row 4 (ligne 3) differs",
        (str(first), str(blank)): "« codeur B » leaves 1 of",
        (str(first), str(first)): "is given twice",
        (str(first), str(coded(sampled, "a2.xlsx", "codeur A"))): "filled in both",
        (str(first),): "« codeur B » is empty in",
        (str(text),): "not an Excel workbook",
        (str(sampled.folder / "absent.xlsx"),): "no such file",
    }
    for files, message in cases.items():
        line = refused("validate", "score", *files, "--db", sampled.url)
        assert message in line, (files, line)
    engine = open_database(sampled.url)
    assert run_validation(engine, 1) == []


def test_a_workbook_of_another_run_is_refused(sampled: Sampled) -> None:
    first = coded(sampled, "a.xlsx", "codeur A")
    second = coded(sampled, "b.xlsx", "codeur B")
    line = refused("validate", "score", str(first), str(second), "--db", sampled.other_url)
    assert "did not find social.linkedin = https://www.linkedin.com/in/" in line
    assert "not drawn from this run of this database" in line
    # Where it was drawn, the same workbooks score.
    assert vigie_here("validate", "score", str(first), str(second), "--db", sampled.url).status == 0
    assert run_validation(open_database(sampled.url), 1)


def test_a_sample_that_cannot_be_drawn_is_one_line(sampled: Sampled, tmp_path: Path) -> None:
    out = str(tmp_path / "v.xlsx")
    assert "'tech.wordpress' is no feature" in refused(
        "validate", "sample", "--db", sampled.url, "--features", "tech.cms,tech.wordpress",
        "--out", out)  # fmt: skip
    assert "social.facebook is counted twice (in social.)" in refused(
        "validate", "sample", "--db", sampled.url, "--features", "social.,social.facebook",
        "--out", out)  # fmt: skip
    assert "name it .xlsx" in refused("validate", "sample", "--db", sampled.url, "--out",
                                      str(tmp_path / "v.csv"))  # fmt: skip
    assert "no such crawl run" in refused("validate", "sample", "--db", sampled.url, "--run", "7",
                                          "--out", out)  # fmt: skip
    assert not Path(out).exists()


def test_only_the_features_asked_for_are_sampled(sampled: Sampled, tmp_path: Path) -> None:
    out = tmp_path / "social.xlsx"
    result = vigie_here("validate", "sample", "--db", sampled.url, "--sites", "100",
                   "--features", "social., tech.cms", "--out", str(out))  # fmt: skip
    sheet = load_workbook(out)["codage"]
    groups = {row[6] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert groups == {"social.", "tech.cms"}
    assert f"Wrote {out}" in result.stdout
