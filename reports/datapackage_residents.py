"""The data package's `resident_services` table: for every commune of the run in the scope,
each service family a resident can or cannot do online across the four layers that serve
them (commune, intercommunalité, département, région), by whom, with the page that shows it,
and which layers could not be read and why (scoring/layers.py; docs/scoring.md, "Services
per resident"). A family is `unknown`, never `not_offered`, while a layer was not read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine

from reports.datapackage_fields import TO_SCAN, ForeignKey, Table, authority_columns
from reports.datapackage_fields import column as _c
from reports.datapackage_tables import Reading
from scoring.layers import residents_of_run, unread_text

JOINER = " | "  # several layers or pages in one cell, in the layers' order

RESIDENT_SERVICES = Table(
    "resident_services",
    "Services per resident",
    "For every commune crawled in the run, each online service family its residents can"
    " reach on at least one of the four sites serving them (commune, intercommunalité,"
    " département, région): offered (by which layers, with the page showing it), not_offered"
    " (all four sites explored, none shows it) or unknown (a layer could not be read: which"
    " and why). Unknown is never absent.",
    (
        _c("run_id", "integer", "the run"),
        *authority_columns("the commune"),
        _c("family", "string", "service family, a value of the eservices.kind finding"),
        _c("state", "string", "offered, not_offered or unknown"),
        _c(
            "offered_by",
            "string",
            "the layers whose site offers it (commune, epci, departement, region), joined by"
            " ' | '; empty when none",
        ),
        _c(
            "provider_codes",
            "string",
            "the official codes of those layers' authorities, in the same order",
        ),
        _c(
            "evidence_urls",
            "string",
            "the first page of each of those sites showing the service, in the same order",
        ),
        _c(
            "unread_layers",
            "string",
            "the layers that could not be read, each as layer:reason (a site_scans status, or"
            " epci_unknown, not_a_target, not_scanned), joined by ' | '; empty when all were",
        ),
        _c("unread_fr", "string", "those reasons in French, as the reports say them"),
    ),
    ("run_id", "authority_kind", "authority_code", "family"),
    (ForeignKey(("run_id",), "runs", ("run_id",)), TO_SCAN),
)


def resident_rows(engine: Engine, reading: Reading) -> Iterator[tuple[Any, ...]]:
    """One row per commune of the run in the scope and service family, by code and family."""
    for services in residents_of_run(engine, reading.run_id, reading.conditions):
        unread = JOINER.join(f"{u.layer}:{u.why}" for u in services.unread)
        unread_fr = "; ".join(unread_text(u) for u in services.unread)
        for reach in services.families:
            providers = reach.providers
            yield (
                reading.run_id, "commune", services.commune.code, reach.family, reach.state,
                JOINER.join(p.layer for p in providers), JOINER.join(p.code for p in providers),
                JOINER.join(p.evidence_url for p in providers), unread, unread_fr,
            )  # fmt: skip
