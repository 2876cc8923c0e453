"""The deck: it opens, and every figure in it equals a SQL query on the same database."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.table import Table
from sqlalchemy import text

from database.vocabulary import SOCIAL_LOGIN_WALLED, platform_label
from reports.deck_appendix import APPENDIX_ROWS
from reports.deck_social import ROWS
from reports.french import french_fixed, french_number, french_percent, half_up
from reports.labels import STATUS_LABELS, STRATUM_LABELS
from reports.layout import shorten
from reports.social import ALL_LABEL
from reports.social_text import NETWORK_HEADER
from reports.synthesis_messages import FIRST
from reports.thresholds import MIN_SITES
from scoring.compliance import DUTIES, UNMET
from scoring.model import load_model
from tests.conftest import CrawledFarm, vigie
from tests.reports.test_numbers_rule import CATEGORY, strata_named

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
    strata = sql(
        crawled_farm, "SELECT stratum, COUNT(*) FROM scores WHERE run_id = 1 GROUP BY stratum"
    )
    best = sql(
        crawled_farm,
        "SELECT a.code FROM scores s JOIN authorities a ON a.id = s.authority_id"
        " WHERE s.run_id = 1 ORDER BY s.score DESC, a.name LIMIT 5",
    )
    axes = load_model().axes
    shown = titles(deck)
    assert shown[1:4] == [
        "Synthèse : ce qu'il faut retenir",
        "Synthèse : trois priorités",
        "Méthode et couverture",
    ]
    assert [title for title, _ in CHARTS] == [t.rsplit(", par strate", 1)[0] for t in shown[4:7]]
    assert shown[7:15] == [
        "Les six axes du score, par strate",
        "Carte : score moyen par département",
        "Obligations légales : ce que les sites montrent",
        "Ce qu'un habitant peut faire en ligne",
        "Ce qu'un habitant peut faire en ligne : par région",
        "Réseaux sociaux : présence, audience et activité",
        "Les relais du territoire : vers qui renvoient les sites",
        "Qui renvoie vers qui : les collectivités les plus citées",
    ]  # no survey was analysed on this farm: the rankings follow
    rankings = [t for t in shown if t.startswith("Classement : ")]
    assert sorted(t.removeprefix("Classement : ").split(" (")[0] for t in rankings) == sorted(
        STRATUM_LABELS[stratum] for stratum, count in strata if count >= MIN_SITES
    )
    assert shown[15 : 15 + len(rankings)] == rankings
    # The strata too thin to rank share one slide, after the rankings.
    thin = sum(count for _, count in strata if count < MIN_SITES)
    agreed = "collectivités notées" if thin > 1 else "collectivité notée"
    unranked = [f"Hors classement : {thin} {agreed}"] if thin else []
    assert [t for t in shown if t.startswith("Hors classement")] == unranked
    after = 15 + len(rankings) + len(unranked)
    pages = -(-len(axes) // 3)  # three axes a page of levers
    # One campaign only on this farm, a national deck: no peers slide, no comparison.
    assert shown[after : after + pages + 2] == [
        "Évolution depuis la campagne précédente",
        *(f"Leviers d'action par axe ({n}/{pages})" for n in range(1, pages + 1)),
        "Recommandations",
    ]
    after += pages + 2
    assert shown[after : after + len(axes)] == [
        f"Bonne pratique : {shorten(axis.label, 40)}" for axis in axes
    ]
    after += len(axes)
    portraits = shown[after : after + len(best)]
    assert [t.rsplit(" (", 1)[-1] for t in portraits] == [f"{code})" for (code,) in best]
    appendix = -(-len(load_model().indicators) // APPENDIX_ROWS)  # 12 indicators a page
    assert shown[after + len(best) :] == ["Annexe : définitions"] + [
        f"Annexe : les indicateurs du score ({n}/{appendix})" for n in range(1, appendix + 1)
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


def by_category(chart: Chart) -> dict[str, list[float | None]]:
    """Each category of a chart (a stratum, or strata merged, with its n) and its values."""
    return {
        category: [series.values[index] for series in chart.plots[0].series]
        for index, category in enumerate(chart.plots[0].categories)
    }


def strata_of_category(category: str) -> list[str]:
    match = CATEGORY.fullmatch(category)
    assert match is not None, category
    return strata_named(match["label"])


@pytest.mark.parametrize(("title", "patterns"), CHARTS)
def test_chart_values_are_adoption_rates_from_sql(
    crawled_farm: CrawledFarm, deck: Path, title: str, patterns: list[str]
) -> None:
    chart: Chart = next(shape for shape in shapes_of(deck, title) if shape.has_chart).chart
    plotted = by_category(chart)
    counts = {pattern: sql(crawled_farm, ADOPTION_SQL, pattern=pattern) for pattern in patterns}
    expected: dict[str, list[float | None]] = {}
    for category in plotted:
        strata = strata_of_category(category)
        values: list[float | None] = []
        for pattern in patterns:
            sites = sum(n for stratum, n, _ in counts[pattern] if stratum in strata)
            having = sum(h for stratum, _, h in counts[pattern] if stratum in strata)
            values.append(round(100 * having / sites, 1) if sites >= MIN_SITES else None)
        expected[category] = values
    assert plotted == expected
    crawled = {stratum for stratum, _, _ in counts[patterns[0]]}
    charted = [s for category in plotted for s in strata_of_category(category) if s in crawled]
    assert sorted(charted) == sorted(crawled)  # each crawled stratum in one category
    assert any(value for values in plotted.values() for value in values)


def test_axes_chart_is_the_mean_axis_score_of_each_stratum(
    crawled_farm: CrawledFarm, deck: Path
) -> None:
    chart: Chart = next(shape for shape in shapes_of(deck, "Les six axes") if shape.has_chart).chart
    plotted = by_category(chart)
    axes = [axis.key for axis in load_model().axes]
    expected: dict[str, list[float | None]] = {}
    for category in plotted:
        strata = str(strata_of_category(category)).replace("'", '"')
        values: list[float | None] = []
        for axis in axes:
            [(mean, measured)] = sql(
                crawled_farm,
                f"SELECT AVG(json_extract(axes, '$.{axis}')), COUNT(json_extract(axes, '$.{axis}'))"
                " FROM scores WHERE run_id = 1 AND stratum IN (SELECT value FROM json_each(:s))",
                s=strata,
            )
            values.append(round(mean, 1) if measured >= MIN_SITES else None)
        expected[category] = values
    assert plotted == expected
    assert [series.name for series in chart.plots[0].series] == [a.label for a in load_model().axes]


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


def _per_100(value: float) -> str:
    return f"{french_number(value)} / 100"


def _lowest_and_highest(
    strata: list[tuple[float, str, int]], shown: Callable[[float], str], noun: str = "sites"
) -> str:
    """The peers' sentence from (value, label, n) of every stratum that has sites: the ends
    among those of MIN_SITES or more, each with its n, then how many were too thin."""
    measured = [s for s in strata if s[2] >= MIN_SITES]
    thin = len(strata) - len(measured)
    low, high = min(measured), max(measured)
    assert shown(low[0]) != shown(high[0])  # the farm's strata differ: a range, not a tie
    said = (
        f"Selon la strate : de {shown(low[0])} ({low[1]}, {low[2]} {noun}) à"
        f" {shown(high[0])} ({high[1]}, {high[2]} {noun})."
    )
    if thin == 1:
        return f"{said} 1 strate de moins de {MIN_SITES} {noun} non comparée."
    return said + (f" {thin} strates de moins de {MIN_SITES} {noun} non comparées." if thin else "")


def test_synthesis_states_weakest_axis_weakest_duty_and_coverage_with_strata_from_sql(
    crawled_farm: CrawledFarm, deck: Path
) -> None:
    """The three messages (reports/synthesis_messages.py), each its figure, its n, the lowest
    and highest strata, and no comparison on a farm of one campaign. (tests/reports/
    test_synthesis.py holds them on hand-built campaigns: the change, the whole country.)"""
    lines = texts_of(shapes_of(deck, "Synthèse : ce qu'il faut retenir")).splitlines()
    body = lines[3:]  # after the title, the source line and the page number
    assert lines[1].startswith("Source : ")
    assert [line for line in body if line.isdigit()] == ["1", "2", "3"]
    said = [line for line in body if not line.isdigit()]
    assert said.count(FIRST) == 3  # one campaign only: each message says so
    # 1. The weakest axis: the lowest mean axis score over the scored sites.
    axes = sql(
        crawled_farm,
        "SELECT key, AVG(value), COUNT(value) FROM scores, json_each(scores.axes)"
        " WHERE run_id = 1 AND value IS NOT NULL GROUP BY key",
    )
    key, mean, n = min((row for row in axes if row[2] >= MIN_SITES), key=lambda r: (r[1], r[0]))
    label = {axis.key: axis.label for axis in load_model().axes}[key]
    assert n > MIN_SITES
    strata = [
        (float(m), STRATUM_LABELS[stratum], count)
        for stratum, m, count in sql(
            crawled_farm,
            "SELECT stratum, AVG(json_extract(axes, '$.' || :k)),"
            " COUNT(json_extract(axes, '$.' || :k)) FROM scores WHERE run_id = 1 GROUP BY 1",
            k=key,
        )
        if count
    ]
    assert sum(1 for *_, count in strata if count >= MIN_SITES) >= 2
    weakest_axis = (
        f"Axe le plus faible : « {label} », {_per_100(mean)} en moyenne (n = {n} sites notés).",
        _lowest_and_highest(strata, _per_100),
    )
    # 2. The least met duty among those decided on enough sites, held to SQL. A duty whose
    # absence proves nothing (permits through the intercommunality, open data) has no rate.
    rows = table_rows(shapes_of(deck, "Obligations légales"))[1:]
    rated = {duty.label for duty in DUTIES if duty.absence == UNMET}
    assert len(rated) < len(rows)  # the farm's table shows duties without a rate too
    decided = [
        (int(met) / (int(met) + int(unmet)), label, int(met), int(met) + int(unmet))
        for label, _, met, unmet, _, _ in rows
        if label in rated and int(met) + int(unmet) >= MIN_SITES
    ]
    weakest, best = min(decided), max(decided)
    assert weakest[1] in DUTIES_FOR_ALL  # so its figures are SQL's (test_compliance_table...)
    _, met, unmet, _, _ = compliance_from_sql(crawled_farm, weakest[1])
    told = int(met) + int(unmet)

    def rate(met: int, told: int) -> str:
        return f"{french_percent(100 * met / told)} ({met} sur {told} sites vérifiés)"

    weakest_duty = (
        f"Obligation la moins respectée : « {weakest[1]} », {rate(int(met), told)}.",
        f"L'obligation la mieux respectée, « {best[1]} » : {rate(best[2], best[3])}.",
    )
    # 3. The authorities without an explored site, and the strata's shares of them.
    [(authorities, crawled, no_site)] = sql(
        crawled_farm,
        "SELECT COUNT(*), SUM(status = 'ok'), SUM(status = 'no_website') FROM site_scans"
        " WHERE run_id = 1",
    )
    missing = authorities - crawled
    assert no_site > 1  # both parts of the coverage message, in the plural
    assert missing - no_site > 1
    shares = [
        (100 * (total - ok) / total, STRATUM_LABELS[stratum], total)
        for stratum, total, ok in sql(
            crawled_farm,
            "SELECT a.stratum, COUNT(*), SUM(s.status = 'ok') FROM site_scans s"
            " JOIN authorities a ON a.id = s.authority_id WHERE s.run_id = 1 GROUP BY 1",
        )
    ]
    assert sum(1 for *_, total in shares if total >= MIN_SITES) >= 2
    coverage = (
        f"Collectivités sans site exploré : {french_percent(100 * missing / authorities)}"
        f" ({missing} sur {authorities} collectivités), dont {no_site} sans site référencé et"
        f" {missing - no_site} au site injoignable ou non mesuré.",
        _lowest_and_highest(shares, french_percent, "collectivités"),
    )
    expected = [text for message in (weakest_axis, weakest_duty, coverage) for text in message]
    assert [line for line in said if line != FIRST] == expected


def test_recommendations_rest_on_measured_gaps(crawled_farm: CrawledFarm, deck: Path) -> None:
    rows = table_rows(shapes_of(deck, "Recommandations"))[1:]
    assert 1 <= len(rows) <= 5
    duties = {row[0]: row[1:] for row in table_rows(shapes_of(deck, "Obligations légales"))[1:]}
    [(crawled,)] = sql(crawled_farm, "SELECT COUNT(*) FROM site_scans WHERE status = 'ok'")
    for action, evidence, basis in rows:
        if basis.startswith("Obligation : "):
            counts = re.fullmatch(
                r"(\d+) des (\d+) sites vérifiés ne la respecten?t pas(?: \((\d+)\u202f%\))?\.",
                evidence,
            )
            assert counts is not None, evidence
            # The share is said on MIN_SITES sites told or more, never below.
            told = int(counts[2])
            shown = str(round(100 * int(counts[1]) / told)) if told >= MIN_SITES else None
            assert counts[3] == shown, evidence
            # The duty's own line in the compliance table has the same figures.
            assert any(
                line[2] == counts[1] and int(line[1]) + int(line[2]) == int(counts[2])
                for line in duties.values()
            ), action
        else:
            [pattern] = [p for start, p in PRACTICES.items() if action.startswith(start)]
            missing = round(100 - overall_share(crawled_farm, pattern), 1)
            assert (
                evidence
                == f"{french(missing)}\u202f% des {crawled} sites explorés ne l'offrent pas."
            )
            assert missing > 50


def test_each_stratum_slide_ranks_its_best_scores(crawled_farm: CrawledFarm, deck: Path) -> None:
    for stratum, count in sql(
        crawled_farm, "SELECT stratum, COUNT(*) FROM scores WHERE run_id = 1 GROUP BY stratum"
    ):
        if count < MIN_SITES:  # listed, not ranked: tests/reports/test_numbers_rule.py
            continue
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
                float(half_up(score, 1)),  # as the deck rounds (reports/french.py)
            )
            for rank, low, high, count, name, code, departement, score in best
        ]


def test_social_slide_counts_accounts_and_says_why_figures_are_unknown(
    crawled_farm: CrawledFarm, deck: Path
) -> None:
    table = table_rows(shapes_of(deck, "Réseaux sociaux"))
    assert table[0] == NETWORK_HEADER
    *networks, every = table[1:]
    assert every[0] == ALL_LABEL  # all networks together, last
    rows = {row[0]: row[1:] for row in networks}
    linked = sql(
        crawled_farm,
        """
        SELECT substr(f.feature, 8), COUNT(DISTINCT f.authority_id || ' ' || f.value)
        FROM findings f
        JOIN site_scans s ON s.authority_id = f.authority_id AND s.run_id = f.run_id
        WHERE f.run_id = 1 AND f.feature LIKE 'social.%' AND s.status = 'ok'
        GROUP BY f.feature""",
    )
    assert len(linked) >= 3
    declared = {p for (p,) in sql(crawled_farm, "SELECT platform FROM social_declarations")}
    shown = sorted(linked, key=lambda row: (-row[1], platform_label(row[0])))[:ROWS]
    assert list(rows) == [platform_label(platform) for platform, _ in shown]
    for platform, accounts in shown:
        row = rows[platform_label(platform)]
        assert row[0] == str(accounts)  # declared figures are said beside the followers
        if platform in SOCIAL_LOGIN_WALLED and platform not in declared:
            # behind a login wall, followers and activity are unknown, with why, never 0
            for cell in row[1:4]:
                assert cell.startswith("inconnu ("), (platform, row)
                assert "connexion exigée" in cell, (platform, row)
    assert any(row[1][0].isdigit() for row in rows.values())  # some followers are public


def test_portraits_show_each_findings_evidence(crawled_farm: CrawledFarm, deck: Path) -> None:
    [(authority_id, code, score)] = sql(
        crawled_farm,
        """
        SELECT a.id, a.code, s.score FROM scores s JOIN authorities a ON a.id = s.authority_id
        ORDER BY s.score DESC, a.name LIMIT 1""",
    )
    [number] = [n for n, t in enumerate(titles(deck)) if t.endswith(f"({code})")]
    shapes = list(Presentation(str(deck)).slides[number].shapes)
    # The first portrait, right after the good practices, is the best score.
    assert titles(deck)[number - 1].startswith("Bonne pratique : ")
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
    assert list(book) == [
        "Provenance", "Couverture", "Adoption", "Axes", "Classement", "Obligations",
        "Services aux habitants", "Habitants par commune",
        "Réseaux sociaux", "Comptes sociaux", "Audience par collectivité",
    ]  # fmt: skip
    # One row per account the crawled sites link to, and per network the accounts found.
    [(accounts,)] = sql(
        crawled_farm,
        "SELECT COUNT(DISTINCT f.authority_id || ' ' || f.value) FROM findings f"
        " JOIN site_scans s ON s.authority_id = f.authority_id AND s.run_id = f.run_id"
        " WHERE f.run_id = 1 AND f.feature LIKE 'social.%' AND s.status = 'ok'",
    )
    networks = book["Réseaux sociaux"]
    found = networks["Comptes trouvés (liés depuis les sites explorés)"]
    assert found.iloc[:-1].sum() == found.iloc[-1] == accounts  # per network, then all
    linked = book["Comptes sociaux"]["Lien depuis le site"] == "oui"
    assert linked.sum() == accounts
    statuses = {
        STATUS_LABELS[status]: count
        for status, count in sql(
            crawled_farm, "SELECT status, COUNT(*) FROM site_scans WHERE run_id = 1 GROUP BY status"
        )
    }
    coverage = book["Couverture"]
    assert dict(zip(coverage["Statut du site"], coverage["Collectivités"], strict=True)) == statuses
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
            sheet["Code"],
            sheet["Score (sur 100)"],
            sheet["Rang dans la strate"],
            sheet["Rang au mieux"],
            sheet["Rang au pire"],
            strict=True,
        )
    ] == [(str(code), score, rank, low, high) for code, score, rank, low, high in ranking]
    slide = {row[0]: row[1:4] for row in table_rows(shapes_of(deck, "Obligations légales"))[1:]}
    for _, line in book["Obligations"].iterrows():
        assert slide[line["Obligation"]] == [
            str(line["Concernées"]),
            str(line["Respectée"]),
            str(line["Non constatée"]),
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
    # A commune's scorecard has one page more: what its residents can do online; every
    # explored site's has its relays' page.
    [(kind,)] = sql(crawled_farm, "SELECT kind FROM authorities WHERE id = :a", a=authority_id)
    assert len(slides) == (8 if kind == "commune" else 7)
    scores = table_rows(list(slides[0].shapes))
    peers = sorted(  # never itself; a thin stratum widens (tests/reports/test_scorecard.py)
        s
        for (s,) in sql(
            crawled_farm,
            "SELECT score FROM scores WHERE stratum = :s AND authority_id != :a",
            s=stratum,
            a=authority_id,
        )
    )
    assert scores[1][:2] == ["Score global", french_fixed(score)]
    if len(peers) >= MIN_SITES:
        middle = len(peers) // 2
        stratum_median = (
            peers[middle] if len(peers) % 2 else (peers[middle - 1] + peers[middle]) / 2
        )
        assert scores[1][2] == french_fixed(stratum_median)
    strengths = table_rows(list(slides[2].shapes))[1:]
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
    # A social indicator left unknown takes a line under the table, and a row from it.
    unknown = [t for s in slides[2].shapes if s.has_text_frame for t in s.text_frame.text.split("\n")
               if "laissé hors du score" in t]  # fmt: skip
    room = 12 - len(unknown)
    if len(weighted) > room:  # what fits, then how many more
        more = len(weighted) - room
        assert shown[-1] == f"… et {more} autre{'s' if more > 1 else ''}"
        shown = shown[:-1]
    assert set(shown) <= weighted
    assert len(shown) == min(len(weighted), room)
    table = next(shape for shape in slides[2].shapes if shape.has_table).table
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
    accounts = {  # a social indicator met links to its account, no page showing it
        url
        for (url,) in sql(
            crawled_farm,
            "SELECT value FROM findings WHERE authority_id = :a AND feature LIKE 'social.%'",
            a=authority_id,
        )
    }
    assert links
    assert links <= evidence | accounts
    duties = {row[0]: row[1] for row in table_rows(list(slides[4].shapes))[1:]}
    [(has_mention,)] = sql(
        crawled_farm,
        "SELECT COUNT(*) FROM findings WHERE authority_id = :a AND feature = 'a11y.mention'",
        a=authority_id,
    )
    assert duties["Mention « Accessibilité : … conforme » sur le site"] == (
        "Respectée" if has_mention else "Non constatée"
    )
    texts = [s.text_frame.text for s in slides[-1].shapes if s.has_text_frame]  # the actions
    actions = [text for text in texts if re.match(r"\d\. ", text)]
    assert 1 <= len(actions) <= 3
    for action in actions:  # with the points of global score it would bring
        assert "Gain possible : " in action
    refused = vigie("report", "--db", crawled_farm.database_url, "--authority", "nope", check=False)
    assert refused.returncode == 2
