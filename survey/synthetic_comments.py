"""Synthetic open comments with planted themes, so that a test can check the coding recovers a
known distribution: a respondent comments with probability COMMENT_RATE; a commenter speaks of
each theme independently with its probability in PLANTED, in one of several French phrasings
(inflections and accents varied); a commenter who drew no theme writes a sentence on none.
The true share of comments on a theme is its PLANTED probability; the true uncoded share is
the product of the (1 − p)."""

from __future__ import annotations

import math

import numpy as np

COMMENT_RATE = 0.4
# Theme key (survey/codebook-commentaires.toml) -> probability that a comment speaks of it.
PLANTED = {
    "demarches": 0.22, "navigation": 0.16, "information": 0.14, "accessibilite": 0.05,
    "aide": 0.07, "reseaux": 0.06, "contact": 0.12, "transports": 0.04, "voirie": 0.05,
    "dechets": 0.04, "enfance": 0.06, "participation": 0.05, "donnees": 0.03,
    "satisfaction": 0.10, "insatisfaction": 0.05,
}  # fmt: skip
UNCODED_SHARE = math.prod(1 - p for p in PLANTED.values())

PHRASES: dict[str, tuple[str, ...]] = {
    "demarches": (
        "J'aimerais pouvoir faire toutes mes démarches depuis chez moi.",
        "Les formulaires pour l'état civil devraient être disponibles.",
        "Il faudrait dématérialiser les demandes d'acte de naissance.",
        "Prendre rendez-vous pour une carte d'identité est un parcours du combattant.",
        "Pouvoir payer la facture d'eau par carte bancaire serait un vrai progrès.",
        "Les dossiers de permis de construire devraient se déposer sur le site.",
    ),
    "navigation": (
        "Le site est trop compliqué, on s'y perd.",
        "La navigation n'est vraiment pas intuitive.",
        "Le site est difficile à utiliser sur smartphone.",
        "Beaucoup de liens sont morts et la page d'accueil est un fouillis.",
        "L'ergonomie du site mériterait d'être revue.",
        "Le site plante souvent le soir.",
    ),
    "information": (
        "Les informations sont souvent introuvables.",
        "Le site n'est pas à jour, les actualités datent de l'an dernier.",
        "On cherche longtemps avant de tomber sur le bon document.",
        "L'agenda des événements n'est jamais actualisé.",
        "Les comptes rendus du conseil municipal devraient être publiés plus vite.",
        "Il manque des informations sur les nouveaux arrivants.",
    ),
    "accessibilite": (
        "Le site n'est pas accessible aux personnes malvoyantes.",
        "La taille des caractères est trop petite pour moi.",
        "Pensez aux personnes handicapées, le contraste est trop faible.",
        "Les vidéos devraient être sous-titrées.",
    ),
    "aide": (
        "Les personnes âgées ont besoin d'être accompagnées.",
        "Tout le monde n'a pas d'ordinateur, gardez un guichet.",
        "Un conseiller numérique à la mairie serait bienvenu pour nous aider.",
        "Je ne suis pas à l'aise avec ces outils, il faut garder le papier.",
    ),
    "reseaux": (
        "La page Facebook de la commune est plus vivante que le site.",
        "Je suis les nouvelles sur Instagram.",
        "Les réseaux sociaux de la ville sont bien tenus.",
        "Publiez aussi les alertes sur WhatsApp.",
    ),
    "contact": (
        "Les horaires d'ouverture de la mairie ne sont pas indiqués.",
        "J'ai envoyé un courriel il y a un mois, toujours sans réponse.",
        "Impossible de joindre quelqu'un au standard.",
        "On ne sait pas qui contacter pour une question simple.",
        "Les délais de réponse de la mairie sont trop longs.",
    ),
    "transports": (
        "Les bus passent trop rarement dans les villages.",
        "Il faudrait plus de pistes cyclables.",
        "Le stationnement en centre-ville est un problème.",
        "Une navette vers la gare serait utile.",
    ),
    "voirie": (
        "Les travaux de la grand-rue durent depuis des mois.",
        "Il y a des nids de poule partout sur les routes.",
        "Les trottoirs sont en mauvais état.",
        "Un lampadaire est éteint depuis longtemps dans mon quartier.",
    ),
    "dechets": (
        "La collecte des poubelles est irrégulière.",
        "Les dépôts sauvages se multiplient.",
        "La déchetterie devrait ouvrir le dimanche.",
        "Le ramassage des encombrants laisse à désirer.",
    ),
    "enfance": (
        "Il faudrait plus d'activités pour les enfants le mercredi.",
        "Les menus de la cantine ne sont pas publiés.",
        "Il manque des places en crèche.",
        "Le centre de loisirs est saturé pendant l'été.",
    ),
    "participation": (
        "J'aimerais être consulté sur les projets de la commune.",
        "Un budget participatif serait une bonne idée.",
        "Les réunions publiques sont trop rares.",
        "On aimerait donner notre avis sur le futur aménagement.",
    ),
    "donnees": (
        "Que deviennent nos données personnelles ?",
        "Le site ne respecte pas le RGPD, trop de cookies.",
        "La connexion par FranceConnect rassure.",
    ),
    "satisfaction": (
        "Très satisfaite dans l'ensemble.",
        "Bravo à l'équipe municipale.",
        "Rien à redire, c'est parfait.",
        "Je suis content du travail fait.",
        "Un site efficace, continuez ainsi.",
    ),
    "insatisfaction": (
        "Je ne suis pas satisfait du tout.",
        "Franchement décevant.",
        "C'est lamentable pour une ville de cette taille.",
        "Tout est à revoir.",
    ),
}
NEUTRAL = (
    "Je n'ai pas d'avis particulier.",
    "Rien de spécial à dire.",
    "Je viens d'emménager dans la commune.",
    "J'utilise peu ces services.",
    "Pas d'opinion.",
)


def synthetic_comment(rng: np.random.Generator) -> tuple[str, frozenset[str]]:
    """One commenter's comment and the themes planted in it."""
    themes = [key for key, p in PLANTED.items() if rng.random() < p]
    if not themes:
        return str(rng.choice(NEUTRAL)), frozenset()
    sentences = [str(rng.choice(PHRASES[key])) for key in themes]
    rng.shuffle(sentences)
    return " ".join(sentences), frozenset(themes)


def plant_comments(answers: list[dict[str, str]], seed: int) -> list[dict[str, str]]:
    """The answers with a comment written for about COMMENT_RATE of them (a generator of its
    own, so that the other answers drawn from `seed` stay as they were)."""
    rng = np.random.default_rng([seed, 20])
    for answer in answers:
        if "commentaire" in answer:
            answer["commentaire"] = synthetic_comment(rng)[0] if rng.random() < COMMENT_RATE else ""
    return answers
