"""The levers of action, per axis of the scoring model: what to do, which indicators it moves,
its effort, its horizon and who acts; and the gap each lever closes on a scope's sites, told
by its main indicator with that indicator's n (`LeverGap`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reports.synthesis import Gap, indicator_gap
from reports.synthesis_data import ScoredSite

EFFORTS = ("faible", "moyen", "important")
HORIZONS = ("moins de 6 mois", "6 à 18 mois", "plus de 18 mois")
ACTORS = (
    "élus",
    "direction générale",
    "service communication",
    "DSI",
    "prestataire du site",
    "DPO",
    "référent accessibilité",
)
LOW, MEDIUM, HIGH = EFFORTS
SHORT, MID, LONG = HORIZONS
ELUS, DG, COM, DSI, VENDOR, DPO, A11Y = ACTORS


@dataclass(frozen=True)
class Lever:
    axis: str  # an axis key of scoring/model.toml
    action: str
    indicators: tuple[str, ...]  # indicator keys of scoring/model.toml it moves
    effort: str
    horizon: str
    actors: tuple[str, ...]


LEVERS = (
    Lever("services", "Mettre en ligne les démarches locales les plus demandées (état civil,"
          " inscriptions, réservations)", ("local_procedure",), MEDIUM, MID, (DG, DSI, VENDOR)),
    Lever("services", "Ouvrir le dépôt des autorisations d'urbanisme en ligne",
          ("planning_permit",), MEDIUM, SHORT, (DG, DSI)),
    Lever("services", "Proposer le paiement et la prise de rendez-vous en ligne",
          ("payment", "appointment"), MEDIUM, MID, (DSI, VENDOR)),
    Lever("services", "Relier les démarches nationales et la connexion FranceConnect",
          ("national_procedures", "franceconnect"), LOW, SHORT, (COM, VENDOR)),
    Lever("services", "Recueillir l'avis des usagers sur les démarches (bouton « Je donne mon"
          " avis »)", ("feedback_button",), LOW, SHORT, (DSI, VENDOR)),
    Lever("transparency", "Publier les délibérations et arrêtés en ligne, à leur date",
          ("acts",), LOW, SHORT, (DG, COM)),
    Lever("transparency", "Mettre en ligne le budget primitif et le compte administratif",
          ("budget",), LOW, SHORT, (DG, COM)),
    Lever("transparency", "Publier les données courantes sous licence ouverte",
          ("open_data",), MEDIUM, MID, (DG, DSI)),
    Lever("transparency", "Tenir les actualités à jour (une au moins tous les deux mois)",
          ("news_freshness",), LOW, SHORT, (COM,)),
    Lever("transparency", "Diffuser le conseil en vidéo et publier le profil acheteur",
          ("council_video", "buyer_profile"), MEDIUM, MID, (ELUS, DG)),
    Lever("participation", "Ouvrir une plateforme de participation (consultations, budget"
          " participatif)", ("participation_platform",), HIGH, MID, (ELUS, DG, VENDOR)),
    Lever("participation", "Présenter les instances participatives (conseils de quartier, de"
          " jeunes, consultations)", ("participation_topics",), LOW, SHORT, (ELUS, COM)),
    Lever("participation", "Offrir un formulaire de contact et une adresse au nom de la"
          " collectivité", ("contact_form", "mailbox"), LOW, SHORT, (COM, DSI)),
    Lever("channels", "Animer des comptes sur les réseaux sociaux les plus suivis",
          ("social_platforms", "social_active", "social_audience"), MEDIUM, SHORT,
          (COM, ELUS)),
    Lever("channels", "Proposer une lettre d'information aux habitants", ("newsletter",), LOW,
          SHORT, (COM,)),
    Lever("channels", "Proposer un service d'alerte (SMS, application)", ("alert_app",), MEDIUM,
          MID, (DG, VENDOR)),
    Lever("accessibility", "Afficher la mention d'accessibilité et publier la déclaration",
          ("a11y_mention", "a11y_statement"), LOW, SHORT, (A11Y, COM)),
    Lever("accessibility", "Faire réaliser un audit RGAA et déclarer le niveau de conformité",
          ("a11y_audit", "a11y_level"), HIGH, MID, (A11Y, VENDOR)),
    Lever("accessibility", "Corriger les défauts d'accessibilité relevés automatiquement",
          ("a11y_checks",), MEDIUM, MID, (VENDOR, A11Y)),
    Lever("accessibility", "Écrire plus simplement et indiquer où se faire aider",
          ("readability", "inclusion"), MEDIUM, LONG, (COM, A11Y)),
    Lever("trust", "Publier des mentions légales et une politique de confidentialité complètes",
          ("legal_notice", "privacy_policy"), LOW, SHORT, (DPO, COM)),
    Lever("trust", "Indiquer le contact du délégué à la protection des données", ("dpo",), LOW,
          SHORT, (DPO,)),
    Lever("trust", "Ne déposer aucun traceur avant le consentement du visiteur",
          ("no_tracker_without_consent",), MEDIUM, SHORT, (DPO, VENDOR)),
    Lever("trust", "Sécuriser le site (HTTPS, HSTS) sur un nom de domaine propre",
          ("https", "hsts", "own_domain"), MEDIUM, MID, (DSI, VENDOR)),
    Lever("trust", "Retirer le système de design de l'État, réservé à ses services",
          ("no_dsfr_misuse",), MEDIUM, MID, (VENDOR, COM)),
    Lever("trust", "Rendre le site lisible sur téléphone et y proposer une recherche",
          ("responsive", "site_search"), MEDIUM, MID, (VENDOR, COM)),
    Lever("trust", "Afficher le téléphone et les horaires d'ouverture sur le site",
          ("reach_office",), LOW, SHORT, (COM,)),
    Lever("trust", "Fiabiliser l'hébergement : site joignable, rapide, vraies pages d'erreur",
          ("availability", "load_time", "not_found"), MEDIUM, MID, (DSI, VENDOR)),
)  # fmt: skip


@dataclass(frozen=True)
class LeverGap:
    """A lever and the figure it is shown with: the gap of its main indicator with that
    indicator's n, never a mean of its indicators' gaps (each may rest on different sites: a
    site unknown on one is known on another). Its indicators counted are those promoted
    (known on MIN_SITES and on at least half the scored sites: `Gap.promoted`); the main one
    is the one of widest weight × gap; the lever is ranked by the sum of their weight × gap
    (the points of score it would bring, each on its own sites)."""

    lever: Lever
    main: Gap
    urgency: float  # the sum of weight × gap over its promoted indicators

    @property
    def gap(self) -> float:
        return self.main.gap

    @property
    def n(self) -> int:
        return self.main.n

    @property
    def unknown(self) -> int:
        return self.main.unknown

    @property
    def label(self) -> str:
        """The main indicator's label, when the lever moves more than one."""
        return self.main.label if len(self.lever.indicators) > 1 else ""


def lever_gaps(
    axis: str, sites: Iterable[ScoredSite], weights: Mapping[str, float],
    labels: Mapping[str, str] | None = None,
) -> list[LeverGap]:  # fmt: skip
    """The axis's levers with the gap of their main indicator on the sites, the widest sum of
    weight × gap first; a lever whose promoted indicators are all met, or that has none (each
    unknown on more than half the sites, or not measured), is left out."""
    chosen = list(sites)
    found = []
    for lever in (lever for lever in LEVERS if lever.axis == axis):
        parts = [
            gap
            for key in lever.indicators
            if (gap := indicator_gap(chosen, key, (labels or {}).get(key, key),
                                     weights.get(key, 0.0))) is not None
            and gap.promoted and gap.weight > 0 and gap.gap > 0
        ]  # fmt: skip
        if parts:
            main = min(parts, key=lambda part: (-part.urgency, lever.indicators.index(part.key)))
            found.append(LeverGap(lever, main, sum(part.urgency for part in parts)))
    return sorted(found, key=lambda g: (-g.urgency, g.lever.action))


def lever_of(indicator: str) -> Lever | None:
    """The lever that moves an indicator (the first listed)."""
    return next((lever for lever in LEVERS if indicator in lever.indicators), None)


def lever_text(lever: Lever) -> str:
    """'Levier : … (effort faible, moins de 6 mois ; service communication)'."""
    return (
        f"Levier : {lever.action} (effort {lever.effort}, {lever.horizon} ;"
        f" {', '.join(lever.actors)})."
    )
