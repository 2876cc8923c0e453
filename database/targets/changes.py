"""What an import changed, per kind of authority: the authorities before and after it (in the
import's own transaction), compared."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from database.models import Authority, Website

KINDS = ("commune", "epci", "departement", "region")
Key = tuple[str, str]


@dataclass(frozen=True)
class State:
    """One authority as the import compares it."""

    id: int
    name: str
    population: int | None
    stratum: str | None
    url: str | None  # the primary website, crawled
    geography: tuple[str | None, str | None, str | None]  # département, région, postal codes
    retired: bool
    reason: str | None
    epci_code: str | None  # a commune's EPCI, by SIREN


@dataclass(frozen=True)
class Change:
    """One authority's change: `detail` says what (old → new, or why it was retired)."""

    code: str
    name: str
    detail: str = ""


@dataclass
class KindChanges:
    kind: str
    added: list[Change] = field(default_factory=list)
    renamed: list[Change] = field(default_factory=list)
    website: list[Change] = field(default_factory=list)
    population: list[Change] = field(default_factory=list)
    stratum: list[Change] = field(default_factory=list)
    other: list[Change] = field(default_factory=list)  # département, région, postal codes
    # Communes that got, changed or lost their EPCI (an added one that got one too).
    membership: list[Change] = field(default_factory=list)
    updated: int = 0  # authorities with at least one of the six changes above
    unchanged: int = 0
    retired: list[Change] = field(default_factory=list)
    reinstated: list[Change] = field(default_factory=list)
    # Listed by a file that is not a complete list while retired: only INSEE's list reinstates.
    still_retired: list[Change] = field(default_factory=list)
    active: int = 0  # after the import
    retired_total: int = 0  # after the import


def snapshot(connection: Connection) -> dict[Key, State]:
    rows = connection.execute(
        select(
            Authority.id,
            Authority.kind,
            Authority.code,
            Authority.name,
            Authority.population,
            Authority.stratum,
            Authority.departement_code,
            Authority.region_code,
            Authority.postal_codes,
            Authority.retired_at,
            Authority.retired_reason,
            Authority.epci_code,
            Website.url,
        ).outerjoin(Website, (Website.authority_id == Authority.id) & Website.is_primary)
    )
    return {
        (row.kind, row.code): State(
            row.id,
            row.name,
            row.population,
            row.stratum,
            row.url,
            (row.departement_code, row.region_code, row.postal_codes),
            row.retired_at is not None,
            row.retired_reason,
            row.epci_code,
        )
        for row in rows
    }


def _shown(value: object) -> str:
    if value is None:
        return "(none)"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _epci(siren: str | None, names: dict[str, str]) -> str:
    """An EPCI as the report names it: its SIREN, and its name when it is imported."""
    if siren is None:
        return "(none)"
    return f"{siren} {names[siren]}" if siren in names else siren


def _compare(
    changes: KindChanges, code: str, old: State, new: State, epci_names: dict[str, str]
) -> None:
    found = False
    if old.epci_code != new.epci_code:
        moved = f"{_epci(old.epci_code, epci_names)} → {_epci(new.epci_code, epci_names)}"
        changes.membership.append(Change(code, new.name, moved))
        found = True
    for target, before, after in (
        (changes.renamed, old.name, new.name),
        (changes.website, old.url, new.url),
        (changes.population, old.population, new.population),
        (changes.stratum, old.stratum, new.stratum),
    ):
        if before != after:
            target.append(Change(code, new.name, f"{_shown(before)} → {_shown(after)}"))
            found = True
    if old.geography != new.geography:
        said = [
            f"{label} {_shown(before)} → {_shown(after)}"
            for label, before, after in zip(
                ("département", "région", "postal codes"), old.geography, new.geography, strict=True
            )
            if before != after
        ]
        changes.other.append(Change(code, new.name, "; ".join(said)))
        found = True
    changes.updated += found
    if old.retired and not new.retired:
        changes.reinstated.append(Change(code, new.name, f"was: {old.reason or 'retired'}"))
    elif new.retired and not old.retired:
        changes.retired.append(Change(code, new.name, new.reason or ""))
    elif not found:
        changes.unchanged += 1


def compare(
    before: dict[Key, State], after: dict[Key, State], listed: Iterable[Key]
) -> dict[str, KindChanges]:
    """Per kind, in the order of KINDS (then any other), what changed from `before` to
    `after`; `listed` are the authorities the import's files gave."""
    present = {kind for kind, _ in after}
    kinds = [kind for kind in KINDS if kind in present] + sorted(present - set(KINDS))
    result = {kind: KindChanges(kind) for kind in kinds}
    epci_names = {code: state.name for (kind, code), state in after.items() if kind == "epci"}
    for (kind, code), new in sorted(after.items()):
        changes = result[kind]
        changes.retired_total += new.retired
        changes.active += not new.retired
        old = before.get((kind, code))
        if old is None:
            changes.added.append(Change(code, new.name, "retired" if new.retired else ""))
            if new.epci_code is not None:
                got = f"(none) → {_epci(new.epci_code, epci_names)}"
                changes.membership.append(Change(code, new.name, got))
        else:
            _compare(changes, code, old, new, epci_names)
    for kind, code in sorted(set(listed)):
        state, old = after.get((kind, code)), before.get((kind, code))
        if state is not None and state.retired and old is not None and old.retired:
            result[kind].still_retired.append(Change(code, state.name, state.reason or ""))
    return result
