"""An authority's two social indicators said with their figure, from its accounts
(`database.social_audience.run_accounts`): the score derives them (`scoring/audience.py`,
features "audience.*") and no finding stores them, so no page is their evidence. Where an
indicator is listed for one authority (its scorecard, a good practice) it reads "4 562 abonnés
pour 1 000 habitants (YouTube)" or "actif : dernière publication le 3 novembre 2026
(Bluesky)", with its accounts of unknown figure "Facebook, Instagram : inconnu (connexion
exigée)", never "absence constatée"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from database.social_audience import UNKNOWN_LABELS, AccountAudience, run_accounts
from database.vocabulary import SOCIAL_WINDOW_DAYS, platform_label
from reports.french import counted, french_number, long_date
from reports.social_text import NO_POPULATION, PER_1000, newest_post
from scoring.audience import ACTIVE, FOLLOWERS_PER_1000

AUDIENCE = "audience."  # the family of the features derived from the accounts
NO_ACCOUNT = "aucun compte lié par le site ni déclaré"


@dataclass(frozen=True)
class AudienceFigure:
    """An indicator's figure in words, and the account that shows it (a link), if any."""

    text: str
    url: str | None = None


def is_derived(feature: str) -> bool:
    """An indicator read from the accounts, not from a page of the site."""
    return feature.startswith(AUDIENCE)


def accounts_of(
    engine: Engine, run_id: int, ids: Iterable[int]
) -> dict[int, list[AccountAudience]]:
    """The run's accounts of these authorities (linked by their site or only declared)."""
    wanted = set(ids)
    found: dict[int, list[AccountAudience]] = defaultdict(list)
    for account in run_accounts(engine, run_id):
        if account.authority_id in wanted:
            found[account.authority_id].append(account)
    return found


def _platforms(accounts: Iterable[AccountAudience]) -> str:
    labels = dict.fromkeys(platform_label(account.platform) for account in accounts)
    return ", ".join(labels)


def unknown_accounts(accounts: Sequence[AccountAudience]) -> str:
    """'Facebook, Instagram : inconnu (connexion exigée)', one group per reason, in the
    words of UNKNOWN_LABELS; '' when there is none."""
    by_why: dict[str, list[AccountAudience]] = defaultdict(list)
    for account in accounts:
        by_why[account.why_unknown or "not_shown"].append(account)
    return " ; ".join(
        f"{_platforms(group)} : {UNKNOWN_LABELS[why]}" for why, group in by_why.items()
    )


def _joined(*parts: str) -> str:
    return " ; ".join(part for part in parts if part)


def audience_text(accounts: Sequence[AccountAudience]) -> AudienceFigure:
    """The largest known audience per 1,000 residents (the score's figure), its platform, and
    the accounts whose audience is unknown."""
    if not accounts:
        return AudienceFigure(NO_ACCOUNT)
    known = [a for a in accounts if a.followers_per_1000 is not None]
    unknown = [a for a in accounts if a.followers is None]
    no_population = [a for a in accounts if a.followers is not None and a.population is None]
    if not known:
        said = _joined(unknown_accounts(unknown), NO_POPULATION if no_population else "")
        return AudienceFigure(said)
    best = max(known, key=lambda a: (a.followers_per_1000 or 0.0, a.platform))
    per_1000 = best.followers_per_1000 or 0.0
    figure = french_number(per_1000, 0 if per_1000 >= 100 else 1)
    # Another account's count unknown: the largest known is only a floor.
    about = "au moins " if unknown else "environ " if best.followers_rounded else ""
    where = platform_label(best.platform) + (", déclaré" if best.followers_declared else "")
    said = f"{about}{figure} abonnés {PER_1000} ({where})"
    return AudienceFigure(_joined(said, unknown_accounts(unknown)), best.url)


def active_text(accounts: Sequence[AccountAudience], on: date) -> AudienceFigure:
    """Whether an account posted in the window, with the newest post; else what is known of
    each account and the accounts whose activity is unknown."""
    if not accounts:
        return AudienceFigure(NO_ACCOUNT)
    unknown = [a for a in accounts if a.active(on) is None]
    active = [a for a in accounts if a.active(on)]
    if active:
        best = max(active, key=lambda a: (newest_post(a) or date.min, a.posts_90d or 0))
        return AudienceFigure(f"actif : {_activity(best)} ({_where(best)})", best.url)
    idle = [a for a in accounts if a.active(on) is False]
    idle_text = ", ".join(f"{_where(a)} : {_activity(a)}" for a in idle)
    if not unknown:
        return AudienceFigure(
            f"aucune publication dans les {SOCIAL_WINDOW_DAYS} jours ({idle_text})"
        )
    return AudienceFigure(_joined(idle_text, unknown_accounts(unknown)))


def _where(account: AccountAudience) -> str:
    declared = ", déclaré" if account.activity_declared else ""
    return platform_label(account.platform) + declared


def _activity(account: AccountAudience) -> str:
    day = newest_post(account)
    if day is not None:
        return f"dernière publication le {long_date(day)}"
    if account.posts_90d:
        return f"{counted(account.posts_90d, 'publication')} en {SOCIAL_WINDOW_DAYS} jours"
    return f"aucune publication en {SOCIAL_WINDOW_DAYS} jours"


FIGURES: dict[str, Callable[[Sequence[AccountAudience], date], AudienceFigure]] = {
    ACTIVE: active_text,
    FOLLOWERS_PER_1000: lambda accounts, _on: audience_text(accounts),
}


def derived_figure(
    feature: str, accounts: Sequence[AccountAudience], on: date
) -> AudienceFigure | None:
    """The figure of a derived indicator (None for a feature read on the site)."""
    said = FIGURES.get(feature)
    return None if said is None else said(accounts, on)
