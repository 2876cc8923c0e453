"""Real pages of ../shared/corpus, with findings written by hand from reading each page."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.accuracy import PageExpectation, check_corpus, load_expectations
from pipelines.extractors import Page, extract_page
from pipelines.extractors.documents import page_from_bytes

EXPECTATIONS = load_expectations()


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=[e.file for e in EXPECTATIONS])
def test_real_page_findings(corpus: Path, expectation: PageExpectation) -> None:
    """Every finding written by hand in evaluation/corpus_expectations.toml, and nothing else."""
    (check,) = check_corpus(corpus, [expectation])
    assert (check.missing, check.unexpected) == (frozenset(), frozenset())
    page = page_from_bytes(expectation.url, (corpus / expectation.file).read_bytes())
    findings = extract_page(page)
    assert all(f.snippet and f.evidence_url == expectation.url for f in findings)


def test_the_expectations_cover_every_kind_of_real_page() -> None:
    folders = {e.file.split("/")[0] for e in EXPECTATIONS}
    assert folders == {"national-sites", "loire-atlantique-templates", "murol"}
    assert sum(len(e.findings) for e in EXPECTATIONS) > 50


def test_every_corpus_page_extracts_without_error(corpus: Path) -> None:
    pages = [p for p in corpus.rglob("*.html")]
    assert len(pages) > 20
    for path in pages:
        extract_page(
            Page(f"https://example.fr/{path.name}", path.read_text("utf-8", "replace"), {})
        )
