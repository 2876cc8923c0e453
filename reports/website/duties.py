"""An authority's legal checklist and its gaps, in French: each duty met, not met (what was
seen that breaches it, or not found on the pages read), not concerned, or impossible to tell
(and why: the site was not measured, the duty hangs on a fact the site does not show); each
indicator not met in full with the points of global score it would bring (the scorecard's
`ranked_actions`) and the law behind it when it is a duty."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from reports.french import counted, french_number, long_date
from reports.labels import value_label
from reports.scorecard_actions import DUTY_INDICATORS
from reports.website.content import DutyLine, Figure, Gap
from scoring.compliance import MAY_APPLY, MET, NOT_CONCERNED, UNKNOWN, UNMET
from scoring.compliance_run import ComplianceRow
from scoring.model import Model

STATUS_TEXTS = {MET: "Respectée", NOT_CONCERNED: "Non concernée"}
BREACHED = "Non respectée : "
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


def duty_line(row: ComplianceRow, seen: Mapping[str, Sequence[Any]], pages_read: int) -> DutyLine:
    """One duty of the checklist. `seen` holds the authority's findings by feature (rows with
    value and evidence_url): an unmet duty whose evidence is a finding (a tracker set without
    consent, an audit too old) says what was seen and where; one unmet for want of evidence
    says on how many pages it was looked for."""
    status = row.status if row.status in (MET, UNMET, UNKNOWN, NOT_CONCERNED) else UNKNOWN
    if row.status == UNMET:
        breach = breach_seen(row.feature, seen.get(row.feature, ()))
        if breach is not None:
            said, url = breach
            return DutyLine(row.label, row.source, status, BREACHED + said, url)
        return DutyLine(row.label, row.source, status, not_found(pages_read), None)
    text = STATUS_TEXTS.get(row.status) or CANNOT_TELL + _why_unknown(row)
    if row.note and row.status == MET:  # settled by another layer's site: say which
        text = f"{text} {row.note}"
    return DutyLine(row.label, row.source, status, text, row.evidence_url)


def not_found(pages_read: int) -> str:
    """'Non trouvée sur les 12 pages lues': Vigie reads a sample of pages, not the site."""
    if pages_read == 0:
        return "Non trouvée sur les pages explorées"
    if pages_read == 1:
        return "Non trouvée sur la page lue"
    return f"Non trouvée sur les {counted(pages_read, 'page lue', 'pages lues')}"


def _trackers(found: Sequence[Any]) -> tuple[str, str] | None:
    """'traceur déposé sans consentement (Google Analytics)', several named in one sentence,
    with the page the first of them (by key) was seen on."""
    names = sorted({value_label(row.feature, row.value) for row in found}, key=str.casefold)
    if not names:
        return None
    said = "traceurs déposés" if len(names) > 1 else "traceur déposé"
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"
    return f"{said} sans consentement ({listed})", found[0].evidence_url


def _audit(found: Sequence[Any]) -> tuple[str, str] | None:
    """'dernier audit le 27 janvier 2021, plus de trois ans avant la campagne', on the page
    that dates it; None where no date could be read (the duty is then not found)."""
    dated = sorted((day, row.evidence_url) for row in found if (day := _day(row.value)))
    if not dated:
        return None
    day, url = dated[-1]
    return f"dernier audit le {long_date(day)}, plus de trois ans avant la campagne", url


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# The duties unmet because of what a finding shows (`scoring/compliance.py`: `_absent`,
# `_recent_audit`): their feature -> what was seen, in French, and where.
BREACHES: dict[str, Callable[[Sequence[Any]], tuple[str, str] | None]] = {
    "trackers.without_consent": _trackers,
    "a11y.audit_date": _audit,
}


def breach_seen(feature: str, found: Sequence[Any]) -> tuple[str, str] | None:
    """What the findings of a duty's feature show that breaches it, and the page they were
    read on; None where the duty is unmet for want of a finding."""
    describe = BREACHES.get(feature)
    return describe(found) if describe is not None and found else None


def by_feature(findings: Iterable[Any]) -> dict[str, list[Any]]:
    """An authority's findings (rows with feature, value, evidence_url) by feature, each in
    the order of its values."""
    grouped: dict[str, list[Any]] = {}
    for row in sorted(findings, key=lambda row: (row.feature, row.value)):
        grouped.setdefault(row.feature, []).append(row)
    return grouped


def _why_unknown(row: ComplianceRow) -> str:
    if row.note:  # the sites of the commune's other layers were read too (compliance_layers)
        return row.note
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
