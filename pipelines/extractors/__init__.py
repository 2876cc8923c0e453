"""Pure extractors: a fetched page in, findings with their evidence out."""

from __future__ import annotations

from collections.abc import Callable

from crawler.items import Finding
from pipelines.extractors.accessibility import extract_mention, extract_statement
from pipelines.extractors.cms import extract_cms
from pipelines.extractors.legal import extract_legal
from pipelines.extractors.page import Page
from pipelines.extractors.social import extract_social

EXTRACTORS: tuple[Callable[[Page], list[Finding]], ...] = (
    extract_social,
    extract_mention,
    extract_statement,
    extract_legal,
    extract_cms,
)


def extract_page(page: Page) -> list[Finding]:
    """Every extractor over one parsed page (parsed once, shared)."""
    return [finding for extractor in EXTRACTORS for finding in extractor(page)]


__all__ = ["EXTRACTORS", "Finding", "Page", "extract_page"]
