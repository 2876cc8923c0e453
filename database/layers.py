"""The four layers that serve a commune's residents, as a run saw them: the commune, its EPCI
(`authorities.epci_code`), its département and its région (its row's codes, the COG's when
the row lacks them), and for each layer's authority its scan in the run and the service
families (`eservices.kind`) its site was found offering, with the page that shows each.
Read in bulk: one query for the communes, one for the layers' authorities, one for their
findings (by chunks of codes and ids)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from sqlalchemy import ColumnElement, Connection, Engine, and_, select

from database.geography import REGION_OF_DEPARTEMENT, departement_of_commune
from database.models import Authority, FindingRow, SiteScan

SERVICE_FEATURE = "eservices.kind"
T = TypeVar("T", str, int)
CHUNK = 500  # codes or ids per IN (...): far under every database's limit of parameters


@dataclass(frozen=True)
class LayerSite:
    """One authority of a layer: its scan status in the run (None: not scanned in it) and
    the service families its site was found offering -> the first page showing each."""

    kind: str
    code: str
    name: str
    status: str | None
    offers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CommuneLayers:
    """A commune scanned in the run and the codes of the authorities serving it above."""

    code: str
    name: str
    stratum: str | None
    epci: str | None  # None: no EPCI known (none given, or INSEE's "no EPCI")
    departement: str | None
    region: str | None


def _chunks(values: Iterable[T]) -> Iterator[list[T]]:
    iterator = iter(sorted(values))
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def _communes(
    connection: Connection, run_id: int, selection: Sequence[ColumnElement[bool]]
) -> list[tuple[int, CommuneLayers]]:
    rows = connection.execute(
        select(
            Authority.id,
            Authority.code,
            Authority.name,
            Authority.stratum,
            Authority.epci_code,
            Authority.departement_code,
            Authority.region_code,
        )
        .join(SiteScan, SiteScan.authority_id == Authority.id)
        .where(SiteScan.run_id == run_id, Authority.kind == "commune", *selection)
        .order_by(Authority.code)
    )
    communes = []
    for row in rows:
        departement = row.departement_code or departement_of_commune(row.code)
        region = row.region_code or REGION_OF_DEPARTEMENT.get(departement)
        layers = CommuneLayers(row.code, row.name, row.stratum, row.epci_code, departement, region)
        communes.append((row.id, layers))
    return communes


def _authorities(
    connection: Connection, run_id: int, kind: str, codes: Iterable[str]
) -> dict[int, tuple[str, str, str, str | None]]:
    """id -> (kind, code, name, scan status in the run or None) of the authorities of `kind`
    with these codes."""
    found: dict[int, tuple[str, str, str, str | None]] = {}
    for chunk in _chunks(set(codes)):
        query = (
            select(Authority.id, Authority.code, Authority.name, SiteScan.status)
            .outerjoin(
                SiteScan, and_(SiteScan.authority_id == Authority.id, SiteScan.run_id == run_id)
            )
            .where(Authority.kind == kind, Authority.code.in_(chunk))
        )
        for row in connection.execute(query):
            found[row.id] = (kind, row.code, row.name, row.status)
    return found


def _offers(connection: Connection, run_id: int, ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """authority id -> service family -> its first evidence page (by URL)."""
    offers: dict[int, dict[str, str]] = {}
    for chunk in _chunks(set(ids)):
        query = (
            select(FindingRow.authority_id, FindingRow.value, FindingRow.evidence_url)
            .where(
                FindingRow.run_id == run_id,
                FindingRow.feature == SERVICE_FEATURE,
                FindingRow.authority_id.in_(chunk),
            )
            .order_by(FindingRow.evidence_url)
        )
        for authority_id, family, url in connection.execute(query):
            offers.setdefault(authority_id, {}).setdefault(family, url)
    return offers


def read_layers(
    engine: Engine,
    run_id: int,
    conditions: Sequence[ColumnElement[bool]] = (),
    code: str | None = None,
) -> tuple[list[CommuneLayers], dict[tuple[str, str], LayerSite]]:
    """The communes of the run (all, one `code`, or those meeting `conditions` on
    `authorities`) and every authority of their four layers the database holds, by (kind,
    code): an EPCI, département or région absent from the result is not among the targets."""
    selection = [*conditions, *([Authority.code == code] if code is not None else [])]
    with engine.connect() as connection:
        communes = _communes(connection, run_id, selection)
        authorities = _authorities(connection, run_id, "commune", [c.code for _, c in communes])
        for kind, attribute in (("epci", "epci"), ("departement", "departement"),
                                ("region", "region")):  # fmt: skip
            codes = [value for _, c in communes if (value := getattr(c, attribute))]
            authorities.update(_authorities(connection, run_id, kind, codes))
        offers = _offers(connection, run_id, authorities)
    sites = {
        (kind, code_): LayerSite(kind, code_, name, status, offers.get(id_, {}))
        for id_, (kind, code_, name, status) in authorities.items()
    }
    return [commune for _, commune in communes], sites
