"""The benchmark deck, in French, built from the database: method, overview, ranking, portraits."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt
from sqlalchemy import Engine

from reports.data import (
    ADOPTION_GROUPS,
    RankedAuthority,
    ReportData,
    feature_label,
    load_report_data,
)
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    SCALE,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    add_bullets,
    add_table,
    add_text,
    new_presentation,
    shorten,
    titled_slide,
)
from scoring.model import Model

STATUS_LABELS = {
    "ok": "Site exploré",
    "no_website": "Pas de site référencé",
    "dns_failure": "Domaine introuvable",
    "connection_failure": "Connexion impossible",
    "timeout": "Délai dépassé",
    "tls_error": "Erreur HTTPS",
    "robots_blocked": "Exploration interdite (robots.txt)",
    "http_error": "Erreur HTTP",
    "redirect_loop": "Redirections sans fin",
    "redirected_offsite": "Redirigé vers un autre organisme",
    "not_html": "Pas une page web",
    "parked": "Domaine parqué",
    "private_address": "Adresse privée",
}
STRATUM_LABELS = {
    "0-499": "< 500 hab.",
    "500-1999": "500 – 1 999",
    "2000-3499": "2 000 – 3 499",
    "3500-9999": "3 500 – 9 999",
    "10000-49999": "10 000 – 49 999",
    "50000-99999": "50 000 – 99 999",
    "100000+": "≥ 100 000",
    "epci": "EPCI",
    "departement": "Départements",
    "region": "Régions",
}
RANKING_ROWS = 14
PORTRAITS = 5


def _french_number(value: float) -> str:
    return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",").removesuffix(",0")


def _sites(count: int) -> str:
    return f"{count} site" if count == 1 else f"{count} sites"


def _page_label(url: str) -> str:
    """A page as a reader names it: its path, or "Accueil" for the home page."""
    path = urlsplit(url).path or "/"
    return "Accueil" if path == "/" else unquote(path)


def _value_label(value: str, evidence_url: str) -> str:
    """URLs of the site itself by their path; other URLs without their scheme."""
    if not value.startswith(("http://", "https://")):
        return value
    if urlsplit(value).netloc == urlsplit(evidence_url).netloc:
        return _page_label(value)
    return value.split("://", 1)[1]


def _source(data: ReportData) -> str:
    return (
        f"Source : Vigie, campagne n° {data.run_id} du {data.run_started:%d/%m/%Y}, "
        f"modèle de score {data.model_version}."
    )


def _title_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    add_text(
        slide,
        MARGIN,
        Inches(2.3),
        CONTENT_WIDTH,
        Inches(1.2),
        "Présence numérique des collectivités",
        size=40,
        bold=True,
    )
    add_text(
        slide,
        MARGIN,
        Inches(3.5),
        CONTENT_WIDTH,
        Inches(1.5),
        f"Baromètre Vigie : {data.authorities} collectivités, dont {data.crawled} sites explorés\n"
        f"Campagne n° {data.run_id} du {data.run_started:%d/%m/%Y}",
        size=22,
    )


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
        [STATUS_LABELS.get(status, status), str(count)]
        for status, count in sorted(data.statuses.items(), key=lambda item: -item[1])
    ]
    rows.append(["Total", str(data.authorities)])
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
            str(line.concerned),
            str(line.met),
            str(line.unmet),
            str(line.unknown),
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


def _ranking_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Classement : les meilleurs scores",
        _source(data)
        + " Rang au sein de la strate de population ; un intervalle (2–5) donne les rangs"
        " possibles quand les pondérations varient : deux intervalles qui se chevauchent ne"
        " distinguent pas les collectivités.",
    )
    rows = [
        [
            entry.rank_text,
            shorten(entry.name, 40),
            entry.code,
            STRATUM_LABELS.get(entry.stratum, entry.stratum),
            _french_number(entry.score),
        ]
        for entry in data.ranking[:RANKING_ROWS]
    ]
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        ["Rang dans la strate", "Collectivité", "Code", "Strate", "Score / 100"],
        rows,
        (0.17, 0.38, 0.12, 0.18, 0.15),
        size=13,
    )


def _portrait_slide(
    presentation: PresentationType, data: ReportData, entry: RankedAuthority
) -> None:
    slide: Slide = titled_slide(
        presentation, shorten(f"{entry.name} ({entry.code})", 60), _source(data)
    )
    population = f"{entry.population:,}".replace(",", "\u202f") if entry.population else "inconnue"
    add_text(
        slide,
        MARGIN,
        CONTENT_TOP,
        Inches(3.6),
        Inches(2.4),
        f"Score : {_french_number(entry.score)} / 100\n"
        f"Rang dans la strate : {entry.rank_text}\n"
        f"Strate : {STRATUM_LABELS.get(entry.stratum, entry.stratum)}\n"
        f"Population : {population}",
        size=18,
    )
    findings = data.findings.get(entry.authority_id, [])
    shown = findings[:10]
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
    missing = [key for key, value in entry.indicators.items() if value is not None and value < 1]
    if missing:
        add_text(
            slide,
            MARGIN,
            Inches(4.0),
            Inches(3.6),
            Inches(2.5),
            "À améliorer :\n"
            + "\n".join(f"• {data.indicator_labels.get(key, key)}" for key in missing),
            size=13,
        )


def build_deck(data: ReportData, out: Path) -> Path:
    presentation = new_presentation()
    _title_slide(presentation, data)
    _method_slide(presentation, data)
    if data.crawled:
        for title, features in ADOPTION_GROUPS:
            _overview_slide(presentation, data, title, features)
        _axes_slide(presentation, data)
        _ranking_slide(presentation, data)
        _compliance_slide(presentation, data)
        for entry in data.ranking[:PORTRAITS]:
            _portrait_slide(presentation, data, entry)
    out.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(out))
    return out


def write_report(engine: Engine, run_id: int, model: Model, out: Path) -> Path:
    return build_deck(load_report_data(engine, run_id, model), out)
