"""The benchmark deck, in French, built from the database: method, overview, ranking, portraits."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt
from sqlalchemy import Engine

from reports.data import (
    ACTIVE_DAYS,
    ADOPTION_GROUPS,
    PORTRAITS,
    RankedAuthority,
    ReportData,
    SurveyFigure,
    feature_label,
    load_report_data,
)
from reports.key_messages import key_findings, recommendations
from reports.labels import STATUS_LABELS, STRATUM_LABELS, french_count, french_number, plural
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    INK,
    MARGIN,
    MUTED,
    SCALE,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    WHITE,
    add_bullets,
    add_table,
    add_text,
    new_presentation,
    shorten,
    titled_slide,
)
from reports.tilemap import OUT_OF_SCOPE as OUTSIDE
from reports.tilemap import TILES, UNSCORED
from scoring.model import Model
from survey.families import FAMILIES
from survey.ipa import quadrants, thresholds

RANKING_ROWS = 12
PORTRAIT_FINDINGS, PORTRAIT_GAPS = 10, 6
# Tiles: classes of the colour scale, grey where no authority is scored, pale out of scope.
MAP_COLOURS = (SCALE[0], SCALE[1], SCALE[2], SCALE[4], SCALE[5])
NO_SCORE, OUT_OF_SCOPE = RGBColor(0xC8, 0xC8, 0xC8), RGBColor(0xF1, 0xF1, 0xF1)
TILE_COLOURS = {UNSCORED: NO_SCORE, OUTSIDE: OUT_OF_SCOPE}


def _sites(count: int) -> str:
    return f"{count} site" if count == 1 else f"{french_count(count)} sites"


def _page_label(url: str) -> str:
    """A page as a reader names it: its path, or "Accueil" for the home page."""
    path = urlsplit(url).path or "/"
    return "Accueil" if path == "/" else unquote(path)


def _value_label(value: str, evidence_url: str) -> str:
    """URLs of the site itself by their path; other URLs without their scheme."""
    if value in ("true", "false"):
        return "oui" if value == "true" else "non"
    if not value.startswith(("http://", "https://")):
        return value
    if urlsplit(value).netloc == urlsplit(evidence_url).netloc:
        return _page_label(value)
    return value.split("://", 1)[1]


def _source(data: ReportData) -> str:
    return (
        f"Source : Vigie, campagne n° {data.run_id} du {data.run_started:%d/%m/%Y}, "
        f"modèle de score {data.model_version}, périmètre : {data.scope.label}."
    )


def _title_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    add_text(
        slide,
        MARGIN,
        Inches(2.1),
        CONTENT_WIDTH,
        Inches(1.2),
        "Présence numérique des collectivités",
        size=40,
        bold=True,
    )
    add_text(
        slide,
        MARGIN,
        Inches(3.3),
        CONTENT_WIDTH,
        Inches(2),
        f"Baromètre Vigie, {data.scope.label} : {french_count(data.authorities)} collectivités, "
        f"dont {french_count(data.crawled)} sites explorés\n"
        f"Campagne n° {data.run_id} du {data.run_started:%d/%m/%Y}",
        size=22,
    )


def _summary_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(presentation, "Synthèse : ce qu'il faut retenir", _source(data))
    add_bullets(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(5.4), key_findings(data), size=20)


def _method_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(presentation, "Méthode et couverture", _source(data))
    add_bullets(
        slide,
        MARGIN,
        CONTENT_TOP,
        Inches(6.2),
        Inches(5),
        [
            "Pour chaque collectivité, le site référencé est exploré : page d'accueil puis pages clés "
            "(mentions légales, accessibilité, démarches, contact), dans la limite d'un budget de pages.",
            "Le robot s'identifie, respecte robots.txt et ralentit selon la réponse des serveurs.",
            "Chaque constat est conservé avec sa preuve : adresse de la page et extrait.",
            "Un site qui n'a pas pu être exploré est exclu des classements, jamais noté zéro.",
            "Le score (0 à 100) est la moyenne de six axes, chacun moyenne pondérée d'indicateurs ; "
            "le rang se lit dans la strate de population, avec son intervalle quand les "
            "pondérations varient.",
        ],
        size=15,
    )
    rows = [
        [STATUS_LABELS.get(status, status), french_count(count)]
        for status, count in sorted(data.statuses.items(), key=lambda item: -item[1])
    ]
    rows.append(["Total", french_count(data.authorities)])
    add_table(
        slide,
        Inches(7.3),
        CONTENT_TOP,
        Inches(5.4),
        ["Statut de l'exploration", "Collectivités"],
        rows,
        (0.72, 0.28),
        size=13,
    )


def _overview_slide(
    presentation: PresentationType,
    data: ReportData,
    title: str,
    features: tuple[tuple[str, str], ...],
) -> None:
    slide = titled_slide(
        presentation, title, _source(data) + " Part des sites explorés de chaque strate, en %."
    )
    chart_data = CategoryChartData(number_format='0"%"')
    chart_data.categories = [label for _, label in features]
    for stratum in data.strata:
        label = f"{STRATUM_LABELS.get(stratum, stratum)} ({_sites(data.ok_by_stratum[stratum])})"
        chart_data.add_series(label, [data.adoption[key][stratum] for key, _ in features])
    _clustered_chart(slide, chart_data, '0"%"', maximum=100)


def _clustered_chart(
    slide: Slide, chart_data: CategoryChartData, number_format: str, maximum: float = 100
) -> None:
    """A native clustered column chart over the content area, in the deck's colour scale."""
    # python-pptx annotates add_chart as returning the chart; it returns its graphic frame.
    frame: Any = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        Emu(SLIDE_HEIGHT - CONTENT_TOP - Inches(0.7)),
        chart_data,  # type: ignore[arg-type]
    )
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(12)
    chart.category_axis.tick_labels.font.size = Pt(13)
    axis = chart.value_axis
    axis.maximum_scale, axis.minimum_scale = maximum, 0
    axis.tick_labels.font.size = Pt(12)
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = number_format, False
    for index, series in enumerate(chart.series):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = SCALE[index % len(SCALE)]


def _axes_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Les six axes du score, par strate",
        _source(data) + " Score moyen de chaque axe (0 à 100) des sites explorés de la strate.",
    )
    chart_data = CategoryChartData(number_format="0")
    chart_data.categories = [data.axis_labels[key] for key in data.axes_by_stratum]
    for stratum in data.strata:
        label = f"{STRATUM_LABELS.get(stratum, stratum)} ({_sites(data.ok_by_stratum[stratum])})"
        chart_data.add_series(
            label, [data.axes_by_stratum[key].get(stratum, 0.0) for key in data.axes_by_stratum]
        )
    _clustered_chart(slide, chart_data, "0")


def _compliance_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Obligations légales : ce que les sites montrent",
        _source(data)
        + " Indéterminé : site non exploré, ou obligation invérifiable sur le site (50 agents,"
        " actes sur papier sous 3 500 hab., guichet intercommunal). Taux : parmi les constats"
        " possibles.",
    )
    rows = [
        [
            line.label,
            french_count(line.concerned),
            french_count(line.met),
            french_count(line.unmet),
            french_count(line.unknown),
            "–" if line.rate is None else f"{round(100 * line.rate)} %",
        ]
        for line in data.compliance
    ]
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        ["Obligation", "Concernées", "Respectée", "Non constatée", "Indéterminé", "Taux constaté"],
        rows,
        (0.36, 0.12, 0.12, 0.13, 0.13, 0.14),
        size=13,
    )


def _ranking_slide(presentation: PresentationType, data: ReportData, stratum: str) -> None:
    entries = data.stratum_ranking(stratum)
    national = data.scope.is_national
    slide = titled_slide(
        presentation,
        f"Classement : {STRATUM_LABELS.get(stratum, stratum)} ({french_count(len(entries))} {plural(len(entries), 'classée')})",
        _source(data)
        + " Un intervalle (2–5) donne les rangs possibles quand les pondérations varient :"
        " deux intervalles qui se chevauchent ne distinguent pas les collectivités.",
    )
    header = ["Rang national dans la strate", "Collectivité", "Code", "Dép.", "Score / 100"]
    widths: tuple[float, ...] = (0.2, 0.42, 0.13, 0.1, 0.15)
    if not national:
        header = ["Rang (périmètre)", *header]
        widths = (0.14, 0.19, 0.34, 0.12, 0.08, 0.13)
    rows = [
        [
            *(
                []
                if national
                else [f"{french_count(entry.scope_rank)} / {french_count(entry.scope_count)}"]
            ),
            entry.rank_text,
            shorten(entry.name, 40),
            entry.code,
            entry.departement or "–",
            french_number(entry.score),
        ]
        for entry in entries[:RANKING_ROWS]
    ]
    add_table(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, header, rows, widths, size=13)


def _map_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Carte : score moyen par département",
        _source(data)
        + " Moyenne des scores des collectivités notées du département (communes, EPCI,"
        " département) ; classes de tailles égales (quintiles des départements).",
    )
    tile, gap = Inches(0.43), Inches(0.04)
    shading = data.map_shading()
    for code, (row, column) in TILES.items():
        shade = shading.tiles[code]
        colour = TILE_COLOURS[shade] if isinstance(shade, str) else MAP_COLOURS[shade]
        square = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE,
            Emu(MARGIN + column * (tile + gap)),
            Emu(CONTENT_TOP + row * (tile + gap)),
            tile,
            tile,
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
    legend_left = Emu(MARGIN + 14 * (tile + gap) + Inches(0.3))
    for index, (step, label) in enumerate(shading.legend):
        _legend_entry(slide, legend_left, index, MAP_COLOURS[step], f"Score moyen de {label}")
    _legend_entry(slide, legend_left, len(shading.legend), NO_SCORE, "Aucune collectivité notée")
    if data.scope.departements is not None:
        _legend_entry(
            slide, legend_left, len(shading.legend) + 1, OUT_OF_SCOPE, "Hors du périmètre"
        )
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
            legend_left,
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


def _social_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Réseaux sociaux : présence et activité",
        _source(data)
        + f" Actif : une publication visible dans les {ACTIVE_DAYS} jours avant la campagne."
        " Les comptes réservés aux connectés ne montrent pas leur activité.",
    )
    if not data.social:
        add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1),
                 "Aucun site exploré ne renvoie vers un réseau social.", size=18)  # fmt: skip
        return
    share = [
        [
            platform.platform.capitalize(),
            french_count(platform.sites),
            f"{french_number(round(100 * platform.sites / data.crawled, 1))} %",
        ]
        for platform in data.social[:10]
    ]
    header = ["Réseau", "Sites qui y renvoient", "Part des sites explorés"]
    if not data.social_checked:
        add_table(slide, MARGIN, CONTENT_TOP, Inches(7), header, share, (0.3, 0.35, 0.35), size=14)
        add_text(
            slide,
            MARGIN,
            Emu(CONTENT_TOP + Inches(0.4) * (len(share) + 1) + Inches(0.3)),
            CONTENT_WIDTH,
            Inches(0.6),
            "L'activité des comptes n'a pas été mesurée pour cette campagne (commande"
            " « vigie social »).",
            size=14,
            color=MUTED,
        )
        return
    rows = [
        [
            *cells,
            french_count(platform.checked),
            french_count(platform.login_wall),
            french_count(platform.dated),
            french_count(platform.active),
            "–" if platform.followers_median is None else french_number(platform.followers_median),
        ]
        for cells, platform in zip(share, data.social, strict=False)
    ]
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        [
            *header,
            "Comptes vérifiés",
            "Réservés aux connectés",
            "Date de publication visible",
            f"Actifs ({ACTIVE_DAYS} jours)",
            "Abonnés (médiane)",
        ],
        rows,
        (0.12, 0.12, 0.12, 0.11, 0.13, 0.14, 0.12, 0.14),
        size=13,
    )


def _survey_source(data: ReportData) -> str:
    survey = data.survey
    assert survey is not None
    return (
        f"Source : enquête « {survey.name} », {french_count(survey.respondents)} répondants,"
        f" {_calibration(survey.calibrated_on)} ; intervalles de confiance à 95 % ; offre des"
        f" sites : campagne Vigie n° {data.run_id}."
    )


CALIBRATION_WORDS = {"sexe": "sexe", "age": "âge", "strate": "taille de commune",
                     "region": "région"}  # fmt: skip


def _calibration(variables: list[str]) -> str:
    if not variables:
        return "sans pondération"
    words = ", ".join(CALIBRATION_WORDS.get(v, v) for v in variables)
    return f"pondérée par calage sur les marges ({words})"


def survey_share(figure: SurveyFigure | None) -> str:
    """A share as the deck writes it: "62 % (58–66)", its 95 % interval in brackets."""
    if figure is None:
        return "–"
    text = f"{round(100 * figure.estimate)} %"
    if figure.ci_low is not None and figure.ci_high is not None:
        text += f" ({round(100 * figure.ci_low)}–{round(100 * figure.ci_high)})"
    return text


def survey_mean(figure: SurveyFigure | None) -> str:
    return "–" if figure is None else french_number(round(figure.estimate, 1))


def _survey_slides(presentation: PresentationType, data: ReportData) -> None:
    survey = data.survey
    assert survey is not None
    means = survey.means()
    placed = quadrants(means)
    importance, satisfaction = thresholds(means) if means else (0.0, 0.0)
    slide = titled_slide(
        presentation,
        "Les habitants : importance et satisfaction des services",
        _survey_source(data)
        + f" Seuils des quadrants : importance moyenne {french_number(round(importance, 1))},"
        f" satisfaction moyenne {french_number(round(satisfaction, 1))} (échelle de 1 à 5).",
    )
    shorts = {family.key: family.short for family in FAMILIES}
    if means:
        chart_data = XyChartData()
        series = chart_data.add_series("Services")
        for importance_mean, satisfaction_mean in means.values():
            series.add_data_point(round(satisfaction_mean, 2), round(importance_mean, 2))
        frame: Any = slide.shapes.add_chart(
            XL_CHART_TYPE.XY_SCATTER,
            MARGIN,
            CONTENT_TOP,
            Inches(5.9),
            Inches(5.4),
            chart_data,  # type: ignore[arg-type]
        )
        chart = frame.chart
        chart.has_legend = False
        values = [value for pair in means.values() for value in pair]
        low, high = math.floor(2 * min(values) - 0.5) / 2, math.ceil(2 * max(values) + 0.5) / 2
        for axis, title in (
            (chart.category_axis, "Satisfaction"),
            (chart.value_axis, "Importance"),
        ):
            axis.minimum_scale, axis.maximum_scale = max(low, 1), min(high, 5)
            axis.has_title = True
            axis.axis_title.text_frame.text = title
            axis.tick_labels.font.size = Pt(12)
        plotted = chart.plots[0].series[0]
        plotted.marker.size = 9
        plotted.marker.format.fill.solid()
        plotted.marker.format.fill.fore_color.rgb = SCALE[4]
        plotted.format.line.fill.background()
        # Points carry the number of their row in the table: names would overlap.
        numbers = {key: number for number, key in enumerate(survey.figures, start=1)}
        for index, key in enumerate(means):
            label = plotted.points[index].data_label
            label.has_text_frame = True
            label.text_frame.text = str(numbers[key])
            label.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
            label.position = XL_LABEL_POSITION.RIGHT
    rows = [
        [
            str(number),
            shorts[key],
            survey_mean(survey.figures[key].get("importance")),
            survey_mean(survey.figures[key].get("satisfaction")),
            placed.get(key, "–"),
        ]
        for number, key in enumerate(survey.figures, start=1)
    ]
    add_table(
        slide,
        Inches(6.7),
        CONTENT_TOP,
        Emu(SLIDE_WIDTH - Inches(6.7) - MARGIN),
        ["N°", "Service", "Importance", "Satisfaction", "Quadrant"],
        rows,
        (0.08, 0.22, 0.19, 0.2, 0.31),
        size=11,
    )
    slide = titled_slide(
        presentation,
        "Les attentes des habitants face à l'offre des sites",
        _survey_source(data)
        + " « Là où il est offert » : habitants d'une commune dont le site offre le service.",
    )
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        [
            "Service",
            "Connaissent le service",
            "L'ont utilisé (12 mois)",
            "Habitent une commune dont le site l'offre",
            "Le connaissent, là où il est offert",
            "Le jugent important, là où il manque",
        ],
        [
            [
                shorts[key],
                survey_share(measures.get("connaissance")),
                survey_share(measures.get("usage")),
                survey_share(measures.get("offert")),
                survey_share(measures.get("connaissance_si_offert")),
                survey_share(measures.get("importance_si_absent")),
            ]
            for key, measures in survey.figures.items()
        ],
        (0.18, 0.16, 0.16, 0.17, 0.16, 0.17),
        size=12,
    )


def _recommendations_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Recommandations",
        _source(data) + " Chaque recommandation découle d'un écart mesuré sur les sites.",
    )
    found = recommendations(data)
    if not found:
        add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1),
                 "Aucun écart mesuré n'appelle de recommandation.", size=18)  # fmt: skip
        return
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        ["Action recommandée", "Constat mesuré", "Fondement"],
        [[r.action, r.evidence, r.basis] for r in found],
        (0.42, 0.28, 0.3),
        size=13,
    )


def _portrait_slide(
    presentation: PresentationType, data: ReportData, entry: RankedAuthority
) -> None:
    slide: Slide = titled_slide(
        presentation, f"{shorten(entry.name, 44)} ({entry.code})", _source(data)
    )
    population = f"{entry.population:,}".replace(",", "\u202f") if entry.population else "inconnue"
    add_text(
        slide,
        MARGIN,
        CONTENT_TOP,
        Inches(3.6),
        Inches(2.4),
        f"Score : {french_number(entry.score)} / 100\n"
        f"Rang dans la strate : {entry.rank_text}\n"
        f"Strate : {STRATUM_LABELS.get(entry.stratum, entry.stratum)}\n"
        f"Population : {population}",
        size=18,
    )
    # One line per kind of finding, so that ten lines show ten different things.
    first_of_each = {feature: (feature, value, url) for feature, value, url in
                     reversed(data.findings.get(entry.authority_id, []))}  # fmt: skip
    shown = sorted(first_of_each.values())[:PORTRAIT_FINDINGS]
    rows = [
        [
            feature_label(feature),
            shorten(_value_label(value, url), 45),
            shorten(_page_label(url), 40),
        ]
        for feature, value, url in shown
    ]
    links = {(index, 2): url for index, (_, _, url) in enumerate(shown)}
    if rows:
        add_table(
            slide,
            Inches(4.5),
            CONTENT_TOP,
            Emu(SLIDE_WIDTH - Inches(4.5) - MARGIN),
            ["Constat", "Valeur", "Preuve (page)"],
            rows,
            (0.3, 0.33, 0.37),
            size=11,
            links=links,
        )
    missing = sorted(
        (key for key, value in entry.indicators.items() if value is not None and value < 1),
        key=lambda key: (-data.indicator_weights.get(key, 0), data.indicator_labels.get(key, key)),
    )
    if missing:
        lines = [f"• {data.indicator_labels.get(key, key)}" for key in missing[:PORTRAIT_GAPS]]
        if len(missing) > PORTRAIT_GAPS:
            more = len(missing) - PORTRAIT_GAPS
            lines.append(f"… et {more} {plural(more, 'autre')} {plural(more, 'indicateur')}")
        add_text(
            slide,
            MARGIN,
            Inches(3.6),
            Inches(3.7),
            Inches(3.2),
            "À améliorer en priorité (poids du score) :\n" + "\n".join(lines),
            size=13,
        )


GLOSSARY = (
    ("Site exploré", "Site référencé qui a répondu : page d'accueil et pages clés lues, dans la"
     " limite d'un budget de pages, robots.txt respecté."),
    ("Strate", "Groupe de comparaison : communes par tranche de population (INSEE), EPCI,"
     " départements, régions."),
    ("Score", "De 0 à 100 : moyenne pondérée de six axes, chacun moyenne pondérée de ses"
     " indicateurs mesurés."),
    ("Intervalle de rang", "Rangs possibles quand les pondérations et la normalisation varient"
     " (500 tirages) ; deux intervalles qui se chevauchent ne départagent pas."),
    ("Taux constaté", "Obligation respectée parmi les sites où le constat est possible."),
    ("Indéterminé", "Site non exploré, ou obligation qu'un site ne permet pas de vérifier."),
    ("Constat", "Élément trouvé sur une page, conservé avec l'adresse de la page et un extrait."),
)  # fmt: skip
APPENDIX_ROWS = 12


def _glossary_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(presentation, "Annexe : définitions", _source(data))
    add_table(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, ["Terme", "Définition"],
              [list(entry) for entry in GLOSSARY], (0.22, 0.78), size=13)  # fmt: skip


def _indicator_slides(presentation: PresentationType, data: ReportData) -> None:
    pages = [
        data.indicator_rows[start : start + APPENDIX_ROWS]
        for start in range(0, len(data.indicator_rows), APPENDIX_ROWS)
    ]
    for number, page in enumerate(pages, start=1):
        slide = titled_slide(
            presentation,
            f"Annexe : les indicateurs du score ({number}/{len(pages)})",
            _source(data),
        )
        add_table(
            slide,
            MARGIN,
            CONTENT_TOP,
            CONTENT_WIDTH,
            ["Indicateur", "Axe", "Poids", "Constat mesuré"],
            [
                [label, axis, french_number(weight), _feature_words(feature)]
                for label, axis, weight, feature in page
            ],
            (0.36, 0.3, 0.08, 0.26),
            size=12,
        )


def _feature_words(feature: str) -> str:
    if feature.endswith("."):
        return f"Tout constat « {feature.rstrip('.')} »"
    return feature_label(feature)


def build_deck(data: ReportData, out: Path) -> Path:
    presentation = new_presentation()
    _title_slide(presentation, data)
    if data.crawled:
        _summary_slide(presentation, data)
    _method_slide(presentation, data)
    if data.crawled:
        for title, features in ADOPTION_GROUPS:
            _overview_slide(presentation, data, title, features)
        _axes_slide(presentation, data)
        if data.scope.kind != "departement":
            _map_slide(presentation, data)
        _compliance_slide(presentation, data)
        _social_slide(presentation, data)
        if data.survey is not None and data.survey.figures:
            _survey_slides(presentation, data)
        for stratum in data.strata:
            if data.stratum_ranking(stratum):
                _ranking_slide(presentation, data, stratum)
        _recommendations_slide(presentation, data)
        for entry in data.ranking[:PORTRAITS]:
            _portrait_slide(presentation, data, entry)
    _glossary_slide(presentation, data)
    _indicator_slides(presentation, data)
    out.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(out))
    return out


def write_report(engine: Engine, run_id: int, model: Model, out: Path) -> Path:
    return build_deck(load_report_data(engine, run_id, model), out)
