"""What an authority's page shows of its findings: each one with the page it was read on, the
HTML it was read from and its detector, grouped by family in a fixed order; and its social
accounts with what `vigie social` read of them or was declared, unknown (and why) where
neither tells, never 0, and the score's two social indicators as the score reads them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from database.social_audience import AccountAudience
from database.vocabulary import SOCIAL_WINDOW_DAYS, platform_label
from reports.french import french_number
from reports.labels import FEATURE_LABELS, feature_label, value_label
from reports.social_score import audience_status
from reports.social_text import (
    account_unknown,
    active_status_text,
    audience_status_text,
    followers_text,
    last_post_text,
    per_1000_text,
    posts_text,
)
from reports.website.content import (
    Evidence,
    EvidenceGroup,
    Figure,
    SocialAccount,
    SocialIndicator,
    SocialRules,
)
from scoring.audience import ACTIVE, FOLLOWERS_PER_1000, authority_findings
from scoring.model import Model

# A finding's family (its key before the first dot) -> the heading it is shown under, in the
# order of the page. Trackers and their consent manager read together.
FAMILY_LABELS = {
    "a11y": "Accessibilité",
    "readability": "Lisibilité",
    "inclusion": "Inclusion numérique",
    "eservices": "Services en ligne",
    "services": "Services en ligne",  # the "Je donne mon avis" button on procedures
    "quality": "Qualité du service en ligne",
    "availability": "Qualité du service en ligne",
    "contact": "Contact",
    "alerts": "Alertes et lettre d'information",
    "social": "Réseaux sociaux",
    "transparency": "Transparence",
    "participation": "Participation citoyenne",
    "opendata": "Données ouvertes",
    "freshness": "Fraîcheur des contenus",
    "attractiveness": "Attractivité",
    "legal": "Pages légales et données personnelles",
    "trackers": "Traceurs et consentement",
    "consent": "Traceurs et consentement",
    "security": "Sécurité",
    "tech": "Technique",
}
OTHER_FAMILY = "Autres constats"
FEATURE_ORDER = {feature: place for place, feature in enumerate(FEATURE_LABELS)}
QUOTED = "Extrait lu sur la page"
# Features whose snippet a detector may write itself where the page has nothing to quote (a
# check of absence: "no link to skip to the content"); their quotes are the page's HTML.
HTML_QUOTES = {"a11y.check_failed"}
# A detector's message that names a tag without quoting one: "<html> without lang".
TAG_THEN_WORDS = re.compile(r"<\w+>\s[^<>]*")


def family_of(feature: str) -> str:
    return FAMILY_LABELS.get(feature.split(".", 1)[0], OTHER_FAMILY)


def evidence_groups(findings: Iterable[Any]) -> list[EvidenceGroup]:
    """The findings (rows with feature, value, evidence_url, snippet, detector) as French
    evidence, grouped by family in FAMILY_LABELS' order; within a family by feature in the
    order the labels list them (`FEATURE_LABELS`), then by value as shown."""
    order = {label: index for index, label in enumerate(dict.fromkeys(FAMILY_LABELS.values()))}
    groups: dict[str, list[tuple[int, str, Evidence]]] = {}
    for row in findings:
        value = value_label(row.feature, row.value)
        quoted = is_quoted(row.feature, row.snippet)
        evidence = Evidence(
            feature_label(row.feature),
            value,
            row.evidence_url,
            row.snippet if quoted else "",
            row.detector,
            QUOTED if quoted else nothing_to_quote(value),
        )
        place = FEATURE_ORDER.get(row.feature, len(FEATURE_ORDER))
        groups.setdefault(family_of(row.feature), []).append((place, row.feature, evidence))
    return [
        EvidenceGroup(family, [evidence for _, _, evidence in sorted(found, key=_by_key)])
        for family, found in sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))
    ]


def is_quoted(feature: str, snippet: str) -> bool:
    """Whether a finding's snippet was taken from the page. Where a check's quotes are HTML,
    a snippet that is not (no tag at its start, or a tag named in a sentence) is the
    detector's own message, in English, and quotes nothing."""
    if feature not in HTML_QUOTES:
        return True
    return snippet.startswith("<") and not TAG_THEN_WORDS.fullmatch(snippet)


def nothing_to_quote(label: str) -> str:
    """What a finding of absence shows in place of an extract: 'Rien à citer : pas de lien
    d'évitement valide, constat fait sur l'ensemble de la page.'"""
    return f"Rien à citer : {label}, constat fait sur l'ensemble de la page."


def _by_key(item: tuple[int, str, Evidence]) -> tuple[int, str, str]:
    place, feature, evidence = item
    return place, feature, evidence.value.casefold()


def social_accounts(accounts: Iterable[AccountAudience]) -> list[SocialAccount]:
    """The authority's accounts (`database.social_audience.run_accounts`: those its site
    links to, and those it only declared), by platform and address, each figure in the words
    of every output (`reports/social_text.py`): unknown with why, never 0."""
    shown = [
        SocialAccount(
            platform_label(account.platform),
            account.url,
            _figure(followers_text(account), account),
            _figure(per_1000_text(account), account),
            _figure(posts_text(account), account),
            _figure(last_post_text(account), account),
            account.linked,
        )
        for account in accounts
    ]
    return sorted(shown, key=lambda account: (account.platform, account.url))


def _figure(text: str | None, account: AccountAudience) -> Figure:
    """The figure as stated, or unknown (greyed) with why: 'inconnu (connexion exigée)'."""
    if text is None:
        return Figure(account_unknown(account), stated=False)
    return Figure(text, stated=not text.startswith("inconnu"))


def social_indicators(
    model: Model, accounts: list[AccountAudience], on: date
) -> list[SocialIndicator]:
    """The model's social indicators for the authority, in the model's order, as the score
    reads them from all its accounts on the campaign's day `on`: a value, "0 (aucun compte
    lié)", or unknown with why, never 0 for unknown. What the score leaves out (unknown, or a
    largest audience that is only a floor below full marks: "inconnu, au moins …") is
    greyed."""
    status = audience_status(accounts, on)
    findings = authority_findings(accounts, on)
    words = {ACTIVE: active_status_text(status), FOLLOWERS_PER_1000: audience_status_text(status)}
    shown = []
    for indicator in model.indicators:
        if indicator.feature not in words:
            continue
        text = words[indicator.feature]
        counted = indicator.measure_site(findings, on) is not None
        if not counted and not text.startswith("inconnu"):
            text = f"inconnu, {text}"
        shown.append(SocialIndicator(indicator.label, Figure(text, counted)))
    return shown


def social_rules(model: Model) -> SocialRules:
    """The method page's rules of the social figures, under `model`."""
    by_feature = {indicator.feature: indicator for indicator in model.indicators}
    active, audience = by_feature.get(ACTIVE), by_feature.get(FOLLOWERS_PER_1000)
    return SocialRules(
        SOCIAL_WINDOW_DAYS,
        active.label if active else None,
        audience.label if audience else None,
        french_number(audience.high) if audience else None,
    )
