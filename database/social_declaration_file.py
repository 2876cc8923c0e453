"""The file of `vigie social import`: figures of social accounts declared by their owners,
read and checked line by line (the column set and the rules are in docs/social.md).

Each problem is one line "FILE:LINE: what is wrong ; how to fix", and any of them refuses
the whole file (DeclarationError): database/social_declarations.py stores only a file read
whole. The account's address is canonicalised by a function the caller gives
(`Canonical`): the command line passes the extractor's rule, which the database may not
import.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from database.vocabulary import SOCIAL_PLATFORMS, SOCIAL_WINDOW_DAYS

# The documented columns (docs/social.md), in this order in the example; `siren` may stand
# for `code`. `kind` (commune, epci, departement, region) and `name` are optional; other
# columns are ignored.
COLUMNS = ("code", "platform", "url", "followers", "posts_90d", "last_activity", "as_of")
AUTHORITY_COLUMNS = ("code", "siren")
MAX_FILE_BYTES = 20_000_000  # some 200,000 lines: more than the accounts of every authority
MAX_COUNT = 2_000_000_000  # an INTEGER column's range; more than any account has
PLATFORM_ALIASES = {"twitter": "x"}
ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
FRENCH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
SPACES = str.maketrans("", "", " \u00a0\u202f")
EXPECTED = "code (ou siren), platform, url, followers, posts_90d, last_activity, as_of"
SAVE_AS = "dans le tableur, enregistrer le tableau au format « CSV UTF-8 »"

# (platform key, the address as written) -> the canonical address; a ValueError says why not.
Canonical = Callable[[str, str], str]


class DeclarationError(Exception):
    """The file cannot be imported; `lines`: each problem, "FILE:LINE: what ; how to fix"."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0])
        self.lines = lines


def _refused(path: Path, line: int, message: str) -> DeclarationError:
    return DeclarationError([f"{path}:{line}: {message}"])


@dataclass(frozen=True)
class Declared:
    """One line of the file, read and checked."""

    line: int
    code: str  # the authority's code as given, or its SIREN
    by_siren: bool
    kind: str | None
    platform: str
    url: str  # canonical
    followers: int | None
    posts_90d: int | None
    last_activity: str | None  # ISO day
    as_of: str  # ISO day


def quoted(text: str) -> str:
    """A cell as a message quotes it: short, in French quotes."""
    text = " ".join(text.split())
    return f"« {text[:60]}{'…' if len(text) > 60 else ''} »"


def platform_key(text: str) -> str:
    """The vocabulary key of a platform written as its key or its French label, in any case."""
    given = " ".join(text.split()).casefold()
    for key, label in SOCIAL_PLATFORMS.items():
        if given in (key, label.casefold()):
            return key
    if given in PLATFORM_ALIASES:
        return PLATFORM_ALIASES[given]
    if not given:
        raise ValueError("platform vide ; écrire le réseau du compte (facebook, instagram...)")
    raise ValueError(
        f"plateforme {quoted(text)} inconnue ; écrire l'une de : {', '.join(SOCIAL_PLATFORMS)} "
        "(ou son nom, par exemple « X (Twitter) »)"
    )


def parse_count(text: str, column: str) -> int | None:
    """A whole number, French spaces allowed ("12 345"); None when the cell is empty."""
    cleaned = text.strip().translate(SPACES)
    if not cleaned:
        return None
    if cleaned.startswith("-") and cleaned[1:].isascii() and cleaned[1:].isdigit():
        raise ValueError(
            f"{column} {quoted(text)} est négatif ; un compte ne peut en avoir moins de 0 "
            "(laisser la cellule vide si le chiffre est inconnu)"
        )
    if not (cleaned.isascii() and cleaned.isdigit()) or int(cleaned[:12]) > MAX_COUNT:
        raise ValueError(
            f"{column} {quoted(text)} n'est pas un nombre entier plausible ; écrire 12345 ou "
            "12 345, sans unité ni décimale (laisser la cellule vide si le chiffre est inconnu)"
        )
    return int(cleaned)


def parse_day(text: str, column: str) -> date | None:
    """An ISO day (2026-11-02) or a French one (02/11/2026); None when the cell is empty."""
    given = text.strip()
    if not given:
        return None
    if iso := ISO_DAY.fullmatch(given):
        year, month, day = iso.groups()
    elif french := FRENCH_DAY.fullmatch(given):
        day, month, year = french.groups()
    else:
        raise ValueError(
            f"{column} {quoted(text)} n'est pas une date ; écrire 2026-11-02 ou 02/11/2026"
        )
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(
            f"{column} {quoted(text)} n'existe pas au calendrier ; corriger le jour ou le mois"
        ) from None


def _activity(posts_90d: int | None, last: date | None, as_of: date) -> None:
    """The rhythm and the newest post must tell the same story."""
    if posts_90d is None or last is None:
        return
    start = as_of - timedelta(days=SOCIAL_WINDOW_DAYS)
    if posts_90d > 0 and last < start:
        raise ValueError(
            f"posts_90d donne {posts_90d} publications dans les {SOCIAL_WINDOW_DAYS} jours "
            f"avant as_of mais last_activity ({last.isoformat()}) est plus ancienne ; "
            "corriger l'un des deux"
        )
    if posts_90d == 0 and last >= start:
        raise ValueError(
            f"posts_90d est 0 mais last_activity ({last.isoformat()}) tombe dans les "
            f"{SOCIAL_WINDOW_DAYS} jours avant as_of ; corriger l'un des deux"
        )


def _declared(line: int, cells: dict[str, str], canonical: Canonical, today: date) -> Declared:
    code, siren = cells.get("code", "").strip(), cells.get("siren", "").strip()
    if not code and not siren:
        raise ValueError(
            "ni code ni siren ; donner le code de la collectivité (code INSEE d'une commune, "
            "SIREN d'une intercommunalité)"
        )
    platform = platform_key(cells["platform"])
    if not cells["url"].strip():
        raise ValueError("url vide ; donner l'adresse du compte (https://...)")
    url = canonical(platform, cells["url"])
    as_of = parse_day(cells["as_of"], "as_of")
    if as_of is None:
        raise ValueError("as_of vide ; donner le jour où les statistiques ont été relevées")
    if as_of > today:
        raise ValueError(f"as_of {as_of.isoformat()} est dans le futur ; corriger la date")
    last = parse_day(cells["last_activity"], "last_activity")
    if last is not None and last > as_of:
        raise ValueError(
            f"last_activity {last.isoformat()} est après as_of {as_of.isoformat()} ; une "
            "publication ne peut être plus récente que le relevé : corriger l'une des dates"
        )
    followers = parse_count(cells["followers"], "followers")
    posts_90d = parse_count(cells["posts_90d"], "posts_90d")
    if followers is None and posts_90d is None and last is None:
        raise ValueError(
            "aucun chiffre ; remplir followers, posts_90d ou last_activity, ou retirer la ligne"
        )
    _activity(posts_90d, last, as_of)
    kind = cells.get("kind", "").strip().lower() or None
    return Declared(
        line=line,
        code=code or siren,
        by_siren=not code,
        kind=kind,
        platform=platform,
        url=url,
        followers=followers,
        posts_90d=posts_90d,
        last_activity=last.isoformat() if last else None,
        as_of=as_of.isoformat(),
    )


def _text(path: Path) -> str:
    """The file's text; a file too large, empty, binary or not UTF-8 is refused."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _refused(path, 1, f"plus de {MAX_FILE_BYTES // 1_000_000} Mo ; le découper")
    data = path.read_bytes()
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise _refused(path, line, f"ce n'est pas un fichier CSV (octet nul) ; {SAVE_AS}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = f"octet 0x{data[error.start]:02x}"
        raise _refused(path, line, f"pas du texte UTF-8 ({byte}) ; {SAVE_AS}") from None
    if not text.strip():
        raise _refused(path, 1, f"fichier vide ; la première ligne nomme les colonnes : {EXPECTED}")
    return text


def _header(path: Path, columns: list[str]) -> list[str]:
    names = [column.strip().lower() for column in columns]
    missing = [c for c in COLUMNS if c not in names and c != "code"]
    if not any(c in names for c in AUTHORITY_COLUMNS):
        missing.insert(0, "code (ou siren)")
    if missing:
        given = f"colonnes manquantes : {', '.join(missing)}"
        raise _refused(path, 1, f"{given} ; les colonnes attendues sont {EXPECTED}")
    if twice := sorted({name for name in names if name and names.count(name) > 1}):
        raise _refused(path, 1, f"colonne {', '.join(twice)} donnée deux fois ; en garder une")
    return names


def _records(path: Path, text: str) -> Iterator[tuple[int, dict[str, str] | str]]:
    """(line, cells) of each line that is not blank, or (line, the problem)."""
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=max(",;\t", key=first.count))
    try:
        names = _header(path, next(reader))
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(names):
                extra = f"{len(cells)} cellules pour {len(names)} colonnes"
                yield reader.line_num, f"{extra} ; retirer les cellules en trop"
            else:
                yield reader.line_num, dict(zip(names, cells, strict=False))
    except csv.Error as error:
        raise _refused(path, reader.line_num, f"ligne illisible ({error}) ; {SAVE_AS}") from None


def read_declarations(
    path: Path, canonical: Canonical, today: date
) -> tuple[list[Declared], dict[int, str]]:
    """The lines of the file that are right, and the problem of each other line by its
    number; a file that cannot be read as the documented CSV raises DeclarationError."""
    rows: list[Declared] = []
    problems: dict[int, str] = {}
    for line, cells in _records(path, _text(path)):
        try:
            if isinstance(cells, str):
                raise ValueError(cells)
            rows.append(_declared(line, {**dict.fromkeys(COLUMNS, ""), **cells}, canonical, today))
        except ValueError as error:
            problems[line] = f"{path}:{line}: {error}"
    if not rows and not problems:
        raise _refused(path, 2, "aucun compte sous la ligne des colonnes ; une ligne par compte")
    return rows, problems
