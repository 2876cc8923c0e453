"""The portrait slides: one per best-scored authority of the scope, with its findings and their
evidence, and what it lacks."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches

from reports.data import ReportData
from reports.deck_source import source
from reports.french import french_count
from reports.labels import STRATUM_LABELS, feature_label, french_number, plural, value_label
from reports.layout import (
    CONTENT_TOP,
    MARGIN,
    SLIDE_WIDTH,
    add_table,
    add_text,
    shorten,
    titled_slide,
)
from reports.scope_ranking import RankedAuthority

PORTRAIT_FINDINGS, PORTRAIT_GAPS = 10, 6


def _page_label(url: str) -> str:
    """A page as a reader names it: its path, or "Accueil" for the home page."""
    path = urlsplit(url).path or "/"
    return "Accueil" if path == "/" else unquote(path)


def _value_label(feature: str, value: str, evidence_url: str) -> str:
    """The value in French (reports.labels.value_label); URLs of the site itself by their
    path, other URLs without their scheme."""
    if not value.startswith(("http://", "https://")):
        return value_label(feature, value)
    if urlsplit(value).netloc == urlsplit(evidence_url).netloc:
        return _page_label(value)
    return value.split("://", 1)[1]


def portrait_slide(
    presentation: PresentationType, data: ReportData, entry: RankedAuthority
) -> None:
    slide: Slide = titled_slide(
        presentation, f"{shorten(entry.name, 44)} ({entry.code})", source(data)
    )
    _identity(slide, entry)
    _findings_table(slide, data.findings.get(entry.authority_id, []))
    _gaps(slide, data, entry)


def _identity(slide: Slide, entry: RankedAuthority) -> None:
    """Score, rank, stratum and population, top left."""
    population = french_count(entry.population) if entry.population else "inconnue"
    add_text(
        slide,
        MARGIN,
        CONTENT_TOP,
        Inches(3.6),
        Inches(2.4),
        f"Score : {french_number(entry.score)} / 100\n"
        # The rank on its own line: an interval ("21–32 / 35") must not break in two.
        f"Rang national (strate) :\n{entry.rank_text}\n"
        f"Strate : {STRATUM_LABELS.get(entry.stratum, entry.stratum)}\n"
        f"Population : {population}",
        size=18,
    )


def _findings_table(slide: Slide, findings: list[tuple[str, str, str]]) -> None:
    """The authority's findings (feature, value, evidence URL), each linked to its page."""
    # One line per kind of finding, so that ten lines show ten different things.
    first_of_each = {feature: (feature, value, url) for feature, value, url in
                     reversed(findings)}  # fmt: skip
    shown = sorted(first_of_each.values())[:PORTRAIT_FINDINGS]
    rows = [
        [
            feature_label(feature),
            shorten(_value_label(feature, value, url), 45),
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


def _gaps(slide: Slide, data: ReportData, entry: RankedAuthority) -> None:
    """The indicators of the score the authority does not meet in full, the most points to
    gain first (weight times what is missing)."""
    weights = data.indicator_weights
    gain = {
        key: weights.get(key, 0) * (1 - value)
        for key, value in entry.indicators.items()
        if value is not None and value < 1 and weights.get(key, 0) > 0
    }
    missing = sorted(gain, key=lambda key: (-gain[key], data.indicator_labels.get(key, key)))
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
            "À améliorer en priorité (points à gagner) :\n" + "\n".join(lines),
            size=13,
        )
