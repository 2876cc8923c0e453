"""The good-practice slides: one per axis, the scope's best site on that axis (ties by name),
what it offers there in French, and its home page as the crawl's browser showed it, or a
plain sentence when no screenshot was taken."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.slide import Slide
from sqlalchemy import Engine, text

from reports.data import load_report_data
from reports.deck import build_deck
from reports.deck_practices import NO_SCREENSHOT
from reports.french import long_date
from reports.practices import GOOD_PRACTICE_MIN, good_practices
from scoring.model import Model, load_model
from tests.reports.practices_database import SITES, TAKEN, build, stored_image


@pytest.fixture
def model() -> Model:
    return load_model()


@pytest.fixture
def run(engine: Engine, tmp_path: Path, model: Model) -> int:
    return build(engine, tmp_path, model)


def best_by_axis(engine: Engine, run_id: int) -> dict[str, tuple[str, float]]:
    """From the scores table: each axis's best score and who holds it, ties by name."""
    best: dict[str, tuple[float, str]] = {}
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.name, s.axes FROM scores s JOIN authorities a ON a.id = s.authority_id "
                "WHERE s.run_id = :run"
            ),
            {"run": run_id},
        ).all()
    for name, axes in rows:
        for axis, value in json.loads(axes).items():
            if value is not None and (
                axis not in best or (-value, name) < (-best[axis][0], best[axis][1])
            ):
                best[axis] = (value, name)
    return {axis: (name, value) for axis, (value, name) in best.items()}


def slide_texts(slide: Slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def practice_slides(deck: Path) -> dict[str, Slide]:
    slides = {}
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes[0].text_frame.text if slide.shapes[0].has_text_frame else ""
        if title.startswith("Bonne pratique : "):
            slides[title.removeprefix("Bonne pratique : ")] = slide
    return slides


def test_each_axis_shows_its_best_site_or_says_there_is_none(
    engine: Engine, run: int, model: Model
) -> None:
    practices = good_practices(engine, run, model)
    best = best_by_axis(engine, run)
    assert [practice.axis for practice in practices] == [axis.key for axis in model.axes]
    for practice in practices:
        name, value = best.get(practice.axis, ("", 0.0))
        if value >= GOOD_PRACTICE_MIN:
            assert practice.example is not None
            assert (practice.example.name, practice.example.axis_score) == (name, value)
        else:  # no practice to follow below the bar
            assert practice.example is None
    assert any(practice.example is None for practice in practices)


def test_a_site_with_a_screenshot_is_shown_with_it_and_one_without_says_so(
    engine: Engine, run: int, model: Model, tmp_path: Path
) -> None:
    deck = build_deck(load_report_data(engine, run, model), tmp_path / "deck.pptx")
    slides = practice_slides(deck)
    practices = good_practices(engine, run, model)
    assert list(slides) == [practice.label for practice in practices]
    shown = {p.label: p.example.name for p in practices if p.example is not None}
    assert set(shown.values()) >= {"Aubusson", "Civray"}  # one with a screenshot, one without
    for label, name in shown.items():
        slide, image = slides[label], stored_image(engine, name)
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        words = slide_texts(slide)
        if image is None:
            assert pictures == []
            assert NO_SCREENSHOT in words
        else:
            assert [picture.image.blob for picture in pictures] == [image]
            assert NO_SCREENSHOT not in words
            assert f"capture d'écran du {long_date(TAKEN)}" in words
        assert name in words


def test_what_a_site_offers_reads_in_french(
    engine: Engine, run: int, model: Model, tmp_path: Path
) -> None:
    deck = build_deck(load_report_data(engine, run, model), tmp_path / "deck.pptx")
    raw = {value for findings in SITES.values() for _, value, _ in findings}
    raw |= {feature for findings in SITES.values() for feature, _, _ in findings}
    for label, slide in practice_slides(deck).items():
        words = slide_texts(slide)
        assert not re.search(r"\d{4}-\d{2}-\d{2}", words), label
        leaked = [code for code in raw if not code.startswith("http") and code in words]
        assert leaked == [], label
    services = slide_texts(practice_slides(deck)["Services en ligne"])
    assert "Démarches locales en ligne" in services
    assert "Paiement en ligne" in services
    channels = slide_texts(practice_slides(deck)["Présence sociale et canaux directs"])
    assert "Facebook, YouTube" in channels


def test_a_scope_without_any_screenshot_says_so_on_every_example(
    engine: Engine, run: int, model: Model, tmp_path: Path
) -> None:
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM screenshots"))
    deck = build_deck(load_report_data(engine, run, model), tmp_path / "deck.pptx")
    examples = [p.label for p in good_practices(engine, run, model) if p.example is not None]
    assert examples
    for label in examples:
        assert NO_SCREENSHOT in slide_texts(practice_slides(deck)[label])
