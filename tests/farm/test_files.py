"""The farm's targets file: every commune has plausible postal codes of its département, drawn
the same for the same seed; the other authorities have none; the importer reads them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from database.models import Authority
from database.targets import import_file
from farm.catalogue import Farm
from farm.files import SEVERAL_POSTAL_CODES_FROM, TARGETS_FILE, write_farm_files

FARM = Farm(2000, 7, 8000)  # every kind: communes, EPCI, a département, a région


@pytest.fixture(scope="module")
def targets_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_farm_files(FARM, tmp_path_factory.mktemp("farm"))[TARGETS_FILE]


@pytest.fixture(scope="module")
def rows(targets_file: Path) -> list[dict[str, str]]:
    with targets_file.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def prefix(commune: str) -> str:
    """The first digits of a commune's postal codes: its département's, Corsica's 20."""
    departement = commune[:3] if commune.startswith("97") else commune[:2]
    return "20" if departement in ("2A", "2B") else departement


def test_each_commune_has_postal_codes_of_its_departement(rows: list[dict[str, str]]) -> None:
    communes = [row for row in rows if row["kind"] == "commune"]
    assert communes
    for row in communes:
        codes = row["postal_codes"].split(" ")
        assert codes == sorted(set(codes)), row
        assert all(len(code) == 5 and code.isdigit() for code in codes), row
        assert all(code.startswith(prefix(row["code"])) for code in codes), row
    assert any(row["code"].startswith(("2A", "2B")) for row in communes)
    assert any(row["code"].startswith("97") for row in communes)


def test_large_towns_and_a_few_others_have_two_postal_codes(rows: list[dict[str, str]]) -> None:
    communes = [row for row in rows if row["kind"] == "commune"]
    two = [row for row in communes if len(row["postal_codes"].split()) == 2]
    assert all(len(row["postal_codes"].split()) in (1, 2) for row in communes)
    assert all(
        row in two for row in communes if int(row["population"]) >= SEVERAL_POSTAL_CODES_FROM
    )
    assert any(int(row["population"]) < SEVERAL_POSTAL_CODES_FROM for row in two)
    assert len(two) < len(communes) / 4


def test_other_authorities_have_no_postal_code(rows: list[dict[str, str]]) -> None:
    others = [row for row in rows if row["kind"] != "commune"]
    assert {row["kind"] for row in others} == {"epci", "departement", "region"}
    assert all(row["postal_codes"] == "" for row in others)


def test_the_same_seed_writes_the_same_targets_file(targets_file: Path, tmp_path: Path) -> None:
    first = targets_file.read_bytes()
    again = write_farm_files(Farm(2000, 7, 8000), tmp_path / "b")[TARGETS_FILE].read_bytes()
    other = write_farm_files(Farm(2000, 8, 8000), tmp_path / "c")[TARGETS_FILE].read_bytes()
    assert first == again
    assert first != other


def test_the_importer_stores_the_farms_postal_codes(
    engine: Engine, targets_file: Path, rows: list[dict[str, str]]
) -> None:
    report = import_file(engine, targets_file)
    assert (report.loaded, report.errors) == (len(rows), [])
    with engine.connect() as connection:
        stored = {
            code: codes
            for code, codes in connection.execute(select(Authority.code, Authority.postal_codes))
        }
    assert stored == {row["code"]: row["postal_codes"] or None for row in rows}
