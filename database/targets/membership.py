"""Which EPCI each commune belongs to, from INSEE's composition of the EPCI: set on the
communes the database holds, after every file of the import is loaded (so that the file
giving the communes may come after it); the others are counted, never created."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

from sqlalchemy import Connection, bindparam, select, update

from database.models import Authority
from database.targets.records import TargetRecord

CHUNK = 500  # codes per IN (...) query: far under every database's limit of parameters


@dataclass
class Membership:
    """What one composition file gave, and what the import did with it."""

    given: dict[str, str | None] = field(default_factory=dict)  # commune → SIREN (None: none)
    in_database: int = 0  # communes of the file the database holds: their EPCI is set
    changed: int = 0  # of those, the communes whose EPCI the import changed
    unknown_communes: int = 0  # communes of the file the database does not hold: skipped
    epci_not_imported: int = 0  # distinct SIRENs given that are not an EPCI of the database

    @property
    def without_epci(self) -> int:
        return sum(siren is None for siren in self.given.values())

    def add(self, records: Iterable[TargetRecord]) -> None:
        for record in records:
            self.given[record.code] = record.epci_code


def _chunks(codes: Iterable[str]) -> Iterator[list[str]]:
    iterator = iter(sorted(codes))
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _current(connection: Connection, kind: str, codes: Iterable[str]) -> dict[str, str | None]:
    """code → epci_code of the authorities of `kind` with these codes."""
    found: dict[str, str | None] = {}
    for chunk in _chunks(codes):
        query = select(Authority.code, Authority.epci_code).where(
            Authority.kind == kind, Authority.code.in_(chunk)
        )
        found.update({row.code: row.epci_code for row in connection.execute(query)})
    return found


def apply_membership(connection: Connection, membership: Membership, now: datetime) -> None:
    """Set the EPCI of every commune the file gives and the database holds; only a change
    touches a row (its `updated_at`; its `source` stays the file that gave the commune)."""
    current = _current(connection, "commune", membership.given)
    rows = [
        {"c": code, "e": membership.given[code], "now": now}
        for code, epci in current.items()
        if epci != membership.given[code]
    ]
    if rows:
        connection.execute(
            update(Authority)
            .where(Authority.kind == "commune", Authority.code == bindparam("c"))
            .values(epci_code=bindparam("e"), updated_at=bindparam("now")),
            rows,
        )
    membership.in_database, membership.changed = len(current), len(rows)
    membership.unknown_communes = len(membership.given) - len(current)
    sirens = {siren for siren in membership.given.values() if siren is not None}
    membership.epci_not_imported = len(sirens) - len(_current(connection, "epci", sirens))
