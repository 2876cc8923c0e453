"""The slide of the legal duties: what the sites show of each."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType

from reports.data import ReportData
from reports.deck_source import source
from reports.labels import french_count
from reports.layout import CONTENT_TOP, CONTENT_WIDTH, MARGIN, add_table, titled_slide
from reports.thresholds import INSUFFICIENT, MIN_SITES
from scoring.compliance_run import DutySummary


def compliance_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Obligations légales : ce que les sites montrent",
        source(data)
        + " Indéterminé : site non exploré, ou obligation invérifiable sur le site (50 agents,"
        " actes sur papier sous 3 500 hab., guichet intercommunal). Taux : parmi les constats"
        " possibles.",
    )
    rows = [
        [
            line.label,
            french_count(line.concerned),
            met_text(line),
            french_count(line.unmet),
            french_count(line.unknown),
            _rate(line),
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
        (0.31, 0.12, 0.18, 0.13, 0.12, 0.14),
        size=13,
    )


def met_text(line: DutySummary) -> str:
    """'38', or '38 (dont 20 via l'intercommunalité)' where the EPCI's site settles some."""
    met = french_count(line.met)
    if not line.met_via_epci:
        return met
    return f"{met} (dont {french_count(line.met_via_epci)} via l'intercommunalité)"


def _rate(line: DutySummary) -> str:
    """The rate among the sites where the duty could be checked; why not, when it is not."""
    told = line.met + line.unmet
    if not line.decidable:
        return "sans objet (absence non probante)"
    if line.rate is None or told == 0:
        return "indéterminé"
    if told < MIN_SITES:
        return INSUFFICIENT
    return f"{round(100 * line.rate)} %"
