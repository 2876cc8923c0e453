"""Decoding a page's bytes as a browser in a French locale does."""

from __future__ import annotations

from w3lib.encoding import html_to_unicode


def utf8_else_windows_1252(body: bytes) -> str:
    """The WHATWG fallback for a French locale: valid UTF-8, else windows-1252.

    Statistical guessers (Scrapy falls back on charset-normalizer) take short French pages in
    windows-1252 for Baltic or Cyrillic code pages, and "accessibilité" becomes "accessibilitķ".
    """
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """(encoding, text): the Content-Type charset, else the BOM, else a meta tag, else the fallback."""
    return html_to_unicode(
        content_type or "", body, default_encoding="cp1252", auto_detect_fun=utf8_else_windows_1252
    )
