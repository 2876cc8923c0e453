"""One finding per value: when a page shows the same value several times, the first
occurrence in document order is its evidence."""

from __future__ import annotations

from collections.abc import Iterable

from crawler.items import Finding


def once_per_value(
    feature: str, found: Iterable[tuple[str, str]], url: str, detector: str
) -> list[Finding]:
    """Findings of `feature` from (value, snippet) pairs in document order, each value once."""
    seen: dict[str, Finding] = {}
    for value, snippet in found:
        seen.setdefault(value, Finding(feature, value, url, snippet, detector))
    return list(seen.values())
