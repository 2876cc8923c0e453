"""The one-authority scorecard, in French: its scores against its stratum and its département,
what its peers have that it lacks, its legal checklist with evidence links, and its top three
actions, each tied to the figure that justifies it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from statistics import median

from pptx.util import Emu, Inches
from sqlalchemy import Engine, select

from database.models import Authority, CrawlRun, FindingRow, Score
from reports.key_messages import DUTY_ACTIONS
from reports.labels import STRATUM_LABELS, french_count, plural
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    add_bullets,
    add_table,
    new_presentation,
    titled_slide,
)
from scoring.compliance_run import ComplianceRow, compliance_rows
from scoring.model import Model

STATUS_TEXT = {
    "met": "Respectée",
    "unmet": "Non constatée",
    "unknown": "Indéterminé",
    "n/a": "Non concernée",
}
# A peer share above which a missing indicator is "what your peers have".
PEERS_HAVE = 0.5
STRENGTHS_SHOWN = 12


@dataclass(frozen=True)
class Gap:
    """An indicator the authority lacks, with the share of its stratum's peers that have it."""

    label: str
    feature: str
    weight: float
    peer_share: float


@dataclass(frozen=True)
class Strength:
    """An indicator the authority meets in full, with the page that shows it."""

    label: str
    weight: float
    evidence_url: str | None


@dataclass(frozen=True)
class Scorecard:
    code: str
    name: str
    stratum: str | None
    departement: str | None
    run_id: int
    run_started: datetime
    model_version: str
    score: float
    rank_text: str
    # (label, own score, stratum median, département median), composite first
    scores: list[tuple[str, float | None, float | None, float | None]]
    gaps: list[Gap]
    duties: list[ComplianceRow]
    strengths: list[Strength]

    def actions(self) -> list[str]:
        """Three actions: unmet legal duties first, then what most peers have, by weight."""
        found = [
            f"{DUTY_ACTIONS.get(row.duty, f'Mettre en place : {row.label}')}"
            f" (obligation : {row.source})."
            for row in self.duties
            if row.status == "unmet"
        ]
        # A gap that is already an unmet duty's is not said twice.
        said = {row.feature for row in self.duties if row.status == "unmet"}
        found += [
            f"{gap.label} : {round(100 * gap.peer_share)} % des collectivités de votre strate "
            "l'ont, pas votre site."
            for gap in sorted(self.gaps, key=lambda g: (-g.peer_share * g.weight, g.label))
            if gap.peer_share >= PEERS_HAVE and gap.feature not in said
        ]
        return found[:3]


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def load_scorecard(engine: Engine, run_id: int, model: Model, code: str) -> Scorecard | None:
    with engine.connect() as connection:
        own = connection.execute(
            select(Authority.name, Authority.departement_code, Score)
            .join(Score, Score.authority_id == Authority.id)
            .where(
                Authority.code == code, Score.run_id == run_id, Score.model_version == model.version
            )
        ).first()
        if own is None:
            return None
        run_started = connection.execute(
            select(CrawlRun.started_at).where(CrawlRun.id == run_id)
        ).scalar_one()
        evidence: dict[str, str] = {}
        for feature, url in connection.execute(
            select(FindingRow.feature, FindingRow.evidence_url)
            .join(Authority, Authority.id == FindingRow.authority_id)
            .where(FindingRow.run_id == run_id, Authority.code == code)
            .order_by(FindingRow.feature, FindingRow.value)
        ):
            evidence.setdefault(feature, url)
        peers = connection.execute(
            select(
                Authority.departement_code, Score.stratum, Score.score, Score.axes, Score.indicators
            )
            .join(Score, Score.authority_id == Authority.id)
            .where(Score.run_id == run_id, Score.model_version == model.version)
        ).all()
    name, departement, stratum = own.name, own.departement_code, own.stratum
    same_stratum = [p for p in peers if p.stratum == stratum]
    same_departement = [p for p in peers if departement and p.departement_code == departement]
    scores = [
        (
            "Score global",
            own.score,
            _median([p.score for p in same_stratum]),
            _median([p.score for p in same_departement]),
        )
    ]
    for axis in model.axes:
        scores.append(
            (
                axis.label,
                (own.axes or {}).get(axis.key),
                _median(
                    [v for p in same_stratum if (v := (p.axes or {}).get(axis.key)) is not None]
                ),
                _median(
                    [v for p in same_departement if (v := (p.axes or {}).get(axis.key)) is not None]
                ),
            )
        )
    gaps = []
    for indicator in model.indicators:
        mine = (own.indicators or {}).get(indicator.key)
        if mine is None or mine >= 1.0 or indicator.weight == 0:
            continue
        having = [p for p in same_stratum if (p.indicators or {}).get(indicator.key) == 1.0]
        share = len(having) / len(same_stratum)
        gaps.append(Gap(indicator.label, indicator.feature, indicator.weight, share))
    strengths = [
        Strength(indicator.label, indicator.weight, _evidence_for(indicator.feature, evidence))
        for indicator in model.indicators
        if (own.indicators or {}).get(indicator.key) == 1.0 and indicator.weight > 0
    ]
    low, high = own.rank_low, own.rank_high
    rank_text = (
        f"{french_count(own.rank_in_stratum)} sur {french_count(own.stratum_count)}"
        if low is None or low == high
        else f"{french_count(low)} à {french_count(high)} sur {french_count(own.stratum_count)}"
    )
    return Scorecard(
        code,
        name,
        stratum,
        departement,
        run_id,
        run_started,
        model.version,
        own.score,
        rank_text,
        scores,
        gaps,
        compliance_rows(engine, run_id, code),
        sorted(strengths, key=lambda s: (-s.weight, s.label)),
    )


def _evidence_for(feature: str, evidence: dict[str, str]) -> str | None:
    """The first evidence of an indicator's feature, or of its family's (prefix ending in ".");
    None for an absence that scores (no tracker without consent shows on no page)."""
    if feature.endswith("."):
        return next((url for key, url in evidence.items() if key.startswith(feature)), None)
    return evidence.get(feature)


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def build_scorecard(card: Scorecard, out: Path) -> Path:
    presentation = new_presentation()
    source = (
        f"Source : Vigie, campagne n° {card.run_id} du {card.run_started:%d/%m/%Y}, modèle "
        f"{card.model_version}. Médianes des collectivités explorées."
    )
    stratum = STRATUM_LABELS.get(card.stratum or "", card.stratum or "")
    slide = titled_slide(presentation, f"{card.name} : vos scores", source)
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        [
            "",
            "Votre collectivité",
            f"Médiane de la strate ({stratum})",
            f"Médiane du département {card.departement or '–'}",
        ],
        [[label, _number(own), _number(s), _number(d)] for label, own, s, d in card.scores],
        (0.37, 0.19, 0.22, 0.22),
        size=14,
    )
    add_bullets(
        slide,
        MARGIN,
        Emu(CONTENT_TOP + Inches(0.36) * (len(card.scores) + 1) + Inches(0.3)),
        CONTENT_WIDTH,
        Inches(1),
        [
            f"Rang dans la strate : {card.rank_text} (l'intervalle donne les rangs possibles quand les pondérations varient)."
        ],
        size=14,
    )
    slide = titled_slide(presentation, "Ce que votre site offre déjà", source)
    shown_strengths = card.strengths[:STRENGTHS_SHOWN]
    rest = len(card.strengths) - len(shown_strengths)
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        ["Indicateur pleinement atteint (du plus au moins pesant)", "Preuve"],
        [[s.label, "preuve" if s.evidence_url else "absence constatée"] for s in shown_strengths]
        + ([[f"… et {rest} {plural(rest, 'autre')}", ""]] if rest > 0 else [])
        or [["Aucun indicateur n'est pleinement atteint.", ""]],
        (0.8, 0.2),
        size=13,
        links={
            (index, 1): s.evidence_url for index, s in enumerate(shown_strengths) if s.evidence_url
        },
    )
    slide = titled_slide(
        presentation, "Ce que vos pairs ont et que votre site ne montre pas", source
    )
    shown = [g for g in sorted(card.gaps, key=lambda g: -g.peer_share) if g.peer_share > 0][:10]
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        ["Élément absent ou incomplet sur votre site", "Part de la strate qui l'a"],
        [[gap.label, f"{round(100 * gap.peer_share)} %"] for gap in shown]
        or [["Rien : votre site a tout ce que vos pairs ont.", "–"]],
        (0.75, 0.25),
        size=14,
    )
    slide = titled_slide(presentation, "Obligations légales", source)
    rows = [
        [row.label, STATUS_TEXT.get(row.status, row.status), "preuve" if row.evidence_url else ""]
        for row in card.duties
    ]
    links = {
        (index, 2): row.evidence_url for index, row in enumerate(card.duties) if row.evidence_url
    }
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        ["Obligation", "Constat", "Preuve"],
        rows,
        (0.62, 0.22, 0.16),
        size=13,
        links=links,
    )
    slide = titled_slide(presentation, "Trois actions prioritaires", source)
    actions = card.actions() or [
        "Aucune obligation non constatée, ni élément que la majorité de vos pairs ont."
    ]
    add_bullets(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(4.5), actions, size=18)
    out.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(out))
    return out
