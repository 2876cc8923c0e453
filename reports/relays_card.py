"""One authority's relays for its scorecard (`reports/scorecard_relays.py`, `docs/actors.md`):
the organisations its site links to, by class, with the pages that do; the authorities whose
sites link to it (by a link to its site or to one of its own social accounts), out of the
run's explored sites; and the sites near it that could not be read, which might link to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from database.actor_classes import CLASS_LABELS
from database.models import Authority, SiteScan
from database.statuses import SCAN_STATUSES
from database.vocabulary import platform_label
from reports.actors import KIND_LABELS, actor_links
from reports.actors_figures import NOT_RELAYS
from reports.actors_social import SITE, SOCIAL

# Statuses of an authority that has no site to link from: nothing to read, nothing unknown.
NO_SITE = ("ok", "no_website", "parked")


@dataclass(frozen=True)
class Named:
    label: str  # an authority's name (and nature), or an organisation's domain
    pages: int = 0  # pages of the linking site that link to the other's site
    accounts: tuple[str, ...] = ()  # platforms of the other's own accounts linked, in French
    why: str = ""  # a site not read: why, in French


@dataclass(frozen=True)
class ClassLine:
    label: str  # the class's French label
    organisations: tuple[Named, ...]  # the most pages first


@dataclass(frozen=True)
class RelaysCard:
    links_to: tuple[ClassLine, ...]  # classes in CLASS_LABELS order, NOT_RELAYS aside
    linked_from: tuple[Named, ...]  # other authorities linking to it, the most pages first
    explored: int  # the other authorities' sites the run explored: the n of `linked_from`
    unread: tuple[Named, ...]  # sites near it not explored, with why: they might link to it


def _ranked(rows: pd.DataFrame, key: str, label: str) -> tuple[Named, ...]:
    """One Named per `key`, the most pages first, then by label."""
    named = []
    for (_, name), pair in rows.groupby([key, label], sort=False):
        site = pair[pair["channel"] == SITE]
        social = pair[pair["channel"] == SOCIAL]
        platforms = tuple(dict.fromkeys(_short(platform_label(p)) for p in social["platform"]))
        named.append(Named(str(name), int(site["pages"].sum()), platforms))
    return tuple(sorted(named, key=lambda n: (-n.pages, -len(n.accounts), n.label)))


def _named_source(rows: pd.DataFrame) -> pd.DataFrame:
    """Sources labelled with their nature: 'Aub (commune)'."""
    nature = rows["source_kind"].map(lambda kind: KIND_LABELS.get(kind, kind))
    return rows.assign(source_label=rows["source_name"] + " (" + nature + ")")


def relays_card(engine: Engine, run_id: int, code: str) -> RelaysCard | None:
    """The card of the authority of that code; None when the run explored no site of it."""
    with engine.connect() as connection:
        scans = connection.execute(
            select(
                Authority.kind,
                Authority.code,
                Authority.name,
                Authority.epci_code,
                Authority.departement_code,
                SiteScan.status,
            )  # fmt: skip
            .join(SiteScan, SiteScan.authority_id == Authority.id)
            .where(SiteScan.run_id == run_id)
            .order_by(Authority.name, Authority.code)
        ).all()
    own = next((scan for scan in scans if scan.code == code and scan.status == "ok"), None)
    if own is None:
        return None
    node = f"{own.kind}:{own.code}"
    links = actor_links(engine, run_id)
    outgoing = links[(links["source"] == node) & ~links["target_class"].isin(NOT_RELAYS)]
    lines = tuple(
        ClassLine(label, _ranked(rows, "target", "target_label"))
        for actor_class, label in CLASS_LABELS.items()
        if len(rows := outgoing[outgoing["target_class"] == actor_class])
    )
    incoming = _named_source(links[links["target"] == node])
    others = [scan for scan in scans if (scan.kind, scan.code) != (own.kind, own.code)]
    return RelaysCard(
        links_to=lines,
        linked_from=_ranked(incoming, "source", "source_label"),
        explored=sum(1 for scan in others if scan.status == "ok"),
        unread=_near_unread(own, [scan for scan in others if scan.status not in NO_SITE]),
    )


def _near_unread(own: Any, unread: list[Any]) -> tuple[Named, ...]:
    """The unexplored sites of its own intercommunalité (its communes, the EPCI itself) first,
    then of its département, each with why it was not read."""
    epci = own.code if own.kind == "epci" else own.epci_code
    dep = own.departement_code

    def nearness(scan: Any) -> int:
        if epci and epci in (scan.epci_code, scan.code):
            return 0
        return 1 if dep and scan.departement_code == dep else 2

    near = sorted((s for s in unread if nearness(s) < 2), key=nearness)
    return tuple(
        Named(f"{s.name} ({KIND_LABELS.get(s.kind, s.kind)})", why=_why(s.status)) for s in near
    )


def _short(platform: str) -> str:
    """'X (Twitter)' -> 'X': the line already holds parentheses."""
    return platform.split(" (", 1)[0]


def _why(status: str) -> str:
    known = SCAN_STATUSES.get(status)
    label = known.label if known else "site non exploré"
    return label[:1].lower() + label[1:]
