"""The scorecard's page "Ses relais": whom the authority's site links to, by class of
organisation with the pages that do, and which authorities' sites link to it, out of the
run's explored sites, with the nearby sites that could not be read (`reports/relays_card.py`,
`docs/actors.md`). Top items only, the rest counted ("et 4 autres")."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Length

from database.actor_classes import CLASS_LABELS
from reports.actors_figures import NOT_RELAYS
from reports.deck_actors import RULE
from reports.french import counted
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    add_text,
    titled_slide,
)
from reports.relays_card import Named, RelaysCard
from reports.scorecard_figures import Scorecard
from reports.scorecard_source import source
from reports.short_names import fit_name
from reports.thresholds import n_label

TITLE = "Ses relais : vers qui elle renvoie, qui renvoie vers elle"
CLASSES_SHOWN = 7
ORGANISATIONS_SHOWN = 3  # per class
LINKING_SHOWN = 8
UNREAD_SHOWN = 3
COLUMN_GAP = Inches(0.3)
# Characters a name may take in a line of a half-page column (13 pt, about 60 a line): a
# name is cut only past these, after its generic head is abbreviated (reports/short_names.py).
OUTGOING_ROOM, INCOMING_ROOM, UNREAD_ROOM = 44, 48, 48
UNREAD_HEADING = (
    "Sites non lus de son intercommunalité ou de son département, qui pourraient renvoyer"
    " vers elle (inconnu) : "
)


def _more(items: list[str], shown: int, noun: str = "autre") -> str:
    """'a, b et c', or 'a, b, c et 4 autres' when more than `shown`; one item left over is
    named rather than counted."""
    if len(items) > shown + 1:
        return f"{', '.join(items[:shown])} et {counted(len(items) - shown, noun)}"
    return ", ".join(items[:-1]) + (" et " if len(items) > 1 else "") + items[-1]


def _accounts(named: Named) -> str:
    """'son compte Facebook', 'ses comptes Facebook et X (Twitter)'."""
    if len(named.accounts) == 1:
        return f"son compte {named.accounts[0]}"
    return f"ses comptes {_more(list(named.accounts), len(named.accounts))}"


def outgoing_text(named: Named) -> str:
    """'prefecture-79.gouv.fr (3 pages)', 'Belières (son compte Facebook)'."""
    parts = [counted(named.pages, "page")] if named.pages else []
    parts += [_accounts(named)] if named.accounts else []
    return f"{fit_name(named.label, OUTGOING_ROOM)} ({' et '.join(parts)})"


def incoming_text(named: Named) -> str:
    """'Aub (commune) : lien sur 1 page', '… : lien vers son compte Facebook'."""
    parts = [f"sur {counted(named.pages, 'page')}"] if named.pages else []
    parts += [f"vers {_accounts(named)}"] if named.accounts else []
    return f"{fit_name(named.label, INCOMING_ROOM)} : lien {' et '.join(parts)}"


def _organisations(names: tuple[Named, ...]) -> str:
    return _more([outgoing_text(n) for n in names], ORGANISATIONS_SHOWN)


def links_to_lines(card: RelaysCard) -> list[str]:
    """One line per class: 'Services de l'État : prefecture-79.gouv.fr (3 pages) et …'."""
    if not card.links_to:
        return ["Sur les pages lues, son site ne renvoie vers aucun autre organisme."]
    lines = [
        f"{line.label[:1].upper()}{line.label[1:]} : {_organisations(line.organisations)}"
        for line in card.links_to[:CLASSES_SHOWN]
    ]
    hidden = card.links_to[CLASSES_SHOWN:]
    if hidden:
        count = sum(len(line.organisations) for line in hidden)
        lines.append(f"Et {counted(count, 'autre organisme', 'autres organismes')}.")
    return lines


def linked_from_lines(card: RelaysCard) -> list[str]:
    """Who links to it, with its n, then the nearby sites not read, with why."""
    n = n_label(card.explored, "site de collectivité exploré", "sites de collectivités explorés")
    if card.linked_from:
        shown = LINKING_SHOWN + (len(card.linked_from) == LINKING_SHOWN + 1)  # name a lone rest
        head = [incoming_text(named) for named in card.linked_from[:shown]]
        rest = len(card.linked_from) - shown
        lines = [
            *head,
            *(
                [f"Et {counted(rest, 'autre collectivité', 'autres collectivités')}."]
                if rest > 0
                else []
            ),
        ]
        lines.append(f"En tout, {counted(len(card.linked_from), 'collectivité')} ({n}).")
    else:
        lines = [f"Aucune autre collectivité, sur les pages lues de leurs sites ({n})."]
    if card.unread:
        unread = [f"{fit_name(u.label, UNREAD_ROOM)} : {u.why}" for u in card.unread]
        lines.append(UNREAD_HEADING + _more(unread, UNREAD_SHOWN) + ".")
    return lines


def relays_slide(presentation: PresentationType, card: Scorecard) -> None:
    """Only when the run explored the authority's site (its card is then known)."""
    relays = card.relays
    if relays is None:
        return
    slide = titled_slide(presentation, TITLE, source(card))
    half = Emu(int((CONTENT_WIDTH - COLUMN_GAP) / 2))
    _column(slide, MARGIN, half, "Son site renvoie vers…", links_to_lines(relays))
    right = Emu(MARGIN + half + COLUMN_GAP)
    _column(slide, right, half, "Renvoient vers elle…", linked_from_lines(relays))
    aside = " et ".join(CLASS_LABELS[c] for c in NOT_RELAYS)
    note = (
        f"Liens vers un site, ou vers un compte de réseau social de la collectivité ; {aside} "
        f"à part. {RULE}"
    )
    add_text(slide, MARGIN, Inches(6.3), CONTENT_WIDTH, Inches(0.7), note, size=11, color=MUTED)


def _column(slide: Slide, left: Length, width: Length, heading: str, lines: list[str]) -> None:
    add_text(slide, left, CONTENT_TOP, width, Inches(0.4), heading, size=16, bold=True)
    body = "\n".join(f"• {line}" for line in lines)
    add_text(slide, left, Emu(CONTENT_TOP + Inches(0.45)), width, Inches(4.6), body, size=13)
