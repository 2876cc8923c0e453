"""No raw code reaches a reader: every text of a national, a département and a list deck, of a
scorecard and of the workbook is scanned for vocabulary values, feature keys, ISO dates and
decimal points (tests/reports/text_scan.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from sqlalchemy import text

from database.vocabulary import DATE_FEATURES, VALUE_LABELS
from reports.labels import FEATURE_LABELS, value_label
from reports.layout import shorten
from tests.conftest import CrawledFarm, vigie
from tests.reports.text_scan import _shape_texts, raw_codes, texts_of_pptx, texts_of_xlsx


def sql(crawled_farm: CrawledFarm, query: str) -> list[tuple]:
    with crawled_farm.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query))]


def report(crawled_farm: CrawledFarm, out: Path, *arguments: str) -> Path:
    vigie("report", "--db", crawled_farm.database_url, "--out", str(out), *arguments)
    return out


def busiest_departement(crawled_farm: CrawledFarm) -> str:
    [(code,)] = sql(
        crawled_farm,
        "SELECT a.departement_code FROM scores s JOIN authorities a ON a.id = s.authority_id"
        " WHERE a.departement_code IS NOT NULL"
        " GROUP BY a.departement_code ORDER BY COUNT(*) DESC, a.departement_code LIMIT 1",
    )
    return str(code)


@pytest.fixture(scope="module")
def decks(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("raw-codes")
    listed = [
        code
        for (code,) in sql(
            crawled_farm,
            "SELECT a.code FROM scores s JOIN authorities a ON a.id = s.authority_id"
            " ORDER BY s.score DESC, a.code LIMIT 8",
        )
    ]
    codes = out / "codes.txt"
    codes.write_text("\n".join(listed) + "\n", encoding="utf-8")
    departement = busiest_departement(crawled_farm)
    return {
        "national": report(crawled_farm, out / "national.pptx", "--xlsx", str(out / "n.xlsx")),
        "département": report(
            crawled_farm, out / "dep.pptx", "--scope", f"departement:{departement}"
        ),
        "liste": report(crawled_farm, out / "list.pptx", "--scope", f"list:{codes}"),
        "fiche": report(crawled_farm, out / "card.pptx", "--authority", listed[0]),
    }


def portrait_codes(crawled_farm: CrawledFarm) -> set[str]:
    return {
        f"({code})"
        for (code,) in sql(
            crawled_farm,
            "SELECT a.code FROM scores s JOIN authorities a ON a.id = s.authority_id",
        )
    }


def slides(deck: Path) -> list[tuple[str, list[str]]]:
    """(title, texts) of each slide."""
    found = []
    for slide in Presentation(str(deck)).slides:
        texts = [text for text in _shape_texts(slide.shapes) if text]
        found.append((texts[0] if texts else "", texts))
    return found


def raw_by_slide(decks: dict[str, Path]) -> list[str]:
    """Raw codes per deck and slide, on every slide of the three decks."""
    found = []
    for name, deck in decks.items():
        if name == "fiche":
            continue
        for number, (title, texts) in enumerate(slides(deck), start=1):
            found += [f"{name} {number} « {title[:40]} »: {raw}" for raw in raw_codes(texts)]
    return found


def test_every_slide_of_every_deck_shows_no_raw_code(
    crawled_farm: CrawledFarm, decks: dict[str, Path]
) -> None:
    """The national, département and list decks, slide by slide: synthesis, charts, map,
    legal duties, social networks, rankings, levers, good practices, portraits, appendix."""
    portraits = portrait_codes(crawled_farm)
    shown = [title for deck in decks.values() for title, _ in slides(deck)]
    assert any(title.endswith(tuple(portraits)) for title in shown)  # portraits were scanned
    for family in ("Synthèse", "Classement", "Bonne pratique", "Réseaux sociaux", "Annexe"):
        assert any(title.startswith(family) for title in shown), family
    assert raw_by_slide(decks) == []


def test_the_scorecard_shows_no_raw_code(decks: dict[str, Path]) -> None:
    assert raw_codes(texts_of_pptx(decks["fiche"])) == []


def test_the_workbook_shows_no_raw_code(decks: dict[str, Path]) -> None:
    assert raw_codes(texts_of_xlsx(decks["national"].parent / "n.xlsx")) == []


def test_portraits_show_each_value_by_its_french_label(
    crawled_farm: CrawledFarm, decks: dict[str, Path]
) -> None:
    """A portrait's "Valeur" is value_label of one of the authority's findings of that kind."""
    feature_of = {label: feature for feature, label in FEATURE_LABELS.items()}
    found = sql(
        crawled_farm,
        "SELECT a.code, f.feature, f.value FROM findings f"
        " JOIN authorities a ON a.id = f.authority_id WHERE f.run_id = 1",
    )
    labelled = 0
    for slide in Presentation(str(decks["national"])).slides:
        title = slide.shapes[0].text_frame.text if slide.shapes[0].has_text_frame else ""
        code = title.rsplit("(", 1)[-1].rstrip(")")
        table = next((shape.table for shape in slide.shapes if shape.has_table), None)
        if table is None or table.rows[0].cells[1].text != "Valeur":
            continue
        for row in list(table.rows)[1:]:
            feature = feature_of.get(row.cells[0].text)
            if feature in VALUE_LABELS or feature in DATE_FEATURES:
                values = {v for c, f, v in found if c == code and f == feature}
                assert row.cells[1].text in {
                    shorten(value_label(feature, v), 45) for v in values
                }, row.cells[0].text
                labelled += 1
    assert labelled  # the portraits showed values of the vocabulary
