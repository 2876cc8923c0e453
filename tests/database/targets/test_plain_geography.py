"""The plain CSV's geography: a commune's département comes from its INSEE code, a
département's and a région's from their own code, an intercommunalité's from the optional
`departement` column (its seat's), as the annuaire gives them; a contradiction rejects the line."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from database.models import Authority
from database.targets import import_file

HEADER = "code,name,kind,url,population,departement\n"


def geography(engine: Engine) -> dict[str, tuple[str | None, str | None]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(Authority.code, Authority.departement_code, Authority.region_code)
        )
        return {code: (departement, region) for code, departement, region in rows}


def test_every_kind_gets_its_departement_and_region(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "targets.csv"
    path.write_text(
        HEADER
        + "44109,Nantes,commune,https://nantes.fr,,\n"
        + "244400404,Nantes Métropole,epci,https://metropole.nantes.fr,,44\n"
        + "200000000,CC sans siège connu,epci,,,\n"
        + "44,Loire-Atlantique,departement,https://loire-atlantique.fr,,\n"
        + "52,Pays de la Loire,region,https://paysdelaloire.fr,,\n",
        encoding="utf-8",
    )
    assert import_file(engine, path).errors == []
    assert geography(engine) == {
        "44109": ("44", "52"),
        "244400404": ("44", "52"),
        "200000000": (None, None),
        "44": ("44", "52"),
        "52": (None, "52"),
    }


def test_a_departement_that_contradicts_the_code_rejects_the_line(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "targets.csv"
    path.write_text(
        HEADER + "44109,Nantes,commune,,,49\n" + "244400404,Nantes Métropole,epci,,,4A\n",
        encoding="utf-8",
    )
    report = import_file(engine, path)
    assert [error.where for error in report.errors] == ["line 2", "line 3"]
    assert "contradicts" in report.errors[0].message
    assert "not a département code" in report.errors[1].message
    assert geography(engine) == {}
