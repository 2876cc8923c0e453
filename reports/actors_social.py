"""The actors' graph's second channel (`docs/actors.md`): an authority whose site links to a
social account that is another authority's own relays that authority "via ses réseaux
sociaux".

The accounts a site links to are its `social.*` findings (the extractor keeps an account
whose link or surroundings name nobody else: a credit, a person, an intercommunality's
wording are left out). Whose account it is, by `account_owners`: the authority that declared
it (`social_declarations`); else the one site of the run that shows it; else, of the sites
that show it, the one whose name the account's address carries (the longest such name, so
"Aub-sur-Loire" before "Aub"). Anything else leaves its owner unknown, and it makes no edge.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd
from sqlalchemy import Engine, select

from database.actor_classes import AUTHORITY, CLASS_LABELS
from database.models import Authority, FindingRow, SocialDeclaration
from database.scope import Scope

SITE = "site"
SOCIAL = "reseaux_sociaux"
CHANNEL_LABELS = {SITE: "lien vers son site", SOCIAL: "via ses réseaux sociaux"}

Who = tuple[str, str, str]  # kind, code, name


@dataclass(frozen=True)
class ShownAccount:
    """One account one authority's site links to (a `social.*` finding)."""

    who: Who
    platform: str
    url: str
    evidence_url: str
    snippet: str


def folded(text: str) -> str:
    """Lower case letters and digits only, accents dropped: 'VilleDeNantes', 'Ville de
    Nantes' and 'ville-de-nantes' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


def _by_name(url: str, candidates: set[Who]) -> Who | None:
    """The candidate whose folded name the account's address (past its host) carries, the
    longest such name; None when none does or two as long do."""
    parts = urlsplit(url)
    address = folded(f"{parts.path} {parts.query}")
    named = [who for who in candidates if folded(who[2]) and folded(who[2]) in address]
    if not named:
        return None
    longest = max(len(folded(who[2])) for who in named)
    best = [who for who in named if len(folded(who[2])) == longest]
    return best[0] if len(best) == 1 else None


def account_owners(shown: dict[str, set[Who]], declared: dict[str, set[Who]]) -> dict[str, Who]:
    """Account (folded to lower case) -> its owner, for the accounts whose owner is known by
    the rule of the module's docstring."""
    owners: dict[str, Who] = {}
    for account in set(shown) | set(declared):
        declarers = declared.get(account, set())
        showers = shown.get(account, set())
        if declarers:
            owner = next(iter(declarers)) if len(declarers) == 1 else None
        elif len(showers) == 1:
            owner = next(iter(showers))
        else:
            owner = _by_name(account, showers)
        if owner is not None:
            owners[account] = owner
    return owners


def shown_accounts(engine: Engine, run_id: int) -> list[ShownAccount]:
    """Every account the run's sites link to, by authority code, platform and address."""
    query = (
        select(
            Authority.kind,
            Authority.code,
            Authority.name,
            FindingRow.feature,
            FindingRow.value,
            FindingRow.evidence_url,
            FindingRow.snippet,
        )
        .join(Authority, Authority.id == FindingRow.authority_id)
        .where(FindingRow.run_id == run_id, FindingRow.feature.like("social.%"))
        .order_by(Authority.kind, Authority.code, FindingRow.feature, FindingRow.value)
    )
    with engine.connect() as connection:
        return [
            ShownAccount(
                (kind, code, name), feature.removeprefix("social."), value, evidence, snippet or ""
            )  # fmt: skip
            for kind, code, name, feature, value, evidence, snippet in connection.execute(query)
        ]


def declared_accounts(engine: Engine, run_id: int) -> dict[str, set[Who]]:
    """Account (lower case) -> the authorities that declared it for the run."""
    query = (
        select(Authority.kind, Authority.code, Authority.name, SocialDeclaration.url)
        .join(Authority, Authority.id == SocialDeclaration.authority_id)
        .where(SocialDeclaration.run_id == run_id)
    )
    declared: defaultdict[str, set[Who]] = defaultdict(set)
    with engine.connect() as connection:
        for kind, code, name, url in connection.execute(query):
            declared[url.lower()].add((kind, code, name))
    return dict(declared)


def social_links(
    engine: Engine, run_id: int, scope: Scope | None = None
) -> list[dict[str, object]]:
    """One row (the columns of `reports.actors.LINK_COLUMNS`) per authority of the scope and
    another authority's own account its site links to, by source, target and address."""
    accounts = shown_accounts(engine, run_id)
    shown: defaultdict[str, set[Who]] = defaultdict(set)
    for account in accounts:
        shown[account.url.lower()].add(account.who)
    owners = account_owners(dict(shown), declared_accounts(engine, run_id))
    in_scope = _in_scope(engine, scope)
    rows = []
    for account in accounts:
        owner = owners.get(account.url.lower())
        if owner is None or owner[:2] == account.who[:2]:
            continue
        if in_scope is not None and account.who[:2] not in in_scope:
            continue
        rows.append(_row(account, owner))
    return rows


def _in_scope(engine: Engine, scope: Scope | None) -> set[tuple[str, str]] | None:
    if scope is None:
        return None
    with engine.connect() as connection:
        query = select(Authority.kind, Authority.code).where(*scope.conditions())
        return {(kind, code) for kind, code in connection.execute(query)}


def _row(account: ShownAccount, owner: Who) -> dict[str, object]:
    kind, code, name = account.who
    return {
        "source": f"{kind}:{code}",
        "source_code": code,
        "source_kind": kind,
        "source_name": name,
        "target": f"{owner[0]}:{owner[1]}",
        "target_label": owner[2],
        "target_class": AUTHORITY,
        "target_class_label": CLASS_LABELS[AUTHORITY],
        "target_code": owner[1],
        "channel": SOCIAL,
        "platform": account.platform,
        "domain": "",
        "pages": pd.NA,  # the findings keep one evidence page, not a count
        "evidence_url": account.evidence_url,
        "target_url": account.url,
        "anchor": _text_of(account.snippet),
    }


def _text_of(snippet: str) -> str:
    """The link's words from its markup as the finding keeps it."""
    return " ".join(re.sub(r"<[^>]*>", " ", snippet).split())
