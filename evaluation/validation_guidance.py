"""The coders' instructions, in French: the first sheet of the coding workbook
(docs/validation.md gives the same protocol in English)."""

from __future__ import annotations

from reports.labels import feature_label

# What a coder checks for each validated feature, beyond the question every row asks.
GUIDANCE = {
    "a11y.mention": "la mention « Accessibilité : totalement / partiellement / non conforme »"
    " du site lui-même, avec ce niveau (pas celle d'un autre site cité).",
    "a11y.statement_url": "la page liée est bien la déclaration d'accessibilité du site (titre,"
    " contenu), pas une page de contact, un lien « # » ou la page d'accueil.",
    "legal.notice_url": "la page liée est bien celle des mentions légales du site.",
    "legal.privacy_url": "la page liée informe bien sur les données personnelles (politique de"
    " confidentialité, RGPD).",
    "social.": "le compte est celui de la collectivité elle-même : non pour le profil personnel"
    " d'un élu ou du prestataire qui a fait le site (crédits, « site réalisé par »), un groupe"
    " d'habitants, le compte de l'office de tourisme ou d'une autre structure.",
    "tech.cms": "l'outil qui fait le site lui-même (générateur, chemins de ses fichiers), pas"
    " une image ou un fichier chargé depuis un autre site.",
    "trackers": "l'outil de mesure d'audience est chargé par le site, directement ou déclaré"
    " dans son gestionnaire de consentement (tarteaucitron, Axeptio, Didomi…).",
    "alerts.app": "l'application d'alerte (PanneauPocket, IntraMuros, Illiwap…) est proposée"
    " par le site : lien, bouton ou fenêtre intégrée.",
    "eservices.kind": "le site propose ce type de démarche en ligne (lien vers le service qui"
    " la fait, même hébergé ailleurs).",
    "transparency.acts": "le site publie les actes (délibérations, arrêtés, procès-verbaux).",
    "contact.form": "le site a un formulaire de contact qui s'envoie depuis la page.",
}

HOW = (
    "Contrôle à la main des constats de Vigie : consignes aux deux codeurs",
    "",
    "1. Deux codeurs codent les mêmes lignes chacun de son côté, sans se concerter ni regarder"
    " la colonne de l'autre : le codeur A remplit la colonne « codeur A », le codeur B la"
    " colonne « codeur B ». Chacun peut coder dans sa propre copie du classeur : les deux"
    " copies sont relues ensemble.",
    "2. Chaque ligne est un énoncé de Vigie sur un site. Soit une valeur (colonne « valeur"
    " Vigie ») trouvée pour un constat, avec sa page de preuve et un extrait ; soit « (rien"
    " trouvé) » : Vigie n'a rien trouvé de ce constat sur le site.",
    "3. La question est toujours la même : le site montre-t-il ce constat ?",
    "   - ligne avec une valeur : le site montre-t-il ce constat avec cette valeur ?",
    "   - ligne « (rien trouvé) » : le site montre-t-il ce constat, avec une valeur"
    " quelconque, sur l'une de ses pages ?",
    "4. Réponses : « oui », « non », ou « ? » quand on ne peut pas trancher (site injoignable,"
    " page disparue depuis l'exploration, page réservée). Aucune autre réponse n'est lue, et"
    " une case laissée vide fait refuser le classeur : coder chaque ligne.",
    "5. Où chercher : la page de preuve d'abord, puis la page d'accueil, le menu, le pied de"
    " page et les pages clés (mentions légales, accessibilité, démarches, contact), comme le"
    " robot de Vigie. Noter la date du contrôle dans « remarques » si le site a changé.",
    "6. Arbitrage : quand les deux codeurs diffèrent, un troisième lecteur (ou les deux"
    " ensemble, après coup) inscrit la réponse retenue dans « arbitrage ». Une ligne en"
    " désaccord sans arbitrage reste hors de la précision et du rappel (elle est comptée à"
    " part) ; une réponse d'arbitrage remplace celles des codeurs.",
    "7. Ne modifier ni les autres colonnes, ni l'ordre ou le nombre des lignes, ni les"
    " feuilles « codage » et « echantillon » : le classeur est relu ligne à ligne et comparé"
    " à la campagne. La colonne « remarques » est libre.",
    "",
    "Ce que chaque constat demande de vérifier :",
)


def instructions(groups: tuple[str, ...]) -> list[str]:
    """The lines of the instructions sheet, the validated features' own at the end."""
    lines = list(HOW)
    for group in groups:
        what = GUIDANCE.get(group, "le site montre bien ce constat, avec cette valeur.")
        lines.append(f"- {feature_label(group)} ({group}) : {what}")
    return lines
