"""What the deck says in words: the key findings and the recommendations, each sentence built
from the figures it states (ReportData), so that a test can hold every number to SQL."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

from database.statuses import NOT_MEASURED
from reports.adoption import ADOPTION_FEATURES
from reports.data import ReportData
from reports.french import french_fixed, french_percent
from reports.labels import STRATUM_LABELS, french_count, french_number, plural
from reports.scope_ranking import RankedAuthority
from reports.survey_tables import n_equals
from reports.thresholds import MIN_SITES
from scoring.compliance import DUTIES
from scoring.compliance_run import DutySummary
from survey.families import FAMILIES
from survey.ipa import PRIORITY, quadrants

DUTY_SOURCES = {duty.key: duty.source for duty in DUTIES}
# What to do about an unmet duty, in the deck's words.
DUTY_ACTIONS = {
    "a11y_mention": "Afficher sur chaque page la mention « Accessibilité : … conforme »",
    "a11y_statement": "Publier la déclaration d'accessibilité et la lier depuis chaque page",
    "a11y_audit": "Faire réaliser un audit d'accessibilité (RGAA) et en dater les résultats",
    "legal_notice": "Publier des mentions légales complètes (éditeur, directeur de publication,"
    " hébergeur)",
    "privacy_policy": "Publier une politique de confidentialité et le contact du DPO",
    "consent": "Ne déposer aucun traceur avant le consentement (gestionnaire de consentement)",
    "acts_online": "Publier les délibérations et arrêtés en ligne, à leur date",
}
# Good practices the deck may recommend: (adoption key, action, what it rests on).
GOOD_PRACTICES = (
    (
        "eservices.",
        "Proposer en ligne les démarches les plus demandées (état civil, inscriptions, paiements)",
        "Bonne pratique : démarches en ligne de bout en bout (programme Services Publics+)",
    ),
    (
        "transparency.budget",
        "Mettre en ligne les documents budgétaires (budget primitif, compte administratif)",
        "Bonne pratique ; attendu des communes de 3 500 habitants et plus (CGCT)",
    ),
    (
        "participation.",
        "Ouvrir un outil de participation : consultations, budget participatif, conseil de"
        " quartier",
        "Bonne pratique : associer les habitants aux décisions locales",
    ),
    (
        "alerts.newsletter",
        "Proposer une lettre d'information ou des alertes aux habitants",
        "Bonne pratique : un lien direct, sans dépendre des réseaux sociaux",
    ),
    (
        "inclusion.topic",
        "Indiquer où se faire aider pour les démarches (France services, conseiller numérique)",
        "Bonne pratique : inclusion numérique des habitants éloignés du numérique",
    ),
    (
        "opendata.",
        "Publier les données courantes (budget, équipements, délibérations) sous licence ouverte",
        "Loi pour une République numérique (≥ 3 500 hab. et ≥ 50 agents) ; bonne pratique"
        " pour les autres",
    ),
)
MAX_DUTY_RECOMMENDATIONS, MAX_RECOMMENDATIONS = 3, 5


@dataclass(frozen=True)
class Recommendation:
    action: str
    evidence: str  # the measured gap, with its figures
    basis: str  # the duty or good practice behind it
    gap: float  # share of the sites concerned without it, 0–1


def _have(count: int) -> str:
    return "n'a" if count <= 1 else "n'ont"


def _not_measured(data: ReportData) -> str:
    """Said apart: there the crawl, not the site, failed."""
    count = sum(data.statuses.get(status, 0) for status in NOT_MEASURED)
    if not count:
        return ""
    # Both reasons in one phrase: no browser at all (no_browser), or one that failed
    # (render_failed); "mesurée" agrees with the authorities, "construit" with their sites.
    return (
        f", dont {french_count(count)} non {plural(count, 'mesurée')}"
        f" ({plural(count, 'site')} {plural(count, 'construit')} en JavaScript :"
        " navigateur absent ou rendu impossible)"
    )


def _percent(share: float) -> str:
    return french_percent(100 * share)


def key_findings(data: ReportData) -> list[str]:
    """Three to five sentences, each with the figures that make it matter."""
    found: list[str] = []
    if data.authorities:
        no_site = data.statuses.get("no_website", 0)
        failed = data.authorities - data.crawled - no_site
        found.append(
            f"{french_count(data.crawled)} des {french_count(data.authorities)} collectivités ont"
            " un site exploré"
            f" ({_percent(data.crawled / data.authorities)}) ; {french_count(no_site)}"
            f" {_have(no_site)} pas de site référencé et {french_count(failed)} {_have(failed)}"
            f" pas pu être {plural(failed, 'explorée')}{_not_measured(data)}."
        )
    weakest = _weakest_duty(data)
    if weakest is not None:
        told = weakest.met + weakest.unmet
        found.append(
            f"Obligation la moins respectée : « {weakest.label} », constatée sur"
            f" {french_count(weakest.met)} des {french_count(told)} sites vérifiés ({_percent(weakest.met / told)})."
        )
    gap = _stratum_gap(data.ranking)
    if gap is not None:
        (small, small_mean), (large, large_mean) = gap
        found.append(
            f"Le score moyen va de {french_number(small_mean)} / 100 pour les communes de"
            f" {STRATUM_LABELS[small]} à {french_number(large_mean)} / 100 pour celles de"
            f" {STRATUM_LABELS[large]}."
        )
    practices = {
        key: data.adoption_overall[key]
        for key, _, _ in GOOD_PRACTICES
        if key in data.adoption_overall
    }
    if practices:
        rarest = min(practices, key=lambda key: (practices[key], key))
        label = dict(ADOPTION_FEATURES)[rarest]
        found.append(
            f"Le plus rare : {label.lower()}, sur {french_percent(practices[rarest], 1)} des sites"
            " explorés."
        )
    if "trackers.without_consent" in data.adoption_overall:
        found.append(
            f"{french_percent(data.adoption_overall['trackers.without_consent'], 1)} des sites"
            " explorés déposent des traceurs sans gestion du consentement."
        )
    return found[:5]


def recommendations(data: ReportData) -> list[Recommendation]:
    """The measured gaps turned into actions: unmet duties first (the widest gaps), then the
    good practices most sites lack, each with its figures and what it rests on."""
    duties = []
    for line in data.compliance:
        told = line.met + line.unmet
        if line.duty not in DUTY_ACTIONS or not line.decidable or not line.unmet:
            continue
        duties.append(
            Recommendation(
                DUTY_ACTIONS[line.duty],
                f"{french_count(line.unmet)} des {french_count(told)} sites vérifiés ne la"
                f" {'respecte' if line.unmet == 1 else 'respectent'} pas"
                f"{f' ({_percent(line.unmet / told)})' if told >= MIN_SITES else ''}.",
                f"Obligation : {DUTY_SOURCES[line.duty]}",
                line.unmet / told,
            )
        )
    practices = []
    for key, action, basis in GOOD_PRACTICES:
        share = data.adoption_overall.get(key)
        if share is None or share >= 50 or data.crawled < MIN_SITES:
            continue
        practices.append(
            Recommendation(
                action,
                f"{french_percent(100 - share, 1)} des {french_count(data.crawled)} sites"
                " explorés ne l'offrent pas.",
                basis,
                1 - share / 100,
            )
        )
    duties.sort(key=lambda r: -r.gap)
    practices.sort(key=lambda r: -r.gap)
    chosen = duties[:MAX_DUTY_RECOMMENDATIONS] + _survey_priority(data)
    return chosen + practices[: MAX_RECOMMENDATIONS - len(chosen)]


def _survey_priority(data: ReportData) -> list[Recommendation]:
    """The service residents weigh most among those they find least satisfying (the
    "priorité" quadrant of the survey), when a survey was analysed."""
    if data.survey is None:
        return []
    means = data.survey.means()
    priorities = [key for key, quadrant in quadrants(means).items() if quadrant == PRIORITY]
    if not priorities:
        return []
    key = max(priorities, key=lambda k: (means[k][0] - means[k][1], k))
    importance, satisfaction = means[key]
    family = next(f for f in FAMILIES if f.key == key)
    # The figures rest on those who rated the service, not on every respondent.
    rated = data.survey.figures[key]["satisfaction"].respondents
    return [
        Recommendation(
            f"Améliorer {family.label}",
            f"Importance {french_fixed(importance)} et satisfaction"
            f" {french_fixed(satisfaction)} sur 5 selon les habitants qui l'ont noté.",
            f"Enquête auprès des habitants ({n_equals(rated)} répondants ayant noté ce service"
            f"{' ; données simulées' if data.survey.synthetic else ''})",
            (importance - satisfaction) / 4,
        )
    ]


def _weakest_duty(data: ReportData) -> DutySummary | None:
    rated = [line for line in data.compliance if line.rate is not None]
    return min(rated, key=lambda line: (line.rate, line.label), default=None)


def _stratum_gap(
    ranking: list[RankedAuthority],
) -> tuple[tuple[str, float], tuple[str, float]] | None:
    """Mean score of the smallest and of the largest commune strata with MIN_SITES scored
    sites."""
    scores: dict[str, list[float]] = {}
    for entry in ranking:
        if entry.stratum in STRATUM_LABELS and entry.stratum[0].isdigit():
            scores.setdefault(entry.stratum, []).append(entry.score)
    strata = [s for s in STRATUM_LABELS if len(scores.get(s, [])) >= MIN_SITES]
    if len(strata) < 2:
        return None
    small, large = strata[0], strata[-1]
    return (small, round(mean(scores[small]), 1)), (large, round(mean(scores[large]), 1))
