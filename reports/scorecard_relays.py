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
    shorten,
    titled_slide,
)
from reports.relays_card import Named, RelaysCard
from reports.scorecard_figures import Scorecard
from reports.scorecard_source import source
from reports.thresholds import n_label

TITLE = "Ses relais : vers qui elle renvoie, qui renvoie vers elle"
CLASSES_SHOWN = 7
ORGANISATIONS_SHOWN = 3  # per class
LINKING_SHOWN = 8
UNREAD_SHOWN = 3
COLUMN_GAP = Inches(0.3)


def _more(shown: list[str], total: int, noun: str = "autre") -> str:
    """'a, b et c', or 'a, b, c et 4 autres' when more than shown."""
    if total > len(shown):
        return f"{', '.join(shown)} et {counted(total - len(shown), noun)}"
    return ", ".join(shown[:-1]) + (" et " if len(shown) > 1 else "") + shown[-1]


def _accounts(named: Named) -> str:
    """'son compte Facebook', 'ses comptes Facebook et X (Twitter)'."""
    if len(named.accounts) == 1:
        return f"son compte {named.accounts[0]}"
    return f"ses comptes {_more(list(named.accounts), len(named.accounts))}"


def outgoing_text(named: Named) -> str:
    """'prefecture-79.gouv.fr (3 pages)', 'Belières (son compte Facebook)'."""
    parts = [counted(named.pages, "page")] if named.pages else []
    parts += [_accounts(named)] if named.accounts else []
    return f"{shorten(named.label, 34)} ({' et '.join(parts)})"


def incoming_text(named: Named) -> str:
    """'Aub (commune) : lien sur 1 page', '… : lien vers son compte Facebook'."""
    parts = [f"sur {counted(named.pages, 'page')}"] if named.pages else []
    parts += [f"vers {_accounts(named)}"] if named.accounts else []
    return f"{shorten(named.label, 40)} : lien {' et '.join(parts)}"


def _organisations(names: tuple[Named, ...]) -> str:
    return _more([outgoing_text(n) for n in names[:ORGANISATIONS_SHOWN]], len(names))


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
        head = [incoming_text(named) for named in card.linked_from[:LINKING_SHOWN]]
        rest = len(card.linked_from) - LINKING_SHOWN
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
        shown = [f"{shorten(u.label, 36)} : {u.why}" for u in card.unread[:UNREAD_SHOWN]]
        lines.append(
            "Sites voisins non lus, qui pourraient renvoyer vers elle (inconnu) : "
            + _more(shown, len(card.unread))
            + "."
        )
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
