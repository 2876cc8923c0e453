"""a11y.check_failed on a PDF and on real pages; the pages written to fail each check are
in cases/a11y_checks."""

from __future__ import annotations

from pathlib import Path

from pipelines.extractors.a11y_checks import extract_a11y_checks
from pipelines.extractors.documents import page_from_bytes
from pipelines.extractors.page import Page


def test_a_pdf_gets_no_html_checks() -> None:
    assert extract_a11y_checks(Page("https://x.fr/d.pdf", "<p>texte</p>", {}, kind="pdf")) == []


def checks_of(path: Path) -> set[str]:
    return {
        f.value for f in extract_a11y_checks(page_from_bytes("https://x.fr/", path.read_bytes()))
    }


def test_w3c_demo_before_fails_far_more_than_after(corpus: Path) -> None:
    for name in ("home.html", "news.html"):
        before, after = (
            checks_of(corpus / "w3c-bad/before" / name),
            checks_of(corpus / "w3c-bad/after" / name),
        )
        assert after == set()
        assert before >= {
            "html-lang",
            "image-alt",
            "label",
            "link-name",
            "skip-link",
            "table-headers",
        }
    # The home page's "Click here" links are gone from the repaired version too.
    assert "link-text-vague" in checks_of(corpus / "w3c-bad/before/home.html")
