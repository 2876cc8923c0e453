"""The service families the survey asks about, and the findings that show a site offers each.

One family is one thing a resident can recognise and rate ("payer en ligne la cantine"), not
one feature key: the survey's words are the residents', the findings are the crawler's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    key: str  # used in question names: connait_<key>, usage_<key>...
    short: str  # its name on a chart
    label: str  # the service as residents name it, in French
    # (feature key or family prefix ending in ".", value or None for any value): any finding
    # that matches shows the site offers the service.
    offered_by: tuple[tuple[str, str | None], ...]

    def offered(self, findings: set[tuple[str, str]]) -> bool:
        """Whether a site whose findings are (feature, value) pairs offers the service."""
        return any(
            (feature.startswith(key) if key.endswith(".") else feature == key)
            and (value is None or found == value)
            for key, value in self.offered_by
            for feature, found in findings
        )


FAMILIES = (
    Family(
        "demarches",
        "Démarches",
        "les démarches administratives en ligne (état civil, urbanisme, inscriptions)",
        (
            ("eservices.kind", "local-procedure"),
            ("eservices.kind", "national-procedure"),
            ("eservices.kind", "planning-permit"),
        ),
    ),
    Family(
        "paiement",
        "Paiement",
        "le paiement en ligne (cantine, garderie, factures)",
        (("eservices.kind", "payment"),),
    ),
    Family(
        "rendez_vous",
        "Rendez-vous",
        "la prise de rendez-vous en ligne",
        (("eservices.kind", "appointment"),),
    ),
    Family(
        "alertes",
        "Alertes",
        "les alertes sur téléphone (application de la commune)",
        (("alerts.app", None),),
    ),
    Family(
        "lettre",
        "Lettre d'information",
        "la lettre d'information par courriel",
        (("alerts.newsletter", None),),
    ),
    Family(
        "reseaux",
        "Réseaux sociaux",
        "les comptes de la collectivité sur les réseaux sociaux",
        (("social.", None),),
    ),
    Family(
        "conseil",
        "Conseil et budget",
        "les délibérations, comptes rendus du conseil et budget en ligne",
        (("transparency.acts", None), ("transparency.budget", None)),
    ),
    Family(
        "participation",
        "Participation",
        "les consultations et la participation citoyenne en ligne",
        (("participation.", None),),
    ),
    Family(
        "contact",
        "Contact",
        "le contact de la mairie en ligne (formulaire, courriel)",
        (("contact.form", None), ("contact.mailbox", None)),
    ),
    Family(
        "aide",
        "Aide numérique",
        "l'aide aux démarches numériques (France services, conseiller numérique)",
        (("inclusion.topic", None),),
    ),
)
FAMILY_KEYS = tuple(family.key for family in FAMILIES)
