"""Items are checked against the one schema: a site not measured has no findings, and says
which page needed the browser."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.items import Finding, PageRecord, SiteItem
from pipelines.validate import problems

AT = datetime(2026, 11, 1, tzinfo=UTC)


def site(status: str, error: str | None, findings: int = 0) -> SiteItem:
    page = PageRecord("http://a.fr/", "http://a.fr/", None, None, 0, AT, None, None, 0, error)
    finding = Finding("legal.notice_url", "http://a.fr/ml", "http://a.fr/", "<a>", "legal/1")
    return SiteItem(1, 1, 1, status, None, "http://a.fr/", "http://a.fr/", AT, AT, [page],
                    [finding] * findings)  # fmt: skip


def test_a_site_not_measured_names_its_page_and_has_no_finding() -> None:
    assert problems(site("render_failed", "render failed: TimeoutError")) == []
    assert problems(site("no_browser", "not rendered: no browser")) == []
    assert problems(site("render_failed", None)) == [
        "status render_failed without the page it is about"
    ]
    assert problems(site("no_browser", "not rendered", findings=1)) == [
        "findings on a site with status no_browser"
    ]
