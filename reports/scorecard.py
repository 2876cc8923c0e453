"""The one-authority scorecard, in French: its scores against its stratum and its département,
what its peers have that it lacks, its legal checklist with evidence links, and its top three
actions, each tied to the figure that justifies it. Read from the database here
(`load_scorecard`), worded in `scorecard_figures`, laid out in `scorecard_slides`."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, select

from database.models import Authority, CrawlRun, FindingRow, Score
from reports.layout import new_presentation
from reports.scorecard_figures import Scorecard, gaps, rank_text, score_rows, strengths
from reports.scorecard_slides import (
    actions_slide,
    duties_slide,
    gaps_slide,
    scores_slide,
    strengths_slide,
)
from scoring.compliance_run import compliance_rows
from scoring.model import Model
from scoring.scored import scored_authorities


def load_scorecard(engine: Engine, run_id: int, model: Model, code: str) -> Scorecard | None:
    with engine.connect() as connection:
        own = connection.execute(
            scored_authorities(
                run_id,
                model.version,
                Authority.name,
                Authority.departement_code,
                Score,
                conditions=[Authority.code == code],
            )
        ).first()
        if own is None:
            return None
        run_started = connection.execute(
            select(CrawlRun.started_at).where(CrawlRun.id == run_id)
        ).scalar_one()
        evidence = _first_evidence(connection, run_id, code)
        peers = connection.execute(
            scored_authorities(
                run_id,
                model.version,
                Authority.departement_code,
                Score.stratum,
                Score.score,
                Score.axes,
                Score.indicators,
            )
        ).all()
    departement, stratum = own.departement_code, own.stratum
    same_stratum = [p for p in peers if p.stratum == stratum]
    same_departement = [p for p in peers if departement and p.departement_code == departement]
    return Scorecard(
        code,
        own.name,
        stratum,
        departement,
        run_id,
        run_started,
        model.version,
        own.score,
        rank_text(own),
        score_rows(model, own, same_stratum, same_departement),
        gaps(model, own, same_stratum),
        compliance_rows(engine, run_id, code),
        strengths(model, own, evidence),
    )


def _first_evidence(connection: Connection, run_id: int, code: str) -> dict[str, str]:
    """Each feature found on the authority's site -> the evidence URL of its first value."""
    evidence: dict[str, str] = {}
    for feature, url in connection.execute(
        select(FindingRow.feature, FindingRow.evidence_url)
        .join(Authority, Authority.id == FindingRow.authority_id)
        .where(FindingRow.run_id == run_id, Authority.code == code)
        .order_by(FindingRow.feature, FindingRow.value)
    ):
        evidence.setdefault(feature, url)
    return evidence


def build_scorecard(card: Scorecard, out: Path) -> Path:
    presentation = new_presentation()
    for slide in (scores_slide, strengths_slide, gaps_slide, duties_slide, actions_slide):
        slide(presentation, card)
    out.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(out))
    return out
