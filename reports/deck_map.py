"""The map slide: the mean score of each département, the picture `--png` writes
(reports/france_map.py draws it once, legend included)."""

from __future__ import annotations

from io import BytesIO

from pptx.presentation import Presentation as PresentationType

from reports.data import ReportData
from reports.deck_source import source
from reports.france_map import map_png
from reports.layout import CONTENT_TOP, CONTENT_WIDTH, MARGIN, titled_slide

TITLE = "Carte : score moyen par département"


def map_slide(presentation: PresentationType, data: ReportData) -> None:
    """No map for a scope of one département (a département deck, an overseas région): one
    tile compares nothing."""
    if data.map_shading().in_scope <= 1:
        return
    # The outlines' credit is in the picture, under its legend.
    slide = titled_slide(presentation, TITLE, source(data))
    picture = BytesIO(map_png(data))
    slide.shapes.add_picture(picture, MARGIN, CONTENT_TOP, width=CONTENT_WIDTH)
