"""The workbook's social sheets: per network, then over all networks, the slide's figures as
numbers with their n ("Réseaux sociaux"); every account of the scope, one row each, with
what is known of it, whether it was observed or declared, and when and from which file it
was declared ("Comptes sociaux"); each crawled site's two social indicators as the score
reads them ("Audience par collectivité"). A figure no one could read is "inconnu (why)" in
the words of every other output (`reports/social_text.py`), never 0; an authority with no
account at all is "aucun compte lié par le site ni déclaré", the 0 the score counts."""

from __future__ import annotations

from functools import cache

import pandas as pd

from database.social_audience import AccountAudience
from database.vocabulary import SOCIAL_WINDOW_DAYS, platform_label
from reports.french import french_number
from reports.social import AuthoritySocial, NetworkFigures, ScopeAccount, SocialFigures
from reports.social_text import (
    DECLARED_SOURCE,
    NO_ACCOUNT,
    NO_POPULATION,
    PER_1000,
    account_unknown,
    active_status_text,
    floor_note,
    newest_post,
    reasons_text,
    unknown_label,
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
AUDIENCE = f"Audience {PER_1000} (plus grand compte connu)"
ACCOUNTS = "Comptes (liés depuis le site ou déclarés)"
# Number formats of the sheets' columns (header -> Excel format).
FORMATS = {
    MEDIAN: "0.0",
    PER_ACCOUNT: "0.0",
    AUDIENCE: "0.0",
    FOLLOWERS: "#,##0",
    POSTS: "#,##0",
    ACCOUNTS: "#,##0",
}
DECLARED = f"déclaré ({DECLARED_SOURCE})"


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


def _network_row(network: NetworkFigures) -> tuple[object, ...]:
    return (
        network.label,
        network.accounts,
        network.declared,
        network.sites,
        _share(network.visible, network.accounts, unknown_label(network.followers_why)),
        network.accounts,
        network.followers_declared,
        _median(network),
        network.per_1000_n,
        _active(network),
        network.activity_known,
        sum(count for _, count in network.followers_unknown),
        reasons_text(network.followers_unknown),
        sum(count for _, count in network.activity_unknown),
        reasons_text(network.activity_unknown),
    )


def networks(social: SocialFigures) -> pd.DataFrame:
    """One row per network, most accounts first, then all networks together."""
    every = [social.total] if social.total else []
    return pd.DataFrame(
        [_network_row(network) for network in [*social.networks, *every]],
        columns=[
            "Réseau",
            "Comptes trouvés (liés depuis les sites explorés)",
            f"Dont comptes à chiffres déclarés ({DECLARED_SOURCE})",
            "Sites explorés qui y renvoient",
            f"Abonnés connus{RATE}",
            f"{N}(comptes trouvés)",
            "Dont abonnés déclarés (comptes)",
            MEDIAN,
            f"{N}(comptes à abonnés et population connus)",
            f"Actifs dans les {SOCIAL_WINDOW_DAYS} jours{RATE}",
            f"{N}(comptes à activité connue)",
            "Comptes à abonnés inconnus",
            "Abonnés inconnus : pourquoi",
            "Comptes à activité inconnue",
            "Activité inconnue : pourquoi",
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
            DECLARED
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
        "oui" if audience.linked else "non (compte seulement déclaré)",
        unknown if audience.followers is None else audience.followers,
        followers_source,
        _per_1000(audience, unknown),
        posts,
        newest_post(audience) or unknown,
        (f"déclarée ({DECLARED_SOURCE})" if audience.activity_declared else "observée")
        if known_activity
        else None,
        unknown if account.active is None else "oui" if account.active else "non",
        account.declared_on,
        account.declared_in,
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
            "Chiffres déclarés : relevés le",
            "Chiffres déclarés : fichier importé",
        ],
    )


def _audience(authority: AuthoritySocial) -> tuple[object, str | None]:
    """The audience the score reads (a number; 0 for no account), or why not; beside it, the
    network it was read on, or why it is 0 or only a floor."""
    status = authority.status
    if not status.accounts:
        return 0.0, NO_ACCOUNT
    if status.per_1000 is None:
        return unknown_label(status.per_1000_why), None
    network = platform_label(status.platform) if status.platform else None
    if status.floor:
        # A floor counts only where it already earns full marks; below, the score leaves the
        # indicator out (scoring/model.py `_numbers`), and the cell says so.
        floor = f"au moins {french_number(status.per_1000)}"
        if status.per_1000 < _full_marks():
            floor = f"inconnu, {floor}"
        return floor, f"{network} ; {floor_note(status)}" if network else floor_note(status)
    return round(status.per_1000, 1), network


def authorities(social: SocialFigures) -> pd.DataFrame:
    """Each crawled site's authority with its two social indicators, by name."""
    return pd.DataFrame(
        [
            (
                authority.code,
                authority.name,
                authority.status.accounts,
                active_status_text(authority.status),
                *_audience(authority),
            )
            for authority in social.authorities
        ],
        columns=[
            "Code",
            "Collectivité",
            ACCOUNTS,
            f"Actif dans les {SOCIAL_WINDOW_DAYS} jours",
            AUDIENCE,
            "Audience : réseau du compte retenu, ou pourquoi",
        ],
    )


@cache
def _full_marks() -> float:
    """The audience per 1,000 residents that earns the indicator in full, in the model."""
    from scoring.audience import FOLLOWERS_PER_1000
    from scoring.model import load_model

    rule = next((i for i in load_model().indicators if i.feature == FOLLOWERS_PER_1000), None)
    return rule.high if rule is not None else float("inf")
