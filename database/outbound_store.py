"""A site's outbound links written in the site's own transaction (`database.repository.store_site`)."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import Connection, delete, insert

from crawler.items import SiteItem
from database.models import OutboundLinkRow
from database.screenshot_store import replace_screenshot


def replace_extras(connection: Connection, item: SiteItem) -> None:
    """The site's rows beside its scan, pages and findings: its screenshot, its outbound links."""
    replace_screenshot(connection, item)
    replace_outbound(connection, item)


def replace_outbound(connection: Connection, item: SiteItem) -> None:
    """The run's outbound links of the site become the item's: a site stored again (a resumed
    run measuring a site it could not) leaves the same rows as a site stored once. Only a
    measured site has them."""
    connection.execute(
        delete(OutboundLinkRow).where(
            OutboundLinkRow.run_id == item.run_id,
            OutboundLinkRow.authority_id == item.authority_id,
        )
    )
    if item.outbound and item.status == "ok":
        connection.execute(
            insert(OutboundLinkRow),
            [
                {"run_id": item.run_id, "authority_id": item.authority_id, **asdict(link)}
                for link in item.outbound
            ],
        )
