"""The one-authority scorecard, in French: its scores against its peers (its stratum, widened
when thin) and its département, a chart of its axes against its peers, what it already offers,
what its peers have that it lacks, its legal checklist with evidence links, and three actions
ranked by the points they would bring. Read from the database here (`load_scorecard`), worded
in `scorecard_figures`, `scorecard_peers` and `scorecard_actions`, laid out in
`scorecard_slides`, `scorecard_chart` and `scorecard_actions_slide`; an authority whose site
was not measured gets one page that says so (`scorecard_unmeasured`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from database.models import Authority, CrawlRun, FindingRow, Score
from reports.audience_figures import AudienceFigure, accounts_of, derived_figure, is_derived
from reports.layout import new_presentation
from reports.relays_card import RelaysCard, relays_card
from reports.scorecard_actions import ranked_actions
from reports.scorecard_actions_slide import actions_slide
from reports.scorecard_chart import axes_chart_slide
from reports.scorecard_figures import (
    Scorecard,
    rank_text,
    score_rows,
    strengths,
    unknown_derived,
)
from reports.scorecard_peers import departement_peers, stratum_peers
from reports.scorecard_relays import relays_slide
from reports.scorecard_residents import residents_slide
from reports.scorecard_slides import duties_slide, gaps_slide, scores_slide, strengths_slide
from reports.scorecard_unmeasured import UnmeasuredCard, load_unmeasured, unmeasured_slide
from scoring.compliance_run import compliance_rows
from scoring.layers import ResidentServices, residents_of_run
from scoring.model import Model
from scoring.scored import scored_authorities

# A commune's residents' page beside its duties (an EPCI or a département has none), then
# its relays; the actions close the scorecard.
SLIDES = (scores_slide, axes_chart_slide, strengths_slide, gaps_slide, duties_slide,
          residents_slide, relays_slide, actions_slide)  # fmt: skip


def load_scorecard(
    engine: Engine, run_id: int, model: Model, code: str
) -> Scorecard | UnmeasuredCard | None:
    """The scorecard of the authority of that code in the run; its not-measured page when it
    has no score; None when no authority has that code (or it was explored but not scored)."""
    with engine.connect() as connection:
        own = connection.execute(
            scored_authorities(
                run_id,
                model.version,
                Authority.code,
                Authority.name,
                Authority.departement_code,
                Score,
                conditions=[Authority.code == code],
            )
        ).first()
        if own is None:
            return load_unmeasured(connection, run_id, model.version, code)
        run_started = connection.execute(
            select(CrawlRun.started_at).where(CrawlRun.id == run_id)
        ).scalar_one()
        evidence = _first_evidence(connection, run_id, code)
        scored = connection.execute(
            scored_authorities(
                run_id,
                model.version,
                Authority.code,
                Authority.departement_code,
                Score.stratum,
                Score.score,
                Score.axes,
                Score.indicators,
            )
        ).all()
    peers = stratum_peers(code, own.stratum, scored)
    departement = departement_peers(code, own.departement_code, scored)
    duties = compliance_rows(engine, run_id, code)
    derived = _derived(engine, run_id, model, own.authority_id, run_started.date())
    return Scorecard(
        code,
        own.name,
        own.stratum,
        own.departement_code,
        run_id,
        run_started,
        model.version,
        own.score,
        rank_text(own, peers),
        peers,
        len(departement),
        score_rows(model, own, peers, departement),
        duties,
        strengths(model, own, evidence, derived),
        ranked_actions(
            model, own.indicators or {}, [p.indicators or {} for p in peers.peers], duties
        ),
        unknown_derived(model, own, derived),
        *_territory(engine, run_id, code),
    )


def _territory(
    engine: Engine, run_id: int, code: str
) -> tuple[ResidentServices | None, RelaysCard | None]:
    """What its residents can do online across their four sites (a commune's), its relays."""
    return next(iter(residents_of_run(engine, run_id, code=code)), None), relays_card(
        engine, run_id, code
    )


def _derived(
    engine: Engine, run_id: int, model: Model, authority_id: int, on: date
) -> dict[str, AudienceFigure]:
    """The figures of the model's indicators derived from the authority's social accounts,
    by feature: no page is their evidence (`reports/audience_figures.py`)."""
    features = [i.feature for i in model.indicators if is_derived(i.feature)]
    if not features:
        return {}
    accounts = accounts_of(engine, run_id, [authority_id]).get(authority_id, [])
    return {
        feature: figure
        for feature in features
        if (figure := derived_figure(feature, accounts, on)) is not None
    }


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


def build_scorecard(card: Scorecard | UnmeasuredCard, out: Path) -> Path:
    presentation = new_presentation()
    if isinstance(card, UnmeasuredCard):
        unmeasured_slide(presentation, card)
    else:
        for slide in SLIDES:
            slide(presentation, card)
    out.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(out))
    return out
