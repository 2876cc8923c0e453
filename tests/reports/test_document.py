"""The study document (`vigie report --format docx`): its chapters in order, the deck's
figures held to SQL, every rate with its n, and French text where a code would be raw."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocumentType
from docx.table import Table
from docx.text.paragraph import Paragraph
from pptx import Presentation
from sqlalchemy import Engine, text

from database import open_database
from database.geography import DEPARTEMENTS
from database.statuses import SCAN_STATUSES
from reports.adoption import ADOPTION_GROUPS
from reports.data import ReportData, load_report_data
from reports.deck_evolution import mean_rows
from reports.deck_practices import NO_SCREENSHOT
from reports.deck_survey import survey_mean
from reports.document import build_document
from reports.french import french_count, french_fixed, french_number, long_date
from reports.labels import FEATURE_LABELS, STRATUM_LABELS
from reports.practices import good_practices
from reports.survey_summary import SIMULATED, SurveyFigure
from reports.synthesis import paired
from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS, MIN_SITES
from scoring.model import DEFAULT_MODEL, Model, load_model
from survey.families import FAMILIES
from tests.conftest import CrawledFarm, copy_database, vigie
from tests.reports.practices_database import TAKEN, stored_image
from tests.reports.practices_database import build as build_practices
from tests.reports.test_synthesis import EARLIER, first_campaign, second_campaign

NARROW = "\u202f"


@pytest.fixture(scope="module")
def study(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("document") / "etude.docx"
    vigie("report", "--db", crawled_farm.database_url, "--format", "docx", "--out", str(out))
    return out


@pytest.fixture(scope="module")
def document(study: Path) -> DocumentType:
    return Document(str(study))


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


@pytest.fixture(scope="module")
def data(crawled_farm: CrawledFarm, model: Model) -> ReportData:
    return load_report_data(crawled_farm.engine, crawled_farm.run_id, model)


def sql(crawled_farm: CrawledFarm, query: str, **parameters: object) -> list[tuple]:
    with crawled_farm.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query), parameters)]


def rows_of(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def blocks(document: DocumentType) -> Iterator[Paragraph | Table]:
    """The body in reading order: paragraphs and tables."""
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            yield Paragraph(element, document)
        elif element.tag.endswith("}tbl"):
            yield Table(element, document)


def captioned(document: DocumentType) -> dict[str, tuple[Table, str]]:
    """Each table by its caption's title (after 'Tableau n – '), with its source line."""
    found: dict[str, tuple[Table, str]] = {}
    caption = ""
    pending: Table | None = None
    for block in blocks(document):
        if isinstance(block, Table):
            pending = block
        elif block.style is not None and block.style.name == "Caption":
            caption = block.text.split(" – ", 1)[-1]
        elif pending is not None:
            found[caption] = (pending, block.text)
            pending = None
    return found


def table_titled(document: DocumentType, start: str) -> list[list[str]]:
    [table] = [t for title, (t, _) in captioned(document).items() if title.startswith(start)]
    return rows_of(table)


def all_texts(document: DocumentType) -> Iterator[str]:
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield cell.text


def plain(shown: str) -> str:
    """A text without the no-break spaces of French typography, to compare with a label."""
    return shown.replace("\u00a0", " ").replace(NARROW, " ")


def percent(value: float) -> str:
    return f"{round(value)}{NARROW}%"


def test_the_chapters_run_from_synthesis_to_annexes_one_per_axis(
    document: DocumentType, model: Model
) -> None:
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    axes = [axis.label for axis in model.axes]
    after = 4 + len(axes)
    assert chapters[0] == "Sommaire"
    assert chapters[1:] == [
        "1. Synthèse",
        "2. Méthode et couverture",
        "3. Vue d'ensemble par strate",
        *(f"{number}. {label}" for number, label in enumerate(axes, start=4)),
        f"{after}. Obligations légales",
        f"{after + 1}. Réseaux sociaux",
        f"{after + 2}. Classements par strate",
        f"{after + 3}. Recommandations",
        "Annexe A. Les indicateurs du score",
        "Annexe B. Les statuts de l'exploration",
        "Annexe C. Définitions",
    ]
    # The table of contents is a field that lists them, for a reader who does not update it.
    xml = document.element.xml
    assert 'TOC \\o "1-1"' in xml
    listed = [p.text for p in document.paragraphs]
    start = listed.index("Sommaire")
    assert listed[start + 2 : start + 2 + len(chapters) - 1] == chapters[1:]


def test_coverage_and_statuses_are_the_scans_in_sql(
    crawled_farm: CrawledFarm, document: DocumentType
) -> None:
    counts = dict(
        sql(crawled_farm, "SELECT status, COUNT(*) FROM site_scans WHERE run_id = 1 GROUP BY 1")
    )
    coverage = table_titled(document, "Statut de l'exploration")
    assert {plain(row[0]): int(row[1]) for row in coverage[1:-1]} == {
        SCAN_STATUSES[status].label: count for status, count in counts.items()
    }
    assert coverage[-1][:2] == ["Total", str(sum(counts.values()))]
    annex = table_titled(document, "Les statuts de l'exploration")
    assert {plain(row[0]): int(row[2]) for row in annex[1:]} == {
        status.label: counts.get(code, 0) for code, status in SCAN_STATUSES.items()
    }


def test_an_adoption_rate_over_the_scope_is_sql(
    crawled_farm: CrawledFarm, document: DocumentType
) -> None:
    [(crawled, having)] = sql(
        crawled_farm,
        "SELECT COUNT(DISTINCT s.authority_id), COUNT(DISTINCT f.authority_id)"
        " FROM site_scans s LEFT JOIN findings f ON f.authority_id = s.authority_id"
        " AND f.run_id = s.run_id AND f.feature = 'legal.notice_url'"
        " WHERE s.run_id = 1 AND s.status = 'ok'",
    )
    rows = table_titled(document, "Accessibilité et pages légales, par strate")
    assert rows[0][-1] == f"Ensemble\n(n\u00a0=\u00a0{crawled})"
    [legal] = [row for row in rows if row[0] == "Mentions légales"]
    assert legal[-1] == percent(100 * having / crawled)


def test_adoption_and_axes_tables_are_the_decks_figures(
    document: DocumentType, data: ReportData
) -> None:
    groups = data.by_group.groups
    for title, features in ADOPTION_GROUPS:
        rows = table_titled(document, title)
        assert [row[0] for row in rows[1:]] == [label for _, label in features]
        for (key, _), row in zip(features, rows[1:], strict=True):
            for group, cell in zip(groups, row[1:-1], strict=True):
                value = data.by_group.adoption_value(key, group)
                assert cell == (INSUFFICIENT if value is None else percent(value)), (key, group)
    rows = table_titled(document, "Score moyen de chaque axe")
    for axis, row in zip(data.by_group.axes, rows[1:], strict=True):
        assert row[0] == data.axis_labels[axis]
        for group, cell in zip(groups, row[1:-1], strict=True):
            value = data.by_group.axis_value(axis, group)
            expected = INSUFFICIENT if value is None else f"{value:g}".replace(".", ",")
            assert cell == expected


def test_duties_table_is_the_decks(study: Path, crawled_farm: CrawledFarm, tmp_path: Path) -> None:
    deck = tmp_path / "deck.pptx"
    vigie("report", "--db", crawled_farm.database_url, "--out", str(deck))
    [slide_rows] = [
        [[cell.text for cell in row.cells] for row in shape.table.rows]
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape.has_table and shape.table.cell(0, 0).text == "Obligation"
    ]
    rows = table_titled(Document(str(study)), "Obligations légales")
    assert rows[0][:5] == slide_rows[0][:5]
    assert [[plain(cell) for cell in row[:5]] for row in rows[1:]] == [
        [plain(cell) for cell in row[:5]] for row in slide_rows[1:]
    ]


def test_every_rate_carries_its_n_and_thin_cells_are_suppressed(document: DocumentType) -> None:
    for title, (table, source) in captioned(document).items():
        rows = rows_of(table)
        for row in rows[1:]:
            for header, cell in zip(rows[0], row, strict=True):
                if "%" in cell:
                    assert any("n =" in plain(where) for where in (cell, header, source)), (
                        title,
                        header,
                        cell,
                    )
        if "Sites notés" in rows[0][1:2]:
            for row in rows[1:]:
                if int(row[1].replace(NARROW, "")) < MIN_SITES:
                    assert all(cell == INSUFFICIENT for cell in row[2:]), (title, row)


def test_weights_keep_their_decimals(document: DocumentType, model: Model) -> None:
    rows = table_titled(document, "Les indicateurs du score")
    weights = {row[0]: row[2] for row in rows[1:]}
    assert len(weights) == len(model.indicators)
    for indicator in model.indicators:
        assert weights[indicator.label] == f"{indicator.weight:g}".replace(".", ",")
    assert any("," in weight and len(weight) == 4 for weight in weights.values())  # 0,25


def vocabulary(model: Model) -> set[str]:
    """Every code of the crawl and the model that must not reach a reader raw."""
    codes = set(FEATURE_LABELS) | set(SCAN_STATUSES) - {"ok"}
    for indicator in model.indicators:
        codes |= {indicator.feature, indicator.key}
        values = indicator.values or ()
        codes |= {v for v in values if "-" in v or "_" in v}
    return {code for code in codes if "." in code or "_" in code or "-" in code}


RAW = (
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),  # ISO date
    re.compile(r"\b[a-z]+(?:_[a-z]+)+\b"),  # snake_case key
    re.compile(r"\b[a-z]+\.[a-z_]+\b"),  # dotted feature key
    re.compile(r"\d\.\d"),  # a decimal point
)


def test_no_raw_code_reaches_the_text(document: DocumentType, model: Model) -> None:
    codes = vocabulary(model)
    for shown in all_texts(document):
        # The file a site's robot rules are in and the model's name are said as they are,
        # so is a section's number (13.1).
        words = shown.replace("robots.txt", "").replace(model.version, "")
        words = re.sub(r"^\d+(\.\d+)* ", "", words)
        # So are a web address and a page's path (where a good practice was seen).
        words = re.sub(r"https?://\S+|(?<!\S)/\S*", "", words)
        for code in codes:
            assert not re.search(rf"(?<![\w.-]){re.escape(code)}(?![\w-])", words), (code, shown)
        for pattern in RAW:
            assert not pattern.search(words), (pattern.pattern, shown)


def test_figures_and_tables_are_numbered_with_their_source(
    document: DocumentType, data: ReportData
) -> None:
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    figures = [c for c in captions if c.startswith("Figure")]
    tables = [c for c in captions if c.startswith("Tableau")]
    assert [c.split(" – ")[0] for c in figures] == [
        f"Figure\u00a0{n}" for n in range(1, len(figures) + 1)
    ]
    assert [c.split(" – ")[0] for c in tables] == [
        f"Tableau\u00a0{n}" for n in range(1, len(tables) + 1)
    ]
    assert len(tables) == len(document.tables)
    assert len(figures) == len(document.inline_shapes)
    for title, (_, source) in captioned(document).items():
        assert source.startswith(f"Source\u00a0: Vigie, campagne n°\u00a0{data.run_id} du"), title


def test_rankings_only_for_strata_of_enough_scored_sites(
    crawled_farm: CrawledFarm, document: DocumentType, data: ReportData
) -> None:
    scored = dict(
        sql(crawled_farm, "SELECT stratum, COUNT(*) FROM scores WHERE run_id = 1 GROUP BY 1")
    )
    tables = captioned(document)
    for stratum, count in scored.items():
        label = plain(STRATUM_LABELS[stratum])
        ranked = [t for title, (t, _) in tables.items() if plain(title) == f"Classement : {label}"]
        if count < MIN_SITES:
            assert ranked == [], stratum
            continue
        rows = rows_of(ranked[0])[1:]
        best = data.stratum_ranking(stratum)[:10]
        assert [row[1] for row in rows] == [entry.name for entry in best]
        # Scores line up in their column: one decimal always (56,0 beside 64,5), a half
        # rounded away from zero as people round (45,15 reads 45,2, not Python's 45,1).
        assert [row[-1] for row in rows] == [french_fixed(entry.score) for entry in best]
        assert all(re.fullmatch(r"\d+,\d", row[-1]) for row in rows)


def section(document: DocumentType, title: str, level: int = 2) -> list[Paragraph | Table]:
    """The blocks after the heading `title` (its level), up to the next heading as high."""
    found: list[Paragraph | Table] = []
    inside = False
    for block in blocks(document):
        style = block.style.name if isinstance(block, Paragraph) and block.style else ""
        heading_level = int(style.split()[-1]) if style.startswith("Heading ") else 0
        if heading_level and heading_level <= level and inside:
            break
        if heading_level == level and plain(block.text).startswith(title):  # type: ignore[union-attr]
            inside = True
        elif inside:
            found.append(block)
    return found


def section_text(document: DocumentType, title: str, level: int = 2) -> str:
    texts = [
        "\n".join(cell.text for row in block.rows for cell in row.cells)
        if isinstance(block, Table)
        else block.text
        for block in section(document, title, level)
    ]
    return plain("\n".join(texts))


def axis_chapter(document: DocumentType, label: str) -> list[Paragraph | Table]:
    """The good-practice section of the axis's chapter."""
    chapter = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    [title] = [t for t in chapter if re.fullmatch(rf"\d+\. {re.escape(label)}", t)]
    blocks_in = section(document, title, level=1)
    [start] = [i for i, b in enumerate(blocks_in) if isinstance(b, Paragraph)
               and b.style.name == "Heading 2" and b.text == "Bonne pratique"]  # fmt: skip
    return blocks_in[start + 1 :]


def pictures_of(document: DocumentType, found: list[Paragraph | Table]) -> list[bytes]:
    """The bytes of the inline pictures of these blocks, as stored in the file."""
    images = []
    for block in found:
        if isinstance(block, Paragraph):
            for blip in block._p.xpath(".//a:blip"):
                rid = blip.get(f"{{{RELATIONSHIPS}}}embed")
                images.append(document.part.related_parts[rid].blob)
    return images


RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def test_each_axis_shows_its_exemplary_site_with_its_screenshot_or_says_none_was_taken(
    engine: Engine, tmp_path: Path, model: Model
) -> None:
    run = build_practices(engine, tmp_path, model)
    data = load_report_data(engine, run, model)
    out = Document(str(build_document(data, model, tmp_path / "etude.docx")))
    shown = with_shot = without = 0
    for practice in good_practices(engine, run, model):
        blocks_in = axis_chapter(out, practice.label)
        words = plain("\n".join(b.text for b in blocks_in if isinstance(b, Paragraph)))
        example = practice.example
        if example is None:
            assert "pas d'exemple à montrer" in words or "n'a de score" in words
            assert pictures_of(out, blocks_in) == []
            continue
        shown += 1
        assert f"{example.name} (strate" in words
        for offer in example.offers:
            assert plain(offer.label) in words
        stored = stored_image(engine, example.name)
        if stored is None:
            without += 1
            assert f"{NO_SCREENSHOT}." in words
            assert pictures_of(out, blocks_in) == []
        else:
            with_shot += 1
            assert pictures_of(out, blocks_in) == [stored]
            assert plain(f"Capture d'écran du {long_date(TAKEN)}") in words
            assert NO_SCREENSHOT not in words
    # The hand-built run has examples with and without a screenshot: both paths are read.
    assert shown > 0
    assert with_shot > 0
    assert without > 0


def test_a_first_campaign_says_there_is_no_comparison(document: DocumentType) -> None:
    said = section_text(document, "Évolution depuis la campagne précédente")
    assert said.startswith("Première campagne : pas de comparaison.")


def test_the_evolution_has_the_decks_figures_held_to_sql(engine: Engine, tmp_path: Path) -> None:
    scoring = load_model(DEFAULT_MODEL)
    first = first_campaign(engine, scoring)
    second = second_campaign(engine, scoring)
    data = load_report_data(engine, second, scoring)
    out = Document(str(build_document(data, scoring, tmp_path / "etude.docx")))
    assert data.synthesis is not None
    assert data.synthesis.previous is not None
    said = section_text(out, "Évolution depuis la campagne du")
    assert "Première campagne" not in said
    [title] = [p.text for p in out.paragraphs if p.text.startswith("Évolution depuis")]
    assert plain(title) == plain(f"Évolution depuis la campagne du {long_date(EARLIER)}")
    rows = table_titled(out, "Moyennes de la campagne précédente")
    before, after = paired(data.synthesis.current, data.synthesis.previous)
    assert [[plain(c) for c in row] for row in rows[1:]] == [
        [plain(c) for c in row] for row in mean_rows(data, before, after)
    ]
    [(was, now, n)] = sql_engine(
        engine,
        "SELECT AVG(b.score), AVG(a.score), COUNT(*) FROM scores a JOIN scores b"
        " ON a.authority_id = b.authority_id WHERE a.run_id = :a AND b.run_id = :b",
        a=second, b=first,
    )  # fmt: skip
    assert rows[1][:3] == ["Score global", french_number(was), french_number(now)]
    assert plain(f"Sur les {n} collectivités notées aux deux campagnes") in said


def sql_engine(engine: Engine, query: str, **values: object) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query), values)]


@pytest.fixture(scope="module")
def surveyed(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> CrawledFarm:
    """A copy of the crawled farm's database with a simulated survey analysed against its run."""
    folder = tmp_path_factory.mktemp("surveyed-document")
    url = copy_database(crawled_farm.directory / "vigie.db", folder / "vigie.db")
    copy = replace(crawled_farm, database_url=url, engine=open_database(url), directory=folder)
    db = ("--db", copy.database_url)
    vigie("survey", "design", "--out", str(folder / "form.xlsx"), *db)
    vigie("survey", "simulate", "--form", str(folder / "form.xlsx"), "--respondents", "1200",
          "--seed", "4", "--out", str(folder / "answers.csv"), *db)  # fmt: skip
    vigie("survey", "analyse", str(folder / "answers.csv"), "--form", str(folder / "form.xlsx"),
          "--margins", str(folder / "answers-marges.csv"), "--name", "essai-2026", *db)  # fmt: skip
    return copy


def respondents(surveyed: CrawledFarm, where: str) -> int:
    """The respondents the analysis stored for an area ('' for the whole survey)."""
    measure = f"repondants@{where}" if where else "repondants"
    [(n,)] = sql(surveyed, "SELECT respondents FROM survey_results WHERE survey = 'essai-2026'"
                 " AND measure = :m", m=measure)  # fmt: skip
    return int(n)


def survey_document(surveyed: CrawledFarm, scope: str) -> DocumentType:
    out = surveyed.directory / f"etude-{scope.replace(':', '-')}.docx"
    vigie("report", "--db", surveyed.database_url, "--format", "docx", "--scope", scope,
          "--out", str(out))  # fmt: skip
    return Document(str(out))


def departements_by_respondents(surveyed: CrawledFarm) -> list[tuple[int, str]]:
    """The départements with an explored site, by their respondents, most first."""
    counts = {
        measure.split(":", 1)[1]: n
        for measure, n in sql(surveyed, "SELECT measure, respondents FROM survey_results WHERE"
                              " survey = 'essai-2026' AND measure LIKE 'repondants@departement:%'")
    }  # fmt: skip
    codes = {code for (code,) in sql(surveyed, "SELECT DISTINCT a.departement_code FROM"
             " site_scans s JOIN authorities a ON a.id = s.authority_id WHERE s.status = 'ok'")}  # fmt: skip
    return sorted(((counts.get(code, 0), code) for code in codes if code), reverse=True)


def test_the_national_survey_chapter_says_its_n_and_that_the_answers_are_simulated(
    surveyed: CrawledFarm,
) -> None:
    document = survey_document(surveyed, "national")
    said = section_text(document, f"{survey_number(document)}. Enquête", level=1)
    whole = respondents(surveyed, "")
    assert plain(f"Périmètre : France entière · n = {french_count(whole)} répondants") in said
    assert SIMULATED in said
    rows = table_titled(document, "Importance et satisfaction des services")
    assert [row[0] for row in rows[1:]] == [family.short for family in FAMILIES]
    # The deck's sections beyond the services (tests/reports/test_document_survey.py).
    assert plain(f"Ensemble (n = {french_count(whole)})") in said
    assert "Citations non jointes" in said  # no --survey-comments given
    # Its tables cite the survey and its weighting, not the crawl and the scoring model.
    assert "Source : enquête « essai-2026 », pondérée" in said
    assert "modèle de score" not in said
    assert "seuils importance" in said  # the quadrants' thresholds, as on the slide


def survey_number(document: DocumentType) -> str:
    [title] = [p.text for p in document.paragraphs
               if p.style.name == "Heading 1" and "Enquête auprès des habitants" in p.text]  # fmt: skip
    return title.split(".")[0]


def test_a_departement_document_shows_its_residents_not_the_nations(
    surveyed: CrawledFarm,
) -> None:
    n, code = departements_by_respondents(surveyed)[0]
    assert n >= MIN_RESPONDENTS
    document = survey_document(surveyed, f"departement:{code}")
    said = section_text(document, f"{survey_number(document)}. Enquête", level=1)
    whole = respondents(surveyed, "")
    assert (
        plain(
            f"Périmètre : {DEPARTEMENTS[code]} ({code}) · n = {french_count(n)} répondants"
            f" (sur {french_count(whole)})"
        )
        in said
    )
    assert SIMULATED in said
    [(importance, count)] = sql(
        surveyed, "SELECT estimate, respondents FROM survey_results WHERE survey = 'essai-2026'"
        " AND family = :f AND measure = :m", f=FAMILIES[0].key,
        m=f"importance@departement:{code}",
    )  # fmt: skip
    rows = table_titled(document, "Importance et satisfaction des services")
    expected = survey_mean(SurveyFigure(importance, None, None, count))
    assert plain(rows[1][1]) == plain(expected)
    assert f"n = {french_count(whole)})" not in plain(rows[1][1])


def test_a_departement_with_too_few_respondents_leaves_the_survey_out_and_says_why(
    surveyed: CrawledFarm,
) -> None:
    n, code = departements_by_respondents(surveyed)[-1]
    assert n < MIN_RESPONDENTS
    document = survey_document(surveyed, f"departement:{code}")
    said = section_text(document, f"{survey_number(document)}. Enquête", level=1)
    assert plain(f"n = {french_count(n)} répondant") in said
    assert f"seuil de {MIN_RESPONDENTS} répondants" in said
    assert SIMULATED in said
    assert not [t for t in captioned(document) if t.startswith("Importance et satisfaction")]
