"""A fetched document (HTML or PDF) as a Page the extractors read, whatever its encoding."""

from __future__ import annotations

import html
import io

from pypdf import PdfReader, apply_configuration

from pipelines.extractors.encoding import decode_html
from pipelines.extractors.page import Page

PDF_MAGIC = b"%PDF-"
MAX_PDF_PAGES = 50  # statements are a few pages; a 2,000-page report is not read through
# pypdf inflates up to 75 MB a stream by default: a 1 MB file that inflates to a gibibyte
# would cost a worker hundreds of megabytes. A statement's page is a few kilobytes.
INFLATED_LIMIT = 8_000_000
PDF_LIMITS = {
    name: INFLATED_LIMIT
    for name in (
        "zlib_maximum_output_length",
        "lzw_maximum_output_length",
        "run_length_maximum_output_length",
        "brotli_maximum_output_length",
        "array_based_stream_maximum_output_length",
        "maximum_declared_stream_length",
        "image_maximum_buffer_size",
    )
}


def is_pdf(body: bytes, content_type: str | None) -> bool:
    return body.lstrip()[:5] == PDF_MAGIC or "pdf" in (content_type or "").lower()


def pdf_text(body: bytes) -> str:
    """The text of a PDF's first pages; empty when the PDF cannot be read."""
    try:
        with apply_configuration(None, **PDF_LIMITS):
            reader = PdfReader(io.BytesIO(body))
            return "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES])
    except Exception:  # any failure of the parser on hostile bytes: an unreadable PDF
        # (fuzzing found pypdf's own AssertionError on a damaged content stream)
        return ""


def page_from_bytes(
    url: str, body: bytes, content_type: str | None = None, headers: dict[str, str] | None = None
) -> Page:
    """HTML decoded as a French browser does; a PDF's text as a page of one paragraph."""
    if is_pdf(body, content_type):
        text = html.escape(pdf_text(body))
        return Page(url, f"<html><body><p>{text}</p></body></html>", headers or {}, kind="pdf")
    _, text = decode_html(body, content_type)
    return Page(url, text, headers or {})
