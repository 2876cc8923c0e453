"""Figures of social accounts declared by their owners, stored for a run: `vigie social
import FILE` (docs/social.md).

The file is read and checked whole (database/social_declaration_file.py), then each line's
authority is found by its code (or SIREN) among those the run crawled, and its account's
canonical address compared with the accounts the run's sites link to, ignoring case
(handles are case-insensitive on the platforms): a match is stored under the linked
spelling, so that the declared figures join the observed ones (database/social_audience.py);
an account no site links to is stored as it is, and reported. All or nothing: any bad line
and nothing is stored. Importing again replaces the rows of the accounts the file gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from database.models import Authority, FindingRow, SiteScan, SocialDeclaration
from database.social_audience import run_day
from database.social_declaration_file import (
    Canonical,
    DeclarationError,
    Declared,
    quoted,
    read_declarations,
)
from database.vocabulary import SOCIAL_WINDOW_DAYS

__all__ = ["Canonical", "DeclarationError", "ImportResult", "Unlinked", "import_declarations"]


@dataclass(frozen=True)
class Unlinked:
    """An account declared that no site of the run links to."""

    name: str
    code: str
    platform: str
    url: str


@dataclass(frozen=True)
class ImportResult:
    run_id: int
    accounts: int
    authorities: int
    replaced: int  # accounts already declared for the run, whose rows the file replaced
    unlinked: list[Unlinked]


@dataclass(frozen=True)
class _Resolved:
    authority: Any  # id, kind, code, name
    row: Declared
    url: str  # as the run's sites link it when one does, else the canonical address
    linked: bool


def _authority(row: Declared, known: dict[str, list[Any]], scanned: set[int], run_id: int) -> Any:
    """The authority a line names, which the run must have crawled."""
    column = "siren" if row.by_siren else "code"
    candidates = [a for a in known.get(row.code, []) if row.kind in (None, a.kind)]
    if not candidates and row.kind and known.get(row.code):
        raise ValueError(
            f"aucune collectivité de type {quoted(row.kind)} n'a le {column} "
            f"{quoted(row.code)} ; corriger kind ou le laisser vide"
        )
    if not candidates and row.by_siren:
        raise ValueError(
            f"siren {quoted(row.code)} : aucune collectivité de la base n'a ce SIREN ; Vigie "
            "connaît les intercommunalités par leur SIREN, les communes par leur code INSEE "
            "(colonne code)"
        )
    if not candidates:
        raise ValueError(
            f"code {quoted(row.code)} : aucune collectivité de la base n'a ce code ; vérifier le "
            "code (INSEE : 5 caractères, le tableur retire parfois le 0 initial de 01004) ou "
            "importer d'abord la collectivité (vigie targets import)"
        )
    if len(candidates) > 1:
        named = ", ".join(f"{a.kind} {a.name}" for a in candidates)
        raise ValueError(
            f"{column} {quoted(row.code)} désigne plusieurs collectivités ({named}) ; "
            "ajouter une colonne kind (commune, epci, departement, region)"
        )
    authority = candidates[0]
    if authority.id not in scanned:
        raise ValueError(
            f"{authority.name} ({authority.code}) n'a pas été explorée dans la campagne "
            f"{run_id} ; importer dans une campagne qui l'a explorée (--run)"
        )
    return authority


def _known(connection: Connection, rows: list[Declared]) -> dict[str, list[Any]]:
    codes = sorted({row.code for row in rows})
    known: dict[str, list[Any]] = {}
    for start in range(0, len(codes), 500):
        query = select(Authority.id, Authority.kind, Authority.code, Authority.name).where(
            Authority.code.in_(codes[start : start + 500])
        )
        for authority in connection.execute(query):
            known.setdefault(authority.code, []).append(authority)
    return known


def _spellings(
    connection: Connection, run_id: int
) -> tuple[dict[tuple[int, str, str], str], set[tuple[int, str]]]:
    """The run's accounts as already stored: (authority, platform, address in lower case) ->
    the address as stored, those the sites link to (findings) before those declared; and the
    (authority, address) the sites link to."""
    linked = (
        select(FindingRow.authority_id, FindingRow.feature, FindingRow.value)
        .where(FindingRow.run_id == run_id, FindingRow.feature.like("social.%"))
        .distinct()
    )
    declared = select(
        SocialDeclaration.authority_id, SocialDeclaration.platform, SocialDeclaration.url
    ).where(SocialDeclaration.run_id == run_id)
    spellings: dict[tuple[int, str, str], str] = {}
    for authority_id, platform, url in connection.execute(declared):
        spellings[(authority_id, platform, url.casefold())] = url
    links: set[tuple[int, str]] = set()
    for authority_id, feature, url in connection.execute(linked):
        spellings[(authority_id, feature.removeprefix("social."), url.casefold())] = url
        links.add((authority_id, url))
    return spellings, links


def _resolve(
    connection: Connection,
    path: Path,
    run_id: int,
    day: date,
    read: tuple[list[Declared], dict[int, str]],
) -> list[_Resolved]:
    """Each line's authority and account; DeclarationError names every line that is wrong,
    those the reading found (`read`'s problems) and those found here."""
    rows, problems = read[0], dict(read[1])
    known = _known(connection, rows)
    scanned = set(
        connection.scalars(select(SiteScan.authority_id).where(SiteScan.run_id == run_id))
    )
    spellings, linked = _spellings(connection, run_id)
    resolved: list[_Resolved] = []
    for row in rows:
        try:
            authority = _authority(row, known, scanned, run_id)
            away = abs((date.fromisoformat(row.as_of) - day).days)
            if away > SOCIAL_WINDOW_DAYS:
                raise ValueError(
                    f"as_of {row.as_of} est à {away} jours de la campagne {run_id} (du "
                    f"{day.isoformat()}) ; au-delà de {SOCIAL_WINDOW_DAYS} jours les chiffres ne "
                    "la décrivent pas : les importer dans la campagne de leur époque (--run)"
                )
        except ValueError as error:
            problems[row.line] = f"{path}:{row.line}: {error}"
            continue
        url = spellings.get((authority.id, row.platform, row.url.casefold()), row.url)
        resolved.append(_Resolved(authority, row, url, (authority.id, url) in linked))
    problems.update(_duplicates(path, resolved))
    if problems:
        raise DeclarationError([problems[line] for line in sorted(problems)])
    return resolved


def _duplicates(path: Path, resolved: list[_Resolved]) -> dict[int, str]:
    lines: dict[tuple[int, str], list[int]] = {}
    for entry in resolved:
        lines.setdefault((entry.authority.id, entry.url.casefold()), []).append(entry.row.line)
    return {
        line: f"{path}:{line}: le compte {entry.url} de {entry.authority.name} est donné aux "
        f"lignes {', '.join(map(str, given[:-1]))} et {given[-1]} ; n'en garder qu'une"
        for entry in resolved
        for line in [entry.row.line]
        if len(given := lines[(entry.authority.id, entry.url.casefold())]) > 1
    }


def _store(
    connection: Connection, run_id: int, resolved: list[_Resolved], source: str, now: datetime
) -> int:
    """Replace the rows of the file's accounts for the run; how many were there before."""
    by_authority: dict[int, list[str]] = {}
    for entry in resolved:
        by_authority.setdefault(entry.authority.id, []).append(entry.url)
    replaced = 0
    for authority_id, urls in by_authority.items():
        replaced += connection.execute(
            delete(SocialDeclaration).where(
                SocialDeclaration.run_id == run_id,
                SocialDeclaration.authority_id == authority_id,
                SocialDeclaration.url.in_(urls),
            )
        ).rowcount
    values = [
        {
            "run_id": run_id,
            "authority_id": entry.authority.id,
            "platform": entry.row.platform,
            "url": entry.url,
            "followers": entry.row.followers,
            "posts_90d": entry.row.posts_90d,
            "last_activity": entry.row.last_activity,
            "as_of": entry.row.as_of,
            "source": source[:200],
            "imported_at": now,
        }  # fmt: skip
        for entry in resolved
    ]
    for start in range(0, len(values), 500):
        connection.execute(insert(SocialDeclaration), values[start : start + 500])
    return replaced


def import_declarations(
    engine: Engine,
    path: Path,
    run_id: int,
    canonical: Canonical,
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Read, check and store the file for the run, all or nothing (DeclarationError)."""
    read = read_declarations(path, canonical, today or date.today())  # the user's day
    day = run_day(engine, run_id)
    with engine.begin() as connection:
        resolved = _resolve(connection, path, run_id, day, read)
        replaced = _store(connection, run_id, resolved, str(path), now or datetime.now(UTC))
    unlinked = [
        Unlinked(entry.authority.name, entry.authority.code, entry.row.platform, entry.url)
        for entry in resolved
        if not entry.linked
    ]
    return ImportResult(
        run_id=run_id,
        accounts=len(resolved),
        authorities=len({entry.authority.id for entry in resolved}),
        replaced=replaced,
        unlinked=sorted(unlinked, key=lambda u: (u.name, u.code, u.platform, u.url)),
    )
