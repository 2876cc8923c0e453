"""The study document's tables as rows of French text, from the deck's figures (ReportData):
adoption, axes, indicators, duties, rankings, social networks, scan statuses. Every rate
carries its n, and a rate resting on fewer than MIN_SITES sites reads "effectif insuffisant"."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import mean

from database.statuses import SCAN_STATUSES
from reports.data import ReportData
from reports.deck_social import ROWS, presence_rows
from reports.french import (
    counted,
    french_count,
    french_fixed,
    french_number,
    french_percent,
    plural,
)
from reports.labels import STRATUM_LABELS
from reports.scope_ranking import RankedAuthority
from reports.social_text import network_rows
from reports.thresholds import INSUFFICIENT, MIN_SITES
from scoring.model import Indicator, Model

RANKING_ROWS = 10


def stratum_label(stratum: str) -> str:
    return STRATUM_LABELS.get(stratum, "Strate inconnue")


def share_text(share: float | None, n: int) -> str:
    """A share (0–100) of n sites as the document prints it: '42 %', or 'effectif
    insuffisant' when n < MIN_SITES; the n is printed beside it (column or line)."""
    if share is None or n < MIN_SITES:
        return INSUFFICIENT
    return french_percent(share)


def scored_by_stratum(data: ReportData) -> Counter[str]:
    return Counter(entry.stratum for entry in data.ranking)


def group_header(data: ReportData, scored: bool = False) -> list[str]:
    """The columns of a table by stratum, as the deck's charts group them, each with its n
    (crawled sites, or scored sites), and the whole scope."""
    figures = data.by_group
    sizes = [figures.scored[group.key] if scored else group.n for group in figures.groups]
    total = len(data.ranking) if scored else data.crawled
    return [
        *(f"{group.label}\n{n_cell(n)}" for group, n in zip(figures.groups, sizes, strict=True)),
        f"Ensemble\n{n_cell(total)}",
    ]  # fmt: skip


def n_cell(n: int) -> str:
    """'(n = 12)' kept on one line."""
    return f"(n\u00a0=\u00a0{french_count(n)})"


def adoption_rows(data: ReportData, features: tuple[tuple[str, str], ...]) -> list[list[str]]:
    """One row per practice: its share of each stratum's crawled sites (thin strata merged as
    in the deck), then of the whole scope."""
    figures = data.by_group
    return [
        [
            label,
            *(share_text(figures.adoption_value(key, group), group.n) for group in figures.groups),
            share_text(data.adoption_overall.get(key), data.crawled),
        ]
        for key, label in features
    ]


def axes_rows(data: ReportData) -> list[list[str]]:
    """One row per axis: its mean score in each stratum (grouped as in the deck)."""
    figures = data.by_group
    return [
        [
            data.axis_labels[axis],
            *(
                mean_text(figures.axis_value(axis, group), figures.axis_n[axis][group.key])
                for group in figures.groups
            ),
            mean_text(*scope_axis_mean(data, axis)),
        ]  # fmt: skip
        for axis in figures.axes
    ]


def scope_axis_mean(data: ReportData, axis: str) -> tuple[float | None, int]:
    """The axis's mean score over all the scope's scored sites where it was measured, and
    how many they are."""
    sites = data.synthesis.current.sites.values() if data.synthesis else ()
    values = [value for site in sites if (value := site.axes.get(axis)) is not None]
    return (round(mean(values), 1) if values else None), len(values)


def mean_text(value: float | None, n: int) -> str:
    if value is None or n < MIN_SITES:
        return INSUFFICIENT
    return french_number(value)


@dataclass(frozen=True)
class IndicatorFigure:
    """How the scope's scored sites fare on one indicator of the model."""

    indicator: Indicator
    met: int  # scored sites where it is met, even in part (value > 0)
    n: int  # scored sites where it was measured (known)
    level: float | None  # mean value over those sites, 0–100
    unknown: int = 0  # scored sites where it is unknown (skipped), never counted as unmet

    @property
    def share(self) -> float | None:
        return 100 * self.met / self.n if self.n >= MIN_SITES else None

    @property
    def n_text(self) -> str:
        """'n = 7 ; 16 inconnus' (the unknown left out of n), or 'n = 23'."""
        said = f"n = {french_count(self.n)}"
        if self.unknown:
            said += f" ; {french_count(self.unknown)} {plural(self.unknown, 'inconnu')}"
        return said


def indicator_figures(data: ReportData, model: Model, axis: str) -> list[IndicatorFigure]:
    """The axis's indicators, in the model's order, measured over the scope's scored sites."""
    figures = []
    for indicator in model.axis_indicators(axis):
        values = [
            value
            for entry in data.ranking
            if (value := entry.indicators.get(indicator.key)) is not None
        ]
        figures.append(
            IndicatorFigure(
                indicator,
                sum(1 for value in values if value > 0),
                len(values),
                100 * mean(values) if len(values) >= MIN_SITES else None,
                len(data.ranking) - len(values),
            )
        )
    return figures


def figures_n_text(figures: list[IndicatorFigure], scored: int) -> str:
    """What the chart and the table of an axis's indicators rest on: 'n = 23 sites notés.',
    or the range of the n when an indicator is unknown on some sites."""
    ns = sorted({figure.n for figure in figures})
    if not any(figure.unknown for figure in figures):
        return f"n = {counted(scored, 'site noté', 'sites notés')}."
    span = (
        french_count(ns[0]) if len(ns) == 1 else f"{french_count(ns[0])} à {french_count(ns[-1])}"
    )
    return (
        f"n = {span} des {counted(scored, 'site noté', 'sites notés')} selon l'indicateur,"
        " donné pour chacun : un site où l'indicateur est inconnu (un compte derrière une"
        " connexion, par exemple) n'est compté ni comme le remplissant ni comme ne le"
        " remplissant pas."
    )


def indicator_rows(figures: list[IndicatorFigure]) -> list[list[str]]:
    return [
        [
            figure.indicator.label,
            french_number(figure.indicator.weight, 2),
            share_text(figure.share, figure.n),
            french_count(figure.n)
            + (
                f" ({french_count(figure.unknown)} {plural(figure.unknown, 'inconnu')})"
                if figure.unknown
                else ""
            ),
            INSUFFICIENT if figure.level is None else french_number(figure.level),
        ]
        for figure in figures
    ]


def axis_stratum_rows(data: ReportData, axis: str) -> list[list[str]]:
    """The axis's mean score per stratum as the deck groups them, with its n."""
    figures = data.by_group
    measured = figures.axis_n.get(axis, Counter())
    return [
        [
            group.label,
            french_count(measured[group.key]),
            mean_text(figures.axis_value(axis, group), measured[group.key]),
        ]
        for group in figures.groups
    ]


def duty_rows(data: ReportData) -> list[list[str]]:
    """Each legal duty: concerned, met, not found, cannot tell, and the rate among the sites
    where the crawl could tell (with that n)."""
    rows = []
    for line in data.compliance:
        told = line.met + line.unmet
        rate = (
            "sans objet"
            if line.rate is None
            else f"{share_text(100 * line.rate, told)} (n = {french_count(told)})"
        )
        rows.append(
            [
                line.label,
                french_count(line.concerned),
                french_count(line.met),
                french_count(line.unmet),
                french_count(line.unknown),
                rate,
            ]
        )
    return rows


def ranked_strata(data: ReportData) -> tuple[list[str], list[str]]:
    """The strata with enough scored sites for a ranking, and those without."""
    scored = scored_by_stratum(data)
    ranked = [stratum for stratum in data.strata if scored[stratum] >= MIN_SITES]
    thin = [stratum for stratum in data.strata if 0 < scored[stratum] < MIN_SITES]
    return ranked, thin


def ranking_rows(data: ReportData, stratum: str) -> list[list[str]]:
    entries: list[RankedAuthority] = data.stratum_ranking(stratum)[:RANKING_ROWS]
    scoped = not data.scope.is_national
    return [
        [
            *([f"{french_count(e.scope_rank)} / {french_count(e.scope_count)}"] if scoped else []),
            e.rank_text,
            e.name,
            e.departement or "–",
            french_fixed(e.score),
        ]
        for e in entries
    ]


def social_rows(data: ReportData) -> list[list[str]]:
    """Per platform, the deck's rows by the deck's rules and words (reports/social_text.py):
    the accounts' audience and activity with their n, unknown said as unknown with why; only
    the accounts and sites linking to each when no account was checked."""
    if not data.social.checked:
        return presence_rows(data)
    return network_rows(data.social, ROWS)


def status_rows(data: ReportData) -> list[list[str]]:
    """The scan statuses of the scope's authorities, most frequent first, and the total."""
    total = data.authorities
    rows = [
        [
            SCAN_STATUSES[status].label if status in SCAN_STATUSES else "Statut inconnu",
            french_count(count),
            french_percent(100 * count / total, 1) if total else "–",
        ]
        for status, count in sorted(data.statuses.items(), key=lambda item: (-item[1], item[0]))
    ]
    rows.append(["Total", french_count(total), french_percent(100) if total else "–"])
    return rows


def coverage_text(data: ReportData) -> str:
    """The coverage sentence: how many authorities, and how many sites explored."""
    return (
        f"{counted(data.authorities, 'collectivité')} dans le périmètre, dont"
        f" {counted(data.crawled, 'site exploré', 'sites explorés')} et"
        f" {counted(len(data.ranking), 'site noté', 'sites notés')}."
    )
