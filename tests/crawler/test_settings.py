"""Settings are read strictly: a value that is not understood, in the environment or in
`--set`, stops the command with one line naming the setting, never a silent default."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler import settings
from crawler.setting_values import SettingError, parse_flag, parse_number
from tests.conftest import vigie


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True),
     ("0", False), ("false", False), ("NO", False), ("off", False)],
)  # fmt: skip
def test_a_flag_takes_the_usual_words(raw: str, expected: bool) -> None:
    assert parse_flag("VIGIE_RENDERING", raw) is expected


@pytest.mark.parametrize("raw", ["", "enabled", "vrai", "2", "true!"])
def test_a_flag_refuses_any_other_word(raw: str) -> None:
    with pytest.raises(SettingError, match="VIGIE_PUBLIC_ADDRESSES_ONLY"):
        parse_flag("VIGIE_PUBLIC_ADDRESSES_ONLY", raw)


@pytest.mark.parametrize("raw", ["many", "", "nan", "inf", "-3", "1e400"])
def test_a_number_must_be_a_finite_one_within_its_range(raw: str) -> None:
    with pytest.raises(SettingError, match="VIGIE_DB_RETRY_SECONDS"):
        parse_number("VIGIE_DB_RETRY_SECONDS", raw, float)


def test_an_override_takes_the_type_of_the_settings_default() -> None:
    assert settings.parse_override("VIGIE_PUBLIC_ADDRESSES_ONLY", "on") is True
    assert settings.parse_override("VIGIE_SITES_IN_FLIGHT", "10") == 10
    assert settings.parse_override("DOWNLOAD_TIMEOUT", "2.5") == 2.5  # Scrapy's, whole default
    assert settings.parse_override("RETRY_PRIORITY_ADJUST", "-2") == -2  # negative default
    assert settings.parse_override("VIGIE_AXE", "ALL") == "all"
    assert settings.parse_override("VIGIE_CHROMIUM", "/opt/chromium") == "/opt/chromium"


@pytest.mark.parametrize(
    ("name", "raw"),
    [("VIGIE_RENDERING", "maybe"), ("VIGIE_PAGE_BUDGET", "lots"), ("VIGIE_AXE", "some"),
     ("DOWNLOAD_TIMEOUT", "-1"), ("ROBOTSTXT_OBEY", "perhaps"), ("VIGIE_NO_SUCH_THING", "1")],
)  # fmt: skip
def test_an_override_refuses_what_it_does_not_understand(name: str, raw: str) -> None:
    with pytest.raises(SettingError, match=name):
        settings.parse_override(name, raw)


def test_a_bad_set_stops_the_crawl_with_one_line(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    result = vigie("crawl", "--db", database_url, "--set", "VIGIE_RENDERING=maybe",
                   cwd=tmp_path, check=False)  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "--set VIGIE_RENDERING='maybe' is not a yes/no value: use one of 1, true, yes, on "
        "or 0, false, no, off"
    ]


@pytest.mark.parametrize(
    ("variable", "raw"),
    [("VIGIE_PUBLIC_ADDRESSES_ONLY", "enabled"), ("VIGIE_WORKERS", "0"),
     ("VIGIE_LOG_LEVEL", "loud")],
)  # fmt: skip
def test_a_bad_environment_value_stops_vigie_with_one_line(
    tmp_path: Path, variable: str, raw: str
) -> None:
    # The installed `vigie` program (its entry point turns the error into one line).
    program = Path(sys.executable).with_name("vigie")
    result = subprocess.run(
        [str(program), "runs", "--db", f"sqlite:///{tmp_path / 'vigie.db'}"],
        env={**os.environ, variable: raw},
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"vigie: {variable}={raw!r}")
    assert not (tmp_path / "vigie.db").exists()  # nothing was done
