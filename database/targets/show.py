"""One authority as the database holds it, for `vigie targets show`: active or retired and why,
the authority it merged into, those merged into it, a commune's EPCI and an EPCI's communes,
the runs that scanned it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Engine, func, select

from database.models import ACTIVE, Authority, SiteScan, Website


@dataclass(frozen=True)
class Related:
    kind: str
    code: str
    name: str
    retired_at: datetime | None


@dataclass
class Card:
    kind: str
    code: str
    name: str
    population: int | None
    stratum: str | None
    departement_code: str | None
    region_code: str | None
    url: str | None
    source: str
    retired_at: datetime | None
    retired_reason: str | None
    successor: Related | None = None
    predecessors: list[Related] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)
    epci_code: str | None = None  # a commune's EPCI, by SIREN
    epci: Related | None = None  # that EPCI, when it is imported too
    members: int | None = None  # an EPCI's active member communes


def _related(engine: Engine, condition: ColumnElement[bool]) -> list[Related]:
    query = (
        select(Authority.kind, Authority.code, Authority.name, Authority.retired_at)
        .where(condition)
        .order_by(Authority.kind, Authority.code)
    )
    with engine.connect() as connection:
        return [Related(*row) for row in connection.execute(query)]


def _membership(engine: Engine, card: Card, epci_code: str | None) -> None:
    """A commune's EPCI (named when imported), an EPCI's number of active member communes."""
    card.epci_code = epci_code
    if epci_code is not None:
        found = _related(engine, (Authority.kind == "epci") & (Authority.code == epci_code))
        card.epci = found[0] if found else None
    if card.kind == "epci":
        query = select(func.count()).where(
            Authority.kind == "commune", Authority.epci_code == card.code, ACTIVE
        )
        with engine.connect() as connection:
            card.members = connection.execute(query).scalar_one()


def describe(engine: Engine, code: str) -> list[Card]:
    """Every authority with this code (a département's and a région's may share one)."""
    query = (
        select(
            Authority.id,
            Authority.kind,
            Authority.code,
            Authority.name,
            Authority.population,
            Authority.stratum,
            Authority.departement_code,
            Authority.region_code,
            Website.url,
            Authority.source,
            Authority.retired_at,
            Authority.retired_reason,
            Authority.successor_id,
            Authority.epci_code,
        )
        .outerjoin(Website, (Website.authority_id == Authority.id) & Website.is_primary)
        .where(Authority.code == code.strip())
        .order_by(Authority.kind)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    cards = []
    for row in rows:
        card = Card(
            row.kind,
            row.code,
            row.name,
            row.population,
            row.stratum,
            row.departement_code,
            row.region_code,
            row.url,
            row.source,
            row.retired_at,
            row.retired_reason,
        )
        if row.successor_id is not None:
            found = _related(engine, Authority.id == row.successor_id)
            card.successor = found[0] if found else None
        card.predecessors = _related(engine, Authority.successor_id == row.id)
        _membership(engine, card, row.epci_code)
        with engine.connect() as connection:
            card.runs = list(
                connection.execute(
                    select(SiteScan.run_id)
                    .where(SiteScan.authority_id == row.id)
                    .order_by(SiteScan.run_id)
                ).scalars()
            )
        cards.append(card)
    return cards
