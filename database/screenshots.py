"""The screenshots of a run, as the reports read them (written by `database.screenshot_store`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from database.models import ScreenshotRow


@dataclass(frozen=True)
class StoredScreenshot:
    url: str  # the page shown, after redirects
    taken_at: datetime
    media_type: str
    image: bytes


def screenshots_of(
    engine: Engine, run_id: int, authority_ids: list[int]
) -> dict[int, StoredScreenshot]:
    """The run's screenshots of these authorities, by authority id (absent: none was taken)."""
    if not authority_ids:
        return {}
    query = select(
        ScreenshotRow.authority_id,
        ScreenshotRow.url,
        ScreenshotRow.taken_at,
        ScreenshotRow.media_type,
        ScreenshotRow.image,
    ).where(ScreenshotRow.run_id == run_id, ScreenshotRow.authority_id.in_(authority_ids))
    with engine.connect() as connection:
        return {
            row.authority_id: StoredScreenshot(row.url, row.taken_at, row.media_type, row.image)
            for row in connection.execute(query)
        }
