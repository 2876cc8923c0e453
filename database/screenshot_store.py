"""A site's screenshot written in the site's own transaction (`database.repository.store_site`)."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert

from crawler.items import SiteItem
from database.models import ScreenshotRow


def replace_screenshot(connection: Connection, item: SiteItem) -> None:
    """The run's screenshot of the site becomes the item's, or none: a site stored again (a
    resumed run measuring a site it could not) leaves the same row as a site stored once.
    Only a measured site keeps one."""
    connection.execute(
        delete(ScreenshotRow).where(
            ScreenshotRow.run_id == item.run_id, ScreenshotRow.authority_id == item.authority_id
        )
    )
    shot = item.screenshot
    if shot is not None and item.status == "ok":
        connection.execute(
            insert(ScreenshotRow).values(
                run_id=item.run_id,
                authority_id=item.authority_id,
                url=shot.url,
                taken_at=shot.taken_at,
                media_type=shot.media_type,
                image=shot.image,
            )
        )
