"""Dates as French text sets them: shared by the database's own French words (why an
authority was retired) and the reports, which may import the database but not the reverse."""

from __future__ import annotations

from datetime import date, datetime

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def long_date(day: date | datetime) -> str:
    """29 novembre 2026 (1er for the first of a month)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"
