"""The map of mean scores by département: real outlines shipped in the package, overseas as
insets, a région zoomed on its départements, thin départements not coloured as a fact, and the
slide's picture the very PNG `--png` writes."""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from pptx import Presentation
from pptx.shapes.picture import Picture

from database.geography import REGION_OF_DEPARTEMENT
from database.scope import Scope
from reports.data import ReportData
from reports.deck_map import map_slide
from reports.france_map import map_figure
from reports.labels import french_count, french_number
from reports.layout import new_presentation
from reports.map_outlines import (
    GEODATA,
    OVERSEAS,
    borders,
    bounds,
    lambert93,
    layout_for,
    outlines,
    rings_of,
)
from reports.thresholds import MIN_TILE
from reports.tilemap import OUT_OF_SCOPE, THIN, UNSCORED, class_floors, shade_map
from tests.conftest import CrawledFarm, vigie
from tests.reports.test_deck import sql

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "data" / "france-geojson" / "departements-avec-outre-mer.geojson"


def area_km2(code: str, geometry: dict[str, list[list[list[list[float]]]]] | None = None) -> float:
    """A département's area in the Lambert-93 plane, its holes taken out."""
    polygons = geometry["coordinates"] if geometry else [
        [[*ring, ring[0]] for ring in polygon] for polygon in outlines()[code].polygons
    ]  # fmt: skip
    total = 0.0
    for polygon in polygons:
        for index, ring in enumerate(polygon):
            x, y = lambert93(np.array(ring, dtype=float)).T
            area = abs(float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))) / 2
            total += -area if index else area
    return total


def report_data(scope: Scope, scores: dict[str, tuple[float, int]]) -> ReportData:
    return ReportData(1, datetime(2026, 11, 29), "1.0", scope, Counter({"ok": 1}), [],
                      Counter(), {}, {}, [], departement_scores=scores)  # fmt: skip


# The outlines shipped in the package


def test_every_departement_has_its_outline_in_the_package() -> None:
    assert set(outlines()) == set(REGION_OF_DEPARTEMENT)
    assert len(outlines()) == 101
    assert GEODATA.stat().st_size < 400_000  # simplified: a few hundred KB at most
    assert "IGN" in (GEODATA.parent / "README.md").read_text(encoding="utf-8")
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "geodata/*.geojson" in data["tool"]["setuptools"]["package-data"]["reports"]


@pytest.mark.skipif(not SOURCE.exists(), reason="the full outlines live beside the repository")
def test_the_simplified_outlines_keep_every_departement_and_its_area() -> None:
    source = json.loads(SOURCE.read_text(encoding="utf-8"))
    full = {feature["properties"]["code"]: feature for feature in source["features"]}
    assert set(full) == set(outlines())
    for code, feature in full.items():
        assert outlines()[code].name == feature["properties"]["nom"]
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            geometry = {"coordinates": [geometry["coordinates"]]}
        assert area_km2(code) == pytest.approx(area_km2(code, geometry), rel=0.05), code


def test_neighbours_share_their_border_after_simplification() -> None:
    # Paris is enclosed by its three neighbours: none of its border is an outer edge.
    paris = {point for polygon in outlines()["75"].polygons for point in polygon[0]}
    edges = borders(["75", "92", "93", "94"])["edge"]
    assert not [segment for segment in edges if set(segment) <= paris]
    # Between two régions, the border is drawn once as a région border.
    kinds = borders(["59", "62", "02", "08"])
    assert kinds["region"]
    assert kinds["departement"]


def test_lambert93_puts_paris_where_ign_does() -> None:
    x, y = lambert93(np.array([[2.3488, 48.8534]]))[0]  # Hôtel de Ville: 652.0 km, 6862.2 km
    assert x == pytest.approx(652.0, abs=1.0)
    assert y == pytest.approx(6862.2, abs=1.0)


# Where each département is drawn


def test_overseas_are_insets_beside_metropole_with_their_names() -> None:
    layout = layout_for(None)
    metropole, *insets = layout.frames
    assert not set(metropole.codes) & set(OVERSEAS)
    assert {frame.codes[0]: frame.title for frame in insets if frame.codes[0] in OVERSEAS} == {
        "971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion",
        "976": "Mayotte",
    }  # fmt: skip
    x_min = bounds([lambert93(ring) for ring in rings_of(metropole.codes)])[0]
    x_lo, x_hi, y_lo, y_hi = layout.extent
    for frame in insets:
        assert frame.box is not None
        left, bottom, width, height = frame.box
        assert left + width < x_min  # left of métropole, not over it
        drawn = bounds([frame.place(np.array(ring)) for ring in rings_of(frame.codes)])
        assert left <= drawn[0] < drawn[1] <= left + width, frame.title
        assert bottom <= drawn[2] < drawn[3] <= bottom + height, frame.title
        assert x_lo <= left
        assert y_lo <= bottom < bottom + height <= y_hi
    boxes = sorted(frame.box for frame in insets if frame.box)
    for (l1, b1, w1, h1), (l2, b2, _, _) in zip(boxes, boxes[1:], strict=False):
        assert l2 >= l1 + w1 or b2 >= b1 + h1 or b1 >= b2 + h1  # no two insets overlap


@pytest.mark.parametrize("region", ["32", "84"])
def test_a_region_is_zoomed_on_its_departements(region: str) -> None:
    inside = {code for code, r in REGION_OF_DEPARTEMENT.items() if r == region}
    shading = shade_map({code: (50.0, 5) for code in REGION_OF_DEPARTEMENT}, Scope("region", region),
                        french_number)  # fmt: skip
    assert {code for code, shade in shading.tiles.items() if shade != OUT_OF_SCOPE} == inside
    layout = layout_for(shading.within)
    assert layout.focus == inside
    x_lo, x_hi, y_lo, y_hi = layout.extent
    x_min, x_max, y_min, y_max = bounds([lambert93(ring) for ring in rings_of(sorted(inside))])
    assert x_lo <= x_min < x_max <= x_hi
    assert y_lo <= y_min < y_max <= y_hi
    far = bounds([lambert93(ring) for ring in rings_of(["29"])])  # Finistère
    assert far[1] < x_lo  # the view is the région's, not the country's


def test_an_overseas_region_is_its_island_alone() -> None:
    layout = layout_for(frozenset({"974"}))
    assert [frame.codes for frame in layout.frames] == [("974",)]


# How each département is painted


def test_a_departement_with_few_scored_authorities_is_not_coloured() -> None:
    scores = {"01": (80.0, MIN_TILE - 1), "02": (40.0, MIN_TILE), "03": (60.0, MIN_TILE + 4)}
    shading = shade_map(scores, Scope("national"), french_number)
    assert shading.tiles["01"] == THIN
    assert isinstance(shading.tiles["02"], int)
    assert isinstance(shading.tiles["03"], int)
    assert shading.tiles["04"] == UNSCORED
    assert shading.coloured == 2
    assert shading.in_scope == 101
    # The thin département's 80 does not stretch the classes.
    assert [label for _, label in shading.legend] == ["40 à 60", "60"]


def test_classes_hold_as_many_departements_each() -> None:
    scores = [float(score) for score in range(40, 50)]
    assert class_floors(scores) == [40.0, 42.0, 44.0, 46.0, 48.0]
    codes = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]
    shading = shade_map({code: (score, 5) for code, score in zip(codes, scores, strict=True)},
                        Scope("national"), french_number)  # fmt: skip
    assert [shading.tiles[code] for code in ("01", "02", "03", "05", "10")] == [0, 0, 1, 2, 4]
    assert [label for _, label in shading.legend] == [
        "40 à 42", "42 à 44", "44 à 46", "46 à 48", "48 à 49"
    ]  # fmt: skip


def test_a_list_leaves_the_other_departements_outside_not_unscored() -> None:
    scope = Scope("list", codes=("15001", "62001", "200000172"))
    shading = shade_map({"15": (50.0, 4)}, scope, french_number)
    assert shading.within == {"15", "62"}
    assert shading.tiles["62"] == UNSCORED  # a listed commune, none scored there
    assert shading.tiles["29"] == OUT_OF_SCOPE
    texts = legend_texts(report_data(scope, {"15": (50.0, 4)}))
    assert "Hors de la liste" in texts
    assert "Aucune collectivité notée" in texts


def legend_texts(data: ReportData) -> str:
    figure = map_figure(data)
    lines = (text.get_text() for axes in figure.axes for text in axes.texts)
    return " ".join(" ".join(lines).split())  # a wrapped line read as one


def test_the_legend_stands_beside_the_map_and_counts_the_coloured() -> None:
    scores = {"59": (50.0, 7), "62": (55.0, 3), "80": (45.0, 1), "971": (61.0, 4)}
    data = report_data(Scope("national"), scores)
    figure = map_figure(data)
    map_axes, legend = figure.axes
    assert map_axes.get_position().x1 <= legend.get_position().x0
    texts = legend_texts(data)
    assert f"{french_count(3)} départements colorés sur 101" in texts
    assert "Effectif insuffisant (moins de 3 collectivités notées)" in texts
    assert "Guadeloupe : 61 sur 100 (4 notées)" in texts  # names, not codes
    assert "Somme" not in texts  # a thin département is not among the best
    assert "Hors" not in texts  # the national map has no outside
    assert "Contours : IGN ADMIN EXPRESS, Licence Ouverte (Etalab)" in texts.replace("\xa0", " ")


# The slide and the PNG: one drawing


def test_a_scope_of_one_departement_has_no_map_slide() -> None:
    presentation = new_presentation()
    map_slide(presentation, report_data(Scope("region", "04"), {"974": (50.0, 9)}))
    assert len(presentation.slides) == 0  # La Réunion alone: one tile compares nothing
    map_slide(presentation, report_data(Scope("region", "94"), {"2A": (50.0, 9)}))
    assert len(presentation.slides) == 1  # Corse: two départements


def test_the_slide_carries_the_png_written_by_png(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    [(region,)] = sql(
        crawled_farm,
        """
        SELECT a.region_code FROM scores s JOIN authorities a ON a.id = s.authority_id
        WHERE a.region_code IS NOT NULL GROUP BY a.region_code
        ORDER BY COUNT(DISTINCT a.departement_code) DESC, a.region_code LIMIT 1""",
    )
    deck, folder = tmp_path / "region.pptx", tmp_path / "png"
    vigie("report", "--db", crawled_farm.database_url, "--out", str(deck),
          "--scope", f"region:{region}", "--png", str(folder))  # fmt: skip
    [slide] = [
        slide
        for slide in Presentation(str(deck)).slides
        if any(
            shape.has_text_frame and shape.text_frame.text.startswith("Carte")
            for shape in slide.shapes
        )  # fmt: skip
    ]
    [picture] = [shape for shape in slide.shapes if isinstance(shape, Picture)]
    assert picture.image.blob == (folder / "carte-departements.png").read_bytes()
