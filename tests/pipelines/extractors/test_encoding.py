"""Page bytes decoded as a French browser does, whatever the site declared or forgot to."""

from __future__ import annotations

import pytest

from pipelines.extractors.encoding import decode_html

FOOTER = "<p>Accessibilité : non conforme – mairie d’Évry</p>"


@pytest.mark.parametrize(
    ("body", "content_type", "encoding"),
    [
        (FOOTER.encode("cp1252"), "text/html", "cp1252"),  # nothing declared, not UTF-8
        (FOOTER.encode("utf-8"), "text/html", "utf-8"),  # nothing declared, valid UTF-8
        (FOOTER.encode("cp1252"), "text/html; charset=windows-1252", "cp1252"),
        (('<meta charset="windows-1252">' + FOOTER).encode("cp1252"), "text/html", "cp1252"),
        (FOOTER.encode("utf-8"), "text/html; charset=utf-8", "utf-8"),
        (b"\xef\xbb\xbf" + FOOTER.encode("utf-8"), None, "utf-8"),
    ],
)
def test_decoding(body: bytes, content_type: str | None, encoding: str) -> None:
    found, text = decode_html(body, content_type)
    assert found == encoding
    assert "Accessibilité : non conforme – mairie d’Évry" in text


def test_latin_1_is_read_as_windows_1252_as_browsers_do() -> None:
    body = "Accessibilité".encode("latin-1")
    assert decode_html(body, "text/html; charset=iso-8859-1") == ("cp1252", "Accessibilité")
