"""The scorecard's page for a commune: what its residents can do online across the four sites
that serve them (commune, intercommunalité, département, région), which site offers each
service with the page that shows it, and the sites that could not be read, with why."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.util import Emu, Inches

from reports.labels import value_label
from reports.layout import CONTENT_TOP, CONTENT_WIDTH, MARGIN, add_bullets, add_table, titled_slide
from reports.residents import LAYER_HEADINGS
from reports.scorecard_figures import Scorecard
from reports.scorecard_source import source
from scoring.layers import (
    NOT_OFFERED,
    OFFERED,
    FamilyReach,
    ResidentServices,
    unread_text,
)

TITLE = "Ce qu'un habitant peut faire en ligne"
NOWHERE = "Sur aucun des quatre sites"
UNDETERMINED = "Indéterminé : absent des sites lus, d'autres n'ont pas pu l'être"
LEGEND = (
    "Les quatre sites d'un habitant : sa commune, son intercommunalité, son département, sa"
    " région. Un site non lu ne permet pas de dire qu'un service manque."
)


def where_text(reach: FamilyReach) -> str:
    """'Commune et intercommunalité', 'Région', or why it is not known."""
    if reach.state == OFFERED:
        places = [LAYER_HEADINGS[p.layer] for p in reach.providers]
        text = " et ".join([places[0], *(place.lower() for place in places[1:])])
        return text
    return NOWHERE if reach.state == NOT_OFFERED else UNDETERMINED


def residents_rows(
    services: ResidentServices,
) -> tuple[list[list[str]], dict[tuple[int, int], str]]:
    """The table's rows (service, where, evidence) and the evidence links (the first site's)."""
    rows, links = [], {}
    for index, reach in enumerate(services.families):
        label = value_label("eservices.kind", reach.family)
        evidence = reach.providers[0].evidence_url if reach.providers else None
        rows.append([label[:1].upper() + label[1:], where_text(reach),
                     "preuve" if evidence else ""])  # fmt: skip
        if evidence:
            links[(index, 2)] = evidence
    return rows, links


def residents_slide(presentation: PresentationType, card: Scorecard) -> None:
    """Only for a commune (its residents' other sites are known through it)."""
    services = card.residents
    if services is None:
        return
    slide = titled_slide(presentation, TITLE, source(card))
    rows, links = residents_rows(services)
    header = ["Service", "Sites qui le proposent", "Preuve"]
    add_table(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, header, rows, (0.34, 0.52, 0.14),
              size=13, links=links)  # fmt: skip
    unread = [f"Non lu : {unread_text(site)}." for site in services.unread]
    epci = [f"Son intercommunalité : {services.epci_name}."] if services.epci_name else []
    add_bullets(
        slide,
        MARGIN,
        Emu(CONTENT_TOP + Inches(0.42) * (len(rows) + 1) + Inches(0.2)),
        CONTENT_WIDTH,
        Inches(2),
        [LEGEND, *epci, *unread],
        size=13,
    )
