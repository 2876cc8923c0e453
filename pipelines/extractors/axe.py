"""axe-core, the reference accessibility engine, run inside pages the browser rendered
(`a11y.axe_violation`). The script comes from the axe-playwright-python package, which bundles
it; the browser runs it, and what it reports is turned into findings here, purely."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

from crawler.items import Finding

from pipelines.extractors.once import once_per_value

# In the page: every violated rule's id and the first offending element, nothing more (the
# full report of a page is tens of kilobytes).
AXE_RUN = (
    "() => axe.run(document, {resultTypes: ['violations']}).then(report =>"
    " report.violations.map(v => ({id: v.id, html: (v.nodes[0] || {}).html || ''})))"
)
VERSION = re.compile(r"axe v(\d+\.\d+\.\d+)")


@cache
def axe_source() -> str:
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


@cache
def detector() -> str:
    match = VERSION.search(axe_source()[:200])
    return f"axe-core/{match.group(1) if match else 'unknown'}"


def axe_findings(url: str, violations: Any) -> list[Finding]:
    """One finding per violated rule, from what AXE_RUN returned (anything else is ignored)."""
    if not isinstance(violations, list):
        return []
    found = [
        (violation["id"], str(violation.get("html") or violation["id"])[:300])
        for violation in violations
        if isinstance(violation, dict) and isinstance(violation.get("id"), str)
    ]
    return once_per_value("a11y.axe_violation", found, url, detector())
