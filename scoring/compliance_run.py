"""The legal checklist of every authority of a run, read from the database, and its summary."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Engine, Row, select

from database.models import Authority, CrawlRun, FindingRow, SiteScan
from scoring.compliance import (
    DUTIES,
    MET,
    NOT_CONCERNED,
    UNKNOWN,
    UNMET,
    DutyStatus,
    checklist,
)
from scoring.compliance import Authority as Concerned
from scoring.compliance_layers import permit_across_layers
from scoring.layers import residents_of_run
from scoring.model import Findings

# An authority scanned in the run: (id, code, name, kind, population, scan status).
Scanned = Row[int, str, str, str, int | None, str]


@dataclass(frozen=True)
class ComplianceRow:
    """One duty of one authority: whether it applies, and met, not met or cannot be told."""

    code: str
    name: str
    kind: str
    population: int | None
    scan_status: str
    duty: str
    label: str
    source: str
    feature: str
    applies: str
    status: str
    evidence_url: str | None
    # Where another layer's site settles the duty ("epci": the planning-permit desk of the
    # commune's intercommunalité) and what the checklist says of it, in French.
    via: str | None = None
    note: str | None = None


def compliance_rows(
    engine: Engine,
    run_id: int,
    code: str | None = None,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> list[ComplianceRow]:
    """Every duty of every authority of the run (or of one code, or of those meeting
    `conditions` on `authorities`)."""
    selection = [*conditions, *([Authority.code == code] if code is not None else [])]
    with engine.connect() as connection:
        started = connection.execute(
            select(CrawlRun.started_at).where(CrawlRun.id == run_id)
        ).scalar_one()
        authorities = _scanned_authorities(connection, run_id, selection)
        findings, evidence = _findings_with_evidence(connection, run_id, selection)
    # What the communes' other layers offer: their EPCI's planning-permit desk.
    layers = {r.commune.code: r for r in residents_of_run(engine, run_id, selection)}
    rows = []
    for authority in authorities:
        crawled = findings[authority.id] if authority.status == "ok" else None
        services = layers.get(authority.code) if authority.kind == "commune" else None
        for status in checklist(
            Concerned(authority.kind, authority.population), crawled, started.date()
        ):
            rows.append(_row(authority, permit_across_layers(status, services), evidence))
    return rows


def _scanned_authorities(
    connection: Connection, run_id: int, selection: Sequence[ColumnElement[bool]]
) -> Sequence[Scanned]:
    """The selection's authorities scanned in the run, with their scan status, by code."""
    return connection.execute(
        select(
            Authority.id,
            Authority.code,
            Authority.name,
            Authority.kind,
            Authority.population,
            SiteScan.status,
        )
        .join(SiteScan, SiteScan.authority_id == Authority.id)
        .where(SiteScan.run_id == run_id, *selection)
        .order_by(Authority.code)
    ).all()


def _findings_with_evidence(
    connection: Connection, run_id: int, selection: Sequence[ColumnElement[bool]]
) -> tuple[dict[int, Findings], dict[tuple[int, str], str]]:
    """The selection's findings in the run, per authority, and the first evidence URL of each
    (authority, feature)."""
    findings: dict[int, Findings] = defaultdict(lambda: defaultdict(set))
    evidence: dict[tuple[int, str], str] = {}
    finding_query = (
        select(
            FindingRow.authority_id,
            FindingRow.feature,
            FindingRow.value,
            FindingRow.evidence_url,
        )
        .join(Authority, Authority.id == FindingRow.authority_id)
        .where(FindingRow.run_id == run_id, *selection)
    )
    for authority_id, feature, value, url in connection.execute(finding_query):
        findings[authority_id][feature].add(value)
        evidence.setdefault((authority_id, feature), url)
    return findings, evidence


def _row(
    authority: Scanned, status: DutyStatus, evidence: dict[tuple[int, str], str]
) -> ComplianceRow:
    return ComplianceRow(
        authority.code,
        authority.name,
        authority.kind,
        authority.population,
        authority.status,
        status.duty.key,
        status.duty.label,
        status.duty.source,
        status.duty.feature,
        status.applies,
        status.status,
        status.evidence_url
        or (
            evidence.get((authority.id, status.evidence_feature))
            if status.evidence_feature
            else None
        ),
        status.via,
        status.note,
    )


@dataclass(frozen=True)
class DutySummary:
    duty: str
    label: str
    concerned: int  # authorities the duty applies or may apply to
    met: int
    unmet: int
    unknown: int
    # False where not finding the evidence never proves the duty unmet (permits through the
    # intercommunality's desk, open data): a rate among "those told" would always be 100 %.
    decidable: bool = True
    met_via_epci: int = 0  # of `met`, settled by the EPCI's site (scoring/compliance_layers.py)

    @property
    def rate(self) -> float | None:
        """Met among those the crawl could tell about; None where that cannot be a rate."""
        told = self.met + self.unmet
        return self.met / told if told and self.decidable else None


def summarise(rows: list[ComplianceRow]) -> list[DutySummary]:
    counts: dict[str, dict[str, int]] = {duty.key: defaultdict(int) for duty in DUTIES}
    via_epci: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.duty][row.status] += 1
        via_epci[row.duty] += row.status == MET and row.via == "epci"
    return [
        DutySummary(
            duty.key,
            duty.label,
            sum(n for status, n in counts[duty.key].items() if status != NOT_CONCERNED),
            counts[duty.key][MET],
            counts[duty.key][UNMET],
            counts[duty.key][UNKNOWN],
            duty.absence == UNMET,
            via_epci[duty.key],
        )
        for duty in DUTIES
    ]


COMPLIANCE_COLUMNS = ("code", "name", "kind", "population", "scan_status", "duty", "applies",
                      "status", "evidence_url", "note")  # fmt: skip


def compliance_table(rows: list[ComplianceRow]) -> tuple[list[str], list[list[object]]]:
    """The checklist as a table (`vigie compliance --csv`): its columns and rows."""
    return list(COMPLIANCE_COLUMNS), [[getattr(r, c) for c in COMPLIANCE_COLUMNS] for r in rows]
