"""Services per resident, by group of communes (docs/report.md, "Ce qu'un habitant peut faire
en ligne"): for each service family, the share of a group's communes whose residents find it
online on at least one of their four sites (commune, intercommunalité, département, région),
and the mean share of the families they can reach. A share resting on communes where a site
could not be read is a floor ("au moins"): not measured is not absent. Below MIN_SITES
communes a group's figures are not stated."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from database.geography import DEPARTEMENTS, REGIONS
from database.scope import Scope
from reports.french import counted, french_count, french_percent
from reports.stratum_groups import StratumGroup, group_strata, merge_note
from reports.thresholds import INSUFFICIENT, MIN_SITES
from scoring.layers import FAMILIES, OFFERED, UNKNOWN, ResidentServices, unread_text

# The families as a table's header says them (their full words: database/vocabulary.py).
FAMILY_HEADERS = {
    "local-procedure": "Démarches locales",
    "planning-permit": "Urbanisme",
    "payment": "Paiement",
    "appointment": "Rendez-vous",
    "identity": "FranceConnect",
    "national-procedure": "Démarches nationales",
}
FLOOR = "≥\u202f"  # before a share that is a minimum: some sites could not be read
UNDETERMINED = "indéterminé"
# A table's narrow columns take the word abbreviated, never cut mid-word; its legend says it.
UNDETERMINED_SHORT = "indét."
UNDETERMINED_LEGEND = (
    f"« {UNDETERMINED_SHORT} » : indéterminé, le service n'étant sur aucun des sites lus et"
    " d'autres n'ayant pas pu l'être."
)
OTHERS = "Autres territoires"  # the groups too thin to be shown alone, merged
LAYER_HEADINGS = {
    "commune": "Commune",
    "epci": "Intercommunalité",
    "departement": "Département",
    "region": "Région",
}
MOST_GROUPS = 6  # territories shown one a row, the largest first (a table of 8 rows at most)


@dataclass(frozen=True)
class Share:
    """`count` of `total` (communes, or communes × families for the mean share) over `n`
    communes; `floor`: some of the rest could not be read, so the share is a minimum."""

    count: int
    total: int
    n: int
    floor: bool

    @property
    def percent(self) -> float | None:
        """0–100, or None below MIN_SITES communes (not stated)."""
        return 100 * self.count / self.total if self.n >= MIN_SITES and self.total else None

    @property
    def undetermined(self) -> bool:
        """None known to have it, the others not read: nothing to say."""
        return self.floor and self.count == 0

    def text(self, undetermined: str = UNDETERMINED) -> str:
        if self.percent is None:
            return INSUFFICIENT
        if self.undetermined:
            return undetermined
        percent = french_percent(self.percent)
        return f"{FLOOR}{percent}" if self.floor else percent


@dataclass(frozen=True)
class GroupRow:
    label: str
    n: int  # communes of the group
    families: dict[str, Share]
    # The mean share of the families measured for some commune of the group (`measured`), as a
    # Share of n × those families: a family unknown for every commune is left out of it, not
    # counted as missing.
    mean: Share
    measured: tuple[str, ...] = FAMILIES

    @property
    def unmeasured(self) -> tuple[str, ...]:
        return tuple(family for family in FAMILIES if family not in self.measured)

    def cells(self) -> list[str]:
        """The row of a table (undetermined abbreviated: UNDETERMINED_LEGEND says it); a group
        under MIN_SITES communes states no share."""
        if self.n < MIN_SITES:
            return [self.label, french_count(self.n), *["–"] * len(FAMILIES), INSUFFICIENT]
        return [
            self.label,
            french_count(self.n),
            *(self.families[family].text(UNDETERMINED_SHORT) for family in FAMILIES),
            self.mean.text(UNDETERMINED_SHORT),
        ]


def group_row(label: str, residents: Sequence[ResidentServices]) -> GroupRow:
    n = len(residents)
    families = {
        family: Share(
            sum(r.reach(family).state == OFFERED for r in residents),
            n,
            n,
            any(r.reach(family).state == UNKNOWN for r in residents),
        )
        for family in FAMILIES
    }
    measured = tuple(
        family for family in FAMILIES if any(r.reach(family).state != UNKNOWN for r in residents)
    )
    reached = sum(families[family].count for family in measured)
    mean = Share(reached, n * len(measured), n, any(families[f].floor for f in measured))
    return GroupRow(label, n, families, mean, measured)


def unmeasured_sentence(row: GroupRow) -> str | None:
    """Why the mean leaves a family out: 'FranceConnect laissé hors de la moyenne : non
    mesuré, indéterminé pour chacune des 39 communes (…)'; None when every family counts."""
    if not row.unmeasured or row.n < MIN_SITES:
        return None
    names = " et ".join(FAMILY_HEADERS[f] for f in row.unmeasured)
    left = "laissés" if len(row.unmeasured) > 1 else "laissé"
    return (
        f"{names} {left} hors de la moyenne : non mesuré, indéterminé pour chacune des"
        f" {counted(row.n, 'commune')} (sur aucun des sites lus, d'autres n'ayant pas pu"
        " l'être)."
    )


def stratum_groups(residents: Sequence[ResidentServices]) -> list[StratumGroup]:
    """The communes' strata merged where thin, as the charts merge them."""
    return group_strata(Counter(_stratum(r) for r in residents))


def merged_strata_note(residents: Sequence[ResidentServices]) -> str | None:
    """The charts' note on the strata merged, each with its n; None when none is."""
    groups = stratum_groups(residents)
    if len(groups) < 2:
        return None
    note = merge_note(groups, lambda group: group.n, unit="communes", undrawn="aucune part")
    return note or None


def _stratum(r: ResidentServices) -> str:
    return r.commune.stratum or "inconnue"


def by_stratum(residents: Sequence[ResidentServices]) -> list[GroupRow]:
    """One row per stratum of the communes, thin strata merged with their neighbours as the
    charts merge them (reports/stratum_groups.py), then all of them."""

    groups = stratum_groups(residents)
    if len(groups) < 2:  # one group (all strata merged, "≥ 0"): it is the whole
        return [group_row("Ensemble", residents)]
    rows = [
        group_row(
            group.label if group.label != "inconnue" else "Strate inconnue",
            [r for r in residents if _stratum(r) in group.strata],
        )
        for group in groups
    ]
    return [*rows, group_row("Ensemble", residents)]


def territory_level(scope: Scope) -> str:
    """The territory one level below the scope: a département's communes by intercommunalité,
    a région's by département, the others' by région."""
    return {"departement": "epci", "region": "departement"}.get(scope.kind, "region")


def _territory(level: str) -> Callable[[ResidentServices], str]:
    def name(r: ResidentServices) -> str:
        if level == "epci":
            return r.epci_name or (
                "Intercommunalité non renseignée" if r.commune.epci is None else OTHERS
            )
        code = r.commune.departement if level == "departement" else r.commune.region
        if level == "region":  # a région's name is enough; a département's takes its code
            return REGIONS.get(code or "", "Région inconnue")
        name = DEPARTEMENTS.get(code or "")
        return f"{name} ({code})" if name else "Département inconnu"

    return name


def by_territory(residents: Sequence[ResidentServices], scope: Scope) -> list[GroupRow]:
    """One row per territory of MIN_SITES communes or more (the largest first, at most
    MOST_GROUPS), the others merged in one row, then all of them."""
    name = _territory(territory_level(scope))
    sizes = Counter(name(r) for r in residents)
    shown = [t for t, n in sorted(sizes.items(), key=lambda i: (-i[1], i[0])) if n >= MIN_SITES]
    shown = [t for t in shown if t != OTHERS][:MOST_GROUPS]
    rows = [group_row(t, [r for r in residents if name(r) == t]) for t in shown]
    rest = [r for r in residents if name(r) not in shown]
    if rest:
        rows.append(group_row(OTHERS, rest))
    return [*rows, group_row("Ensemble", residents)] if len(rows) > 1 else rows


def unread_sentence(residents: Sequence[ResidentServices]) -> str | None:
    """For each layer, how many communes could not have its site read, and the commonest
    reason: 'Sites non lus : commune pour 18 communes (notamment pas de site référencé pour
    la commune), département pour 58 communes (site du département non retenu dans
    l'étude).'; None when every site was read."""
    parts = []
    for layer, heading in LAYER_HEADINGS.items():
        reasons = Counter(unread_text(u) for r in residents for u in r.unread if u.layer == layer)
        if reasons:
            why, _ = reasons.most_common(1)[0]
            more = "notamment " if len(reasons) > 1 else ""
            of = counted(sum(reasons.values()), "commune")
            parts.append(f"{heading.lower()} pour {of} ({more}{why})")
    return f"Sites non lus : {', '.join(parts)}." if parts else None


def elsewhere_only(residents: Sequence[ResidentServices]) -> dict[str, int]:
    """Per family, the communes whose residents find it online only on another layer's site
    than their commune's (whose own site was read and does not offer it, or was not read)."""
    return {
        family: sum(
            r.reach(family).state == OFFERED
            and all(p.layer != "commune" for p in r.reach(family).providers)
            for r in residents
        )
        for family in FAMILIES
    }
