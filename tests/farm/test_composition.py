"""The farm's INSEE composition of the EPCI: every commune of the farm on one line with its EPCI
(the farm's truth, `Farm.epci_of`), whose SIREN and name are those of the targets file; an
EPCI's communes are consecutive communes by département; imported beside the targets, it gives
every commune of the database its EPCI."""

from __future__ import annotations

import csv
from itertools import groupby
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from database.geography import REGION_OF_DEPARTEMENT
from database.models import Authority
from database.targets import import_targets
from farm.catalogue import Farm
from farm.composition import COLUMNS, NO_EPCI, title_lines
from farm.files import COMPOSITION_FILE, TARGETS_FILE, write_farm_files

FARM = Farm(2000, 7, 8000)  # 1,926 communes and 68 EPCI over most départements


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_farm_files(FARM, tmp_path_factory.mktemp("farm"))


def read_sheet(path: Path) -> list[dict[str, str]]:
    """The composition's lines below its header, as a CSV export of INSEE's sheet gives them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    skipped = len(title_lines()) + 1  # INSEE's title lines and the columns' labels
    assert lines[skipped] == ";".join(COLUMNS)
    return list(csv.DictReader(lines[skipped:], delimiter=";"))


def targets_of(path: Path, kind: str) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle) if row["kind"] == kind}


def test_every_commune_is_listed_once_with_an_epci_of_the_targets(
    files: dict[str, Path],
) -> None:
    sheet = read_sheet(files[COMPOSITION_FILE])
    communes = targets_of(files[TARGETS_FILE], "commune")
    epcis = targets_of(files[TARGETS_FILE], "epci")
    assert sorted(row["CODGEO"] for row in sheet) == sorted(communes)
    for row in sheet:
        assert row["EPCI"] == FARM.epci_of[row["CODGEO"]], row
        assert len(row["EPCI"]) == 9, row
        assert row["EPCI"].isdigit(), row
        assert row["LIBEPCI"] == epcis[row["EPCI"]]["name"], row
        assert row["LIBGEO"] == communes[row["CODGEO"]]["name"], row
        assert row["CODGEO"].startswith(row["DEP"]), row
        assert row["REG"] == REGION_OF_DEPARTEMENT[row["DEP"]], row
    assert {row["EPCI"] for row in sheet} == set(epcis), "every EPCI has member communes"


def test_an_epcis_communes_are_consecutive_by_departement(files: dict[str, Path]) -> None:
    ordered = sorted(read_sheet(files[COMPOSITION_FILE]), key=lambda r: (r["DEP"], r["CODGEO"]))
    runs = [epci for epci, _ in groupby(row["EPCI"] for row in ordered)]
    assert len(runs) == len(set(runs)), "an EPCI's communes form one run"
    sizes = sorted(len(list(group)) for _, group in groupby(row["EPCI"] for row in ordered))
    assert sizes[-1] - sizes[0] <= 1, "the communes are shared out evenly"


def test_the_composition_imported_gives_every_commune_its_epci(
    engine: Engine, files: dict[str, Path]
) -> None:
    outcome = import_targets(engine, [files[TARGETS_FILE], files[COMPOSITION_FILE]])
    assert [report.errors for report in outcome.reports] == [[], []]
    membership = outcome.reports[1].membership
    assert membership is not None
    assert (membership.unknown_communes, membership.epci_not_imported) == (0, 0)
    with engine.connect() as connection:
        stored = dict(
            connection.execute(
                select(Authority.code, Authority.epci_code).where(Authority.kind == "commune")
            ).all()
        )
    assert stored == FARM.epci_of
    assert None not in stored.values()
    assert len(outcome.changes["commune"].membership) == len(stored)


def test_a_farm_too_small_for_an_epci_says_none(engine: Engine, tmp_path: Path) -> None:
    small = Farm(20, 3, 8000)
    written = write_farm_files(small, tmp_path)
    sheet = read_sheet(written[COMPOSITION_FILE])
    assert len(sheet) == 20
    assert {row["EPCI"] for row in sheet} == {NO_EPCI}
    outcome = import_targets(engine, [written[TARGETS_FILE], written[COMPOSITION_FILE]])
    membership = outcome.reports[1].membership
    assert membership is not None
    assert (membership.in_database, membership.without_epci) == (20, 20)
    with engine.connect() as connection:
        assert set(connection.execute(select(Authority.epci_code)).scalars()) == {None}


def test_the_same_seed_writes_the_same_composition(files: dict[str, Path], tmp_path: Path) -> None:
    again = write_farm_files(Farm(2000, 7, 8000), tmp_path / "b")[COMPOSITION_FILE]
    other = write_farm_files(Farm(2000, 8, 8000), tmp_path / "c")[COMPOSITION_FILE]
    assert again.read_bytes() == files[COMPOSITION_FILE].read_bytes()
    assert other.read_bytes() != again.read_bytes()


def test_the_farms_regions_are_the_databases() -> None:
    from farm.composition import REGION_OF_DEPARTEMENT as FARM_REGIONS
    from farm.model import DEPARTEMENTS

    assert {code: REGION_OF_DEPARTEMENT[code] for code in DEPARTEMENTS} == FARM_REGIONS
