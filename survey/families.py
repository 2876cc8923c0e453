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
    # The service's name in the study's sentences ("Améliorer le paiement en ligne…", the
    # recommendations), in French, lower-case: the commune in the third person.
    label: str
    # (feature key or family prefix ending in ".", value or None for any value): any finding
    # that matches shows the site offers the service.
    offered_by: tuple[tuple[str, str | None], ...]
    # The questions' predicates after "Votre commune" ("a-t-elle des comptes sur les réseaux
    # sociaux") and after "Aimeriez-vous que votre commune" ("ait des comptes..."): each
    # service takes its own verb, as a resident would ask; the label alone ("Votre commune
    # propose-t-elle les comptes de la collectivité...") reads like a catalogue.
    asked: str = ""
    wished: str = ""
    # The grammatical gender and number of `label`, for the questions that refer back to it
    # ("L'avez-vous utilisée ?", "Les avez-vous utilisés ?"); a mixed list agrees in the
    # masculine plural.
    feminine: bool = False
    plural: bool = False
    # The heading of the service's group of questions, as residents read it: a title that
    # names the service in their words, "votre commune" where the commune acts ("Les comptes
    # de votre commune sur les réseaux sociaux"), never "Service : …" nor "la collectivité".
    heading: str = ""

    def agree(self, word: str) -> str:
        """A participle or adjective agreeing with the service: utilisé -> utilisées."""
        return f"{word}{'e' if self.feminine else ''}{'s' if self.plural else ''}"

    @property
    def pronoun(self) -> str:
        """The object pronoun before a vowel: "L'" or "Les "."""
        return "Les " if self.plural else "L'"

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
        heading="Les démarches administratives en ligne (état civil, urbanisme, inscriptions)",
        feminine=True,
        plural=True,
        asked="propose-t-elle des démarches administratives en ligne (état civil, urbanisme,"
        " inscriptions)",
        wished="propose des démarches administratives en ligne (état civil, urbanisme,"
        " inscriptions)",
    ),
    Family(
        "paiement",
        "Paiement",
        "le paiement en ligne (cantine, garderie, factures)",
        (("eservices.kind", "payment"),),
        heading="Le paiement en ligne (cantine, garderie, factures)",
        asked="propose-t-elle le paiement en ligne (cantine, garderie, factures)",
        wished="propose le paiement en ligne (cantine, garderie, factures)",
    ),
    Family(
        "rendez_vous",
        "Rendez-vous",
        "la prise de rendez-vous en ligne",
        (("eservices.kind", "appointment"),),
        heading="La prise de rendez-vous en ligne",
        feminine=True,
        asked="propose-t-elle la prise de rendez-vous en ligne",
        wished="propose la prise de rendez-vous en ligne",
    ),
    Family(
        "alertes",
        "Alertes",
        "les alertes de la commune sur téléphone (application)",
        (("alerts.app", None),),
        heading="Les alertes de votre commune sur votre téléphone",
        feminine=True,
        plural=True,
        asked="envoie-t-elle des alertes sur téléphone par une application",
        wished="envoie des alertes sur téléphone par une application",
    ),
    Family(
        "lettre",
        "Lettre d'information",
        "la lettre d'information par courriel",
        (("alerts.newsletter", None),),
        heading="La lettre d'information de votre commune par courriel",
        feminine=True,
        asked="envoie-t-elle une lettre d'information par courriel",
        wished="envoie une lettre d'information par courriel",
    ),
    Family(
        "reseaux",
        "Réseaux sociaux",
        "les comptes de la commune sur les réseaux sociaux",
        (("social.", None),),
        heading="Les comptes de votre commune sur les réseaux sociaux",
        plural=True,
        asked="a-t-elle des comptes sur les réseaux sociaux",
        wished="ait des comptes sur les réseaux sociaux",
    ),
    Family(
        "conseil",
        "Conseil et budget",
        "les délibérations, les comptes rendus du conseil municipal et le budget publiés en ligne",
        (("transparency.acts", None), ("transparency.budget", None)),
        heading="Les décisions du conseil municipal et le budget de votre commune en ligne",
        plural=True,
        asked="publie-t-elle en ligne les délibérations, les comptes rendus du conseil municipal et le budget",
        wished="publie en ligne les délibérations, les comptes rendus du conseil municipal et le budget",
    ),
    Family(
        "participation",
        "Participation",
        "les consultations et la participation citoyenne en ligne",
        (("participation.", None),),
        heading="Les consultations et la participation des habitants en ligne",
        feminine=True,
        plural=True,
        asked="organise-t-elle des consultations en ligne ou d'autres formes de participation citoyenne",
        wished="organise des consultations en ligne ou d'autres formes de participation citoyenne",
    ),
    Family(
        "contact",
        "Contact",
        "le contact en ligne avec la mairie (formulaire, courriel)",
        (("contact.form", None), ("contact.mailbox", None)),
        heading="Le contact avec la mairie en ligne (formulaire, courriel)",
        asked="propose-t-elle un contact en ligne avec la mairie (formulaire, courriel)",
        wished="propose un contact en ligne avec la mairie (formulaire, courriel)",
    ),
    Family(
        "aide",
        "Aide numérique",
        "l'aide aux démarches en ligne (France services, conseiller numérique)",
        (("inclusion.topic", None),),
        heading="L'aide pour faire vos démarches en ligne (France services, conseiller numérique)",
        feminine=True,
        asked="propose-t-elle une aide aux démarches numériques (France services, conseiller numérique)",
        wished="propose une aide aux démarches numériques (France services, conseiller numérique)",
    ),
)
FAMILY_KEYS = tuple(family.key for family in FAMILIES)
