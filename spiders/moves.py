"""Telling an authority's new domain from another organisation's, after a redirect."""

from __future__ import annotations

import re
import unicodedata

# Words that say what kind of authority a name or a domain is, not which one.
GENERIC_WORDS = frozenset(
    [
        "mairie",
        "ville",
        "commune",
        "communes",
        "communaute",
        "agglomeration",
        "agglo",
        "metropole",
        "cc",
        "ca",
        "cu",
        "departement",
        "region",
        "conseil",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "et",
        "en",
        "sur",
        "sous",
    ]
)


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", plain)


def distinctive_words(name: str) -> list[str]:
    """The words of a name that tell this authority from others of its kind."""
    return [word for word in _words(name) if word not in GENERIC_WORDS]


def is_own_domain(authority_name: str, registered_domain: str) -> bool:
    """Whether a domain's name carries every distinctive word of the authority's name.

    "Saint-Martin-du-Lac" owns "ville-saintmartindulac.fr" and "mairie-saint-martin-du-lac.fr",
    not "communes-de-france.fr" nor "cc-du-lac.fr". Names made only of generic words own
    nothing: a redirect then stays "redirected_offsite", the cautious reading.
    """
    words = distinctive_words(authority_name)
    label = "".join(_words(registered_domain.rsplit(".", 1)[0]))
    return bool(words) and all(word in label for word in words)
