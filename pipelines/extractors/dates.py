"""Dates as French pages write them: 12/03/2025, 12.03.2025, 1er mars 2025."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
FRENCH_DATE = re.compile(
    r"(?P<day>\d{1,2})(?:er)?\s*(?:/|\.|-)\s*(?P<month>\d{1,2})\s*(?:/|\.|-)\s*(?P<year>\d{4})"
    r"|(?P<tday>\d{1,2})(?:er)?\s+(?P<tmonth>" + "|".join(MONTHS) + r")\s+(?P<tyear>\d{4})",
    re.IGNORECASE,
)


def date_at(text: str, position: int) -> tuple[date, int] | None:
    """The real day written at `position` of `text`, and where its writing ends."""
    match = FRENCH_DATE.match(text, position)
    if not match:
        return None
    try:
        if match.group("year"):
            day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        else:
            day = date(int(match["tyear"]), MONTHS[match["tmonth"].lower()], int(match["tday"]))
    except ValueError:
        return None
    return day, match.end()
