"""The ranking slides: one per stratum, the best of the scope first."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType

from reports.data import ReportData
from reports.deck_source import source
from reports.labels import STRATUM_LABELS, french_count, french_number, plural
from reports.layout import CONTENT_TOP, CONTENT_WIDTH, MARGIN, add_table, shorten, titled_slide

RANKING_ROWS = 12


def ranking_slide(presentation: PresentationType, data: ReportData, stratum: str) -> None:
    entries = data.stratum_ranking(stratum)
    national = data.scope.is_national
    slide = titled_slide(
        presentation,
        f"Classement : {STRATUM_LABELS.get(stratum, stratum)} ({french_count(len(entries))} {plural(len(entries), 'classée')})",
        source(data)
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
