"""The findings document, one for a saved page, an archived one and the corpus check."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from evaluation.findings import (
    PageNotArchived,
    archived_page_document,
    document_pairs,
    saved_page_document,
)

PAGE = "<p>Accessibilité : partiellement conforme</p>".encode()
URL = "https://www.saint-exemple.fr/"


def test_a_saved_page_gives_url_and_findings(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE)
    document = saved_page_document(path, URL)
    assert list(document) == ["url", "findings"]
    assert ("a11y.mention", "partiellement") in document_pairs(document)


def test_an_archived_page_adds_its_status(tmp_path: Path) -> None:
    warc = tmp_path / "run.warc.gz"
    with warc.open("wb") as stream:
        fields = [("Content-Type", "text/html"), ("Content-Length", str(len(PAGE)))]
        headers = StatusAndHeaders("200 OK", fields, protocol="HTTP/1.1")
        writer = WARCWriter(stream, gzip=True)
        record = writer.create_warc_record(
            URL, "response", payload=BytesIO(PAGE), http_headers=headers
        )
        writer.write_record(record)
        record.raw_stream.close()  # warcio spools the payload to compute its digest
    document = archived_page_document(warc, URL)
    assert list(document) == ["url", "status", "findings"]
    assert document["status"] == 200
    saved = tmp_path / "page.html"
    saved.write_bytes(PAGE)
    assert document["findings"] == saved_page_document(saved, URL)["findings"]
    with pytest.raises(PageNotArchived, match="holds no response for http://x.fr/"):
        archived_page_document(warc, "http://x.fr/")
