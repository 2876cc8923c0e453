"""The words of the social figures, the same on the slide, in the study document, the
workbook and on the public site: shares and medians with the n they rest on ("effectif
insuffisant" below the threshold), a figure no one could read "inconnu (why)" in the words of
`database.social_audience.UNKNOWN_LABELS`, never 0, and a figure its owner declared said to be
declared."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from database.social_audience import UNKNOWN_LABELS, AccountAudience
from database.vocabulary import SOCIAL_WINDOW_DAYS
from reports.french import (
    NARROW_NBSP,
    counted,
    french_count,
    french_number,
    long_date,
    plural,
)
from reports.social import NetworkFigures
from reports.thresholds import INSUFFICIENT, MIN_SITES, Rate, n_label

PER_1000 = f"pour 1{NARROW_NBSP}000 habitants"
# The figures per 1,000 residents of an authority whose population is not known.
NO_POPULATION = "inconnu (population inconnue)"
DECLARED = "déclaré"
ACTIVE = f"Actifs dans les {SOCIAL_WINDOW_DAYS} jours"
# What a reader is told of the rules, beside the figures.
ACTIVE_RULE = (
    f"Actif : une publication dans les {SOCIAL_WINDOW_DAYS} jours avant la campagne, parmi"
    " les comptes à activité connue."
)
UNKNOWN_RULE = "Un chiffre inconnu n'est jamais compté comme nul."
DECLARED_RULE = (
    "Déclaré : chiffre tiré par la collectivité des statistiques de son compte, non observé"
    " par Vigie."
)


def why_words(why: str) -> str:
    """The reason alone: 'connexion exigée' of 'inconnu (connexion exigée)'."""
    return UNKNOWN_LABELS[why].removeprefix("inconnu (").removesuffix(")")


def unknown_label(reasons: Sequence[str]) -> str:
    """'inconnu (connexion exigée)'; with several reasons, each, the most frequent first."""
    if not reasons:
        return UNKNOWN_LABELS["not_shown"]
    if len(reasons) == 1:
        return UNKNOWN_LABELS[reasons[0]]
    return f"inconnu ({', '.join(why_words(why) for why in reasons)})"


def declared_count(declared: int) -> str:
    """'dont 3 déclarés par les collectivités'."""
    return f"dont {french_count(declared)} {plural(declared, 'déclaré')} par les collectivités"


# Per platform (the slide, the document, the workbook's summary).


def found_text(network: NetworkFigures) -> str:
    """'8' or '8, dont 3 déclarés': the accounts found, and how many carry declared figures."""
    found = french_count(network.accounts)
    if not network.declared:
        return found
    return f"{found}, dont {french_count(network.declared)} {plural(network.declared, DECLARED)}"


def visible_text(network: NetworkFigures) -> str:
    """The share of the accounts whose follower count is known, with its n; unknown with why
    where none is."""
    if not network.visible:
        return unknown_label(network.followers_why)
    return Rate(network.visible, network.accounts).text("compte")


def median_text(network: NetworkFigures) -> str:
    """The median followers per 1,000 residents with its n, or why it is not given."""
    n = network.per_1000_n
    if network.per_1000_median is None:
        return unknown_label(network.followers_why) if not network.visible else NO_POPULATION
    if n < MIN_SITES:
        return f"{INSUFFICIENT} ({counted(n, 'compte')})"
    return f"{french_number(network.per_1000_median)} ({n_label(n, 'compte')})"


def active_text(network: NetworkFigures) -> str:
    """The share of the accounts active in the window, among those whose activity is known;
    unknown with why where no account's is."""
    if not network.activity_known:
        return unknown_label(network.activity_why)
    return Rate(network.active, network.activity_known).text("compte")


def unknowns_text(network: NetworkFigures) -> str:
    """'5 (connexion exigée), 1 (compte injoignable)': the accounts with a figure unknown."""
    if not network.unknown:
        return "aucun"
    return ", ".join(f"{french_count(count)} ({why_words(why)})" for why, count in network.unknown)


def network_row(network: NetworkFigures) -> list[str]:
    """A row of the slide's and the document's table."""
    return [
        network.label,
        found_text(network),
        visible_text(network),
        median_text(network),
        active_text(network),
        unknowns_text(network),
    ]


NETWORK_HEADER = [
    "Réseau",
    "Comptes trouvés",
    "Abonnés visibles",
    f"Abonnés {PER_1000} (médiane)",
    ACTIVE,
    "Comptes à chiffre inconnu (pourquoi)",
]


def network_sentence(network: NetworkFigures) -> str:
    """The row said in a sentence, for the study document."""
    found = counted(network.accounts, "compte trouvé", "comptes trouvés")
    if network.declared:
        found += f", {declared_count(network.declared)}"
    unknown = unknowns_text(network)
    return (
        f"{network.label} : {found}. Abonnés visibles : {visible_text(network)} ; abonnés"
        f" {PER_1000} (médiane) : {median_text(network)}. {ACTIVE} :"
        f" {active_text(network)}. Comptes à chiffre inconnu : {unknown}."
    )


# Per account (the workbook and the public site).


def account_unknown(account: AccountAudience) -> str:
    """'inconnu (connexion exigée)': why a figure of the account is unknown."""
    return UNKNOWN_LABELS[account.why_unknown or "not_shown"]


def _declared(text: str, declared: bool) -> str:
    return f"{text} ({DECLARED})" if declared else text


def followers_text(account: AccountAudience) -> str | None:
    """'1 234 abonnés', 'environ 12 300 abonnés', '250 abonnés (déclaré)'; None: unknown."""
    if account.followers is None:
        return None
    text = counted(account.followers, "abonné")
    if account.followers_rounded:
        text = f"environ {text}"
    return _declared(text, account.followers_declared)


def per_1000_text(account: AccountAudience) -> str | None:
    """'8,5 pour 1 000 habitants'; None when the followers are unknown."""
    if account.followers is None:
        return None
    per_1000 = account.followers_per_1000
    if per_1000 is None:
        return NO_POPULATION
    text = f"{french_number(per_1000)} {PER_1000}"
    return _declared(text, account.followers_declared)


def posts_text(account: AccountAudience) -> str | None:
    """'12 publications', 'au moins 15 publications', 'aucune publication'; None: unknown."""
    posts = account.posts_90d
    if posts is None:
        return None
    text = counted(posts, "publication") if posts else "aucune publication"
    if account.posts_90d_partial:
        text = f"au moins {text}"
    return _declared(text, account.activity_declared)


def newest_post(account: AccountAudience) -> date | None:
    """The date of the account's newest post, when known and readable."""
    try:
        return date.fromisoformat((account.last_activity or "")[:10])
    except ValueError:
        return None


def last_post_text(account: AccountAudience) -> str | None:
    """'20 octobre 2026' (with '(déclaré)'); None: unknown."""
    day = newest_post(account)
    return None if day is None else _declared(long_date(day), account.activity_declared)
