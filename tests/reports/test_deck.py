"""The deck: it opens, and every figure in it equals a SQL query on the same database."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.table import Table
from sqlalchemy import text

from reports.deck_map import MAP_COLOURS, NO_SCORE
from reports.labels import STATUS_LABELS, STRATUM_LABELS
from reports.layout import shorten
from reports.tilemap import TILES, UNSCORED, shade_map
from scoring.model import load_model
from tests.conftest import CrawledFarm, vigie

STATUSES_DOC = Path(__file__).resolve().parents[2] / "docs" / "statuses.md"
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
# Title of each adoption chart's slide, and the SQL LIKE pattern of each of its categories.
CHARTS = [
    (
        "Accessibilité et pages légales",
        ["a11y.mention", "a11y.statement_url", "legal.notice_url", "legal.privacy_url"],
    ),
    (
        "Services, canaux et confiance",
        ["eservices.%", "social.%", "alerts.app", "opendata.%", "trackers.without_consent"],
    ),
    (
        "Transparence, participation et contact",
        [
            "transparency.acts",
            "transparency.budget",
            "participation.%",
            "alerts.newsletter",
            "contact.form",
            "inclusion.topic",
        ],
    ),
]


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


def titles(deck: Path) -> list[str]:
    """Each slide's title (the text of its first shape, the title band)."""
    return [
        slide.shapes[0].text_frame.text if slide.shapes[0].has_text_frame else ""
        for slide in Presentation(str(deck)).slides
    ]


def shapes_of(deck: Path, title: str) -> list:
    """The shapes of the one slide whose title starts with `title`."""
    [number] = [n for n, t in enumerate(titles(deck)) if t.startswith(title)]
    return list(Presentation(str(deck)).slides[number].shapes)


def texts_of(shapes: list) -> str:
    return "\n".join(shape.text_frame.text for shape in shapes if shape.has_text_frame)


def table_rows(shapes: list) -> list[list[str]]:
    table: Table = next(shape for shape in shapes if shape.has_table).table
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_deck_runs_from_summary_to_appendix_with_a_ranking_per_stratum(
    crawled_farm: CrawledFarm, deck: Path
) -> None:
    strata = [
        STRATUM_LABELS[stratum]
        for (stratum,) in sql(crawled_farm, "SELECT DISTINCT stratum FROM scores WHERE run_id = 1")
    ]
    [(portraits,)] = sql(crawled_farm, "SELECT MIN(COUNT(*), 5) FROM scores WHERE run_id = 1")
    shown = titles(deck)
    assert shown[1:3] == ["Synthèse : ce qu'il faut retenir", "Méthode et couverture"]
    assert [title for title, _ in CHARTS] == [t.rsplit(", par strate", 1)[0] for t in shown[3:6]]
    assert shown[6:10] == [
        "Les six axes du score, par strate",
        "Carte : score moyen par département",
        "Obligations légales : ce que les sites montrent",
        "Réseaux sociaux : présence et activité",
    ]
    rankings = [t for t in shown if t.startswith("Classement : ")]
    assert sorted(t.removeprefix("Classement : ").split(" (")[0] for t in rankings) == sorted(
        strata
    )
    after = shown.index("Recommandations")
    assert after == 10 + len(rankings)
    assert len(shown) == after + 1 + portraits + 1 + 3  # glossary, three pages of indicators
    assert shown[-4:] == ["Annexe : définitions"] + [
        f"Annexe : les indicateurs du score ({n}/3)" for n in (1, 2, 3)
    ]
    presentation = Presentation(str(deck))
    assert presentation.slide_width > presentation.slide_height  # 16:9


def test_coverage_table_is_the_scan_statuses(crawled_farm: CrawledFarm, deck: Path) -> None:
    counts = sql(
        crawled_farm, "SELECT status, COUNT(*) FROM site_scans WHERE run_id = 1 GROUP BY status"
    )
    rows = table_rows(shapes_of(deck, "Méthode et couverture"))
    assert {label: int(count) for label, count in rows[1:-1]} == {
        STATUS_LABELS[status]: count for status, count in counts
    }
    assert rows[-1] == ["Total", str(sum(count for _, count in counts))]


@pytest.mark.parametrize(("title", "patterns"), CHARTS)
def test_chart_values_are_adoption_rates_from_sql(
    crawled_farm: CrawledFarm, deck: Path, title: str, patterns: list[str]
) -> None:
    chart: Chart = next(shape for shape in shapes_of(deck, title) if shape.has_chart).chart
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
    chart: Chart = next(shape for shape in shapes_of(deck, "Les six axes") if shape.has_chart).chart
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


# Duties every authority has, and the SQL condition on a crawled site's findings `f` that
# meets each (the audit: dated at most three years before the crawl).
DUTIES_FOR_ALL = {
    "Mention « Accessibilité : … conforme » sur le site": "f.feature = 'a11y.mention'",
    "Déclaration d'accessibilité publiée": "f.feature = 'a11y.statement_url'",
    "Audit d'accessibilité de moins de trois ans": "f.feature = 'a11y.audit_date' AND "
    "julianday(date(r.started_at)) - julianday(f.value) <= 3 * 365",
    "Mentions légales": "f.feature = 'legal.notice_url'",
    "Information sur les données personnelles": "f.feature = 'legal.privacy_url'",
    "Pas de traceur déposé sans consentement": "NOT",
}


def compliance_from_sql(crawled_farm: CrawledFarm, label: str) -> list[str]:
    """[concerned, met, unmet, unknown, rate] of a duty every authority has, by SQL alone."""
    condition = DUTIES_FOR_ALL[label]
    found = (
        "NOT EXISTS (SELECT 1 FROM findings f WHERE f.run_id = 1"
        " AND f.authority_id = s.authority_id AND f.feature = 'trackers.without_consent')"
        if condition == "NOT"
        else "EXISTS (SELECT 1 FROM findings f JOIN crawl_runs r ON r.id = f.run_id"
        f" WHERE f.run_id = 1 AND f.authority_id = s.authority_id AND {condition})"
    )
    [(authorities, crawled, met)] = sql(
        crawled_farm,
        f"""
        SELECT COUNT(*), SUM(s.status = 'ok'), SUM(s.status = 'ok' AND {found})
        FROM site_scans s WHERE s.run_id = 1""",
    )
    return [
        str(authorities),
        str(met),
        str(crawled - met),
        str(authorities - crawled),
        f"{round(100 * met / crawled)} %",
    ]


def test_compliance_table_counts_from_sql(crawled_farm: CrawledFarm, deck: Path) -> None:
    rows = {row[0]: row[1:] for row in table_rows(shapes_of(deck, "Obligations légales"))[1:]}
    for label in DUTIES_FOR_ALL:
        assert rows[label] == compliance_from_sql(crawled_farm, label), label
    assert len({rows[label][1] for label in DUTIES_FOR_ALL}) >= 3  # the farm varies them


def overall_share(crawled_farm: CrawledFarm, pattern: str) -> float:
    """Share of all crawled sites with a finding whose feature is LIKE `pattern`, in %."""
    rows = sql(crawled_farm, ADOPTION_SQL, pattern=pattern)
    return round(100 * sum(r[2] for r in rows) / sum(r[1] for r in rows), 1)


def french(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


# Good practices the deck may recommend: the SQL pattern of each.
PRACTICES = {
    "Proposer en ligne les démarches": "eservices.%",
    "Mettre en ligne les documents budgétaires": "transparency.budget",
    "Ouvrir un outil de participation": "participation.%",
    "Proposer une lettre d'information": "alerts.newsletter",
    "Indiquer où se faire aider": "inclusion.topic",
    "Publier les données courantes": "opendata.%",
}


def test_summary_states_coverage_weakest_duty_size_gap_and_trackers_from_sql(
    crawled_farm: CrawledFarm, deck: Path
) -> None:
    findings = [
        line.removeprefix("• ")
        for line in texts_of(shapes_of(deck, "Synthèse")).splitlines()
        if line.startswith("• ")
    ]
    assert 3 <= len(findings) <= 5
    [(authorities, crawled, no_site)] = sql(
        crawled_farm,
        "SELECT COUNT(*), SUM(status = 'ok'), SUM(status = 'no_website') FROM site_scans"
        " WHERE run_id = 1",
    )
    assert findings[0] == (
        f"{crawled} des {authorities} collectivités ont un site exploré"
        f" ({round(100 * crawled / authorities)} %) ; {no_site} n'ont pas de site référencé et"
        f" {authorities - crawled - no_site} n'ont pas pu être explorées."
    )
    assert no_site > 1  # the singular is in tests/reports/test_key_messages.py
    assert authorities - crawled - no_site > 1
    rates = {
        label: compliance_from_sql(crawled_farm, label) for label in DUTIES_FOR_ALL
    }  # the weakest duty of this farm is one every authority has
    weakest = min(rates, key=lambda label: int(rates[label][4].removesuffix(" %")))
    _, met, unmet, _, rate = rates[weakest]
    assert findings[1] == (
        f"Obligation la moins respectée : « {weakest} », constatée sur {met} des"
        f" {int(met) + int(unmet)} sites vérifiés ({rate})."
    )
    means = dict(
        sql(crawled_farm, "SELECT stratum, AVG(score) FROM scores WHERE run_id = 1 GROUP BY 1")
    )
    match = re.fullmatch(
        r"Le score moyen va de ([\d,]+) / 100 pour les communes de (.+) à ([\d,]+) / 100 pour"
        r" celles de (.+)\.",
        findings[2],
    )
    assert match is not None
    by_label = {STRATUM_LABELS[stratum]: mean for stratum, mean in means.items()}
    assert match[1] == french(round(by_label[match[2]], 1))
    assert match[3] == french(round(by_label[match[4]], 1))
    shares = {pattern: overall_share(crawled_farm, pattern) for pattern in PRACTICES.values()}
    rarest = min(shares, key=lambda pattern: shares[pattern])
    assert re.fullmatch(rf"Le plus rare : .+, sur {french(shares[rarest])} % des sites explorés\.",
                        findings[3])  # fmt: skip
    assert findings[-1] == (
        f"{french(overall_share(crawled_farm, 'trackers.without_consent'))} % des sites"
        " explorés déposent des traceurs sans gestion du consentement."
    )


def test_recommendations_rest_on_measured_gaps(crawled_farm: CrawledFarm, deck: Path) -> None:
    rows = table_rows(shapes_of(deck, "Recommandations"))[1:]
    assert 1 <= len(rows) <= 5
    duties = {row[0]: row[1:] for row in table_rows(shapes_of(deck, "Obligations légales"))[1:]}
    for action, evidence, basis in rows:
        if basis.startswith("Obligation : "):
            counts = re.fullmatch(
                r"(\d+) des (\d+) sites vérifiés ne la respecten?t pas \((\d+) %\)\.", evidence
            )
            assert counts is not None, evidence
            # The duty's own line in the compliance table has the same figures.
            assert any(
                line[2] == counts[1] and int(line[1]) + int(line[2]) == int(counts[2])
                for line in duties.values()
            ), action
        else:
            [pattern] = [p for start, p in PRACTICES.items() if action.startswith(start)]
            missing = round(100 - overall_share(crawled_farm, pattern), 1)
            assert evidence == f"{french(missing)} % des sites explorés ne l'offrent pas."
            assert missing > 50


def test_each_stratum_slide_ranks_its_best_scores(crawled_farm: CrawledFarm, deck: Path) -> None:
    for (stratum,) in sql(crawled_farm, "SELECT DISTINCT stratum FROM scores WHERE run_id = 1"):
        best = sql(
            crawled_farm,
            """
            SELECT s.rank_in_stratum, s.rank_low, s.rank_high, s.stratum_count, a.name, a.code,
                   COALESCE(a.departement_code, '–'), s.score
            FROM scores s JOIN authorities a ON a.id = s.authority_id
            WHERE s.run_id = 1 AND s.stratum = :stratum
            ORDER BY s.score DESC, a.name LIMIT 12""",
            stratum=stratum,
        )
        rows = table_rows(shapes_of(deck, f"Classement : {STRATUM_LABELS[stratum]} ("))[1:]
        assert [(r[0], r[1], r[2], r[3], float(r[4].replace(",", "."))) for r in rows] == [
            (
                f"{low}–{high} / {count}" if low != high else f"{rank} / {count}",
                shorten(name, 40),
                code,
                departement,
                round(score, 1),
            )
            for rank, low, high, count, name, code, departement, score in best
        ]


def test_map_colours_each_departement_by_its_mean_score(
    crawled_farm: CrawledFarm, deck: Path
) -> None:
    means = dict(
        sql(
            crawled_farm,
            """
            SELECT a.departement_code, AVG(s.score) FROM scores s
            JOIN authorities a ON a.id = s.authority_id
            WHERE s.run_id = 1 AND a.departement_code IS NOT NULL
            GROUP BY a.departement_code""",
        )
    )
    tiles = {
        shape.text_frame.text: shape.fill.fore_color.rgb
        for shape in shapes_of(deck, "Carte")
        if shape.has_text_frame and shape.text_frame.text in TILES
    }
    assert set(tiles) == set(TILES)  # all 101 départements drawn
    assert len(means) >= 10
    shading = shade_map({code: round(mean, 1) for code, mean in means.items()}, None, french)
    for code, colour in tiles.items():
        shade = shading.tiles[code]
        assert colour == (NO_SCORE if shade == UNSCORED else MAP_COLOURS[shade]), code
    assert len({tiles[code] for code in means}) >= 3  # the scale tells départements apart
    legend = texts_of(shapes_of(deck, "Carte"))
    for _, label in shading.legend:
        assert f"Score moyen de {label}" in legend


def test_social_slide_counts_links_and_public_activity(
    crawled_farm: CrawledFarm, deck: Path
) -> None:
    rows = {row[0]: row[1:] for row in table_rows(shapes_of(deck, "Réseaux sociaux"))[1:]}
    [(crawled,)] = sql(
        crawled_farm, "SELECT COUNT(*) FROM site_scans WHERE run_id = 1 AND status = 'ok'"
    )
    [(started,)] = sql(crawled_farm, "SELECT started_at FROM crawl_runs WHERE id = 1")
    since = (datetime.fromisoformat(str(started)) - timedelta(days=90)).date().isoformat()
    linked = sql(
        crawled_farm,
        """
        SELECT substr(f.feature, 8), COUNT(DISTINCT f.authority_id) FROM findings f
        JOIN site_scans s ON s.authority_id = f.authority_id AND s.run_id = f.run_id
        WHERE f.run_id = 1 AND f.feature LIKE 'social.%' AND s.status = 'ok'
        GROUP BY f.feature""",
    )
    assert len(linked) >= 3
    for platform, sites in linked:
        [(checked, walled, dated, active)] = sql(
            crawled_farm,
            """
            SELECT COUNT(*), COALESCE(SUM(login_wall), 0),
                   COUNT(last_activity), COALESCE(SUM(last_activity >= :since), 0)
            FROM social_profiles WHERE run_id = 1 AND platform = :platform""",
            since=since,
            platform=platform,
        )
        share = f"{round(100 * sites / crawled, 1):.1f}".replace(".", ",").removesuffix(",0")
        assert rows[platform.capitalize()][:6] == [
            str(sites),
            f"{share} %",
            str(checked),
            str(walled),
            str(dated),
            str(active),
        ]
    assert any(int(row[5]) > 0 for row in rows.values())  # some account shows recent posts


def test_portraits_show_each_findings_evidence(crawled_farm: CrawledFarm, deck: Path) -> None:
    [(authority_id, code, score)] = sql(
        crawled_farm,
        """
        SELECT a.id, a.code, s.score FROM scores s JOIN authorities a ON a.id = s.authority_id
        ORDER BY s.score DESC, a.name LIMIT 1""",
    )
    [number] = [n for n, t in enumerate(titles(deck)) if t.endswith(f"({code})")]
    shapes = list(Presentation(str(deck)).slides[number].shapes)
    assert titles(deck)[number - 1] == "Recommandations"  # the first portrait is the best
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


def test_the_statuses_documented_are_the_statuses_stored() -> None:
    from database.statuses import SCAN_STATUSES

    documented = re.findall(r"^\| `(\w+)` \|", STATUSES_DOC.read_text(encoding="utf-8"), re.M)
    assert documented == list(SCAN_STATUSES)
    assert list(STATUS_LABELS) == list(SCAN_STATUSES)


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
    slide = {row[0]: row[1:4] for row in table_rows(shapes_of(deck, "Obligations légales"))[1:]}
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
    assert len(slides) == 5
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
    strengths = table_rows(list(slides[1].shapes))[1:]
    met = {
        key
        for (key,) in sql(
            crawled_farm,
            "SELECT i.key FROM scores s, json_each(s.indicators) i"
            " WHERE s.authority_id = :a AND i.value = 1.0",
            a=authority_id,
        )
    }
    weighted = {i.label for i in load_model().indicators if i.key in met and i.weight > 0}
    shown = [row[0] for row in strengths]
    if len(weighted) > 12:  # twelve, then how many more
        more = len(weighted) - 12
        assert shown[-1] == f"… et {more} autre{'s' if more > 1 else ''}"
        shown = shown[:-1]
    assert set(shown) <= weighted
    assert len(shown) == min(len(weighted), 12)
    table = next(shape for shape in slides[1].shapes if shape.has_table).table
    links = {
        run.hyperlink.address
        for row in list(table.rows)[1:]
        for run in row.cells[1].text_frame.paragraphs[0].runs
        if run.hyperlink.address
    }
    evidence = {
        url
        for (url,) in sql(
            crawled_farm,
            "SELECT evidence_url FROM findings WHERE authority_id = :a",
            a=authority_id,
        )
    }
    assert links
    assert links <= evidence
    duties = {row[0]: row[1] for row in table_rows(list(slides[3].shapes))[1:]}
    [(has_mention,)] = sql(
        crawled_farm,
        "SELECT COUNT(*) FROM findings WHERE authority_id = :a AND feature = 'a11y.mention'",
        a=authority_id,
    )
    assert duties["Mention « Accessibilité : … conforme » sur le site"] == (
        "Respectée" if has_mention else "Non constatée"
    )
    texts = [s.text_frame.text for s in slides[4].shapes if s.has_text_frame]
    actions = [line for text in texts for line in text.splitlines() if line.startswith("•")]
    assert 1 <= len(actions) <= 3
    for action in actions:  # an unmet duty, or what most peers have, with its share
        assert "(obligation : " in action or re.search(r"\d+ % des collectivités", action)
    refused = vigie("report", "--db", crawled_farm.database_url, "--authority", "nope", check=False)
    assert refused.returncode == 2
