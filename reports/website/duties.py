"""An authority's legal checklist and its gaps, in French: each duty met, not found, not
concerned, or impossible to tell (and why: the site was not measured, the duty hangs on a fact
the site does not show); each indicator not met in full with the points of global score it
would bring (the scorecard's `ranked_actions`) and the law behind it when it is a duty."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from reports.french import french_number
from reports.scorecard_actions import DUTY_INDICATORS
from reports.website.content import DutyLine, Figure, Gap
from scoring.compliance import MAY_APPLY, MET, NOT_CONCERNED, UNKNOWN, UNMET
from scoring.compliance_run import ComplianceRow
from scoring.model import Model

STATUS_TEXTS = {
    MET: "Respectée",
    UNMET: "Non constatée sur les pages explorées",
    NOT_CONCERNED: "Non concernée",
}
CANNOT_TELL = "Impossible à dire : "
NOT_MEASURED = "le site n'a pas été mesuré"
# Why a duty that may apply cannot be told from the site, by duty.
MAY_APPLY_WHY = {
    "acts_online": "une commune de moins de 3 500 habitants peut garder la publication sur"
    " papier, ce que le site ne montre pas",
    "open_data": "l'obligation vaut à partir de 50 agents, nombre que le site ne montre pas",
}
# Why not finding a duty's evidence does not prove it unmet, by duty.
ELSEWHERE_WHY = {
    "planning_permit_online": "le dépôt en ligne peut passer par le guichet de"
    " l'intercommunalité, que le site n'a pas à lier",
    "open_data": "les données peuvent être publiées ailleurs que sur le site",
}


def duty_line(row: ComplianceRow) -> DutyLine:
    text = STATUS_TEXTS.get(row.status) or CANNOT_TELL + _why_unknown(row)
    status = row.status if row.status in (MET, UNMET, UNKNOWN, NOT_CONCERNED) else UNKNOWN
    return DutyLine(row.label, row.source, status, text, row.evidence_url)


def _why_unknown(row: ComplianceRow) -> str:
    if row.scan_status != "ok":
        return NOT_MEASURED
    if row.applies == MAY_APPLY:
        if row.duty == "acts_online" and row.population is None:
            return "la population de la commune n'est pas connue"
        return MAY_APPLY_WHY.get(
            row.duty, "l'obligation dépend d'un fait que le site ne montre pas"
        )
    return ELSEWHERE_WHY.get(row.duty, "l'obligation peut être remplie ailleurs que sur le site")


def gaps(
    model: Model,
    indicators: Mapping[str, float | None],
    duties: Sequence[ComplianceRow],
    peers_meeting: Callable[[str], int],
) -> list[Gap]:
    """Every weighing indicator measured and not met in full, the most points first, ties
    broken as on the scorecard's `ranked_actions` (the one most peers meet, then by label),
    with the source of the unmet duty it answers. The peers are counted once per stratum
    (`comparisons.py`), not passed one by one."""
    labels = {indicator.key: indicator.label for indicator in model.indicators}
    sources = {
        DUTY_INDICATORS[row.duty]: row.source
        for row in duties
        if row.status == UNMET and row.duty in DUTY_INDICATORS
    }
    found = gap_points(model, indicators)
    ranked = sorted(
        found, key=lambda key: (-round(found[key], 6), -peers_meeting(key), labels[key])
    )
    return [Gap(labels[key], points_figure(found[key]), sources.get(key)) for key in ranked]


def gap_points(model: Model, indicators: Mapping[str, float | None]) -> dict[str, float]:
    """Indicator key -> the points of global score meeting it in full would bring, for each
    weighing indicator measured and not met in full. The arithmetic of the scorecard's
    `points_if_met`, with the measured weight of each axis summed once per authority rather
    than once per indicator (a quarter of the site's build time at 36,000)."""
    measured = {axis.key: 0.0 for axis in model.axes}
    for indicator in model.indicators:
        if indicators.get(indicator.key) is not None:
            measured[indicator.axis] += indicator.weight
    axes_weight = sum(axis.weight for axis in model.axes if measured[axis.key] > 0)
    axis_weights = {axis.key: axis.weight for axis in model.axes}
    points = {}
    for indicator in model.indicators:
        value = indicators.get(indicator.key)
        if value is None or value >= 1.0 or indicator.weight == 0:
            continue
        share = (
            axis_weights[indicator.axis] / axes_weight * indicator.weight / measured[indicator.axis]
        )
        points[indicator.key] = 100 * share * (1 - value)
    return points


def points_figure(points: float) -> Figure:
    """'+4,2 points', '+1,5 point', '+ moins de 0,1 point'."""
    if round(points, 1) < 0.1:
        return Figure("+ moins de 0,1 point")
    return Figure(f"+{french_number(points)} {'point' if points < 2 else 'points'}")
