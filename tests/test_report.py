"""The deck: it opens, and every figure in it equals a SQL query on the same database."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.table import Table
from sqlalchemy import text

from reports.deck import STATUS_LABELS, STRATUM_LABELS
from reports.layout import shorten
from scoring.model import load_model
from tests.conftest import CrawledFarm, vigie

ADOPTION_SQL = """
SELECT a.stratum,
       COUNT(DISTINCT s.authority_id),
       COUNT(DISTINCT CASE WHEN f.feature LIKE :pattern THEN s.authority_id END)
FROM site_scans s
JOIN authorities a ON a.id = s.authority_id
LEFT JOIN findings f ON f.authority_id = s.authority_id AND f.run_id = s.run_id
WHERE s.run_id = 1 AND s.status = 'ok'
GROUP BY a.stratum
"""
# Slide number of each adoption chart, and the SQL LIKE pattern of each of its categories.
CHARTS = [
    (3, ["a11y.mention", "a11y.statement_url", "legal.notice_url", "legal.privacy_url"]),
    (4, ["eservices.%", "social.%", "alerts.%", "opendata.%", "trackers.without_consent"]),
]
AXES_SLIDE, RANKING_SLIDE, COMPLIANCE_SLIDE, FIRST_PORTRAIT = 5, 6, 7, 8


@pytest.fixture(scope="module")
def deck(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "deck.pptx"
    vigie(
        "report",
        *("--db", crawled_farm.database_url, "--out", str(out)),
        *("--xlsx", str(out.with_suffix(".xlsx"))),
    )
    return out


def sql(crawled_farm: CrawledFarm, query: str, **parameters: object) -> list[tuple]:
    with crawled_farm.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query), parameters)]


def shapes_of(deck: Path, slide_number: int) -> list:
    return list(Presentation(str(deck)).slides[slide_number - 1].shapes)


def table_rows(shapes: list) -> list[list[str]]:
    table: Table = next(shape for shape in shapes if shape.has_table).table
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_deck_has_title_method_overviews_axes_ranking_compliance_and_portraits(
    deck: Path,
) -> None:
    presentation = Presentation(str(deck))
    assert len(presentation.slides) == 7 + 5
    assert presentation.slide_width > presentation.slide_height  # 16:9


def test_coverage_table_is_the_scan_statuses(crawled_farm: CrawledFarm, deck: Path) -> None:
    counts = sql(
        crawled_farm, "SELECT status, COUNT(*) FROM site_scans WHERE run_id = 1 GROUP BY status"
    )
    rows = table_rows(shapes_of(deck, 2))
    assert {label: int(count) for label, count in rows[1:-1]} == {
        STATUS_LABELS[status]: count for status, count in counts
    }
    assert rows[-1] == ["Total", str(sum(count for _, count in counts))]


@pytest.mark.parametrize(("slide", "patterns"), CHARTS)
def test_chart_values_are_adoption_rates_from_sql(
    crawled_farm: CrawledFarm, deck: Path, slide: int, patterns: list[str]
) -> None:
    chart: Chart = next(shape for shape in shapes_of(deck, slide) if shape.has_chart).chart
    plotted = {series.name.split(" (")[0]: list(series.values) for series in chart.plots[0].series}
    expected: dict[str, list[float]] = {}
    for index, pattern in enumerate(patterns):
        for stratum, sites, having in sql(crawled_farm, ADOPTION_SQL, pattern=pattern):
            expected.setdefault(STRATUM_LABELS[stratum], [0.0] * len(patterns))[index] = round(
                100 * having / sites, 1
            )
    assert plotted == expected
    assert any(value > 0 for values in plotted.values() for value in values)


def test_axes_chart_is_the_mean_axis_score_of_each_stratum(
    crawled_farm: CrawledFarm, deck: Path
) -> None:
    chart: Chart = next(shape for shape in shapes_of(deck, AXES_SLIDE) if shape.has_chart).chart
    plotted = {series.name.split(" (")[0]: list(series.values) for series in chart.plots[0].series}
    axes = [axis.key for axis in load_model().axes]
    expected: dict[str, list[float]] = {}
    for position, axis in enumerate(axes):
        for stratum, mean in sql(
            crawled_farm,
            f"SELECT stratum, AVG(json_extract(axes, '$.{axis}')) FROM scores "
            "WHERE run_id = 1 GROUP BY stratum",
        ):
            values = expected.setdefault(STRATUM_LABELS[stratum], [0.0] * len(axes))
            values[position] = round(mean, 1) if mean is not None else 0.0
    assert plotted == expected
    assert [c for c in chart.plots[0].categories] == [a.label for a in load_model().axes]


def test_compliance_table_counts_from_sql(crawled_farm: CrawledFarm, deck: Path) -> None:
    rows = {row[0]: row[1:] for row in table_rows(shapes_of(deck, COMPLIANCE_SLIDE))[1:]}
    [(authorities, crawled, with_mention)] = sql(
        crawled_farm,
        """
        SELECT COUNT(*), SUM(s.status = 'ok'),
               (SELECT COUNT(DISTINCT f.authority_id) FROM findings f
                WHERE f.run_id = 1 AND f.feature = 'a11y.mention')
        FROM site_scans s WHERE s.run_id = 1""",
    )
    mention = rows["Mention « Accessibilité : … conforme » sur le site"]
    assert mention == [
        str(authorities),
        str(with_mention),
        str(crawled - with_mention),
        str(authorities - crawled),
        f"{round(100 * with_mention / crawled)} %",
    ]


def test_ranking_table_is_the_scores_table(crawled_farm: CrawledFarm, deck: Path) -> None:
    best = sql(
        crawled_farm,
        """
        SELECT s.rank_in_stratum, s.rank_low, s.rank_high, s.stratum_count, a.name, a.code,
               s.score
        FROM scores s JOIN authorities a ON a.id = s.authority_id
        WHERE s.run_id = 1 ORDER BY s.score DESC, a.name LIMIT 14""",
    )
    rows = table_rows(shapes_of(deck, RANKING_SLIDE))[1:]
    assert [(r[0], r[1], r[2], float(r[4].replace(",", "."))) for r in rows] == [
        (
            f"{low}–{high} / {count}" if low != high else f"{rank} / {count}",
            shorten(name, 40),
            code,
            round(score, 1),
        )
        for rank, low, high, count, name, code, score in best
    ]


def test_portraits_show_each_findings_evidence(crawled_farm: CrawledFarm, deck: Path) -> None:
    [(authority_id, code, score)] = sql(
        crawled_farm,
        """
        SELECT a.id, a.code, s.score FROM scores s JOIN authorities a ON a.id = s.authority_id
        ORDER BY s.score DESC, a.name LIMIT 1""",
    )
    shapes = shapes_of(deck, FIRST_PORTRAIT)
    assert code in shapes[0].text_frame.text
    table = next(shape for shape in shapes if shape.has_table).table
    links = {
        cell.text_frame.paragraphs[0].runs[0].hyperlink.address
        for row in list(table.rows)[1:]
        for cell in [row.cells[2]]
    }
    evidence = {
        url
        for (url,) in sql(
            crawled_farm,
            "SELECT DISTINCT evidence_url FROM findings WHERE authority_id = :a",
            a=authority_id,
        )
    }
    assert links  # every row links to its evidence (the first ten findings are shown)
    assert links <= evidence
    text_on_slide = " ".join(s.text_frame.text for s in shapes if s.has_text_frame)
    assert f"Score : {score:.1f}".replace(".", ",").removesuffix(",0") in text_on_slide


def test_every_data_slide_gives_source_and_date(deck: Path) -> None:
    for slide in list(Presentation(str(deck)).slides)[1:]:
        texts = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        assert "Source : Vigie, campagne n° 1 du" in texts


def test_every_status_has_a_french_label() -> None:
    from crawler.items import SCAN_STATUSES

    assert set(STATUS_LABELS) == set(SCAN_STATUSES)


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_renders_every_slide(deck: Path, tmp_path: Path) -> None:
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "deck.pdf"
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")],
            check=True,
            timeout=120,
        )
        assert len(list(tmp_path.glob("page-*.png"))) == len(Presentation(str(deck)).slides)


def test_the_workbook_holds_the_same_tables(crawled_farm: CrawledFarm, deck: Path) -> None:
    book = pd.read_excel(deck.with_suffix(".xlsx"), sheet_name=None)
    assert list(book) == ["Couverture", "Adoption", "Axes", "Classement", "Obligations"]
    statuses = dict(
        sql(
            crawled_farm, "SELECT status, COUNT(*) FROM site_scans WHERE run_id = 1 GROUP BY status"
        )
    )
    coverage = book["Couverture"]
    assert dict(zip(coverage["statut"], coverage["collectivités"], strict=True)) == statuses
    ranking = sql(
        crawled_farm,
        """
        SELECT a.code, s.score, s.rank_in_stratum, s.rank_low, s.rank_high
        FROM scores s JOIN authorities a ON a.id = s.authority_id
        WHERE s.run_id = 1 ORDER BY s.score DESC, a.name""",
    )
    sheet = book["Classement"]
    assert [
        (str(code), score, rank, low, high)
        for code, score, rank, low, high in zip(
            sheet["code"],
            sheet["score"],
            sheet["rang dans la strate"],
            sheet["rang au mieux"],
            sheet["rang au pire"],
            strict=True,
        )
    ] == [(str(code), score, rank, low, high) for code, score, rank, low, high in ranking]
    slide = {row[0]: row[1:4] for row in table_rows(shapes_of(deck, COMPLIANCE_SLIDE))[1:]}
    for _, line in book["Obligations"].iterrows():
        assert slide[line["obligation"]] == [
            str(line["concernées"]),
            str(line["respectée"]),
            str(line["non constatée"]),
        ]


def test_one_authority_scorecard_from_sql(crawled_farm: CrawledFarm, tmp_path: Path) -> None:
    [(authority_id, code, score, stratum)] = sql(
        crawled_farm,
        """
        SELECT a.id, a.code, s.score, s.stratum FROM scores s
        JOIN authorities a ON a.id = s.authority_id
        ORDER BY s.score DESC, a.name LIMIT 1""",
    )
    out = tmp_path / "card.pptx"
    vigie("report", "--db", crawled_farm.database_url, "--authority", code, "--out", str(out))
    slides = Presentation(str(out)).slides
    assert len(slides) == 4
    scores = table_rows(list(slides[0].shapes))
    peers = sorted(
        s for (s,) in sql(crawled_farm, "SELECT score FROM scores WHERE stratum = :s", s=stratum)
    )
    middle = len(peers) // 2
    stratum_median = peers[middle] if len(peers) % 2 else (peers[middle - 1] + peers[middle]) / 2
    assert scores[1][:3] == [
        "Score global",
        f"{score:.1f}".replace(".", ","),
        f"{round(stratum_median, 1):.1f}".replace(".", ","),
    ]
    duties = {row[0]: row[1] for row in table_rows(list(slides[2].shapes))[1:]}
    [(has_mention,)] = sql(
        crawled_farm,
        "SELECT COUNT(*) FROM findings WHERE authority_id = :a AND feature = 'a11y.mention'",
        a=authority_id,
    )
    assert duties["Mention « Accessibilité : … conforme » sur le site"] == (
        "Respectée" if has_mention else "Non constatée"
    )
    texts = [s.text_frame.text for s in slides[3].shapes if s.has_text_frame]
    actions = [line for text in texts for line in text.splitlines() if line.startswith("•")]
    assert 1 <= len(actions) <= 3
    for action in actions:  # an unmet duty, or what most peers have, with its share
        assert "Mettre en place" in action or re.search(r"\d+ % des collectivités", action)
    refused = vigie("report", "--db", crawled_farm.database_url, "--authority", "nope", check=False)
    assert refused.returncode == 2
