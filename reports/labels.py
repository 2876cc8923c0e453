"""The French words the report uses for the crawl's and the scoring's codes, and for the
features the crawl finds."""

from __future__ import annotations

from datetime import date

from database.statuses import SCAN_STATUSES
from database.vocabulary import (
    BOOLEAN_FEATURES,
    DATE_FEATURES,
    VALUE_LABELS,
    YES_NO,
    platform_label,
)
from reports.french import french_count, french_number, french_percent, long_date, plural

__all__ = ["french_count", "french_number", "plural", "feature_label", "value_label"]

STATUS_LABELS = {code: status.label for code, status in SCAN_STATUSES.items()}
STRATUM_LABELS = {
    "0-499": "< 500 hab.",
    "500-1999": "500 – 1 999",
    "2000-3499": "2 000 – 3 499",
    "3500-9999": "3 500 – 9 999",
    "10000-49999": "10 000 – 49 999",
    "50000-99999": "50 000 – 99 999",
    "100000+": "≥ 100 000",
    "epci": "EPCI",
    "departement": "Départements",
    "region": "Régions",
}

FEATURE_LABELS = {
    # Derived by the score from `vigie social`'s accounts (scoring/audience.py), not read on a page.
    "audience.active": "Activité sur les réseaux sociaux (90 jours)",
    "audience.followers_per_1000": "Abonnés pour 1\u202f000 habitants (compte le plus suivi)",
    # Derived by the score from the scans of the last campaigns (scoring/availability.py).
    "availability.answered": "Site joignable lors des dernières campagnes",
    "a11y.mention": "Mention d'accessibilité",
    "a11y.statement_url": "Déclaration d'accessibilité",
    "a11y.audit_date": "Date de l'audit d'accessibilité",
    "a11y.conformity_rate": "Taux de conformité déclaré (RGAA)",
    "a11y.rgaa_version": "Version du RGAA citée",
    "a11y.statement_contact": "Contact pour signaler un défaut d'accessibilité",
    "a11y.recourse": "Voie de recours (Défenseur des droits)",
    "a11y.schema": "Schéma pluriannuel d'accessibilité",
    "a11y.check_failed": "Contrôle d'accessibilité échoué",
    "a11y.axe_violation": "Règle axe-core non respectée",
    "legal.notice_url": "Mentions légales",
    "legal.privacy_url": "Politique de confidentialité",
    "legal.dpo_contact": "Contact du délégué à la protection des données",
    "tech.cms": "Outil de gestion de contenu",
    "tech.dsfr": "Système de design réservé à l'État (DSFR)",
    "tech.domain": "Nom de domaine",
    "eservices.platform": "Service en ligne",
    "eservices.kind": "Type de démarche en ligne",
    "alerts.app": "Application d'alerte",
    "alerts.newsletter": "Lettre d'information",
    "contact.form": "Formulaire de contact",
    "contact.mailbox": "Adresse électronique de contact",
    "opendata.portal": "Portail de données ouvertes",
    "opendata.file": "Fichier de données ouvertes",
    "opendata.licence": "Licence ouverte déclarée",
    "transparency.acts": "Actes publiés en ligne",
    "transparency.budget": "Documents budgétaires",
    "transparency.council_video": "Conseil municipal en vidéo",
    "transparency.buyer_profile": "Profil d'acheteur (marchés publics)",
    "participation.platform": "Plateforme de participation",
    "participation.topic": "Instance ou démarche participative",
    "inclusion.topic": "Aide au numérique (France services, conseiller numérique…)",
    "attractiveness.topic": "Rubrique d'attractivité (tourisme, économie…)",
    "readability.kandel_moles": "Lisibilité des textes (indice de Kandel et Moles)",
    "security.https": "HTTPS",
    "security.hsts": "HTTPS imposé (HSTS)",
    "security.header": "En-tête de sécurité",
    "trackers": "Traceur",
    "trackers.without_consent": "Traceur sans consentement",
    "consent.manager": "Gestion du consentement",
    "freshness.latest_news": "Dernière actualité datée",
    "freshness.sitemap_lastmod": "Dernière date du plan du site (sitemap)",
    "freshness.copyright_year": "Année du copyright",
    "freshness.last_modified": "Dernière modification annoncée par le serveur",
    "freshness.updated": "Mention « mis à jour le »",
    "quality.viewport": "Affichage de la page d'accueil sur téléphone",
    "quality.search": "Moteur de recherche du site",
    "contact.phone": "Numéro de téléphone",
    "contact.hours": "Horaires d'ouverture",
    "services.feedback": "Recueil de l'avis des usagers",
    "quality.not_found": "Réponse à une adresse de page inexistante",
    "quality.load_time": "Temps de réponse de la page d'accueil (une mesure)",
}


# A model indicator may count any finding of a family (its feature ends with a dot).
FEATURE_FAMILIES = {
    "social.": "Lien vers un réseau social (tout réseau)",
    "opendata.": "Données ouvertes (portail, fichier ou licence)",
    "a11y.": "Tout constat d'accessibilité",
    "legal.": "Tout constat de pages légales",
    "eservices.": "Tout service en ligne",
    "transparency.": "Tout constat de transparence",
    "participation.": "Toute forme de participation",
    "freshness.": "Toute date de mise à jour",
    "security.": "Tout constat de sécurité",
    "tech.": "Tout constat technique",
    "alerts.": "Toute alerte ou lettre d'information",
    "contact.": "Tout moyen de contact",
    "quality.": "Toute qualité de service (affichage sur téléphone, recherche)",
    "services.": "Tout recueil de l'avis des usagers",
}


def feature_label(feature: str) -> str:
    """A feature key, or a family of them ("social."), as a reader names it."""
    if feature in FEATURE_FAMILIES:
        return FEATURE_FAMILIES[feature]
    if feature.startswith("social."):
        return f"Réseau social : {platform_label(feature.removeprefix('social.'))}"
    return FEATURE_LABELS.get(feature, feature)


def value_label(feature: str, value: str) -> str:
    """A finding's value as a reader is shown it, in French: the vocabulary's label
    (database/vocabulary.py), "oui" for a feature seen, a French date, a rate with its percent
    sign and decimal comma, "RGAA 4.1"; a URL or a year as it is."""
    labels = VALUE_LABELS.get(feature, {})
    if value in labels:
        return labels[value]
    if feature in BOOLEAN_FEATURES or (value in YES_NO and not labels):
        return YES_NO.get(value, value)
    try:
        if feature in DATE_FEATURES:
            return long_date(date.fromisoformat(value[:10]))
        if feature == "a11y.conformity_rate":
            return french_percent(float(value), 1)
        if feature == "readability.kandel_moles":
            # A bare "55" reads as a grade of unknown scale: the index runs from 0 (very hard
            # to read) to 100 (very easy).
            return f"{french_number(float(value), 0)} sur 100 (100 : le plus facile à lire)"
        if feature == "quality.load_time":  # seconds: what a resident feels, not ms
            return f"{french_number(float(value) / 1000, 1)}\u202fs"
        if feature == "availability.answered":  # "2/3": answered in 2 of the last 3 campaigns
            answered, observed = (int(part) for part in value.split("/", 1))
            campaigns = plural(answered, "campagne")
            return f"joignable {french_count(answered)} {campaigns} sur {french_count(observed)}"
    except ValueError:
        return value
    if feature == "a11y.rgaa_version":
        return f"RGAA {value}"
    if feature == "contact.phone" and len(value) == 10 and value.isdigit():
        return "\u00a0".join(value[i : i + 2] for i in range(0, 10, 2))  # 02 40 12 34 56
    return value
