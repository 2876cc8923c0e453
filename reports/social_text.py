"""The words of the social figures, the same on the slide, in the study document, the
workbook and on the public site: shares and medians with the n they rest on ("effectif
insuffisant" below the threshold), a figure no one could read "inconnu (why)" in the words of
`database.social_audience.UNKNOWN_LABELS`, never 0, and a figure its owner declared said to be
declared."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from database.social_audience import UNKNOWN_LABELS, AccountAudience
from database.vocabulary import SOCIAL_WINDOW_DAYS, platform_label
from reports.french import (
    NARROW_NBSP,
    counted,
    french_count,
    french_number,
    long_date,
    plural,
)
from reports.social import NetworkFigures, SocialFigures
from reports.social_score import NO_POPULATION as NO_POPULATION_KEY
from reports.social_score import AudienceStatus
from reports.thresholds import INSUFFICIENT, MIN_SITES, Rate, n_label

PER_1000 = f"pour 1{NARROW_NBSP}000 habitants"
# The figures per 1,000 residents of an authority whose population is not known.
NO_POPULATION = "inconnu (population inconnue)"
DECLARED = "déclaré"
# Where a declared figure comes from, whoever made the file (the authority or a study team).
DECLARED_SOURCE = "statistiques du compte"
ACTIVE = f"Actifs dans les {SOCIAL_WINDOW_DAYS} jours"
# What a reader is told of the rules, beside the figures.
ACTIVE_RULE = (
    f"Actif : une publication dans les {SOCIAL_WINDOW_DAYS} jours avant la campagne, parmi"
    " les comptes à activité connue."
)
UNKNOWN_RULE = "Un chiffre inconnu n'est jamais compté comme nul."
DECLARED_RULE = (
    f"Déclaré : chiffre relevé dans les {DECLARED_SOURCE}, que la plateforme ne montre qu'à"
    " son titulaire, non observé par Vigie."
)
# Why an indicator is what it is for an authority with no account at all (measured, not
# unknown: the score counts it 0).
NO_ACCOUNT = "aucun compte lié par le site ni déclaré"
# Reasons of unknown that are not an account's (`database.social_audience.UNKNOWN_LABELS`).
OTHER_REASONS = {NO_POPULATION_KEY: "population inconnue"}


def why_words(why: str) -> str:
    """The reason alone: 'connexion exigée' of 'inconnu (connexion exigée)'."""
    if why in OTHER_REASONS:
        return OTHER_REASONS[why]
    return UNKNOWN_LABELS[why].removeprefix("inconnu (").removesuffix(")")


def unknown_label(reasons: Sequence[str]) -> str:
    """'inconnu (connexion exigée)'; with several reasons, each, the most frequent first."""
    if not reasons:
        return UNKNOWN_LABELS["not_shown"]
    return f"inconnu ({', '.join(why_words(why) for why in reasons)})"


def declared_count(declared: int) -> str:
    """'dont 3 déclarés (statistiques du compte)'."""
    return f"dont {french_count(declared)} {plural(declared, DECLARED)} ({DECLARED_SOURCE})"


# Per platform, and over all of them (the slide, the document, the workbook's summary).


def _declared_among(declared: int) -> str:
    return f"dont {french_count(declared)} {plural(declared, DECLARED)}"


def visible_text(network: NetworkFigures) -> str:
    """The share of the accounts whose follower count is known, with its n, and how many of
    those counts are declared; unknown with why where none is."""
    if not network.visible:
        return unknown_label(network.followers_why)
    text = Rate(network.visible, network.accounts).text("compte")
    if declared := network.followers_declared:
        text += f", {_declared_among(declared)}"
    return text


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


def reasons_text(reasons: Sequence[tuple[str, int]]) -> str:
    """'5 (connexion exigée), 1 (compte injoignable)': accounts with a figure unknown, by why;
    'aucun' where every account's is known."""
    if not reasons:
        return "aucun"
    return ", ".join(f"{french_count(count)} ({why_words(why)})" for why, count in reasons)


def network_row(network: NetworkFigures) -> list[str]:
    """A row of the slide's and the document's table; how many follower counts are declared
    is said beside them (the note under the table counts every account with a declared
    figure, the workbook says which)."""
    return [
        network.label,
        french_count(network.accounts),
        visible_text(network),
        median_text(network),
        active_text(network),
        reasons_text(network.followers_unknown),
        reasons_text(network.activity_unknown),
    ]


def network_rows(social: SocialFigures, rows: int) -> list[list[str]]:
    """The table's rows: the first `rows` networks, then all networks together."""
    shown = [network_row(network) for network in social.networks[:rows]]
    return shown + ([network_row(social.total)] if social.total else [])


NETWORK_HEADER = [
    "Réseau",
    "Comptes trouvés",
    "Abonnés connus",
    f"Abonnés {PER_1000} (médiane)",
    ACTIVE,
    "Abonnés inconnus (pourquoi)",
    "Activité inconnue (pourquoi)",
]


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


# Per authority: its two social indicators as the score reads them (the workbook, the site).


def active_status_text(status: AudienceStatus) -> str:
    """'oui', 'non', 'non (aucun compte lié par le site ni déclaré)' or 'inconnu (connexion exigée)'."""
    if status.active is None:
        return unknown_label(status.active_why)
    if not status.accounts:
        return f"non ({NO_ACCOUNT})"
    return "oui" if status.active else "non"


def floor_note(status: AudienceStatus) -> str:
    """'autres comptes : inconnu (connexion exigée)': why a largest audience is only a floor."""
    return f"autres comptes : {unknown_label(status.per_1000_why)}"


def audience_status_text(status: AudienceStatus) -> str:
    """'26,7 pour 1 000 habitants (PeerTube)', '0 (aucun compte lié par le site ni déclaré)', 'inconnu (connexion
    exigée)', or a floor: 'au moins 26,7 pour 1 000 habitants (PeerTube) ; autres comptes :
    inconnu (connexion exigée)'."""
    if not status.accounts:
        return f"0 ({NO_ACCOUNT})"
    if status.per_1000 is None:
        return unknown_label(status.per_1000_why)
    text = f"{french_number(status.per_1000)} {PER_1000}"
    if status.platform:
        network = platform_label(status.platform)
        text += f" ({network}, {DECLARED})" if status.declared else f" ({network})"
    if status.floor:
        return f"au moins {text} ; {floor_note(status)}"
    return text
