"""Postal codes of the communes (residents search by them): every targets format fills them,
La Poste's file only adds them to communes another file gives, and none erases them."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, select

from database.models import Authority
from database.targets import import_file, import_files
from database.targets.samples import (
    ANNUAIRE_SAMPLE,
    COG_SAMPLE,
    LAPOSTE_SAMPLE,
    PLAIN_SAMPLE,
    POPULATION_SAMPLE,
)

PLAIN_HEADER = "code,name,kind,url,population,postal_codes\n"
LAPOSTE_HEADER = (
    "#Code_commune_INSEE;Nom_de_la_commune;Code_postal;Libellé_d_acheminement;Ligne_5\n"
)


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def postal_codes(engine: Engine) -> dict[str, str | None]:
    with engine.connect() as connection:
        rows = connection.execute(select(Authority.code, Authority.postal_codes))
        return {code: codes for code, codes in rows}


def annuaire(tmp_path: Path, addresses: list[dict[str, str]]) -> Path:
    record = {
        "nom": "Mairie - Nantes",
        "code_insee_commune": "44109",
        "pivot": [{"type_service_local": "mairie"}],
        "adresse": addresses,
    }
    return write(tmp_path, "annuaire.json", json.dumps({"service": [record]}))


def test_the_annuaire_gives_the_town_halls_postal_codes(engine: Engine) -> None:
    assert import_file(engine, ANNUAIRE_SAMPLE).errors == []
    codes = postal_codes(engine)
    assert codes["77188"] == "77590"
    assert codes["45300"] == "45640"  # the API's JSON string; street and postal address agree
    assert codes["63244"] is None  # its town hall lists no address: unknown, not empty
    assert codes["244400404"] is None  # an EPCI's address is its seat's, not its own


def test_the_annuaires_codes_are_distinct_and_sorted(engine: Engine, tmp_path: Path) -> None:
    path = annuaire(tmp_path, [{"code_postal": "44100"}, {"code_postal": "44000"},
                               {"code_postal": "44100"}, {"code_postal": ""}])  # fmt: skip
    assert import_file(engine, path).errors == []
    assert postal_codes(engine)["44109"] == "44000 44100"


def test_a_bad_code_postal_rejects_the_annuaire_record(engine: Engine, tmp_path: Path) -> None:
    path = annuaire(tmp_path, [{"code_postal": "4400"}])
    (error,) = import_file(engine, path).errors
    assert str(error) == f"{path}: record 1: adresse: postal code '4400' is not 5 digits"
    assert postal_codes(engine) == {}


def test_a_plain_csv_gives_postal_codes_separated_by_spaces_or_commas(
    engine: Engine, tmp_path: Path
) -> None:
    assert import_file(engine, PLAIN_SAMPLE).errors == []
    path = write(tmp_path, "t.csv", PLAIN_HEADER + '44109,Nantes,commune,,,"44300, 44000 44100"\n'
                 "44143,Rezé,commune,,,\n")  # fmt: skip
    assert import_file(engine, path).errors == []
    codes = postal_codes(engine)
    assert (codes["77188"], codes["63244"]) == ("77590", "63790")
    assert codes["44109"] == "44000 44100 44300"
    assert codes["44143"] is None
    assert codes["244400404"] is None


def test_a_bad_postal_code_rejects_its_line_naming_file_and_line(
    engine: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path, "t.csv", PLAIN_HEADER + "44109,Nantes,commune,,,44000\n"
                 "44143,Rezé,commune,,,4400\n44162,Saint-Herblain,commune,,,44800 448OO\n"
                 "244400404,Nantes Métropole,epci,,,44000\n")  # fmt: skip
    report = import_file(engine, path)
    assert [str(error) for error in report.errors] == [
        f"{path}: line 3: postal code '4400' is not 5 digits",
        f"{path}: line 4: postal code '448OO' is not 5 digits",
        f"{path}: line 5: postal codes are for communes only, not kind 'epci': leave them empty",
    ]
    assert postal_codes(engine) == {"44109": "44000"}


def test_la_poste_merges_the_lines_of_each_known_commune(engine: Engine) -> None:
    import_file(engine, COG_SAMPLE)
    report = import_file(engine, LAPOSTE_SAMPLE)
    assert (report.loaded, report.errors) == (5, [])  # ten lines, five communes
    codes = postal_codes(engine)
    assert codes["44109"] == "44000 44100 44200 44300"
    assert codes["2A004"] == "20000 20090"
    assert codes["63244"] == "63790"  # two lines (a hamlet) with the same code
    with engine.connect() as connection:
        nantes = connection.execute(select(Authority).where(Authority.code == "44109")).one()
    assert (nantes.name, nantes.source) == ("Nantes", "laposte")  # "NANTES" is not its name


def test_la_poste_rejects_each_line_of_a_commune_no_file_gave(engine: Engine) -> None:
    import_file(engine, PLAIN_SAMPLE)  # Fontaine-le-Port and Murol only
    report = import_file(engine, LAPOSTE_SAMPLE)
    assert report.loaded == 2
    assert [error.where for error in report.errors] == [f"line {n}" for n in range(2, 9)]
    assert report.errors[0].message.startswith("commune 2A004 is not in the database")
    assert report.errors[-1].message.startswith("commune 45300 is not in the database")
    assert all(str(error).startswith(str(LAPOSTE_SAMPLE)) for error in report.errors)
    assert set(postal_codes(engine)) == {"77188", "63244", "244400404", "44", "52"}


def test_la_poste_may_come_before_the_communes_in_one_import(engine: Engine) -> None:
    laposte, cog = import_files(engine, [LAPOSTE_SAMPLE, COG_SAMPLE])
    assert (laposte.loaded, laposte.errors, cog.errors) == (5, [], [])
    assert postal_codes(engine)["44109"] == "44000 44100 44200 44300"


def test_la_postes_newer_lower_case_header_and_paris_arrondissements(
    engine: Engine, tmp_path: Path
) -> None:
    import_file(engine, write(tmp_path, "t.csv", PLAIN_HEADER + "75056,Paris,commune,,,\n"))
    path = write(
        tmp_path,
        "laposte.csv",
        "code_commune_insee,nom_de_la_commune,code_postal,libelle_d_acheminement,ligne_5,"
        'coordonnees_gps\n75102,PARIS 02,75002,PARIS,,"48.868, 2.343"\n'
        '75101,PARIS 01,75001,PARIS,,"48.862, 2.336"\n',
    )
    report = import_file(engine, path)
    assert (report.loaded, report.errors) == (1, [])
    assert postal_codes(engine)["75056"] == "75001 75002"


def test_la_poste_refuses_a_bad_code_and_too_many_codes_for_one_commune(
    engine: Engine, tmp_path: Path
) -> None:
    import_file(engine, COG_SAMPLE)
    many = "".join(f"44109;NANTES;44{number:03d};NANTES;\n" for number in range(34))
    path = write(tmp_path, "laposte.csv", LAPOSTE_HEADER + "77188;FONTAINE;7759;FONTAINE;\n" + many)
    report = import_file(engine, path)
    assert report.errors[0].where == "line 2"
    assert report.errors[0].message == "postal code '7759' is not 5 digits"
    assert [error.where for error in report.errors[1:]] == [f"line {n}" for n in range(3, 37)]
    assert "34 postal codes: more than a commune has" in report.errors[1].message
    assert postal_codes(engine)["44109"] is None


def test_postal_codes_accumulate_and_a_file_without_them_keeps_them(
    engine: Engine, tmp_path: Path
) -> None:
    import_file(engine, write(tmp_path, "t.csv", PLAIN_HEADER + "44109,Nantes,commune,,,44000\n"))
    import_file(engine, LAPOSTE_SAMPLE)
    import_file(engine, ANNUAIRE_SAMPLE)  # gives none for Nantes
    import_file(engine, POPULATION_SAMPLE)
    assert postal_codes(engine)["44109"] == "44000 44100 44200 44300"


def test_reimporting_every_format_changes_no_postal_code(engine: Engine) -> None:
    samples = [ANNUAIRE_SAMPLE, COG_SAMPLE, POPULATION_SAMPLE, PLAIN_SAMPLE, LAPOSTE_SAMPLE]

    def state() -> list[tuple[object, ...]]:
        with engine.connect() as connection:
            rows = connection.execute(select(Authority).order_by(Authority.kind, Authority.code))
            return [(r.kind, r.code, r.name, r.population, r.postal_codes, r.source) for r in rows]

    assert all(report.errors == [] for report in import_files(engine, samples))
    first = state()
    assert all(report.errors == [] for report in import_files(engine, samples))
    assert state() == first
    assert dict((code, codes) for _, code, _, _, codes, _ in first)["77188"] == "77590"
