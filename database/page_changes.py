"""Whether a page changed since the previous run that fetched its site: its body's hash
compared with the same fetch's (`pages.changed`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from database.models import PageRow


def fetch_key(page: Any) -> tuple[str, bool]:
    """A page's fetch: its requested URL, fetched plainly or through Chromium. A rendered page
    has a row of each, and a rendered body is compared with the earlier rendered one, never
    with the static shell."""
    return page.requested_url, bool(page.rendered)


def earlier_hashes(connection: Connection, run_id: int, website_id: int) -> dict[Any, str | None]:
    """fetch -> body hash, from the latest earlier run that fetched this website."""
    latest = connection.execute(
        select(func.max(PageRow.run_id)).where(
            PageRow.website_id == website_id, PageRow.run_id < run_id
        )
    ).scalar_one_or_none()
    if latest is None:
        return {}
    rows = connection.execute(
        select(PageRow.requested_url, PageRow.rendered, PageRow.content_hash).where(
            PageRow.run_id == latest, PageRow.website_id == website_id
        )
    )
    return {fetch_key(row): row.content_hash for row in rows}


def changed(content_hash: str | None, previous: str | None) -> bool | None:
    """None when either body is unknown (a failed fetch, or none earlier)."""
    if content_hash is None or previous is None:
        return None
    return content_hash != previous
