"""What a report covers: the whole country, one département, one région, or a list of codes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import ColumnElement, or_, true

from database.geography import DEPARTEMENTS, REGION_OF_DEPARTEMENT, REGIONS
from database.models import Authority

SCOPE_FORMS = "national, departement:CODE, region:CODE or list:FILE"


class ScopeError(ValueError):
    """A scope that cannot be read; the message says why and what is accepted."""


@dataclass(frozen=True)
class Scope:
    kind: str  # national | departement | region | list
    code: str | None = None  # the département or région code
    codes: tuple[str, ...] = field(default=())  # the authorities of a list scope
    source: str | None = None  # the list's file

    @property
    def is_national(self) -> bool:
        return self.kind == "national"

    @property
    def label(self) -> str:
        """The scope as the deck names it, in French."""
        if self.kind == "departement":
            name = DEPARTEMENTS.get(self.code or "")
            return f"{name} ({self.code})" if name else f"département {self.code}"
        if self.kind == "region":
            return f"région {REGIONS.get(self.code or '', self.code)}"
        if self.kind == "list":
            # The list by its file's name: the deck's title says how many authorities it holds.
            return f"liste « {Path(self.source or '').stem} »"
        return "France entière"

    @property
    def departements(self) -> set[str] | None:
        """The départements the scope spans, for the map; None when any may appear."""
        if self.kind == "departement":
            return {self.code or ""}
        if self.kind == "region":
            return {d for d, r in REGION_OF_DEPARTEMENT.items() if r == self.code}
        return None

    def conditions(self) -> list[ColumnElement[bool]]:
        """The SQL conditions on `authorities` that keep the scope's authorities."""
        if self.kind == "departement":
            return [Authority.departement_code == self.code]
        if self.kind == "region":
            # The région's own row has no département; its départements' rows may lack a région.
            return [
                or_(
                    Authority.region_code == self.code,
                    Authority.departement_code.in_(sorted(self.departements or ())),
                )
            ]
        if self.kind == "list":
            return [Authority.code.in_(self.codes)]
        return [true()]


def parse_scope(text: str) -> Scope:
    kind, _, value = text.partition(":")
    kind, value = kind.strip().lower(), value.strip()
    if kind == "national" and not value:
        return Scope("national")
    if kind == "departement" and value:
        code = value.upper().zfill(2)
        if code not in REGION_OF_DEPARTEMENT:
            raise ScopeError(f"unknown département code {value!r} in scope {text!r}")
        return Scope("departement", code)
    if kind == "region" and value:
        code = value.zfill(2)
        if code not in REGIONS:
            raise ScopeError(
                f"unknown région code {value!r} in scope {text!r} "
                f"(known: {', '.join(sorted(REGIONS))})"
            )
        return Scope("region", code)
    if kind == "list" and value:
        return Scope("list", codes=read_code_list(Path(value)), source=value)
    raise ScopeError(f"cannot read scope {text!r}: expected {SCOPE_FORMS}")


def read_code_list(path: Path) -> tuple[str, ...]:
    """One authority code per line (INSEE code, SIREN...); blank lines and # comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ScopeError(f"cannot read the list of authorities {path}: {error}") from error
    codes: list[str] = []
    for number, line in enumerate(lines, start=1):
        code = line.split("#", 1)[0].strip()
        if not code:
            continue
        if any(character.isspace() or character in ",;" for character in code):
            raise ScopeError(f"{path}, line {number}: one code per line, found {line.strip()!r}")
        codes.append(code)
    if not codes:
        raise ScopeError(f"{path} lists no authority code")
    return tuple(dict.fromkeys(codes))
