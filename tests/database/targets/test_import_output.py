"""What `vigie targets import` prints: per file what it is and whether it may retire, per kind
what changed (added, renamed, website, population and stratum, retired with why), a dry run
that prints the same and writes nothing, the refusal of a list that would retire too many;
and `vigie targets show`, which reads the successor relation back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cli.main import run
from tests.database.targets.insee_files import COMMUNES_2025, write_cog, write_movements
from tests.database.targets.test_retirement import COMMUNES_2026, MOVEMENTS_2026, PARTS_2026

PLAIN_2025 = """code,name,kind,url,population
45300,Sandillon,commune,http://www.sandillon.fr/,1900
76258,Fauville-en-Caux,commune,http://www.fauville-en-caux.fr/,2400
"""
PLAIN_2026 = """code,name,kind,url,population
45300,Sandillon,commune,https://sandillon.fr/,2100
244500468,Communauté de communes des Loges,epci,https://www.cc-loges.fr/,
"""


def vigie(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = run(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


def dump(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


@pytest.fixture
def second(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """A database after the 2025 import, and the arguments of the 2026 one."""
    db = f"sqlite:///{tmp_path / 'v.db'}"
    first = [write_cog(tmp_path / "v_commune_2025.csv", COMMUNES_2025), tmp_path / "p1.csv"]
    first[1].write_text(PLAIN_2025, encoding="utf-8")
    assert vigie(capsys, "targets", "import", *map(str, first), "--db", db)[0] == 0
    files = [
        write_cog(tmp_path / "v_commune_2026.csv", COMMUNES_2026, PARTS_2026),
        write_movements(tmp_path / "v_mvt_commune_2026.csv", MOVEMENTS_2026),
        tmp_path / "p2.csv",
    ]
    files[2].write_text(PLAIN_2026, encoding="utf-8")
    return ["targets", "import", *map(str, files), "--db", db]


def test_a_second_import_prints_what_it_changed(
    second: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = vigie(capsys, *second)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[:4] == [
        f"{tmp_path}/v_commune_2026.csv: 17 loaded (0 with a website), 0 rejected; INSEE's "
        "complete list of communes: the communes absent from it are retired",
        f"{tmp_path}/v_mvt_commune_2026.csv: INSEE's movements of communes, 4 read, 0 rejected;"
        " dates and successors of the communes it retires",
        f"{tmp_path}/p2.csv: 2 loaded (2 with a website), 0 rejected; plain CSV, not a "
        "complete official list: retires nothing",
        f"Retirement: 3 retired and 0 reinstated by {tmp_path}/v_commune_2026.csv, of 20 "
        "active communes",
    ]
    assert lines[4:] == [
        "commune: 0 added, 2 updated, 15 unchanged, 3 retired, 0 reinstated; now 17 active, "
        "3 retired",
        "  renamed: 76258 Terres-de-Caux: Fauville-en-Caux → Terres-de-Caux",
        "  website changed: 45300 Sandillon: http://www.sandillon.fr/ → https://sandillon.fr/",
        "  population changed: 45300 Sandillon: 1,900 → 2,100",
        "  stratum changed: 45300 Sandillon: 500-1999 → 2000-3499",
        "  retired: 45301 Santeau: absente de la liste des communes de l'Insee "
        "(v_commune_2026.csv)",
        "  retired: 76001 Ancourteville-sur-Héricourt: fusionnée dans Terres-de-Caux (76258) "
        "le 1er janvier 2026, commune déléguée",
        "  retired: 76300 Héricourt-en-Caux: fusionnée dans Terres-de-Caux (76258) le 1er "
        "janvier 2026",
        "epci: 1 added, 0 updated, 0 unchanged, 0 retired, 0 reinstated; now 1 active, 0 retired",
        "  added: 244500468 Communauté de communes des Loges",
    ]


def test_a_dry_run_prints_the_same_and_writes_nothing(
    second: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = dump(tmp_path / "v.db")
    status, dry, _ = vigie(capsys, *second, "--dry-run")
    assert status == 0
    assert dump(tmp_path / "v.db") == before
    *said, last = dry.splitlines()
    assert last.startswith("Dry run: nothing was written")
    assert vigie(capsys, *second)[1].splitlines() == said
    assert dump(tmp_path / "v.db") != before


def test_a_list_that_would_retire_too_many_is_refused_in_one_line(
    second: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    truncated = write_cog(tmp_path / "v_commune_2026.csv", {"45300": "Sandillon"})
    before = dump(tmp_path / "v.db")
    status, out, err = vigie(capsys, *second[:2], str(truncated), *second[-2:])
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        f"{truncated}: would retire 19 of the 20 active communes (95%), more than the 20% a "
        "complete list may retire at once: is the file truncated? Nothing was imported; check "
        "the file, or pass --allow-mass-retirement if so many really disappeared"
    ]
    assert dump(tmp_path / "v.db") == before


def test_show_reads_the_successor_and_the_communes_merged_into_it(
    second: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    vigie(capsys, *second)
    db = second[-2:]
    status, out, _ = vigie(capsys, "targets", "show", "76300", *db)
    assert status == 0
    assert "  merged into: commune 76258 Terres-de-Caux (active)" in out.splitlines()
    assert "fusionnée dans Terres-de-Caux (76258) le 1er janvier 2026; new runs" in out
    day = _retired_day(out)
    merged = vigie(capsys, "targets", "show", "76258", *db)[1].splitlines()
    assert [line for line in merged if "merged into it" in line] == [
        f"  merged into it: commune 76001 Ancourteville-sur-Héricourt (retired {day})",
        f"  merged into it: commune 76300 Héricourt-en-Caux (retired {day})",
    ]
    assert vigie(capsys, "targets", "show", "99999", *db)[0] == 2


def _retired_day(shown: str) -> str:
    """The day `targets show` says the commune was retired (the import's day)."""
    line = next(line for line in shown.splitlines() if line.startswith("  retired "))
    return line.split()[1].rstrip(":")
