"""A place's name after "de" follows French: its article "Le" or "Les" merges ("du Mans",
"des Andelys"), "La" and "L'" stay ("de La Rochelle"), a vowel elides ("d'Angers"); the
study's screenshot captions write it so."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from database.screenshots import StoredScreenshot
from reports.document_practices import screenshot
from reports.document_style import new_study
from reports.french import de_name
from reports.practices import Example


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Le Lorrières", "du Lorrières"),
        ("Le Mans", "du Mans"),
        ("Les Andelys", "des Andelys"),
        ("Les Sables-d'Olonne", "des Sables-d'Olonne"),
        ("La Rochelle", "de La Rochelle"),
        ("L'Isle-Adam", "de L'Isle-Adam"),
        ("Nantes", "de Nantes"),
        ("Lesparre-Médoc", "de Lesparre-Médoc"),  # "Les" only as a word of its own
        ("Lens", "de Lens"),
        ("Angers", "d'Angers"),
        ("Évreux", "d'Évreux"),
        ("Hautot-sur-Mer", "de Hautot-sur-Mer"),  # "h" left alone: "de" is never wrong there
    ],
)
def test_de_before_a_name_contracts_its_article_and_elides_before_a_vowel(
    name: str, text: str
) -> None:
    assert de_name(name) == text


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 40), "navy").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "said", "never"),
    [
        ("Le Lorrières", "page d'accueil du Lorrières", "de Le Lorrières"),
        ("Les Andelys", "page d'accueil des Andelys", "de Les Andelys"),
        ("La Rochelle", "page d'accueil de La Rochelle", "du Rochelle"),
    ],
)
def test_the_screenshot_caption_names_the_authority_in_french(
    name: str, said: str, never: str
) -> None:
    study = new_study("Source : Vigie")
    shot = StoredScreenshot("https://exemple.fr/", datetime(2026, 11, 1, tzinfo=UTC),
                            "image/jpeg", _jpeg())  # fmt: skip
    example = Example(1, name, "27016", "2000-3499", 80.0, "https://exemple.fr/", screenshot=shot)
    screenshot(study, example, "Confiance")
    # The document sets a no-break space before its colons.
    [caption] = [
        p.text.replace("\u00a0", " ")
        for p in study.document.paragraphs
        if p.style.name == "Caption"
    ]
    assert caption.endswith(f"Confiance : {said}")
    assert never not in caption
