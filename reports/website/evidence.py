"""What an authority's page shows of its findings: each one with the page it was read on, the
HTML it was read from and its detector, grouped by family in a fixed order; and its social
accounts with what `vigie social` could read of them, unknown (and why) where it could not,
never 0."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from database.vocabulary import platform_label
from reports.french import counted, long_date
from reports.labels import FEATURE_LABELS, feature_label, value_label
from reports.website.content import Evidence, EvidenceGroup, Figure, SocialAccount

# A finding's family (its key before the first dot) -> the heading it is shown under, in the
# order of the page. Trackers and their consent manager read together.
FAMILY_LABELS = {
    "a11y": "Accessibilité",
    "readability": "Lisibilité",
    "inclusion": "Inclusion numérique",
    "eservices": "Services en ligne",
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
NOT_CHECKED = Figure("non vérifié", stated=False)
# What an account's audience and activity read when the platform did not show them.
UNREACHABLE = "compte injoignable"
BEHIND_LOGIN = "connexion exigée"
NOT_SHOWN = "non affiché"


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


def social_accounts(
    findings: Iterable[Any], profiles: Mapping[str, Any], checked: bool
) -> list[SocialAccount]:
    """The accounts the site links to (its `social.*` findings, the URL as value), by
    platform, with what `vigie social` read of each; 'non vérifié' where it did not run."""
    accounts = []
    for row in findings:
        if not row.feature.startswith("social."):
            continue
        profile = profiles.get(row.value) if checked else None
        accounts.append(
            SocialAccount(
                platform_label(row.feature.removeprefix("social.")),
                row.value,
                audience(profile),
                last_activity(profile),
            )
        )
    return sorted(accounts, key=lambda account: (account.platform, account.url))


def audience(profile: Any | None) -> Figure:
    """'1 234 abonnés', or unknown with why: never 0 for what the platform did not show."""
    if profile is None:
        return NOT_CHECKED
    why = _unknown_why(profile)
    if why is None and profile.followers is not None:
        return Figure(counted(profile.followers, "abonné"))
    return Figure(f"inconnu ({why or NOT_SHOWN})", stated=False)


def last_activity(profile: Any | None) -> Figure:
    """The date of the newest post, or unknown with why."""
    if profile is None:
        return NOT_CHECKED
    why = _unknown_why(profile)
    if why is None and profile.last_activity:
        try:
            return Figure(long_date(date.fromisoformat(profile.last_activity[:10])))
        except ValueError:
            pass
    return Figure(f"inconnue ({why or 'date non affichée'})", stated=False)


def _unknown_why(profile: Any) -> str | None:
    if not profile.reachable:
        return UNREACHABLE
    if profile.login_wall:
        return BEHIND_LOGIN
    return None
