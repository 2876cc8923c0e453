"""Reading a written deck and the database as the report tests do (kept apart from
test_deck.py, so that a test module needs no other test module)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pptx import Presentation
from sqlalchemy import text

from tests.conftest import CrawledFarm


def sql(crawled_farm: CrawledFarm, query: str, **parameters: object) -> list[tuple[Any, ...]]:
    with crawled_farm.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query), parameters)]


def titles(deck: Path) -> list[str]:
    """Each slide's title (the text of its first shape, the title band)."""
    return [
        slide.shapes[0].text_frame.text if slide.shapes[0].has_text_frame else ""
        for slide in Presentation(str(deck)).slides
    ]


def shapes_of(deck: Path, title: str) -> list[Any]:
    """The shapes of the one slide whose title starts with `title`."""
    [number] = [n for n, t in enumerate(titles(deck)) if t.startswith(title)]
    return list(Presentation(str(deck)).slides[number].shapes)


def texts_of(shapes: list[Any]) -> str:
    return "\n".join(shape.text_frame.text for shape in shapes if shape.has_text_frame)


def table_rows(shapes: list[Any]) -> list[list[str]]:
    table = next(shape for shape in shapes if shape.has_table).table
    return [[cell.text for cell in row.cells] for row in table.rows]
