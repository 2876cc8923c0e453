"""Legal duties as a checklist, apart from the score: for each authority, which duties apply
given its kind and population, and whether the crawl found them met, unmet, or cannot tell.

"Cannot tell" is said whenever the evidence cannot settle it: the site was not crawled, the
duty depends on a fact the crawl does not see (the number of agents), or the law leaves the
authority a choice the site does not show (paper publication of acts under 3,500
inhabitants). Nothing unknown is guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from scoring.model import Findings

MET, UNMET, UNKNOWN, NOT_CONCERNED = "met", "unmet", "unknown", "n/a"
APPLIES, NOT_APPLICABLE, MAY_APPLY = "yes", "no", "unknown"
# Arcom reads an audit older than this as "non conforme".
AUDIT_VALID_DAYS = 3 * 365


@dataclass(frozen=True)
class Authority:
    kind: str  # commune, epci, departement, region
    population: int | None


@dataclass(frozen=True)
class Duty:
    key: str
    label: str  # French: shown in reports
    source: str  # the text that creates the duty
    applies: Callable[[Authority], str]
    # (met or not, the feature whose finding is the evidence), from the site's findings
    check: Callable[[Findings, date], tuple[bool, str]]
    feature: str  # the feature the check reads (a family prefix ends with ".")
    # What an absence of evidence means when the duty may be fulfilled off the site.
    absence: str = UNMET


@dataclass(frozen=True)
class DutyStatus:
    duty: Duty
    applies: str
    status: str
    evidence_feature: str | None  # the feature whose finding shows it met, when one does
    # Where another layer's site settles it (scoring/compliance_layers.py): that layer
    # ("epci"), the page that shows it, and what the checklist says of it, in French.
    via: str | None = None
    evidence_url: str | None = None
    note: str | None = None


def _everyone(_: Authority) -> str:
    return APPLIES


def _communes(authority: Authority) -> str:
    return APPLIES if authority.kind == "commune" else NOT_APPLICABLE


def _acts_online(authority: Authority) -> str:
    # Ordonnance 2021-1310: electronic publication by default since 1 July 2022; communes
    # under 3,500 inhabitants may keep paper by deliberation, which the site does not show.
    if authority.kind != "commune":
        return APPLIES
    if authority.population is None:
        return MAY_APPLY
    return APPLIES if authority.population >= 3500 else MAY_APPLY


def _open_data(authority: Authority) -> str:
    # Loi pour une République numérique (art. L. 312-1-1 CRPA): 3,500 inhabitants or more and
    # 50 agents or more. Agent counts are not known to the crawl: never "yes" from population.
    if authority.kind == "commune" and (authority.population or 0) < 3500:
        return NOT_APPLICABLE
    return MAY_APPLY


def _found(feature: str) -> Callable[[Findings, date], tuple[bool, str]]:
    return lambda findings, _: (bool(findings.get(feature) or _family(findings, feature)), feature)


def _family(findings: Findings, prefix: str) -> bool:
    return prefix.endswith(".") and any(f.startswith(prefix) and v for f, v in findings.items())


def _has_value(feature: str, value: str) -> Callable[[Findings, date], tuple[bool, str]]:
    return lambda findings, _: (value in findings.get(feature, set()), feature)


def _absent(feature: str) -> Callable[[Findings, date], tuple[bool, str]]:
    """Met when the feature was not found: there is no finding to show as evidence."""
    return lambda findings, _: (not findings.get(feature), "")


def _recent_audit(findings: Findings, on: date) -> tuple[bool, str]:
    for value in findings.get("a11y.audit_date", set()):
        try:
            if (on - date.fromisoformat(value)).days <= AUDIT_VALID_DAYS:
                return True, "a11y.audit_date"
        except ValueError:
            continue
    return False, "a11y.audit_date"


DUTIES = (
    Duty(
        "a11y_mention",
        "Mention « Accessibilité : … conforme » sur le site",
        "Loi 2005-102, art. 47 ; décret 2019-768",
        _everyone,
        _found("a11y.mention"),
        "a11y.mention",
    ),
    Duty(
        "a11y_statement",
        "Déclaration d'accessibilité publiée",
        "Décret 2019-768, art. 3",
        _everyone,
        _found("a11y.statement_url"),
        "a11y.statement_url",
    ),
    Duty(
        "a11y_audit",
        "Audit d'accessibilité de moins de trois ans",
        "Décret 2019-768 ; lecture de l'Arcom",
        _everyone,
        _recent_audit,
        "a11y.audit_date",
    ),
    Duty(
        "legal_notice",
        "Mentions légales",
        "Loi 2004-575 (LCEN), art. 6",
        _everyone,
        _found("legal.notice_url"),
        "legal.notice_url",
    ),
    Duty(
        "privacy_policy",
        "Information sur les données personnelles",
        "RGPD, art. 13",
        _everyone,
        _found("legal.privacy_url"),
        "legal.privacy_url",
    ),
    Duty(
        "consent",
        "Pas de traceur déposé sans consentement",
        "Directive ePrivacy ; loi Informatique et libertés, art. 82",
        _everyone,
        _absent("trackers.without_consent"),
        "trackers.without_consent",
    ),
    Duty(
        "acts_online",
        "Publication électronique des actes",
        "Ordonnance 2021-1310",
        _acts_online,
        _found("transparency.acts"),
        "transparency.acts",
    ),
    Duty(
        "planning_permit_online",
        "Dépôt en ligne des autorisations d'urbanisme",
        "Code de l'urbanisme, L. 423-3 (SVE, 1er janvier 2022)",
        _communes,
        _has_value("eservices.kind", "planning-permit"),
        "eservices.kind",
        # Many communes receive permits through their intercommunality's desk, which their
        # own site need not link to: not finding it does not prove the duty unmet.
        absence=UNKNOWN,
    ),
    Duty(
        "open_data",
        "Publication des données (open data)",
        "CRPA, L. 312-1-1 (≥ 3 500 habitants et ≥ 50 agents)",
        _open_data,
        _found("opendata."),
        "opendata.",
        absence=UNKNOWN,
    ),
)


def checklist(
    authority: Authority, findings: Findings | None, on: date, duties: tuple[Duty, ...] = DUTIES
) -> list[DutyStatus]:
    """Each duty's status for one authority; `findings` None when its site was not crawled."""
    statuses = []
    for duty in duties:
        applies = duty.applies(authority)
        if applies == NOT_APPLICABLE:
            statuses.append(DutyStatus(duty, applies, NOT_CONCERNED, None))
            continue
        if findings is None:
            statuses.append(DutyStatus(duty, applies, UNKNOWN, None))
            continue
        met, feature = duty.check(findings, on)
        if met:
            statuses.append(DutyStatus(duty, applies, MET, feature or None))
        elif applies == MAY_APPLY:
            statuses.append(DutyStatus(duty, applies, UNKNOWN, None))
        else:
            statuses.append(DutyStatus(duty, applies, duty.absence, None))
    return statuses
