"""Targets files that used to load silently wrong or crash: a code given twice, a name with a
control character or a line separator, a population beyond any authority's, JSON nested
thousands deep or with a number of thousands of digits."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from database.targets import import_file

HEADER = "code,name,kind,url,population\n"


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def names(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        return dict(connection.execute(text("SELECT code, name FROM authorities")).all())


def test_a_code_given_twice_is_refused_on_both_lines(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", HEADER + "44109,Nantes,commune,,10\n44143,Rezé,commune,,5\n"
                 "44109,Nantes bis,commune,,20\n")  # fmt: skip
    report = import_file(engine, path)
    assert [(e.where, e.message) for e in report.errors] == [
        ("line 2", "commune 44109 is given more than once (line 2, line 4): keep one line"),
        ("line 4", "commune 44109 is given more than once (line 2, line 4): keep one line"),
    ]
    assert names(engine) == {"44143": "Rezé"}


def test_a_line_separator_in_a_name_is_refused_and_keeps_line_numbers(
    engine: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path, "t.csv", HEADER + "44109,Nan\u2028tes,commune,,10\n"
                 "44143,Rezé,commune,,x\n44162,Saint-Herblain,commune,,3\n")  # fmt: skip
    report = import_file(engine, path)
    assert [e.where for e in report.errors] == ["line 2", "line 3"]
    assert "U+2028" in report.errors[0].message
    assert names(engine) == {"44162": "Saint-Herblain"}


def test_a_control_character_in_a_name_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, "t.csv", HEADER + '44109,"Nan\x1b[31mtes",commune,,10\n')
    report = import_file(engine, path)
    assert [e.where for e in report.errors] == ["line 2"]
    assert "U+001B" in report.errors[0].message
    assert names(engine) == {}


def test_a_population_beyond_any_authority_is_refused(engine: Engine, tmp_path: Path) -> None:
    rows = ["44109,Nantes,commune,," + "9" * 30, "44143,Rezé,commune,," + "9" * 5000,
            "44162,Saint-Herblain,commune,,-4", "44114,Orvault,commune,,27000"]  # fmt: skip
    path = write(tmp_path, "t.csv", HEADER + "\n".join(rows) + "\n")
    report = import_file(engine, path)
    assert [e.where for e in report.errors] == ["line 2", "line 3", "line 4"]
    assert all("population" in e.message for e in report.errors)
    assert names(engine) == {"44114": "Orvault"}


def test_hostile_json_is_one_error(engine: Engine, tmp_path: Path) -> None:
    deep = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    assert [e.message for e in import_file(engine, deep).errors] == [
        "JSON nested too deep to be a directory export"
    ]
    huge = write(tmp_path, "huge.json", '[{"nom": ' + "9" * 5000 + "}]")
    (error,) = import_file(engine, huge).errors
    assert error.message.startswith("not valid JSON")


def test_a_folder_is_named_as_one(engine: Engine, tmp_path: Path) -> None:
    (error,) = import_file(engine, tmp_path).errors
    assert error.message == "it is a folder; give a targets file"
