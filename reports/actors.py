"""The actors' graph of a run (`docs/actors.md`): the organisations each authority's site links
to (`outbound_links`), classified, as a networkx graph, and its files for Gephi and
researchers (GEXF, GraphML, CSV of the links).

Nodes are the authorities of the scope that link to anyone, the authorities they link to
(in the scope or not) and the other organisations, one per registered domain; an edge goes
from the linking authority to the organisation linked, weighted by the pages of the site that
link to it. Another authority is recognised by its domain: the hosts of the targets' websites
and the addresses where the run found the measured sites (a site that moved to a new domain).
A second channel adds edges between authorities: a site linking to another authority's own
social account (`reports/actors_social.py`); each edge says which channel carries it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from sqlalchemy import Engine, select

from database.actor_classes import (
    AUTHORITY,
    CLASS_LABELS,
    class_label,
    classify,
    organisation_label,
)
from database.actor_domains import authority_domains
from database.models import Authority, OutboundLinkRow
from database.scope import Scope
from reports.actors_social import SITE, SOCIAL, social_links

GRAPH_FORMATS = (".gexf", ".graphml", ".csv")
KIND_LABELS = {
    "commune": "commune",
    "epci": "intercommunalité",
    "departement": "département",
    "region": "région",
}
LINK_COLUMNS = [
    "source",
    "source_code",
    "source_kind",
    "source_name",
    "target",
    "target_label",
    "target_class",
    "target_class_label",
    "target_code",
    "channel",
    "platform",
    "domain",
    "pages",
    "evidence_url",
    "target_url",
    "anchor",
]


# The channels an edge of the graph is carried by, as its `canal` attribute says them.
CANAL = {
    (SITE,): "site",
    (SOCIAL,): "réseaux sociaux",
    (SITE, SOCIAL): "site et réseaux sociaux",
}


def actor_links(engine: Engine, run_id: int, scope: Scope | None = None) -> pd.DataFrame:
    """One row per authority of the scope and organisation its site links to (LINK_COLUMNS,
    channel `site`), then one per other authority's own social account it links to (channel
    `reseaux_sociaux`, no page count); a link to one of its own domains is left out."""
    query = (
        select(
            Authority.kind,
            Authority.code,
            Authority.name,
            OutboundLinkRow.domain,
            OutboundLinkRow.pages,
            OutboundLinkRow.evidence_url,
            OutboundLinkRow.target_url,
            OutboundLinkRow.anchor,
        )
        .join(Authority, Authority.id == OutboundLinkRow.authority_id)
        .where(OutboundLinkRow.run_id == run_id, *(scope.conditions() if scope else []))
        .order_by(Authority.kind, Authority.code, OutboundLinkRow.domain)
    )
    domains = authority_domains(engine, run_id)
    rows = []
    with engine.connect() as connection:
        for kind, code, name, domain, pages, evidence, target_url, anchor in connection.execute(
            query
        ):
            target = domains.get(domain)
            if target is not None and target[:2] == (kind, code):
                continue
            rows.append(
                {
                    "source": f"{kind}:{code}",
                    "source_code": code,
                    "source_kind": kind,
                    "source_name": name,
                    **_target(domain, target),
                    "channel": SITE,
                    "platform": "",
                    "domain": domain,
                    "pages": pages,
                    "evidence_url": evidence,
                    "target_url": target_url,
                    "anchor": anchor,
                }
            )
    rows += social_links(engine, run_id, scope)
    links = pd.DataFrame(rows, columns=LINK_COLUMNS).astype({"pages": "Int64"})
    return links.sort_values(["source", "target", "channel", "target_url"], ignore_index=True)


def _target(domain: str, authority: tuple[str, str, str] | None) -> dict[str, str]:
    if authority is not None:
        kind, code, name = authority
        return {
            "target": f"{kind}:{code}",
            "target_label": name,
            "target_class": AUTHORITY,
            "target_class_label": CLASS_LABELS[AUTHORITY],
            "target_code": code,
        }
    actor_class = classify(domain)
    return {
        "target": domain,
        "target_label": organisation_label(domain),
        "target_class": actor_class,
        "target_class_label": class_label(actor_class),
        "target_code": "",
    }


def actors_graph(links: pd.DataFrame) -> nx.DiGraph:
    """Authorities and organisations as nodes (label, type, classe, libelle_classe, code,
    nature), one weighted edge per pair: `canal` (site, réseaux sociaux, or both), `pages`
    linking to its site, `comptes` of its own accounts linked and their addresses
    (`comptes_url`), `weight` their sum, `evidence_url` and `anchor` (the site link's first)."""
    graph = nx.DiGraph()
    for (source, target), pair in links.groupby(["source", "target"], sort=True):
        first = pair.iloc[0]
        graph.add_node(
            source, **_authority_node(first.source_name, first.source_code, first.source_kind)
        )
        graph.add_node(target, **_target_node(first))
        site = pair[pair["channel"] == SITE]
        social = pair[pair["channel"] == SOCIAL]
        shown = site.iloc[0] if len(site) else social.iloc[0]
        pages = int(site["pages"].sum()) if len(site) else 0
        channels = tuple(c for c in (SITE, SOCIAL) if (pair["channel"] == c).any())
        graph.add_edge(
            source,
            target,
            weight=pages + len(social),
            canal=CANAL[channels],
            pages=pages,
            comptes=len(social),
            comptes_url=" ".join(social["target_url"]),
            evidence_url=shown.evidence_url,
            anchor=shown.anchor,
        )
    return graph


def _target_node(row: Any) -> dict[str, Any]:
    if row.target_class == AUTHORITY:
        return _authority_node(row.target_label, row.target_code, row.target.split(":", 1)[0])
    return {
        "label": row.target_label,
        "type": "organisation",
        "classe": row.target_class,
        "libelle_classe": row.target_class_label,
        "code": "",
        "nature": "",
    }


def _authority_node(name: str, code: str, kind: str) -> dict[str, Any]:
    return {
        "label": name,
        "type": "collectivité",
        "classe": AUTHORITY,
        "libelle_classe": "collectivités",  # the node itself, not "autres" as seen from one
        "code": code,
        "nature": KIND_LABELS.get(kind, kind),
    }


class GraphFormatError(ValueError):
    """An output file whose extension names no format the graph is written in."""


def write_actors(links: pd.DataFrame, path: Path) -> None:
    """The graph as GEXF 1.2 or GraphML, or the links as CSV (UTF-8, one row per link), by
    the file's extension."""
    suffix = path.suffix.lower()
    if suffix not in GRAPH_FORMATS:
        raise GraphFormatError(
            f"{path}: the extension says no format; write to a file ending in "
            f"{', '.join(GRAPH_FORMATS)}"
        )
    if suffix == ".csv":
        links.to_csv(path, index=False, encoding="utf-8")
    elif suffix == ".gexf":
        nx.write_gexf(actors_graph(links), path)
    else:
        nx.write_graphml(actors_graph(links), path)
