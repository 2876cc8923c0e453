"""The slides "Ce qu'un habitant peut faire en ligne": for the scope's communes, by stratum
then by territory, the share whose residents find each online service on at least one of
their four sites (commune, intercommunalité, département, région); figures from
reports/residents.py, each with its n; a share some unread site could raise is a minimum."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches

from reports.data import ReportData
from reports.deck_source import source
from reports.french import counted, french_percent
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    add_bullets,
    add_table,
    add_text,
    titled_slide,
)
from reports.residents import (
    FAMILY_HEADERS,
    FLOOR,
    GroupRow,
    by_stratum,
    by_territory,
    elsewhere_only,
    group_row,
    territory_level,
    unread_sentence,
)
from reports.thresholds import MIN_SITES
from scoring.layers import FAMILIES

TITLE = "Ce qu'un habitant peut faire en ligne"
BY_LEVEL = {
    "region": "par région",
    "departement": "par département",
    "epci": "par intercommunalité",
}
# Label, communes, the six families (FranceConnect's name needs the most), mean.
WIDTHS = (0.15, 0.11, 0.105, 0.1, 0.09, 0.095, 0.145, 0.105, 0.1)
# The notes go under the table (its header two lines, a row 0.42 in at most: a territory's
# name may take two lines), never lower than NOTES_TOP, whose room a table of 8 rows leaves.
NOTES_TOP, NOTES_HEIGHT = Inches(5.55), Inches(1.45)
HEADER_HEIGHT, ROW_HEIGHT = Inches(0.55), Inches(0.42)
READING = (
    "Part des communes dont les habitants trouvent le service en ligne sur au moins un de"
    f" leurs quatre sites (commune, intercommunalité, département, région). « {FLOOR.strip()} »"
    " : au moins, certains sites n'ayant pas pu être lus ; un site non lu ne prouve pas"
    " l'absence."
)


def residents_slides(presentation: PresentationType, data: ReportData) -> None:
    """By stratum, then by territory; one slide saying why when the scope has no commune."""
    residents = data.residents
    if not residents:
        slide = _slide(presentation, data, TITLE)
        add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1),
                 "Aucune commune dans le périmètre : rien à dire des services par habitant.")  # fmt: skip
        return
    _table_slide(presentation, data, TITLE, by_stratum(residents), "Strate")
    level = territory_level(data.scope)
    _table_slide(
        presentation,
        data,
        f"{TITLE} : {BY_LEVEL[level]}",
        by_territory(residents, data.scope),
        "Territoire",
    )


def _slide(presentation: PresentationType, data: ReportData, title: str) -> Slide:
    return titled_slide(presentation, title, source(data))


def _table_slide(
    presentation: PresentationType,
    data: ReportData,
    title: str,
    rows: list[GroupRow],
    first: str,
) -> None:
    slide = _slide(presentation, data, title)
    add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(0.5), lead(data), size=16,
             bold=True)  # fmt: skip
    top = Emu(CONTENT_TOP + Inches(0.6))
    header = [first, "Communes", *(FAMILY_HEADERS[f] for f in FAMILIES), "Moyenne"]
    add_table(slide, MARGIN, top, CONTENT_WIDTH, header, [r.cells() for r in rows], WIDTHS)
    unread = unread_sentence(data.residents)
    notes = [READING, *elsewhere_lines(data), *([unread] if unread else [])]
    below = Emu(min(NOTES_TOP, top + HEADER_HEIGHT + ROW_HEIGHT * len(rows) + Inches(0.15)))
    add_bullets(slide, MARGIN, below, CONTENT_WIDTH, NOTES_HEIGHT, notes, size=12)


def lead(data: ReportData) -> str:
    """The slide's one sentence: what share of the services a resident reaches on average."""
    everyone = group_row("Ensemble", data.residents)
    n = counted(everyone.n, "commune")
    if everyone.mean.percent is None:
        return f"{n} : effectif insuffisant pour une moyenne (il en faut {MIN_SITES})."
    share = french_percent(everyone.mean.percent)
    floor = "au moins " if everyone.mean.floor else ""
    return (
        f"{n} : en moyenne, un habitant trouve en ligne {floor}{share} des"
        f" {len(FAMILIES)} services suivis."
    )


def elsewhere_lines(data: ReportData) -> list[str]:
    """The services found only on another site than the commune's, when any."""
    counts = elsewhere_only(data.residents)
    said = [
        f"{FAMILY_HEADERS[family].lower()} pour {counted(count, 'commune')}"
        for family, count in counts.items()
        if count
    ]
    if not said:
        return []
    return ["Trouvé seulement hors du site de la commune : " + ", ".join(said) + "."]
