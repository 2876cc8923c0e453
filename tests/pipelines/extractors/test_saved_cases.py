"""Each saved page under cases/ gives exactly the findings its json lists (cases/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pipelines.extractors.saved_cases import cases, check_case


@pytest.mark.parametrize("page", cases())
def test_a_saved_page_gives_the_findings_written_beside_it(page: Path) -> None:
    check_case(page)
