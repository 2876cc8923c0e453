"""The workbook's social sheets: per network, the slide's figures as numbers with their n
("Réseaux sociaux"); then every account of the scope, one row each, with what is known of it
and whether it was observed or declared ("Comptes sociaux"). A figure no one could read is
"inconnu (why)" in the words of every other output (`reports/social_text.py`), never 0."""

from __future__ import annotations

import pandas as pd

from database.social_audience import AccountAudience
from database.vocabulary import SOCIAL_WINDOW_DAYS, platform_label
from reports.social import NetworkFigures, ScopeAccount, SocialFigures
from reports.social_text import (
    NO_POPULATION,
    PER_1000,
    account_unknown,
    newest_post,
    unknown_label,
    unknowns_text,
)
from reports.thresholds import INSUFFICIENT, MIN_SITES

# The workbook's conventions (reports/workbook.py): a rate's header ends with RATE, its n's
# starts with N.
RATE = " (%)"
N = "n "
MEDIAN = f"Abonnés {PER_1000} : médiane"
FOLLOWERS = "Abonnés"
PER_ACCOUNT = f"Abonnés {PER_1000}"
POSTS = f"Publications dans les {SOCIAL_WINDOW_DAYS} jours"
# Number formats of the sheets' columns (header -> Excel format).
FORMATS = {MEDIAN: "0.0", PER_ACCOUNT: "0.0", FOLLOWERS: "#,##0", POSTS: "#,##0"}


def _share(count: int, n: int, unknown: str) -> float | str:
    """A share (0–1) for a percent cell; the words for too few, or for none known."""
    if not count:
        return unknown
    return INSUFFICIENT if n < MIN_SITES else count / n


def _median(network: NetworkFigures) -> float | str:
    if network.per_1000_median is None:
        return NO_POPULATION if network.visible else unknown_label(network.followers_why)
    if network.per_1000_n < MIN_SITES:
        return INSUFFICIENT
    return round(network.per_1000_median, 1)


def _active(network: NetworkFigures) -> float | str:
    """The share active; a measured 0 % among enough known accounts is a figure."""
    if not network.activity_known:
        return unknown_label(network.activity_why)
    if network.activity_known < MIN_SITES:
        return INSUFFICIENT
    return network.active / network.activity_known


def networks(social: SocialFigures) -> pd.DataFrame:
    """One row per network, most accounts first."""
    return pd.DataFrame(
        [
            (
                network.label,
                network.accounts,
                network.declared,
                network.sites,
                _share(network.visible, network.accounts, unknown_label(network.followers_why)),
                network.accounts,
                _median(network),
                network.per_1000_n,
                _active(network),
                network.activity_known,
                sum(count for _, count in network.unknown),
                unknowns_text(network),
            )
            for network in social.networks
        ],
        columns=[
            "Réseau",
            "Comptes trouvés (liés depuis les sites explorés)",
            "Dont comptes à chiffres déclarés par la collectivité",
            "Sites explorés qui y renvoient",
            f"Abonnés visibles{RATE}",
            f"{N}(comptes trouvés)",
            MEDIAN,
            f"{N}(comptes à abonnés et population connus)",
            f"Actifs dans les {SOCIAL_WINDOW_DAYS} jours{RATE}",
            f"{N}(comptes à activité connue)",
            "Comptes à chiffre inconnu",
            "Comptes à chiffre inconnu : pourquoi",
        ],
    )


def _per_1000(audience: AccountAudience, unknown: str) -> float | str:
    """Followers per 1,000 residents, one decimal; why not, where not."""
    per_1000 = audience.followers_per_1000
    if per_1000 is not None:
        return round(per_1000, 1)
    return unknown if audience.followers is None else NO_POPULATION


def _account_row(account: ScopeAccount) -> tuple[object, ...]:
    audience = account.audience
    unknown = account_unknown(audience)
    followers_source = None
    if audience.followers is not None:
        followers_source = (
            "déclaré par la collectivité"
            if audience.followers_declared
            else "observé, arrondi par la plateforme"
            if audience.followers_rounded
            else "observé"
        )
    posts: object = unknown if audience.posts_90d is None else audience.posts_90d
    if audience.posts_90d is not None and audience.posts_90d_partial:
        posts = f"au moins {audience.posts_90d}"
    known_activity = audience.posts_90d is not None or audience.last_activity is not None
    return (
        account.code,
        account.name,
        platform_label(audience.platform),
        audience.url,
        "oui" if audience.linked else "non (compte déclaré par la collectivité)",
        unknown if audience.followers is None else audience.followers,
        followers_source,
        _per_1000(audience, unknown),
        posts,
        newest_post(audience) or unknown,
        ("déclarée par la collectivité" if audience.activity_declared else "observée")
        if known_activity
        else None,
        unknown if account.active is None else "oui" if account.active else "non",
    )


def accounts(social: SocialFigures) -> pd.DataFrame:
    """Every account of the scope, by authority, network and address."""
    ordered = sorted(
        social.accounts,
        key=lambda a: (a.name, platform_label(a.audience.platform), a.audience.url),
    )
    return pd.DataFrame(
        [_account_row(account) for account in ordered],
        columns=[
            "Code",
            "Collectivité",
            "Réseau",
            "Adresse du compte",
            "Lien depuis le site",
            FOLLOWERS,
            "Abonnés : origine du chiffre",
            PER_ACCOUNT,
            POSTS,
            "Dernière publication",
            "Activité : origine du chiffre",
            f"Actif dans les {SOCIAL_WINDOW_DAYS} jours",
        ],
    )
