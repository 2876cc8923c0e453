"""The search index of the public website: every authority with its name, codes and postal
codes, as a JavaScript file that sets a global (`window.VIGIE_INDEX`). A script file, not
JSON, because browsers refuse `fetch` of a file:// address, and the site must work when
opened from a folder. `static/recherche.js` reads it and folds the reader's words the same
way `fold` does, so "saint etienne" finds "Saint-Étienne-de-Montluc"."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from reports.website.content import AuthorityLine

GLOBAL_NAME = "VIGIE_INDEX"
NBSP = "\u00a0"  # before ":" and inside « », so that neither is left alone at a line's end
# The same classes as recherche.js: combining accents (U+0300–U+036F), then anything that is
# not a lower-case letter or digit becomes a space (hyphens, apostrophes, commas).
_ACCENTS = re.compile("[\u0300-\u036f]")
_SEPARATORS = re.compile("[^a-z0-9]+")
_LIGATURES = {"œ": "oe", "æ": "ae"}


def fold(text: str) -> str:
    """Lower case, without accents or punctuation, words separated by one space:
    "Saint-Étienne-de-Montluc" → "saint etienne de montluc"."""
    bare = _ACCENTS.sub("", unicodedata.normalize("NFD", text)).lower()
    for ligature, letters in _LIGATURES.items():
        bare = bare.replace(ligature, letters)
    return _SEPARATORS.sub(" ", bare).strip()


def index_entry(line: AuthorityLine, departement_label: str) -> dict[str, object]:
    """One authority as the search script shows it; `k` is what a query is matched against."""
    return {
        "n": line.name,
        "t": line.kind,
        "d": departement_label,
        "u": line.path,
        "c": line.code,
        "p": list(line.postal_codes),
        "k": fold(" ".join((line.name, line.code, *line.postal_codes))),
    }


def index_script(lines: Iterable[AuthorityLine], departements: Mapping[str, str]) -> str:
    """The index as a script; `departements` names each département code ("44" → its label).
    ASCII-only JSON: the file reads the same whatever encoding the browser assumes for it."""
    entries = [index_entry(line, departements.get(line.departement, "")) for line in lines]
    body = json.dumps(entries, ensure_ascii=True, separators=(",", ":"))
    return f"window.{GLOBAL_NAME} = {body};\n"


def search_example(lines: Sequence[AuthorityLine]) -> str:
    """The hint under the search field, with a real authority of this site: its name as one
    might type it (without accents or capitals), its code and its postal code."""
    communes = [line for line in lines if line.postal_codes] or list(lines)
    if not communes:
        return "Les accents et les majuscules sont sans importance."
    chosen = min(communes, key=lambda line: (len(line.name), line.name))
    examples = [fold(chosen.name), chosen.code, *chosen.postal_codes[:1]]
    quoted = ", ".join(guillemets(example) for example in examples[:-1])
    return (
        f"Par exemple{NBSP}: {quoted} ou {guillemets(examples[-1])} ({chosen.name})."
        " Les accents et les majuscules sont sans importance."
    )


def guillemets(text: str) -> str:
    """« text », with the no-break spaces French typography puts inside."""
    return f"«{NBSP}{text}{NBSP}»"
