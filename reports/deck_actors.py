"""The actors' slides: the scope's main relays, drawn (the organisations most of its
authorities' sites link to, social networks and vendors aside), the share of its explored
sites that link to each class of organisation, with its n; then, for the authorities other
authorities link to most, who links to them and whom they link to (`docs/actors.md`)."""

from __future__ import annotations

import io
from collections import Counter

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches

from database.actor_classes import CLASS_LABELS
from reports.actors_chart import relays_png
from reports.actors_figures import NAMES_SHOWN, NOT_RELAYS, ActorFigures, AuthorityRelays
from reports.data import ReportData
from reports.deck_source import source
from reports.french import counted, french_count
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    SLIDE_WIDTH,
    add_table,
    add_text,
    titled_slide,
)
from reports.short_names import fit_name
from reports.thresholds import Rate, n_label

TITLE = "Les relais du territoire : vers qui renvoient les sites"
PER_AUTHORITY_TITLE = "Qui renvoie vers qui : les collectivités les plus citées"
RULE = (
    "Liens relevés sur les pages lues de chaque site (budget de pages de l'exploration) : "
    "un organisme absent n'est pas « jamais cité », seulement « non vu sur ces pages »."
)
CHART_WIDTH = Inches(7.6)
# Characters a name may take in the per-authority table (12 pt): the first column holds two
# lines of about 26; a name in a list of the others, at most a line of its column (about 44).
NAME_ROOM, LISTED_ROOM = 48, 44


def actors_slides(presentation: PresentationType, data: ReportData) -> None:
    figures = data.actors or ActorFigures()
    slide = titled_slide(presentation, TITLE, source(data))
    if not figures.relays:
        add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1),
                 "Aucun site exploré du périmètre ne renvoie vers un autre organisme "
                 "(réseaux sociaux et prestataires mis à part).", size=18)  # fmt: skip
        return
    picture = io.BytesIO(relays_png(figures.relays, data.crawled))
    slide.shapes.add_picture(picture, MARGIN, CONTENT_TOP, width=CHART_WIDTH)
    _classes(slide, data, figures)
    if figures.authorities:
        _per_authority(presentation, data, figures)


def _classes(slide: Slide, data: ReportData, figures: ActorFigures) -> None:
    """Right of the chart: per class, the share of the explored sites that link to one."""
    left = Emu(MARGIN + CHART_WIDTH + Inches(0.3))
    width = Emu(SLIDE_WIDTH - left - MARGIN)
    lines = [f"Sites explorés qui renvoient vers… ({n_label(data.crawled)})"]
    for actor_class, label in CLASS_LABELS.items():
        count = figures.classes.get(actor_class, 0)
        lines.append(f"• {label} : {Rate(count, data.crawled).text()}")
    add_text(slide, left, CONTENT_TOP, width, Inches(4.4), "\n".join(lines), size=12)
    others = ", ".join(CLASS_LABELS[c] for c in NOT_RELAYS)
    note = (
        f"Barres : les organismes vers lesquels renvoient le plus de collectivités du "
        f"périmètre ({others} à part). {RULE}"
    )
    add_text(slide, MARGIN, Inches(6.35), CONTENT_WIDTH, Inches(0.6), note, size=11, color=MUTED)


def _names(names: tuple[str, ...]) -> str:
    """The first names, the rest counted; one left over is named rather than counted."""
    shown_count = len(names) if len(names) <= NAMES_SHOWN + 1 else NAMES_SHOWN
    shown = ", ".join(fit_name(name, LISTED_ROOM) for name in names[:shown_count])
    more = len(names) - shown_count
    return f"{shown} et {counted(more, 'autre')}" if more > 0 else shown or "aucun relevé"


def links_to_text(entry: AuthorityRelays) -> str:
    """Whom it links to; unknown, with why, when its site was not read (not measured is not
    absent: never "aucun")."""
    if entry.unread:
        return f"inconnu (site non lu : {entry.unread})"
    return _names(entry.links_to)


def authority_labels(entries: list[AuthorityRelays]) -> list[str]:
    """Names for a mayor, no code: a commune's département number only to tell homonyms
    apart ('Roche-le-Château (46)')."""
    homonyms = Counter(entry.name for entry in entries)
    return [
        fit_name(entry.name, NAME_ROOM)
        + (f" ({entry.departement})" if homonyms[entry.name] > 1 and entry.departement else "")
        for entry in entries
    ]


def _per_authority(presentation: PresentationType, data: ReportData, figures: ActorFigures) -> None:
    slide = titled_slide(presentation, PER_AUTHORITY_TITLE, source(data))
    rows = [
        [
            label,
            f"{french_count(len(entry.linked_from))} : {_names(entry.linked_from)}",
            links_to_text(entry),
        ]
        for label, entry in zip(
            authority_labels(figures.authorities), figures.authorities, strict=True
        )
    ]
    header = ["Collectivité", "Sites de collectivités qui y renvoient", "Elle renvoie vers"]
    add_table(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, header, rows, (0.26, 0.4, 0.34), size=12)
    note = (
        "Les collectivités du périmètre vers lesquelles renvoient le plus d'autres "
        f"collectivités (de tout périmètre) ; « elle renvoie vers » : autres collectivités et "
        f"organismes, réseaux sociaux et prestataires à part. {RULE}"
    )
    add_text(slide, MARGIN, Inches(6.35), CONTENT_WIDTH, Inches(0.6), note, size=11, color=MUTED)
