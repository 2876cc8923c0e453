"""The map slide: the mean score of each département on a tile map."""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from reports.data import ReportData
from reports.deck_source import source
from reports.labels import french_count, french_number
from reports.layout import CONTENT_TOP, INK, MARGIN, SCALE, WHITE, add_text, titled_slide
from reports.tilemap import OUT_OF_SCOPE as OUTSIDE
from reports.tilemap import TILES, UNSCORED, MapShading

# Tiles: classes of the colour scale, grey where no authority is scored, pale out of scope.
MAP_COLOURS = (SCALE[0], SCALE[1], SCALE[2], SCALE[4], SCALE[5])
NO_SCORE, OUT_OF_SCOPE = RGBColor(0xC8, 0xC8, 0xC8), RGBColor(0xF1, 0xF1, 0xF1)
TILE_COLOURS = {UNSCORED: NO_SCORE, OUTSIDE: OUT_OF_SCOPE}


# Tiles' side and the gap between them; the legend stands right of the map's 14 columns.
TILE, GAP = Inches(0.43), Inches(0.04)
LEGEND_LEFT = Emu(MARGIN + 14 * (TILE + GAP) + Inches(0.3))


def map_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Carte : score moyen par département",
        source(data)
        + " Moyenne des scores des collectivités notées du département (communes, EPCI,"
        " département) ; classes de tailles égales (quintiles des départements).",
    )
    shading = data.map_shading()
    _tiles(slide, shading)
    _legend(slide, data, shading)
    _best_means(slide, data, shading)


def _tiles(slide: Slide, shading: MapShading) -> None:
    """One square per département, coloured by its class, with its code."""
    for code, (row, column) in TILES.items():
        shade = shading.tiles[code]
        colour = TILE_COLOURS[shade] if isinstance(shade, str) else MAP_COLOURS[shade]
        square = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE,
            Emu(MARGIN + column * (TILE + GAP)),
            Emu(CONTENT_TOP + row * (TILE + GAP)),
            TILE,
            TILE,
        )
        square.fill.solid()
        square.fill.fore_color.rgb = colour
        square.line.fill.background()
        frame = square.text_frame
        frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
        run = frame.paragraphs[0].add_run()
        run.text = code
        dark = isinstance(shade, int) and shade >= 2
        run.font.size, run.font.color.rgb = Pt(9), WHITE if dark else INK


def _legend(slide: Slide, data: ReportData, shading: MapShading) -> None:
    for index, (step, label) in enumerate(shading.legend):
        _legend_entry(slide, LEGEND_LEFT, index, MAP_COLOURS[step], f"Score moyen de {label}")
    _legend_entry(slide, LEGEND_LEFT, len(shading.legend), NO_SCORE, "Aucune collectivité notée")
    if data.scope.departements is not None:
        _legend_entry(
            slide, LEGEND_LEFT, len(shading.legend) + 1, OUT_OF_SCOPE, "Hors du périmètre"
        )


def _best_means(slide: Slide, data: ReportData, shading: MapShading) -> None:
    """The six best départements of the map, under the legend."""
    best = sorted(
        (
            item
            for item in data.departement_scores.items()
            if isinstance(shading.tiles.get(item[0]), int)
        ),
        key=lambda item: (-item[1][0], item[0]),
    )
    lines = [
        f"{code} : {french_number(mean)} / 100 ({french_count(count)} notées)"
        for code, (mean, count) in best[:6]
    ]
    if lines:
        add_text(
            slide,
            LEGEND_LEFT,
            Emu(CONTENT_TOP + Inches(2.9)),
            Inches(5),
            Inches(2.5),
            "Meilleures moyennes :\n" + "\n".join(lines),
            size=14,
        )


def _legend_entry(slide: Slide, left: Emu, index: int, colour: RGBColor, label: str) -> None:
    top = Emu(CONTENT_TOP + index * Inches(0.42))
    swatch = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, Inches(0.3), Inches(0.3))
    swatch.fill.solid()
    swatch.fill.fore_color.rgb = colour
    swatch.line.fill.background()
    add_text(slide, Emu(left + Inches(0.4)), Emu(top - Inches(0.04)), Inches(4), Inches(0.4),
             label, size=13)  # fmt: skip
