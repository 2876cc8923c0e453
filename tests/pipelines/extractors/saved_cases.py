"""Saved pages and the findings expected of them (`cases/`, one folder per extractor module).

Each `cases/<extractor>/<case>.html` is read as the crawler reads a fetched page
(`page_from_bytes`), every extractor function of `pipelines/extractors/<extractor>.py`
that `extract_page` runs is applied to it, and the findings must be exactly those listed
in `<case>.json`: one missing or one more fails. See README.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crawler.items import Finding
from pipelines.extractors import EXTRACTORS
from pipelines.extractors.documents import page_from_bytes
from pipelines.extractors.page import Page

CASES = Path(__file__).parent / "cases"
REQUIRED = ("feature", "value")
OPTIONAL = ("evidence_url", "snippet")


def extractors_of(name: str) -> list[Callable[[Page], list[Finding]]]:
    """The functions of module `name` among those `extract_page` runs."""
    found = [f for f in EXTRACTORS if f.__module__ == f"pipelines.extractors.{name}"]
    assert found, f"no extractor of pipelines/extractors/{name}.py runs in extract_page"
    return found


def cases() -> list[Any]:
    """One pytest parameter per saved page, named `<extractor>/<case>`; a case whose json
    says `"xfail": "reason"` is expected to fail for that reason."""
    pages = sorted(CASES.glob("*/*.html"))
    assert pages, f"no case in {CASES}"
    params = []
    for page in pages:
        reason = load(page).get("xfail")
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(page, id=f"{page.parent.name}/{page.stem}", marks=marks))
    return params


def load(html: Path) -> dict[str, Any]:
    expected: dict[str, Any] = json.loads(html.with_suffix(".json").read_text("utf-8"))
    return expected


def rows(findings: list[dict[str, str]], keys: tuple[str, ...]) -> list[tuple[str, ...]]:
    return sorted(tuple(finding[key] for key in keys) for finding in findings)


def check_case(html: Path) -> None:
    """The extractor's findings on the page are exactly the json's, compared on feature,
    value and whichever of evidence_url and snippet the json gives."""
    expected = load(html)
    page = page_from_bytes(
        expected["url"], html.read_bytes(), expected["content_type"], expected.get("headers")
    )
    wanted = expected["findings"]
    keys = REQUIRED + tuple(key for key in OPTIONAL if any(key in f for f in wanted))
    assert all(set(f) <= set(keys) and all(k in f for k in keys) for f in wanted), (
        f"every finding of {html.name}'s json gives the same keys, among {REQUIRED + OPTIONAL}"
    )
    found = [
        {key: getattr(finding, key) for key in keys}
        for extractor in extractors_of(html.parent.name)
        for finding in extractor(page)
    ]
    assert rows(found, keys) == rows(wanted, keys)
