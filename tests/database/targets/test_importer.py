"""Targets import: every format loads, bad records are named by line, re-imports change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from database.models import Authority, Website
from database.targets import import_file
from database.targets.samples import ANNUAIRE_SAMPLE, COG_SAMPLE, PLAIN_SAMPLE, POPULATION_SAMPLE
from tests.conftest import FILES

BROKEN = FILES / "targets"


def authorities(engine: Engine) -> dict[tuple[str, str], Authority]:
    with engine.connect() as connection:
        return {(row.kind, row.code): row for row in connection.execute(select(Authority))}


def websites(engine: Engine) -> list[tuple[str, str, bool]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Authority.code, Website.url, Website.is_primary).join(
                Authority, Authority.id == Website.authority_id
            )
        )
        return sorted((code, url, primary) for code, url, primary in rows)


def test_annuaire_export_gives_communes_epci_departement_and_region(engine: Engine) -> None:
    report = import_file(engine, ANNUAIRE_SAMPLE)
    assert report.errors == []
    loaded = authorities(engine)
    assert set(loaded) == {
        ("commune", "77188"),
        ("commune", "45300"),
        ("commune", "63244"),
        ("epci", "244400404"),
        ("departement", "44"),
        ("region", "52"),
    }
    assert loaded[("commune", "77188")].name == "Fontaine-le-Port"  # "Mairie - " dropped
    assert loaded[("commune", "63244")].name == "Murol"  # the "mairie déléguée" is skipped
    assert loaded[("epci", "244400404")].departement_code == "44"  # from its seat commune
    assert loaded[("departement", "44")].region_code == "52"


def test_annuaire_urls_are_normalised(engine: Engine) -> None:
    import_file(engine, ANNUAIRE_SAMPLE)
    urls = {code: url for code, url, _ in websites(engine)}
    assert urls["45300"] == "http://www.sandillon.fr/"  # scheme added, fragment dropped
    assert urls["244400404"] == "https://metropole.nantes.fr/"  # tracking parameter dropped
    assert "63244" not in urls


def test_cog_then_population_fill_each_other(engine: Engine) -> None:
    import_file(engine, COG_SAMPLE)
    import_file(engine, POPULATION_SAMPLE)
    murol = authorities(engine)[("commune", "63244")]
    assert (murol.name, murol.departement_code, murol.region_code) == ("Murol", "63", "84")
    assert (murol.population, murol.stratum) == (545, "500-1999")
    assert authorities(engine)[("commune", "2A004")].region_code == "94"
    assert ("commune", "75101") not in authorities(engine)  # arrondissements are not authorities


def test_a_file_without_a_field_never_erases_it(engine: Engine) -> None:
    import_file(engine, POPULATION_SAMPLE)
    import_file(engine, ANNUAIRE_SAMPLE)  # the directory knows no population
    assert authorities(engine)[("commune", "45300")].population == 4121


def test_reimport_is_idempotent(engine: Engine) -> None:
    for _ in range(2):
        for path in (ANNUAIRE_SAMPLE, COG_SAMPLE, POPULATION_SAMPLE, PLAIN_SAMPLE):
            import_file(engine, path)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Authority)).scalar_one() == 8
    assert len(websites(engine)) == 5


def test_a_new_url_becomes_the_primary_website(engine: Engine, tmp_path: Path) -> None:
    import_file(engine, PLAIN_SAMPLE)
    moved = tmp_path / "moved.csv"
    moved.write_text(
        "code,name,kind,url\n77188,Fontaine-le-Port,commune,https://fontaine-le-port.fr\n"
    )
    import_file(engine, moved)
    rows = [(url, primary) for code, url, primary in websites(engine) if code == "77188"]
    assert sorted(rows) == [
        ("http://www.ville-fontaineleport.fr/", False),
        ("https://fontaine-le-port.fr/", True),
    ]


@pytest.mark.parametrize(
    ("path", "expected_errors", "loaded"),
    [
        (
            BROKEN / "annuaire-broken.json",
            [
                "record 2: commune code '7718' is not a 5-character INSEE code",
                "record 4: site_internet: scheme 'ftp' is not http or https",
                "record 5: record is not a JSON object",
            ],
            2,
        ),
        (BROKEN / "cog-broken.csv", ["line 3: commune code 'ABCDE'"], 2),
        (BROKEN / "populations-broken.csv", ["line 3: population 'quatre mille' is not"], 2),
        (
            BROKEN / "plain-broken.csv",
            [
                "line 3: unknown kind 'village'",
                "line 4: no valid host name in 'http://sandillon fr'",
                "line 5: more fields than the 5 columns",
            ],
            2,
        ),
    ],
)
def test_malformed_records_are_named_and_the_rest_loads(
    engine: Engine, path: Path, expected_errors: list[str], loaded: int
) -> None:
    report = import_file(engine, path)
    assert report.loaded == loaded
    messages = [f"{error.where}: {error.message}" for error in report.errors]
    assert len(messages) == len(expected_errors)
    for message, expected in zip(messages, expected_errors, strict=True):
        assert message.startswith(expected), message
    assert all(str(error).startswith(str(path)) for error in report.errors)
    assert len(authorities(engine)) == loaded


def test_unknown_csv_columns_are_refused_with_the_expected_ones(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "mystery.csv"
    path.write_text("insee,nom,site\n77188,Fontaine,x.fr\n")
    report = import_file(engine, path)
    assert report.loaded == 0
    assert "unknown CSV format" in report.errors[0].message
    assert report.errors[0].where == "line 1"


def test_a_missing_file_is_an_error_not_a_crash(engine: Engine, tmp_path: Path) -> None:
    report = import_file(engine, tmp_path / "absent.csv")
    assert [error.message for error in report.errors] == ["no such file"]


def test_two_records_of_one_authority_in_a_file_leave_one_primary_website_the_last(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "annuaire.json"
    record = {"pivot": [{"type_service_local": "mairie"}], "code_insee_commune": "45300"}
    path.write_text(
        json.dumps({"service": [
            {**record, "nom": "Mairie - Sandillon", "site_internet": [{"valeur": "http://a.fr"}]},
            {**record, "nom": "Mairie - Sandillon", "site_internet": [
                {"valeur": "http://b.fr"}, {"valeur": "http://a.fr"}]},
        ]}),
        encoding="utf-8",
    )  # fmt: skip
    import_file(engine, path)
    assert websites(engine) == [("45300", "http://a.fr/", False), ("45300", "http://b.fr/", True)]
