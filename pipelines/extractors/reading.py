"""The extractors' one entry point: a fetched response in, what the page is and what it shows out.

The spider hands over plain values (`Fetched`: URL, body, Content-Type, headers, what axe-core
answered in a rendered page) and gets a `Reading`: the page's kind (an HTML page, a PDF
document, a sitemap, a parked domain, a page to render first: a JavaScript shell or a page
whose navigation a script injects; or none of these), its findings, and what navigation
needs from it (its links, a sitemap's pages). The spider then only decides what to fetch
next. Pure: no Scrapy, no clock, and no exception out of one page.

The site's aggregation (`pipelines.extractors.aggregate.aggregate_site`) stays a separate
call: it happens at another moment, once every page of a site has answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from crawler.items import Finding

from pipelines.extractors import extract_page
from pipelines.extractors.axe import axe_findings
from pipelines.extractors.documents import is_pdf, page_from_bytes
from pipelines.extractors.page import Link
from pipelines.extractors.parking import parking_evidence
from pipelines.extractors.shell import injected_navigation, is_javascript_shell
from pipelines.extractors.sitemap import read_sitemap


class PageKind(StrEnum):
    HTML = "html"  # a web page, read by every extractor
    PDF = "pdf"  # a document linked from the site (statements above all), read as its text
    SITEMAP = "sitemap"  # an XML sitemap the spider asked for as such
    PARKED = "parked"  # a home page that is a registrar's placeholder: nothing is read
    JAVASCRIPT_SHELL = "javascript_shell"  # built in the browser: only its rendering is read
    # Content, but its header, footer or menu is injected by a script: only its rendering is
    # read (what the static page lacks there, its legal links above all, would be false).
    INJECTED_NAVIGATION = "injected_navigation"
    NOT_A_PAGE = "not_a_page"  # neither HTML nor PDF (an image, a feed); a home page not HTML


# The kinds the spider fetches again through the browser, whose rendering alone is read; in a
# crawl without a browser, a home page of these kinds makes its site not measured.
NEEDS_RENDERING = frozenset({PageKind.JAVASCRIPT_SHELL, PageKind.INJECTED_NAVIGATION})


@dataclass(frozen=True)
class Fetched:
    """What the spider has of a fetched response, as plain values."""

    url: str  # final, after redirects
    body: bytes
    content_type: str | None  # the Content-Type header as sent; None when absent (HTML then)
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names, first values
    axe_report: object = None  # what axe-core returned in a rendered page, if it ran there


@dataclass(frozen=True)
class Reading:
    kind: PageKind
    findings: list[Finding] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # an HTML page's links, for navigation
    sitemap_pages: list[str] = field(default_factory=list)  # the pages a sitemap lists
    evidence: str | None = None  # what shows a parked domain, or a navigation injected
    error: str | None = None  # why a page that should have been read could not be
    failure: Exception | None = None  # the exception behind `error`, for the log


def read_response(
    fetched: Fetched, *, home: bool, sitemap: bool = False, may_render: bool = False
) -> Reading:
    """What a fetched response is and shows.

    `home`: the site's home page (only there is a parked domain looked for, and only HTML is a
    site; a PDF is read below it). `sitemap`: the spider asked for it as a sitemap.
    `may_render`: a page that needs rendering (`NEEDS_RENDERING`) would be fetched again
    through the browser, so it is reported as such and not read."""
    content_type = fetched.content_type or "text/html"
    is_html = "html" in content_type.lower()
    if home and not is_html:
        return Reading(PageKind.NOT_A_PAGE)
    readable = is_html or (not home and is_pdf(fetched.body, content_type))
    if not sitemap and not readable:
        return Reading(PageKind.NOT_A_PAGE)
    kind = PageKind.SITEMAP if sitemap else _document_kind(fetched.body, content_type)
    try:
        if sitemap:
            return _read_sitemap(fetched)
        return _read_document(fetched, content_type, home, may_render and is_html)
    except Exception as error:  # noqa: BLE001 - one hostile page must not lose its site
        return Reading(
            kind, error=f"extraction failed: {type(error).__name__}: {error}", failure=error
        )


def _document_kind(body: bytes, content_type: str) -> PageKind:
    return PageKind.PDF if is_pdf(body, content_type) else PageKind.HTML


def _read_sitemap(fetched: Fetched) -> Reading:
    content = read_sitemap(fetched.url, fetched.body)
    return Reading(PageKind.SITEMAP, content.findings, sitemap_pages=content.pages)


def _read_document(fetched: Fetched, content_type: str, home: bool, may_render: bool) -> Reading:
    page = page_from_bytes(fetched.url, fetched.body, content_type, dict(fetched.headers))
    parked = parking_evidence(page) if home else None
    if parked:
        return Reading(PageKind.PARKED, evidence=parked)
    if may_render and is_javascript_shell(page):
        return Reading(PageKind.JAVASCRIPT_SHELL)
    injected = injected_navigation(page) if may_render else None
    if injected:
        return Reading(PageKind.INJECTED_NAVIGATION, evidence=injected)
    findings = extract_page(page) + axe_findings(fetched.url, fetched.axe_report)
    kind = PageKind.PDF if page.kind == "pdf" else PageKind.HTML
    return Reading(kind, findings, links=page.links if kind is PageKind.HTML else [])
