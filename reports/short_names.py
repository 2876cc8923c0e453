"""Authority names fitted to the room a slide gives them: the generic part of an
intercommunality's name abbreviated as French usage does (« Communauté de communes » → « CC »)
before anything is cut, and a name cut only when even that does not fit."""

from __future__ import annotations

from reports.layout import shorten

# The generic heads of intercommunalities' names and their usual abbreviations; longest first
# so that "Communauté d'agglomération" is not read as a shorter head.
GENERIC_HEADS = (
    ("Communauté de communes", "CC"),
    ("Communauté d'agglomération", "CA"),
    ("Communauté d’agglomération", "CA"),
    ("Communauté urbaine", "CU"),
)


def abbreviated(name: str) -> str:
    """'Communauté de communes Les Champheim' -> 'CC Les Champheim'; any other name as is."""
    for head, short in GENERIC_HEADS:
        if name.lower().startswith(head.lower() + " "):
            return short + name[len(head) :]
    return name


def fit_name(name: str, limit: int) -> str:
    """The name whole when it fits `limit` characters, else its generic head abbreviated, and
    only when that still does not fit, cut with an ellipsis."""
    if len(name) <= limit:
        return name
    return shorten(abbreviated(name), limit)
