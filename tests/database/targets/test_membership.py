"""INSEE's composition of the EPCI: `vigie targets import` reads it (CSV export of the sheet,
with `;` or `,` and INSEE's title lines, or the workbook itself) and sets each commune's EPCI
in the same transaction as the other files; ZZZZZZZZZ means none; the communes the database
lacks are counted on the file's line, never created; the diff says which communes moved;
`vigie targets show` reads the membership back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, select

from cli.main import run
from database.models import Authority
from database.targets import import_targets

TARGETS = """code,name,kind,url,population
45300,Sandillon,commune,,2100
45302,Saran,commune,,16000
45004,Amilly,commune,,13000
85113,L'Île-d'Yeu,commune,,4900
244500468,Communauté de communes des Loges,epci,,
244500484,Orléans Métropole,epci,,
"""
# The sheet's title lines, its labels and its header, as a spreadsheet saves them with `;`.
TITLE = (
    "Composition communale des EPCI à fiscalité propre au 1er janvier 2026;;;;;\n"
    "Source : Insee, Code officiel géographique;;;;;\n"
    "Géographie au 01/01/2026;;;;;\n"
    ";;;;;\n"
    "Code géographique;Libellé géographique;EPCI - Métropole;Libellé de l'EPCI / "
    "Métropole;Département;Région\n"
)
HEADER = "CODGEO;LIBGEO;EPCI;LIBEPCI;DEP;REG\n"
COMPOSITION_2026 = (
    TITLE
    + HEADER
    + "45300;Sandillon;244500468;CC des Loges;45;24\n"
    + "45302;Saran;244500484;Orléans Métropole;45;24\n"
    + "45004;Amilly;244500427;Agglomération Montargoise;45;24\n"  # EPCI not among the targets
    + "85113;L'Île-d'Yeu;ZZZZZZZZZ;Sans objet;85;52\n"
    + "63244;Murol;246300701;CC du Massif du Sancy;63;84\n"  # commune not in the database
)


def write(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def vigie(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = run(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


def membership(engine: Engine) -> dict[str, str | None]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Authority.code, Authority.epci_code).where(Authority.kind == "commune")
        )
        return {code: epci for code, epci in rows}


def test_the_import_sets_each_listed_communes_epci(engine: Engine, tmp_path: Path) -> None:
    targets = write(tmp_path, "targets.csv", TARGETS)
    composition = write(tmp_path, "composition.csv", COMPOSITION_2026)
    outcome = import_targets(engine, [composition, targets])  # the communes may come after
    report = outcome.reports[0]
    assert report.errors == []
    assert report.membership is not None
    given = report.membership
    assert (len(given.given), given.without_epci, given.in_database) == (5, 1, 4)
    assert (given.unknown_communes, given.epci_not_imported) == (1, 2)
    assert membership(engine) == {
        "45300": "244500468",
        "45302": "244500484",
        "45004": "244500427",
        "85113": None,  # ZZZZZZZZZ: no EPCI
    }
    with engine.connect() as connection:
        others = connection.execute(
            select(Authority.epci_code).where(Authority.kind != "commune")
        ).scalars()
        assert set(others) == {None}
        assert (
            connection.execute(select(Authority.code).where(Authority.code == "63244")).all() == []
        ), "a composition file never creates a commune"


def test_comma_separated_without_title_lines_reads_the_same(engine: Engine, tmp_path: Path) -> None:
    plain = (HEADER + COMPOSITION_2026.split(HEADER)[1]).replace(";", ",")
    targets = write(tmp_path, "targets.csv", TARGETS)
    outcome = import_targets(engine, [targets, write(tmp_path, "c.csv", plain)])
    assert outcome.reports[1].errors == []
    assert membership(engine)["45302"] == "244500484"
    assert membership(engine)["85113"] is None


def test_insees_workbook_is_read_and_numbers_get_their_zeros_back(
    engine: Engine, tmp_path: Path
) -> None:
    workbook = Workbook()
    workbook.active.title = "EPCI"
    sheet = workbook.create_sheet("Composition_communale")
    for line in TITLE.splitlines():
        sheet.append([cell or None for cell in line.split(";")])
    sheet.append(HEADER.strip().split(";"))
    sheet.append(["45300", "Sandillon", "244500468", "CC des Loges", "45", "24"])
    # A cell Excel turned into a number loses its leading zero: the reader gives it back.
    sheet.append([1001, "L'Abergement-Clémenciat", 200069193, "CC de la Dombes", "01", "84"])
    sheet.append([])  # an empty row at the end of the used range
    path = tmp_path / "Intercommunalite-Metropole au 01-01-2026.xlsx"
    workbook.save(path)
    targets = write(tmp_path, "t.csv", TARGETS + "01001,L'Abergement-Clémenciat,commune,,800\n")
    outcome = import_targets(engine, [targets, path])
    assert outcome.reports[1].errors == []
    assert outcome.reports[1].facts.source == "insee-epci"
    stored = membership(engine)
    assert (stored["45300"], stored["01001"]) == ("244500468", "200069193")


def test_a_commune_moving_epci_shows_in_the_diff_and_a_dry_run_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'v.db'}"
    targets = write(tmp_path, "targets.csv", TARGETS)
    first = write(tmp_path, "c2026.csv", COMPOSITION_2026)
    assert vigie(capsys, "targets", "import", str(targets), str(first), "--db", db)[0] == 0
    # 2027: Saran joins the Loges, L'Île-d'Yeu one made up for the test, Amilly stays.
    moved = (
        COMPOSITION_2026.replace("45302;Saran;244500484", "45302;Saran;244500468")
        .replace("85113;L'Île-d'Yeu;ZZZZZZZZZ", "85113;L'Île-d'Yeu;200000001")
        .replace("2026", "2027")
    )
    second = ["targets", "import", str(write(tmp_path, "c2027.csv", moved)), "--db", db]
    before = sqlite3.connect(tmp_path / "v.db").execute("SELECT * FROM authorities").fetchall()
    status, dry, _ = vigie(capsys, *second, "--dry-run")
    after = sqlite3.connect(tmp_path / "v.db").execute("SELECT * FROM authorities").fetchall()
    assert (status, after) == (0, before)
    status, out, err = vigie(capsys, *second)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        f"{tmp_path}/c2027.csv: INSEE's composition of the EPCI, 5 communes read (0 without "
        "EPCI), 0 rejected; EPCI set for 4 communes of the database (2 changed); communes not "
        "in the database, skipped: 1; EPCI not among the targets (SIREN kept, no name): 3; "
        "retires nothing"
    )
    commune = lines[lines.index(next(line for line in lines if line.startswith("commune:"))) :]
    assert commune[:4] == [
        "commune: 0 added, 2 updated, 2 unchanged, 0 retired, 0 reinstated; now 4 active, "
        "0 retired",
        "  membership changed: 2 communes got or changed EPCI",
        "  membership changed: 45302 Saran: 244500484 Orléans Métropole → 244500468 "
        "Communauté de communes des Loges",
        "  membership changed: 85113 L'Île-d'Yeu: (none) → 200000001",
    ]
    assert dry.splitlines()[:-1] == lines


def test_other_files_never_erase_a_communes_epci(engine: Engine, tmp_path: Path) -> None:
    targets = write(tmp_path, "targets.csv", TARGETS)
    import_targets(engine, [targets, write(tmp_path, "c.csv", COMPOSITION_2026)])
    import_targets(engine, [write(tmp_path, "again.csv", TARGETS.replace("2100", "2200"))])
    assert membership(engine)["45300"] == "244500468"


def test_show_names_a_communes_epci_and_counts_an_epcis_communes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'v.db'}"]
    files = [write(tmp_path, "t.csv", TARGETS), write(tmp_path, "c.csv", COMPOSITION_2026)]
    vigie(capsys, "targets", "import", *map(str, files), *db)
    shown = {code: vigie(capsys, "targets", "show", code, *db)[1].splitlines()
             for code in ("45300", "45004", "85113", "244500468")}  # fmt: skip
    assert "  EPCI: Communauté de communes des Loges (SIREN 244500468)" in shown["45300"]
    assert (
        "  EPCI: SIREN 244500427 (not among the targets: its name is not known)" in shown["45004"]
    )
    assert "  EPCI: none known (INSEE's composition of the EPCI gives it)" in shown["85113"]
    assert "  member communes: 1 active" in shown["244500468"]
    assert not any("EPCI:" in line for line in shown["244500468"])


BAD_FILES = {
    "a SIREN that is not one": (
        "c.csv",
        HEADER + "45300;Sandillon;24450046;CC;45;24\n",
        "c.csv: line 2: EPCI '24450046' is neither a 9-digit SIREN nor ZZZZZZZZZ (no EPCI)",
    ),
    "an empty EPCI": (
        "c.csv",
        TITLE + HEADER + "45300;Sandillon;;CC;45;24\n",
        "c.csv: line 7: EPCI is empty: give the SIREN of the commune's EPCI, or ZZZZZZZZZ for none",
    ),
    "a commune given twice": (
        "c.csv",
        HEADER + "45300;Sandillon;244500468;CC;45;24\n45300;Sandillon;244500484;OM;45;24\n",
        "c.csv: line 2: commune 45300 is given more than once (line 2, line 3): keep one line",
    ),
    "a workbook that is not one": (
        "c.xlsx",
        "CODGEO;EPCI\n",
        "c.xlsx: file: not a readable .xlsx workbook",
    ),
    "an old .xls workbook": (
        "c.xls",
        "\x00binary",
        "c.xls: file: an old Excel .xls workbook is not read: save it as .xlsx, or its sheet as "
        "CSV",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_one_clear_line_and_exit_1(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, content, said = BAD_FILES[case]
    db = ["--db", f"sqlite:///{tmp_path / 'v.db'}"]
    targets = write(tmp_path, "t.csv", TARGETS)
    status, out, err = vigie(capsys, "targets", "import", str(targets), str(write(tmp_path, name, content)), *db)  # fmt: skip
    assert status == 1
    assert "Traceback" not in out + err
    errors = [line for line in err.splitlines() if line.strip()]
    assert len(errors) == 1 + (case == "a commune given twice"), err
    assert errors[0].startswith(f"  {tmp_path}/{said}"), err
    assert all(line.startswith(f"  {tmp_path}/") for line in errors), err


def test_a_workbook_without_insees_sheet_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = Workbook()
    workbook.active.title = "Feuil1"
    workbook.active.append(["CODGEO", "EPCI"])
    workbook.save(tmp_path / "c.xlsx")
    db = ["--db", f"sqlite:///{tmp_path / 'v.db'}"]
    status, _, err = vigie(capsys, "targets", "import", str(tmp_path / "c.xlsx"), *db)
    assert status == 1
    assert [line for line in err.splitlines() if line.strip()] == [
        f"  {tmp_path}/c.xlsx: file: no sheet Composition_communale (its sheets: Feuil1): give "
        "INSEE's file Intercommunalite-Metropole au 01-01-YYYY.xlsx, or a CSV of that sheet"
    ]
