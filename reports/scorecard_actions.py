"""A scorecard's three actions: the model's indicators the authority does not meet in full,
ranked by weight times gap, where the weight is the indicator's share of the global score (its
axis's share of the axes, times its share of its axis) and the gap is 1 minus the authority's
value: so an action is ranked by the points of global score (out of 100) it would bring, and an
indicator half met counts half. The share of peers that meet it is shown, not ranked by: what
most peers have is not always what weighs most; it rests on the peers whose value is known, a
peer whose indicator was skipped (unknown: a login wall) counted neither way and said apart.
An action that answers an unmet legal duty says so, with its source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reports.french import counted, french_count, french_percent, plural
from reports.key_messages import DUTY_ACTIONS
from reports.thresholds import INSUFFICIENT, Rate
from scoring.compliance_run import ComplianceRow
from scoring.model import Indicator, Model

ACTIONS_SHOWN = 3
# Each legal duty (scoring.compliance) -> the indicator of the default model that measures it.
DUTY_INDICATORS = {
    "a11y_mention": "a11y_mention",
    "a11y_statement": "a11y_statement",
    "a11y_audit": "a11y_audit",
    "legal_notice": "legal_notice",
    "privacy_policy": "privacy_policy",
    "consent": "no_tracker_without_consent",
    "acts_online": "acts",
    "planning_permit_online": "planning_permit",
    "open_data": "open_data",
}
# What to do, for each indicator of the default model (a model of one's own falls back on
# "Atteindre : <label>").
INDICATOR_ACTIONS = {
    "local_procedure": "Proposer en ligne les démarches de la collectivité (état civil,"
    " inscriptions, réservations)",
    "planning_permit": "Permettre le dépôt en ligne des autorisations d'urbanisme",
    "payment": "Proposer le paiement en ligne (cantine, crèche, factures)",
    "appointment": "Proposer la prise de rendez-vous en ligne",
    "national_procedures": "Orienter vers les démarches nationales en ligne (service-public.fr)",
    "franceconnect": "Permettre la connexion aux démarches avec FranceConnect",
    "acts": "Publier les délibérations et arrêtés en ligne, à leur date",
    "budget": "Mettre en ligne les documents budgétaires (budget primitif, compte administratif)",
    "council_video": "Diffuser les séances du conseil en vidéo",
    "buyer_profile": "Lier depuis le site le profil d'acheteur (marchés publics)",
    "open_data": "Publier des données ouvertes (portail ou fichiers sous licence ouverte)",
    "news_freshness": "Publier régulièrement des actualités datées",
    "participation_platform": "Ouvrir une plateforme de participation en ligne",
    "participation_topics": "Présenter les instances et démarches participatives (conseils de"
    " quartier, budget participatif, consultations)",
    "contact_form": "Proposer un formulaire de contact",
    "mailbox": "Afficher une adresse électronique au nom de domaine de la collectivité",
    "social_platforms": "Être présent sur trois réseaux sociaux et les lier depuis le site",
    "social_active": "Publier régulièrement sur au moins un réseau social (un message dans"
    " les 90 derniers jours)",
    "social_audience": "Faire connaître les comptes de la collectivité pour élargir leur audience",
    "alert_app": "Proposer une application ou un service d'alerte (SMS, notifications)",
    "newsletter": "Proposer une lettre d'information par courriel",
    "a11y_mention": "Afficher sur chaque page la mention « Accessibilité : … conforme »",
    "a11y_level": "Atteindre la conformité totale au RGAA et la déclarer",
    "a11y_statement": "Publier la déclaration d'accessibilité et la lier depuis chaque page",
    "a11y_audit": "Faire réaliser un audit d'accessibilité (RGAA) et en dater les résultats",
    "a11y_checks": "Corriger les défauts d'accessibilité que relèvent les contrôles automatiques",
    "readability": "Rédiger les pages en phrases courtes et en mots simples",
    "inclusion": "Présenter l'aide au numérique (France services, conseiller numérique) et des"
    " pages faciles à lire",
    "legal_notice": "Publier des mentions légales complètes (éditeur, directeur de publication,"
    " hébergeur)",
    "privacy_policy": "Publier une politique de confidentialité",
    "dpo": "Donner le contact du délégué à la protection des données",
    "no_tracker_without_consent": "Ne déposer aucun traceur avant le consentement",
    "https": "Servir tout le site en HTTPS",
    "hsts": "Imposer le HTTPS aux navigateurs (en-tête HSTS)",
    "own_domain": "Héberger le site sous un nom de domaine propre à la collectivité",
    "no_dsfr_misuse": "Retirer le système de design de l'État, réservé à ses services",
    "feedback_button": "Afficher le bouton « Je donne mon avis » sur les démarches en ligne",
    "responsive": "Adapter la page d'accueil à l'écran des téléphones",
    "site_search": "Proposer un moteur de recherche sur le site",
    "reach_office": "Indiquer le téléphone et les horaires d'ouverture de l'accueil",
    "not_found": "Répondre « page introuvable » (erreur 404) aux adresses inexistantes",
    "load_time": "Accélérer la réponse du serveur (hébergement, cache)",
    "availability": "Fiabiliser l'hébergement pour que le site reste joignable",
}


@dataclass(frozen=True)
class Action:
    """One indicator not met in full: what to do, the points of global score it would bring,
    the authority's value, how many peers meet it, and the duty's source when it is one."""

    key: str
    text: str
    label: str
    points: float
    value: float
    peers_meeting: int  # peers that meet it in full
    peers_partly: int  # peers that meet it at least in part
    peers: int  # all the peers
    duty_source: str | None
    peers_known: int | None = None  # peers whose value is known (None: all of them)

    @property
    def known(self) -> int:
        return self.peers if self.peers_known is None else self.peers_known

    @property
    def unknown(self) -> int:
        """Peers whose value is unknown: neither having it nor lacking it."""
        return self.peers - self.known

    def share(self, count: int) -> Rate:
        """`count` of the peers whose value is known."""
        return Rate(count, self.known)

    def share_text(self, count: int) -> str:
        """'25 % (3 sur 12 pairs)'; with unknown peers, '50 % (3 sur 6 pairs à valeur
        connue ; 6 inconnus)'."""
        rate = self.share(count)
        if not self.unknown:
            return rate.text("pair")
        known = counted(self.known, "pair à valeur connue", "pairs à valeur connue")
        unknown = f"{french_count(self.unknown)} {plural(self.unknown, 'inconnu')}"
        if not rate.shown:
            return f"{INSUFFICIENT} ({known} ; {unknown})"
        percent = french_percent(100 * count / self.known)
        return f"{percent} ({french_count(count)} sur {known} ; {unknown})"


def points_if_met(model: Model, indicators: Mapping[str, float | None], key: str) -> float:
    """Points of global score (0-100) the authority would gain by meeting the indicator in
    full: its axis's share of the measured axes, times its share of the measured indicators of
    its axis, times its gap. Exact for the weighted means of scoring.compute.aggregate."""
    indicator = next(i for i in model.indicators if i.key == key)
    value = indicators.get(key)
    if value is None:
        return 0.0
    axis_totals = {axis.key: _measured_weight(model, indicators, axis.key) for axis in model.axes}
    axes_weight = sum(axis.weight for axis in model.axes if axis_totals[axis.key] > 0)
    axis_weight = next(axis.weight for axis in model.axes if axis.key == indicator.axis)
    share = axis_weight / axes_weight * indicator.weight / axis_totals[indicator.axis]
    return 100 * share * (1 - value)


def _measured_weight(model: Model, indicators: Mapping[str, float | None], axis: str) -> float:
    return sum(i.weight for i in model.axis_indicators(axis) if indicators.get(i.key) is not None)


def ranked_actions(
    model: Model,
    indicators: Mapping[str, float | None],
    peers: Sequence[Mapping[str, float | None]],
    duties: Sequence[ComplianceRow],
) -> list[Action]:
    """Every weighing indicator measured and not met in full, the most points first (ties:
    the one most peers meet, then by label)."""
    sources = _unmet_duty_sources(duties)
    found = []
    for indicator in model.indicators:
        value = indicators.get(indicator.key)
        if value is None or value >= 1.0 or indicator.weight == 0:
            continue
        values = [peer.get(indicator.key) for peer in peers]
        meeting = (
            sum(1 for v in values if v == 1.0),
            sum(1 for v in values if v is not None and v > 0),
        )
        known = sum(1 for v in values if v is not None)
        found.append(_action(model, indicator, indicators, meeting, (len(peers), known), sources))
    return sorted(found, key=lambda a: (-round(a.points, 6), -a.peers_meeting, a.label))


def _action(
    model: Model,
    indicator: Indicator,
    indicators: Mapping[str, float | None],
    meeting: tuple[int, int],
    peers: tuple[int, int],  # all the peers, and those whose value is known
    sources: Mapping[str, str],
) -> Action:
    source = sources.get(indicator.key)
    text = INDICATOR_ACTIONS.get(indicator.key, f"Atteindre : {indicator.label}")
    duty = next((d for d, key in DUTY_INDICATORS.items() if key == indicator.key), None)
    if source is not None and duty in DUTY_ACTIONS:
        text = DUTY_ACTIONS[duty]
    return Action(
        indicator.key,
        text,
        indicator.label,
        points_if_met(model, indicators, indicator.key),
        indicators.get(indicator.key) or 0.0,
        *meeting,
        peers[0],
        source,
        peers[1],
    )


def _unmet_duty_sources(duties: Sequence[ComplianceRow]) -> dict[str, str]:
    """Indicator key -> the source of the unmet duty it measures."""
    return {
        DUTY_INDICATORS[row.duty]: row.source
        for row in duties
        if row.status == "unmet" and row.duty in DUTY_INDICATORS
    }


def duties_left_out(actions: Sequence[Action], duties: Sequence[ComplianceRow]) -> list[str]:
    """The unmet duties the three actions do not answer: named under them, never dropped."""
    answered = {action.key for action in actions[:ACTIONS_SHOWN]}
    return [
        row.label
        for row in duties
        if row.status == "unmet" and DUTY_INDICATORS.get(row.duty) not in answered
    ]
