"""The actors' figures the deck shows (`reports/deck_actors.py`): the scope's main relays (the
organisations most of its authorities link to, social networks and vendors aside: they have
their own slides), how many authorities link to each class of organisation, and, per
authority, which other authorities link to it and whom it links to."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine, select

from database.actor_classes import AUTHORITY, CLASS_LABELS
from database.models import Authority, SiteScan
from database.scope import Scope
from database.statuses import SCAN_STATUSES
from reports.actors import actor_links

# Classes that are not relays of the authority's action: their own slides show them.
NOT_RELAYS = ("reseau", "prestataire")
RELAYS_SHOWN = 10
AUTHORITIES_SHOWN = 6
NAMES_SHOWN = 3


@dataclass(frozen=True)
class Relay:
    label: str  # an authority's name, or the organisation's domain
    actor_class: str
    authorities: int  # authorities of the scope that link to it
    pages: int  # pages of theirs that do


@dataclass(frozen=True)
class AuthorityRelays:
    name: str
    code: str
    linked_from: tuple[str, ...]  # other authorities whose sites link to it, by name
    links_to: tuple[str, ...]  # authorities and organisations it links to (networks, vendors aside)
    kind: str = "commune"
    departement: str = ""  # its département's number, to tell two homonymous communes apart
    unread: str = ""  # why its own site was not read, in French ('domaine introuvable'): its
    # `links_to` is then unknown, not empty


@dataclass
class ActorFigures:
    linking: int = 0  # authorities of the scope whose site links to any organisation
    relays: list[Relay] = field(default_factory=list)
    classes: dict[str, int] = field(default_factory=dict)  # class -> authorities linking one
    authorities: list[AuthorityRelays] = field(default_factory=list)


def actor_figures(engine: Engine, run_id: int, scope: Scope) -> ActorFigures:
    every = actor_links(engine, run_id)
    if every.empty:
        return ActorFigures()
    with engine.connect() as connection:
        query = select(Authority.kind, Authority.code).where(*scope.conditions())
        in_scope = {f"{kind}:{code}" for kind, code in connection.execute(query)}
    links = every[every["source"].isin(in_scope)]
    sites = _sites(engine, run_id)
    relays = links[~links["target_class"].isin(NOT_RELAYS)]
    grouped = relays.groupby(["target", "target_label", "target_class"], as_index=False).agg(
        authorities=("source", "nunique"), pages=("pages", "sum")
    )
    grouped = grouped.sort_values(["authorities", "pages", "target_label"],
                                  ascending=[False, False, True])  # fmt: skip
    return ActorFigures(
        linking=int(links["source"].nunique()),
        relays=[
            Relay(row.target_label, row.target_class, int(row.authorities), int(row.pages))
            for row in grouped.head(RELAYS_SHOWN).itertuples(index=False)
        ],
        classes={
            actor_class: int(links.loc[links["target_class"] == actor_class, "source"].nunique())
            for actor_class in CLASS_LABELS
        },
        authorities=_per_authority(every, relays, in_scope, sites),
    )


def _sites(engine: Engine, run_id: int) -> dict[str, tuple[str, str]]:
    """Every authority of the run, as a node: (its département's number, why its site was not
    read in French, or "" when it was)."""
    query = (
        select(Authority.kind, Authority.code, Authority.departement_code, SiteScan.status)
        .join(SiteScan, SiteScan.authority_id == Authority.id)
        .where(SiteScan.run_id == run_id)
    )
    with engine.connect() as connection:
        return {
            f"{kind}:{code}": (departement or "", unread_label(status))
            for kind, code, departement, status in connection.execute(query)
        }


def unread_label(status: str | None) -> str:
    """'' for a site read; else its status's label in lowercase ('domaine introuvable')."""
    if status == "ok":
        return ""
    known = SCAN_STATUSES.get(status or "")
    label = known.label if known else "site non exploré"
    return label[:1].lower() + label[1:]


def _per_authority(
    every: pd.DataFrame,
    relays: pd.DataFrame,
    in_scope: set[str],
    sites: dict[str, tuple[str, str]],
) -> list[AuthorityRelays]:
    """The scope's authorities most linked to by other authorities (any scope), with whom
    they link to, or why that is unknown (its site not read); none when no authority links to
    another."""
    incoming = every[(every["target_class"] == AUTHORITY) & every["target"].isin(in_scope)]
    if incoming.empty:
        return []
    counts = incoming.groupby("target")["source"].nunique().sort_values(ascending=False)
    names = dict(zip(incoming["target"], incoming["target_label"], strict=False))
    names.update(zip(every["source"], every["source_name"], strict=False))
    ranked = sorted(counts.index, key=lambda node: (-counts[node], names[node]))
    result = []
    for node in ranked[:AUTHORITIES_SHOWN]:
        sources = sorted(names[s] for s in set(incoming.loc[incoming["target"] == node, "source"]))
        targets = relays.loc[relays["source"] == node].sort_values(["pages", "target_label"],
                                                                  ascending=[False, True])  # fmt: skip
        kind, code = node.split(":", 1)
        departement, unread = sites.get(node, ("", unread_label(None)))
        result.append(
            AuthorityRelays(
                names[node],
                code,
                tuple(sources),
                tuple(targets["target_label"]),
                kind,
                departement,
                unread,
            )
        )
    return result
