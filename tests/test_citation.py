"""How Vigie is cited and licensed: CITATION.cff is valid Citation File Format 1.2.0 with the
keys a citation needs, its version is pyproject.toml's, its licence is the project's, and
the data packages cite the same title; LICENSE is the MIT licence pyproject.toml declares."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

from reports.datapackage_readme import SOFTWARE_AUTHOR, SOFTWARE_TITLE

ROOT = Path(__file__).resolve().parents[1]
# Citation File Format 1.2.0: required keys, and those a citation of Vigie needs besides.
REQUIRED = {"cff-version", "message", "title", "authors"}
NEEDED = {"version", "date-released", "license", "abstract", "type"}


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_citation_cff_has_the_keys_of_a_citation() -> None:
    cff = citation()
    assert set(cff) >= REQUIRED | NEEDED
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "software"
    assert cff["authors"] == [{"name": SOFTWARE_AUTHOR}]  # an entity, not invented people
    assert len(cff["abstract"].split()) > 30
    assert str(cff["date-released"])[:4] == "2026"
    # No address that is not the project's real one: none is known, so none is given.
    assert "repository-code" not in cff
    assert "url" not in cff


def test_citation_version_and_licence_are_the_projects() -> None:
    cff = citation()
    assert isinstance(cff["version"], str)
    assert cff["version"] == project()["version"]
    assert cff["license"] == project()["license"] == "MIT"


def test_data_packages_cite_the_title_of_citation_cff() -> None:
    assert citation()["title"] == SOFTWARE_TITLE


def test_the_licence_file_is_mit_for_the_vigie_contributors() -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    assert "Copyright (c) 2026 the Vigie contributors" in licence
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in licence
