"""The rows of the data package's `social_accounts` table: the accounts of the run as the
social indicators read them (`database.social_audience.run_accounts`: what Vigie saw, else
what the owner declared, and why a figure is unknown), for the scope's authorities, with
the time Vigie checked each one (`social_profiles.checked_at`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, select

from database.models import Authority, SocialProfile
from database.social_audience import UNKNOWN_LABELS, run_accounts
from reports.datapackage_tables import Reading


def social_rows(engine: Engine, reading: Reading) -> Iterator[tuple[Any, ...]]:
    """Each account of the run's authorities in the scope, by authority, platform and URL."""
    connection = reading.connection
    names = {
        row.id: (row.kind, row.code)
        for row in connection.execute(
            select(Authority.id, Authority.kind, Authority.code).where(*reading.conditions)
        )
    }
    checked = {
        (row.authority_id, row.url): row.checked_at
        for row in connection.execute(
            select(SocialProfile.authority_id, SocialProfile.url, SocialProfile.checked_at).where(
                SocialProfile.run_id == reading.run_id
            )
        )
    }
    rows = []
    seen: set[tuple[int, str]] = set()
    for account in run_accounts(engine, reading.run_id):
        where = (account.authority_id, account.url)
        # An address linked under two platforms' keys is one account: its first row stands.
        if account.authority_id not in names or where in seen:
            continue
        seen.add(where)
        reason = account.why_unknown
        rows.append(
            (
                reading.run_id, *names[account.authority_id], account.platform, account.url,
                account.linked, account.followers, account.followers_rounded,
                account.followers_declared, account.posts_90d, account.posts_90d_partial,
                account.last_activity, account.activity_declared, reason,
                UNKNOWN_LABELS.get(reason or "", reason), checked.get(where),
            )
        )  # fmt: skip
    yield from sorted(rows, key=lambda row: (row[1], row[2], row[3], row[4]))
