"""Retiring the communes INSEE's complete list no longer gives, and reinstating those it gives
again. Retired is not deleted: the authority keeps its row and every run's rows about it;
new runs neither crawl nor count it (`database.models.ACTIVE`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import cast

from sqlalchemy import Connection, Table, bindparam, select, update

from database.french_dates import long_date
from database.models import Authority
from database.targets.official import PART_TYPES, Movement, OfficialList

# A complete list retires at most this share of a kind's active authorities, unless the
# operator says so: a truncated file must not retire the country.
MASS_RETIREMENT_SHARE = 0.20
REASON_LENGTH = 200  # authorities.retired_reason
MERGES = {"31", "32", "33", "34"}  # fusion simple, commune nouvelle, fusion-association...
CODE_CHANGES = {"41", "50"}  # a new département, the chef-lieu moved
REMOVAL = "30"
MAX_CHAIN = 10  # successors followed to one the database holds
TABLE = cast(Table, Authority.__table__)


class RetirementRefused(ValueError):
    """An import that would retire what it must not: nothing of it is written."""


@dataclass(frozen=True)
class Fate:
    """Why a commune left the list, and the commune it went into (its code), if one."""

    successor: str | None
    reason: str


@dataclass
class ListOutcome:
    """What the import's complete list did, or why nothing was retired."""

    path: str | None = None  # the complete list, None when no file of the import is one
    active: int = 0  # active authorities of its kind before the retirement
    retired: int = 0
    reinstated: int = 0
    why_not: str | None = None


Movements = dict[str, list[Movement]]  # by the code of the commune before the event


def index_movements(movements: Iterable[Movement]) -> Movements:
    """The events that ended a commune (TYPECOM_AV COM), by its code."""
    index: Movements = defaultdict(list)
    for movement in movements:
        if movement.typecom_before == "COM":
            index[movement.code_before].append(movement)
    return dict(index)


def _ending(code: str, movements: Movements) -> tuple[Movement, dict[str, str]] | None:
    """The latest event in which `code` stopped being a commune, with the communes it went
    into (code: name); None when the movements say nothing of it."""
    events: dict[tuple[date, str], list[Movement]] = defaultdict(list)
    for movement in movements.get(code, ()):
        events[(movement.effective or date.min, movement.mod)].append(movement)
    if not events:
        return None
    rows = events[max(events)]
    after = {m.code_after: m.name_after or m.code_after for m in rows if m.typecom_after == "COM"}
    if code in after:
        return None  # still a commune after its latest event: it did not end there
    return rows[0], after


def _when(movement: Movement | None) -> str:
    if movement is None or movement.effective is None:
        return ""
    return f" le {long_date(movement.effective)}"


def fate(code: str, listing: OfficialList, movements: Movements, file_name: str) -> Fate:
    """The successor and the reason, in words, of a commune absent from the list."""
    ending = _ending(code, movements)
    part = listing.parts.get(code)
    if part is not None and part.parent:
        parent = f"{listing.names.get(part.parent, part.parent)} ({part.parent})"
        if part.typecom == "ARM":
            return Fate(part.parent, f"arrondissement municipal de {parent}")
        dated = ending[0] if ending and part.parent in ending[1] else None
        return Fate(
            part.parent, f"fusionnée dans {parent}{_when(dated)}, {PART_TYPES[part.typecom]}"
        )
    if ending is None:
        return Fate(None, f"absente de la liste des communes de l'Insee ({file_name})")
    movement, after = ending
    successor = next(iter(after)) if len(after) == 1 else None
    named = ""
    if successor is not None:
        named = f"{listing.names.get(successor) or after[successor]} ({successor})"
    if movement.mod in MERGES and named:
        return Fate(successor, f"fusionnée dans {named}{_when(movement)}")
    if movement.mod in CODE_CHANGES and named:
        return Fate(successor, f"devenue {named}{_when(movement)}, changement de code")
    if movement.mod == REMOVAL:
        joined = f", territoire rattaché à {named}" if named else ""
        return Fate(successor, f"supprimée{_when(movement)}{joined}")
    went = f", devenue {named}" if named else ""
    return Fate(successor, f"sortie de la liste{_when(movement)} (mouvement {movement.mod}){went}")


def _resolve(code: str | None, ids: dict[str, int], movements: Movements) -> int | None:
    """The successor's id; one the database lacks is followed along the movements."""
    for _ in range(MAX_CHAIN):
        if code is None or code in ids:
            return ids.get(code) if code else None
        ending = _ending(code, movements)
        code = next(iter(ending[1])) if ending and len(ending[1]) == 1 else None
    return None


def _shorten(text: str) -> str:
    return text if len(text) <= REASON_LENGTH else text[: REASON_LENGTH - 1] + "…"


def _guard(path: str, kind: str, absent: int, active: int, allow: bool) -> None:
    if allow or not active or absent <= MASS_RETIREMENT_SHARE * active:
        return
    raise RetirementRefused(
        f"{path}: would retire {absent:,} of the {active:,} active {kind}s "
        f"({absent / active:.0%}), more than the {MASS_RETIREMENT_SHARE:.0%} a complete list "
        "may retire at once: is the file truncated? Nothing was imported; check the file, or "
        "pass --allow-mass-retirement if so many really disappeared"
    )


def apply_list(
    connection: Connection,
    path: str,
    listing: OfficialList,
    movements: Iterable[Movement],
    now: datetime,
    allow_mass_retirement: bool = False,
) -> ListOutcome:
    """Reinstate the retired authorities the list gives, retire the active ones it lacks."""
    rows = connection.execute(
        select(Authority.id, Authority.code, Authority.retired_at).where(
            Authority.kind == listing.kind
        )
    ).all()
    ids = {row.code: row.id for row in rows}
    back = [row.id for row in rows if row.retired_at is not None and row.code in listing.names]
    absent = [row for row in rows if row.retired_at is None and row.code not in listing.names]
    active = sum(row.retired_at is None for row in rows) + len(back)
    _guard(path, listing.kind, len(absent), active, allow_mass_retirement)
    outcome = ListOutcome(path, active, len(absent), len(back))
    if back:
        connection.execute(
            update(TABLE).where(TABLE.c.id == bindparam("key")),
            [{"key": key, "retired_at": None, "successor_id": None, "retired_reason": None}
             for key in back],
        )  # fmt: skip
    if absent:
        file_name, index = Path(path).name, index_movements(movements)
        fates = {row.id: fate(row.code, listing, index, file_name) for row in absent}
        connection.execute(
            update(TABLE).where(TABLE.c.id == bindparam("key")),
            [
                {
                    "key": key,
                    "retired_at": now,
                    "successor_id": _resolve(said.successor, ids, index),
                    "retired_reason": _shorten(said.reason),
                }
                for key, said in fates.items()
            ],
        )
    return outcome


def no_list(paths: Iterable[str]) -> ListOutcome:
    named = ", ".join(paths)
    return ListOutcome(why_not=f"no complete official list among {named}: nothing retired")
