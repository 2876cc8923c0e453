"""The slides "Ce qu'un habitant peut faire en ligne": for the scope's communes, by stratum
then by territory, the share whose residents find each online service on at least one of
their four sites (commune, intercommunalité, département, région); figures from
reports/residents.py, each with its n; a share some unread site could raise is a minimum."""

from __future__ import annotations

from collections.abc import Sequence

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
    UNDETERMINED_LEGEND,
    GroupRow,
    by_stratum,
    by_territory,
    elsewhere_only,
    group_row,
    merged_strata_note,
    territory_level,
    unmeasured_sentence,
    unread_sentence,
)
from reports.thresholds import MIN_SITES
from scoring.layers import FAMILIES, ResidentServices

TITLE = "Ce qu'un habitant peut faire en ligne"
BY_LEVEL = {
    "region": "par région",
    "departement": "par département",
    "epci": "par intercommunalité",
}
# Label, communes, the six families (FranceConnect's name needs the most), mean: each column
# holds its longest word at the table's type in the widest font it may be drawn with (DejaVu
# Sans, bold in the header: "Intercommunalité", "Démarches", "FranceConnect"; "indét." for
# undetermined), so that no cell cuts a word.
WIDTHS = (0.15, 0.105, 0.11, 0.105, 0.095, 0.085, 0.145, 0.11, 0.095)
TABLE_PT = 12
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
    merged = merged_strata_note(residents)
    _table_slide(presentation, data, TITLE, by_stratum(residents), "Strate", merged)
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
    merged: str | None = None,
) -> None:
    slide = _slide(presentation, data, title)
    # 14 pt: the sentence naming the services measured holds on one line above the table.
    add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(0.5), lead(data.residents), size=14,
             bold=True)  # fmt: skip
    top = Emu(CONTENT_TOP + Inches(0.6))
    header = [first, "Communes", *(FAMILY_HEADERS[f] for f in FAMILIES), "Moyenne"]
    cells = [r.cells() for r in rows]
    add_table(slide, MARGIN, top, CONTENT_WIDTH, header, cells, WIDTHS, size=TABLE_PT)
    notes = [READING, *table_notes(data, rows), *([merged] if merged else [])]
    below = Emu(min(NOTES_TOP, top + HEADER_HEIGHT + ROW_HEIGHT * len(rows) + Inches(0.15)))
    add_bullets(slide, MARGIN, below, CONTENT_WIDTH, NOTES_HEIGHT, notes, size=11)


def table_notes(data: ReportData, rows: list[GroupRow]) -> list[str]:
    """What the table's cells need said: the abbreviation of undetermined when a cell shows
    it, the families left out of the mean and why, the services found only elsewhere, the
    sites not read."""
    everyone = group_row("Ensemble", data.residents)
    undetermined = any(
        share.undetermined for row in rows for share in [*row.families.values(), row.mean]
    )
    unmeasured = unmeasured_sentence(everyone)
    unread = unread_sentence(data.residents)
    return [
        *([UNDETERMINED_LEGEND] if undetermined else []),
        *([unmeasured] if unmeasured else []),
        *elsewhere_lines(data),
        *([unread] if unread else []),
    ]


def lead(residents: Sequence[ResidentServices]) -> str:
    """The slide's one sentence: what share of the services measured a resident reaches on
    average (a family unknown for every commune is left out: not measured is not absent)."""
    everyone = group_row("Ensemble", residents)
    n = counted(everyone.n, "commune")
    if everyone.mean.percent is None:
        return f"{n} : effectif insuffisant pour une moyenne (il en faut {MIN_SITES})."
    share = french_percent(everyone.mean.percent)
    floor = "au moins " if everyone.mean.floor else ""
    measured = len(everyone.measured)
    services = (
        f"{measured} services suivis"
        if measured == len(FAMILIES)
        else f"{measured} services mesurés sur {len(FAMILIES)}"
    )
    return f"{n} : en moyenne, un habitant trouve en ligne {floor}{share} des {services}."


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
