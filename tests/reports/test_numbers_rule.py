"""The rule for numbers (docs/report.md, "Rules for numbers"), held over built decks: every
chart category carries its n, equal to a SQL count of the scope's sites; a category under
MIN_SITES reads "effectif insuffisant" and draws no bar; thin strata are merged and never
ranked "1 / 1"; tables are readable; the title gives its counts agreed and its date in French."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Pt
from sqlalchemy import text

from database.geography import COMMUNE_STRATA, REGION_OF_DEPARTEMENT
from reports.adoption import ADOPTION_GROUPS
from reports.french import MONTHS
from reports.labels import STRATUM_LABELS
from reports.layout import MIN_TABLE_PT
from reports.stratum_groups import group_label, group_strata
from reports.thresholds import INSUFFICIENT, MIN_SITES
from tests.conftest import CrawledFarm, vigie

CATEGORY = re.compile(r"(?s)(?P<label>.+)\n\(n = (?P<n>[\d\u202f]+)\)(?P<thin>\n.+)?")
NUMBER = re.compile(r"[\d\u202f]+")
FEATURE_OF_LABEL = {
    label: key + "%" if key.endswith(".") else key
    for _, features in ADOPTION_GROUPS
    for key, label in features
}
BOUNDS = {stratum: (low, high) for stratum, low, high in COMMUNE_STRATA}
STRATUM_OF_LABEL = {label: stratum for stratum, label in STRATUM_LABELS.items()}


def number(value: str) -> int:
    return int(value.replace("\u202f", ""))


def strata_named(label: str) -> list[str]:
    """The strata a category's label names, read from its words: a stratum's own label,
    'Départements et régions', or a range of population ('≥ 10 000', '< 2 000 hab.',
    '10 000 – 99 999') that covers whole commune strata."""
    if label in STRATUM_OF_LABEL:
        return [STRATUM_OF_LABEL[label]]
    if label == "Départements et régions":
        return ["departement", "region"]
    low, high = 0, None
    if match := re.fullmatch(r"≥ ([\d\u202f]+)", label):
        low = number(match[1])
    elif match := re.fullmatch(r"< ([\d\u202f]+) hab\.", label):
        high = number(match[1]) - 1
    elif match := re.fullmatch(r"([\d\u202f]+) – ([\d\u202f]+)", label):
        low, high = number(match[1]), number(match[2])
    else:
        raise AssertionError(f"a category names no stratum: {label!r}")
    named = [
        stratum
        for stratum, (start, end) in BOUNDS.items()
        if start >= low and (high is None or (end is not None and end <= high))
    ]
    assert named, label
    return named


class Scope:
    """A deck's scope as the deck's option and as a SQL condition on `authorities a`."""

    def __init__(self, option: str, where: str, **parameters: object) -> None:
        self.option, self.where, self.parameters = option, where, parameters


def sql(farm: CrawledFarm, query: str, scope: Scope, **parameters: object) -> list[tuple]:
    with farm.engine.connect() as connection:
        rows = connection.execute(
            text(query.replace("{scope}", scope.where)), {**scope.parameters, **parameters}
        )
        return [tuple(row) for row in rows]


def crawled_by_stratum(farm: CrawledFarm, scope: Scope) -> dict[str, int]:
    return dict(
        sql(
            farm,
            "SELECT a.stratum, COUNT(*) FROM site_scans s JOIN authorities a"
            " ON a.id = s.authority_id WHERE s.run_id = 1 AND s.status = 'ok' AND {scope}"
            " GROUP BY a.stratum",
            scope,
        )
    )


def scored_by_stratum(farm: CrawledFarm, scope: Scope) -> dict[str, int]:
    return dict(
        sql(
            farm,
            "SELECT s.stratum, COUNT(*) FROM scores s JOIN authorities a ON a.id = s.authority_id"
            " WHERE s.run_id = 1 AND {scope} GROUP BY s.stratum",
            scope,
        )
    )


def busiest_departement(farm: CrawledFarm) -> str:
    [(code,)] = sql(
        farm,
        "SELECT a.departement_code FROM site_scans s JOIN authorities a ON a.id = s.authority_id"
        " WHERE s.run_id = 1 AND s.status = 'ok' AND {scope} GROUP BY a.departement_code"
        " ORDER BY COUNT(*) DESC, a.departement_code LIMIT 1",
        Scope("national", "a.departement_code IS NOT NULL"),
    )
    return str(code)


@pytest.fixture(scope="module")
def scopes(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> list[Scope]:
    departement = busiest_departement(crawled_farm)
    region = REGION_OF_DEPARTEMENT[departement]
    inside = sorted(d for d, r in REGION_OF_DEPARTEMENT.items() if r == region)
    [(one,)] = sql(
        crawled_farm,
        "SELECT a.code FROM scores s JOIN authorities a ON a.id = s.authority_id"
        " WHERE {scope} ORDER BY a.code LIMIT 1",
        Scope("national", "1 = 1"),
    )
    folder = tmp_path_factory.mktemp("list")
    listed = folder / "one.txt"
    listed.write_text(f"{one}\n", encoding="utf-8")
    # Enough communes to chart, and one authority of another family: a category too thin.
    mixed = [
        code
        for kind in ("IN", "NOT IN")
        for (code,) in sql(
            crawled_farm,
            "SELECT a.code FROM scores s JOIN authorities a ON a.id = s.authority_id"
            f" WHERE {{scope}} AND s.stratum {kind} ('epci', 'departement', 'region')"
            f" ORDER BY a.code LIMIT {1 if kind == 'IN' else MIN_SITES}",
            Scope("national", "1 = 1"),
        )
    ]
    (folder / "mixed.txt").write_text("\n".join(mixed) + "\n", encoding="utf-8")
    return [
        Scope("national", "1 = 1"),
        Scope(f"departement:{departement}", "a.departement_code = :d", d=departement),
        Scope(
            f"region:{region}",
            "(a.region_code = :r OR a.departement_code IN ("
            + ", ".join(f"'{code}'" for code in inside)
            + "))",
            r=region,
        ),
        Scope(f"list:{listed}", "a.code = :c", c=one),
        Scope(
            f"list:{folder / 'mixed.txt'}",
            "a.code IN (" + ", ".join(f"'{code}'" for code in mixed) + ")",
        ),
    ]


@pytest.fixture(scope="module")
def decks(
    crawled_farm: CrawledFarm, scopes: list[Scope], tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[Scope, Path]]:
    folder = tmp_path_factory.mktemp("decks")
    built = []
    for number_, scope in enumerate(scopes):
        out = folder / f"deck-{number_}.pptx"
        vigie(
            "report", "--db", crawled_farm.database_url, "--out", str(out), "--scope", scope.option
        )
        built.append((scope, out))
    return built


def all_charts(deck: Path) -> Iterator[tuple[str, str, Chart]]:
    """Every chart of the deck with the title and the text of its slide."""
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes[0].text_frame.text if slide.shapes[0].has_text_frame else ""
        texts = "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for shape in slide.shapes:
            if shape.has_chart:
                yield title, texts, shape.chart


def charts(deck: Path) -> Iterator[tuple[str, Chart]]:
    """The charts by category (bars): strata, with their n, on the category axis."""
    for title, _, chart in all_charts(deck):
        if chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED:
            yield title, chart


def slide_texts(deck: Path) -> list[tuple[str, str]]:
    """(title, all the text of the slide) of each slide."""
    return [
        (
            slide.shapes[0].text_frame.text if slide.shapes[0].has_text_frame else "",
            "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame),
        )
        for slide in Presentation(str(deck)).slides
    ]


def table_rows(deck: Path, title: str) -> list[list[str]]:
    [slide] = [
        slide
        for slide in Presentation(str(deck)).slides
        if slide.shapes[0].has_text_frame and slide.shapes[0].text_frame.text.startswith(title)
    ]
    table = next(shape for shape in slide.shapes if shape.has_table).table
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_strata_merge_upward_within_their_family_only() -> None:
    counts = {"0-499": 40, "500-1999": 2, "2000-3499": 2, "3500-9999": 1, "10000-49999": 9,
              "50000-99999": 1, "epci": 3, "departement": 2, "region": 4}  # fmt: skip
    groups = group_strata(counts)
    assert [group.strata for group in groups] == [
        ("0-499",),
        ("500-1999", "2000-3499", "3500-9999"),  # 2 + 2 + 1: the threshold reached
        ("10000-49999", "50000-99999"),  # the thin top joins the group below it
        ("epci",),  # alone, and under the threshold: not drawn
        ("departement", "region"),
    ]
    assert [group.n for group in groups] == [40, 5, 10, 3, 6]
    assert [group.shown for group in groups] == [True, True, True, False, True]
    assert sum(group.n for group in groups) == sum(counts.values())
    spaced = [group.label.replace("\u202f", " ") for group in groups[1:3]]
    assert spaced == ["500 – 9 999", "10 000 – 99 999"]
    assert group_label(("0-499", "500-1999")).replace("\u202f", " ") == "< 2 000 hab."
    assert group_label(("50000-99999", "100000+")).replace("\u202f", " ") == "≥ 50 000"
    assert groups[3].category() == f"EPCI\n(n = 3)\n{INSUFFICIENT}"
    [lone] = group_strata({"100000+": 1})  # nothing to merge with: named, not drawn
    assert not lone.shown
    assert lone.category().endswith(f"(n = 1)\n{INSUFFICIENT}")


def test_a_chart_without_categories_states_its_n_beside_it(
    decks: list[tuple[Scope, Path]],
) -> None:
    for _, deck in decks:
        for title, texts, chart in all_charts(deck):
            if chart.chart_type != XL_CHART_TYPE.COLUMN_CLUSTERED:  # a scatter of the survey
                assert re.search(r"\bn = [\d\u202f]+ ", texts), title


def test_every_chart_category_carries_its_n_from_sql_and_thin_ones_draw_nothing(
    crawled_farm: CrawledFarm, decks: list[tuple[Scope, Path]]
) -> None:
    drawn = thin = 0
    for scope, deck in decks:
        crawled, scored = (
            crawled_by_stratum(crawled_farm, scope),
            scored_by_stratum(crawled_farm, scope),
        )
        seen: list[str] = []
        for title, chart in charts(deck):
            categories = list(chart.plots[0].categories)
            assert categories, f"{title}: a chart without categories has no n"
            percent = "%" in chart.value_axis.tick_labels.number_format
            # A share shows its sign on the axis ("100 %"); the axes chart is a score.
            assert percent == (not title.startswith("Les six axes")), title
            counts = crawled if percent else scored
            for index, category in enumerate(categories):
                match = CATEGORY.fullmatch(category)
                assert match is not None, f"{title}: {category!r} carries no n"
                strata = strata_named(match["label"])
                n = sum(counts.get(stratum, 0) for stratum in strata)
                assert number(match["n"]) == n, (scope.option, title, category)
                values = [series.values[index] for series in chart.plots[0].series]
                if n < MIN_SITES:
                    assert match["thin"] == f"\n{INSUFFICIENT}"
                    assert values == [None] * len(values), (title, category)
                    thin += 1
                else:
                    assert match["thin"] is None
                    assert any(value is not None for value in values)
                    drawn += 1
                present = [crawled[stratum] for stratum in strata if stratum in crawled]
                if len(present) > 1:  # merged only where a stratum alone is too thin
                    assert min(present) < MIN_SITES, (title, category)
                if percent:
                    seen.extend(stratum for stratum in strata if stratum in crawled)
        # Each crawled stratum is in one category of each adoption chart: none left out.
        adoption_charts = sum(
            "%" in c.value_axis.tick_labels.number_format for _, c in charts(deck)
        )
        assert sorted(seen) == sorted(list(crawled) * adoption_charts)
    assert drawn > 0
    assert thin > 0  # the mixed list's authority of another family


def test_adoption_bars_are_the_share_of_the_categorys_crawled_sites_from_sql(
    crawled_farm: CrawledFarm, decks: list[tuple[Scope, Path]]
) -> None:
    checked = 0
    for scope, deck in decks:
        for title, chart in charts(deck):
            if "%" not in chart.value_axis.tick_labels.number_format:
                continue
            for index, category in enumerate(chart.plots[0].categories):
                match = CATEGORY.fullmatch(category)
                assert match is not None
                if match["thin"]:
                    continue
                strata = strata_named(match["label"])
                for series in chart.plots[0].series:
                    [(sites, having)] = sql(
                        crawled_farm,
                        """
                        SELECT COUNT(DISTINCT s.authority_id),
                               COUNT(DISTINCT CASE WHEN f.feature LIKE :pattern
                                     THEN s.authority_id END)
                        FROM site_scans s JOIN authorities a ON a.id = s.authority_id
                        LEFT JOIN findings f ON f.authority_id = s.authority_id
                             AND f.run_id = s.run_id
                        WHERE s.run_id = 1 AND s.status = 'ok' AND {scope}
                          AND a.stratum IN (SELECT value FROM json_each(:strata))""",
                        scope,
                        pattern=FEATURE_OF_LABEL[series.name],
                        strata=str(strata).replace("'", '"'),
                    )
                    assert series.values[index] == round(100 * having / sites, 1), (
                        title,
                        category,
                        series.name,
                    )
                    checked += 1
    assert checked > 0


def test_axes_bars_are_the_mean_axis_score_of_the_categorys_scored_sites(
    crawled_farm: CrawledFarm, decks: list[tuple[Scope, Path]]
) -> None:
    from scoring.model import load_model

    axis_of_label = {axis.label: axis.key for axis in load_model().axes}
    checked = 0
    for scope, deck in decks:
        for title, chart in charts(deck):
            if not title.startswith("Les six axes"):
                continue
            assert chart.value_axis.axis_title.text_frame.text == "Score moyen, sur 100"
            for index, category in enumerate(chart.plots[0].categories):
                match = CATEGORY.fullmatch(category)
                assert match is not None
                if match["thin"]:
                    continue
                for series in chart.plots[0].series:
                    [(mean, measured)] = sql(
                        crawled_farm,
                        f"""
                        SELECT AVG(json_extract(s.axes, '$.{axis_of_label[series.name]}')),
                               COUNT(json_extract(s.axes, '$.{axis_of_label[series.name]}'))
                        FROM scores s JOIN authorities a ON a.id = s.authority_id
                        WHERE s.run_id = 1 AND {{scope}}
                          AND s.stratum IN (SELECT value FROM json_each(:strata))""",
                        scope,
                        strata=str(strata_named(match["label"])).replace("'", '"'),
                    )
                    expected = round(mean, 1) if measured >= MIN_SITES else None
                    assert series.values[index] == expected, (title, category, series.name)
                    checked += 1
    assert checked > 0


def test_a_scope_too_thin_for_any_stratum_says_so_instead_of_charting(
    crawled_farm: CrawledFarm, decks: list[tuple[Scope, Path]]
) -> None:
    for scope, deck in decks:
        crawled = crawled_by_stratum(crawled_farm, scope)
        if any(group.shown for group in group_strata(crawled)):
            continue
        assert not list(charts(deck)), scope.option
        [why] = [body for title, body in slide_texts(deck) if title.endswith("par strate")]
        assert why.count(INSUFFICIENT.capitalize()) == 1
        for stratum, count in crawled.items():
            assert f"{STRATUM_LABELS[stratum]} (n = {count})" in why


def test_thin_strata_get_no_ranking_of_their_own_but_one_list_with_their_stratum(
    crawled_farm: CrawledFarm, decks: list[tuple[Scope, Path]]
) -> None:
    listed = 0
    for scope, deck in decks:
        scored = scored_by_stratum(crawled_farm, scope)
        titles = [title for title, _ in slide_texts(deck)]
        ranked = {
            title.removeprefix("Classement : ").rsplit(" (", 1)[0]
            for title in titles
            if title.startswith("Classement : ")
        }
        assert ranked == {STRATUM_LABELS[s] for s, n in scored.items() if n >= MIN_SITES}
        thin = [stratum for stratum, n in scored.items() if n < MIN_SITES]
        if not thin:
            assert not any(title.startswith("Hors classement") for title in titles)
            continue
        best = sql(
            crawled_farm,
            """
            SELECT s.stratum, a.name, a.code, s.score FROM scores s
            JOIN authorities a ON a.id = s.authority_id
            WHERE s.run_id = 1 AND {scope} AND s.stratum IN (SELECT value FROM json_each(:t))
            ORDER BY s.score DESC, a.name LIMIT 12""",
            scope,
            t=str(thin).replace("'", '"'),
        )
        total = sum(scored[stratum] for stratum in thin)
        rows = table_rows(deck, f"Hors classement : {total} ")[1:]
        assert [(row[0], row[2], row[4]) for row in rows] == [
            (
                STRATUM_LABELS[stratum],
                code,
                # one decimal always, a column lining up, rounded half up as printed: 51.65
                # is 51,7 (f"{51.65:.1f}" gives 51.6, the float being 51.6499...)
                str(Decimal(str(score)).quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ","),
            )
            for stratum, _, code, score in best
        ]
        if scope.option != "national":  # the national rank, never one among 1 to 4
            assert not any(re.fullmatch(r"[\d–]+ / [1-4]", row[5]) for row in rows), rows
        listed += 1
    assert listed > 0


def test_no_table_is_set_under_the_readable_size(decks: list[tuple[Scope, Path]]) -> None:
    for _, deck in decks:
        for slide in Presentation(str(deck)).slides:
            for shape in slide.shapes:
                if not shape.has_table:
                    continue
                for row in shape.table.rows:
                    for cell in row.cells:
                        for paragraph in cell.text_frame.paragraphs:
                            for run in paragraph.runs:
                                assert run.font.size is None or run.font.size >= Pt(MIN_TABLE_PT)


def test_charts_tell_series_apart_by_colour(decks: list[tuple[Scope, Path]]) -> None:
    for _, deck in decks:
        for title, chart in charts(deck):
            colours = [series.format.fill.fore_color.rgb for series in chart.plots[0].series]
            assert len(set(colours)) == len(colours), title
            for first, second in zip(colours, colours[1:], strict=False):
                # Neighbouring bars differ by more than a shade of one blue.
                assert sum(abs(a - b) for a, b in zip(first, second, strict=True)) > 120, title


def test_title_gives_counts_agreed_and_the_date_in_words(
    crawled_farm: CrawledFarm, decks: list[tuple[Scope, Path]]
) -> None:
    [(started,)] = sql(
        crawled_farm, "SELECT started_at FROM crawl_runs WHERE id = 1", Scope("", "")
    )
    year, month, day = (int(part) for part in str(started)[:10].split("-"))
    when = f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"
    for scope, deck in decks:
        [(authorities, sites)] = sql(
            crawled_farm,
            "SELECT COUNT(*), SUM(s.status = 'ok') FROM site_scans s"
            " JOIN authorities a ON a.id = s.authority_id WHERE s.run_id = 1 AND {scope}",
            scope,
        )
        subtitle = Presentation(str(deck)).slides[0].shapes[1].text_frame.text
        collectivities = "collectivité" if authorities < 2 else "collectivités"
        explored = "site exploré" if sites < 2 else "sites explorés"
        assert f": {authorities} {collectivities}, dont {sites} {explored}\n" in subtitle
        assert subtitle.endswith(f"Campagne n° 1 du {when}")
