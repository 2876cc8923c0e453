"""The findings document: what every extractor reports on one page, as `vigie extract` and
`vigie replay` print it and as the corpus check (`accuracy.py`) reads it.

`{"url": ..., "status": ... (an archived page only), "findings": [{"feature", "value",
"evidence_url", "snippet", "detector"}, ...]}`
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipelines.extractors import extract_page
from pipelines.extractors.documents import page_from_bytes

FindingsDocument = dict[str, Any]


class PageNotArchived(LookupError):
    """The WARC file holds no response for the address asked."""


def findings_document(
    url: str, body: bytes, status: int | None = None, headers: dict[str, str] | None = None
) -> FindingsDocument:
    """Every extractor over the page `body` served at `url`; `status` and `headers` when the
    response is known (an archived page), else the type is told from the bytes."""
    content_type = headers.get("content-type") if headers else None
    findings = extract_page(page_from_bytes(url, body, content_type, headers))
    document: FindingsDocument = {"url": url}
    if status is not None:
        document["status"] = status
    document["findings"] = [asdict(finding) for finding in findings]
    return document


def saved_page_document(path: Path, url: str) -> FindingsDocument:
    """The findings of a page saved in a file (HTML in any encoding, or PDF); OSError when
    the file cannot be read."""
    return findings_document(url, path.read_bytes())


def archived_page_document(warc: Path, url: str) -> FindingsDocument:
    """The findings of a page as a crawl archived it (the last response for `url` in `warc`);
    OSError when the file cannot be read, PageNotArchived when it holds no such response."""
    from crawler.warc import archived_response

    found = archived_response(warc, url)
    if found is None:
        raise PageNotArchived(f"{warc} holds no response for {url}")
    status, headers, body = found
    return findings_document(url, body, status, headers)


def document_pairs(document: FindingsDocument) -> set[tuple[str, str]]:
    """The (feature, value) pairs of a findings document."""
    return {(finding["feature"], finding["value"]) for finding in document["findings"]}


def document_text(document: FindingsDocument) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
