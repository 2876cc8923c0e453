"""French as the report writes it: numbers, percentages, dates and the agreement of a noun
with its count. Every text of a deck, workbook or document goes through these."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from database.french_dates import MONTHS as MONTHS
from database.french_dates import long_date as long_date

NARROW_NBSP = "\u202f"  # between thousands, and before % (French typography)


def french_count(value: int) -> str:
    """A whole number as French text sets it: 36 000, with a narrow no-break space."""
    return f"{value:,}".replace(",", NARROW_NBSP)


def half_up(value: float, digits: int) -> Decimal | float:
    """The value rounded as people round, a half away from zero: 62,5 gives 63 and 37,5
    gives 38 (Python's formatting rounds a half to even: 62 beside 38 for 5/8 and 3/8)."""
    if not math.isfinite(value):
        return value
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def french_number(value: float, digits: int = 1) -> str:
    """A decimal as French text sets it: 80,5; 12 345,7; trailing zeros dropped (80, 0,25)."""
    text = f"{half_up(value, digits):,.{digits}f}".replace(",", NARROW_NBSP).replace(".", ",")
    if "," in text:
        text = text.rstrip("0").removesuffix(",")
    return "0" if text in ("-0", "") else text


def french_fixed(value: float, digits: int = 1) -> str:
    """A decimal with all its digits, for a column of scores or means that must line up:
    56,0 beside 64,5 (french_number would write 56)."""
    text = f"{half_up(value, digits):,.{digits}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # -0,0 reads as a fall where there is none
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def french_percent(value: float, digits: int = 0) -> str:
    """A percentage (0–100) with its sign: 42 %, 7,5 %."""
    return f"{french_number(value, digits)}{NARROW_NBSP}%"


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    """The word for that many things, in French: 0 or 1 takes the singular (1 autre,
    0 site), 2 and more the plural (2 autres), `plural_form` when it is not word + s."""
    if abs(count) < 2:
        return word
    return plural_form if plural_form is not None else f"{word}s"


# A place name's leading article that merges with "de": "du Mans", "des Andelys". "La" and
# "L'" do not ("de La Rochelle", "de L'Isle-Adam").
CONTRACTED_ARTICLES = {"Le ": "du ", "Les ": "des "}
# Before these a name takes "d'" ("d'Angers", "d'Évreux"). Not "h" nor "y": "de Hautot",
# "d'Hyères" and "de Yerres" depend on the word, and "de" is never wrong there.
ELIDING_INITIALS = frozenset("AEIOUÀÂÉÈÊËÎÏÔÖÙÛÜ")


def de_name(name: str) -> str:
    """A place or authority name after the preposition "de", as French writes it: "du Mans",
    "des Andelys", "d'Angers", "de La Rochelle", "de L'Isle-Adam", "de Nantes"."""
    for article, contracted in CONTRACTED_ARTICLES.items():
        if name.startswith(article):
            return contracted + name[len(article) :]
    if name[:1] in ELIDING_INITIALS:
        return f"d'{name}"
    return f"de {name}"


def counted(count: int, word: str, plural_form: str | None = None) -> str:
    """A count and its noun, agreed: 1 collectivité, 0 site, 36 000 collectivités."""
    return f"{french_count(count)} {plural(count, word, plural_form)}"


def short_date(day: date | datetime) -> str:
    return f"{day:%d/%m/%Y}"
