"""The strata as the charts show them (docs/report.md, "Rules for numbers"): a stratum with
fewer than MIN_SITES sites is merged with the next larger one of its family, so that no rate
rests on a handful of sites; what merging cannot bring to the threshold is shown as
"effectif insuffisant", never drawn."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from database.geography import COMMUNE_STRATA
from database.models import Score
from database.scope import Scope
from reports.adoption import adoption_shares
from reports.french import french_count
from reports.labels import STRATUM_LABELS
from reports.thresholds import INSUFFICIENT, MIN_SITES
from scoring.scored import scored_authorities

COMMUNES = tuple(label for label, _, _ in COMMUNE_STRATA)
BOUNDS = {label: (low, high) for label, low, high in COMMUNE_STRATA}
# Families whose strata may merge with one another, smallest first. An EPCI is compared with
# EPCI only; départements and régions with each other; a commune with communes.
FAMILIES: tuple[tuple[str, ...], ...] = (COMMUNES, ("epci",), ("departement", "region"))


@dataclass(frozen=True)
class StratumGroup:
    """One category of a chart: one stratum, or neighbouring strata merged, and its n."""

    strata: tuple[str, ...]
    n: int
    minimum: int = MIN_SITES
    sizes: tuple[int, ...] = ()  # the n of each stratum merged, in order

    @property
    def key(self) -> str:
        return "+".join(self.strata)

    @property
    def shown(self) -> bool:
        return self.n >= self.minimum

    @property
    def label(self) -> str:
        return group_label(self.strata)

    def category(self, n: int | None = None) -> str:
        """'3 500 – 9 999 (n = 12)', or '≥ 100 000 (n = 1) : effectif insuffisant', the n on a
        line of its own so that a chart's axis does not break it."""
        count = self.n if n is None else n
        text = f"{self.label}\n(n = {french_count(count)})"
        return text if count >= self.minimum else f"{text}\n{INSUFFICIENT}"


def group_label(strata: Sequence[str]) -> str:
    """The French label of strata merged: '10 000 – 99 999', '≥ 10 000', '< 2 000 hab.'."""
    if len(strata) == 1:
        return STRATUM_LABELS.get(strata[0], strata[0])
    if all(stratum in BOUNDS for stratum in strata):
        low, high = BOUNDS[strata[0]][0], BOUNDS[strata[-1]][1]
        if high is None:
            return f"≥ {french_count(low)}"
        if low == 0:
            return f"< {french_count(high + 1)} hab."
        return f"{french_count(low)} – {french_count(high)}"
    if tuple(strata) == ("departement", "region"):
        return "Départements et régions"
    return " et ".join(STRATUM_LABELS.get(stratum, stratum) for stratum in strata)


def group_strata(counts: Mapping[str, int], minimum: int = MIN_SITES) -> list[StratumGroup]:
    """The strata present in `counts` (stratum -> sites), merged where thin: walking a family
    from its smallest stratum, a group closes once it holds `minimum` sites; a thin rest at
    the top joins the group below it; a family that never reaches `minimum` stays one group,
    shown as insufficient. A stratum of no family (unknown) stays alone."""
    groups: list[StratumGroup] = []
    placed: set[str] = set()
    for family in FAMILIES:
        present = [stratum for stratum in family if counts.get(stratum, 0) > 0]
        placed.update(present)
        groups.extend(_walk(present, counts, minimum))
    for stratum in sorted(set(counts) - placed):
        if counts[stratum] > 0:
            groups.append(StratumGroup((stratum,), counts[stratum], minimum, (counts[stratum],)))
    return groups


def _walk(present: list[str], counts: Mapping[str, int], minimum: int) -> list[StratumGroup]:
    closed: list[list[str]] = []
    current: list[str] = []
    for stratum in present:
        current.append(stratum)
        if sum(counts[s] for s in current) >= minimum:
            closed.append(current)
            current = []
    if current and closed:
        closed[-1].extend(current)
    elif current:
        closed.append(current)
    return [
        StratumGroup(
            tuple(strata),
            sum(counts[s] for s in strata),
            minimum,
            tuple(counts[s] for s in strata),
        )
        for strata in closed
    ]


def merge_note(
    groups: list[StratumGroup],
    n_of: Callable[[StratumGroup], int],
    unit: str = "sites explorés",
    undrawn: str = "pas de barre",
) -> str:
    """What a chart (or table) of these groups must say under it: the strata merged, each with
    its n, and the groups left undrawn ('n_of' gives a group's n on that chart; `unit` what
    its n counts, `undrawn` what a thin group shows)."""
    merged = [
        f"« {group.label} » réunit "
        + _and(
            [
                f"{group_label([stratum])} (n = {french_count(size)})"
                for stratum, size in zip(group.strata, group.sizes, strict=True)
            ]
        )
        for group in groups
        if len(group.strata) > 1
    ]
    thin = [group.label for group in groups if n_of(group) < group.minimum]
    parts = []
    if merged:
        parts.append(
            f"Strates de moins de {MIN_SITES} {unit} réunies : " + " ; ".join(merged) + "."
        )
    if thin:
        counted_as = unit.split()[0]  # 'sites', 'communes'
        parts.append(
            f"{_and(thin)} : moins de {MIN_SITES} {counted_as}, {INSUFFICIENT}, {undrawn}."
        )
    return " ".join(parts)


def _and(items: list[str]) -> str:
    """'a', 'a et b', 'a, b et c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


@dataclass
class GroupedFigures:
    """The figures of the stratum charts, per group: adoption shares of the group's crawled
    sites, mean axis scores of its scored sites, and the n of each."""

    groups: list[StratumGroup] = field(default_factory=list)
    # adoption[feature key][group key] = share of the group's crawled sites, in %
    adoption: dict[str, dict[str, float]] = field(default_factory=dict)
    # axes[axis key][group key] = mean axis score; axis_n[axis key][group key] = its sites
    axes: dict[str, dict[str, float]] = field(default_factory=dict)
    axis_n: dict[str, Counter[str]] = field(default_factory=dict)
    scored: Counter[str] = field(default_factory=Counter)  # group key -> scored sites

    def adoption_value(self, key: str, group: StratumGroup) -> float | None:
        """The share drawn for a group, or None (not drawn) below the threshold."""
        return self.adoption[key].get(group.key) if group.shown else None

    def axis_value(self, key: str, group: StratumGroup) -> float | None:
        shown = self.axis_n.get(key, Counter())[group.key] >= group.minimum
        return self.axes.get(key, {}).get(group.key) if shown else None


def grouped_figures(
    ok_sites: list[tuple[int, str]],
    features: dict[int, set[str]],
    axis_rows: Iterable[tuple[str, dict[str, Any]]],
    axis_keys: Sequence[str],
) -> GroupedFigures:
    """The chart figures of the crawled sites (authority id, stratum) and of the scored sites'
    axes (stratum, {axis: score}), over the strata merged by `group_strata`."""
    groups = group_strata(Counter(stratum for _, stratum in ok_sites))
    key_of = {stratum: group.key for group in groups for stratum in group.strata}
    grouped_sites = [(site, key_of[stratum]) for site, stratum in ok_sites]
    adoption, _ = adoption_shares(grouped_sites, features, [group.key for group in groups])
    values: dict[str, dict[str, list[float]]] = {key: defaultdict(list) for key in axis_keys}
    scored: Counter[str] = Counter()
    for stratum, axes in axis_rows:
        group = key_of.get(stratum)
        if group is None:  # scored, but its site not among the crawled ones
            continue
        scored[group] += 1
        for key, value in (axes or {}).items():
            if value is not None and key in values:
                values[key][group].append(float(value))
    return GroupedFigures(
        groups=groups,
        adoption=adoption,
        axes={
            key: {group: round(sum(v) / len(v), 1) for group, v in by_group.items()}
            for key, by_group in values.items()
        },
        axis_n={
            key: Counter({group: len(v) for group, v in by_group.items()})
            for key, by_group in values.items()
        },
        scored=scored,
    )


def scored_axes(
    engine: Engine, run_id: int, model_version: str, scope: Scope
) -> list[tuple[str, dict[str, Any]]]:
    """(stratum, axis scores) of each of the scope's scored sites."""
    with engine.connect() as connection:
        rows = connection.execute(
            scored_authorities(
                run_id, model_version, Score.stratum, Score.axes, conditions=scope.conditions()
            )
        ).all()
    return [(stratum or "inconnue", axes or {}) for stratum, axes in rows]
