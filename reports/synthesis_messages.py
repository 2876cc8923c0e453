"""The synthesis in words: three messages a council can act on and three priorities, each with
its figure and its n, compared with its peers (the country, or the strata in a national deck)
and with the previous campaign of the same authorities when the database holds one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from reports.data import ReportData
from reports.french import (
    counted,
    french_count,
    french_number,
    french_percent,
    long_date,
    plural,
)
from reports.labels import STRATUM_LABELS
from reports.levers import Lever, lever_of, lever_text
from reports.strata_range import StratumValue, strata_range
from reports.synthesis import Gap, indicator_gap, mean_of, paired, priorities, values_of
from reports.synthesis_data import Campaign, ScoredSite, SynthesisFigures
from reports.thresholds import INSUFFICIENT, MIN_SITES, Rate, n_label
from scoring.compliance_run import DutySummary

FIRST = "Première campagne : pas de comparaison."
NOTED = ("site noté", "sites notés")
TOLD = ("site vérifié", "sites vérifiés")
AUTHORITIES = ("collectivité", "collectivités")


@dataclass(frozen=True)
class Message:
    headline: str  # what to act on, its figure and its n
    peers: str  # the same figure among the peers
    previous: str  # the change since the previous campaign, or FIRST
    action: str = ""  # the lever that closes the gap, with its effort, horizon and who acts


def _signed(points: float) -> str:
    sign = "+" if points > 0 else "−" if points < 0 else ""
    return f"{sign}{french_number(abs(points))} {'point' if abs(points) < 2 else 'points'}"


def _since(previous: Campaign) -> str:
    return f"Depuis la campagne du {long_date(previous.started)}"


def _paired_change(
    previous: Campaign, n: int, figures: tuple[str, str], points: float, what: str = ""
) -> str:
    """The change on the sites scored at both campaigns: '+7,4 points (de 25,8 à 33,2 / 100)'."""
    said = f"{_since(previous)}, sur les {counted(n, *NOTED)} aux deux : {what}"
    before, after = figures
    if not points:
        return f"{said}inchangé ({after})."
    return f"{said}{_signed(points)} (de {before} à {after})."


def _then(previous: Campaign, points: float | None, then: str) -> str:
    """The change of a scope's rate since the previous campaign, and the rate then."""
    if points is None:
        return f"{_since(previous)} : alors {then}."
    change = _signed(points) if points else "inchangé"
    return f"{_since(previous)} : {change} ; alors {then}."


def _strata_range(
    sites: Sequence[ScoredSite], measure: Callable[[list[ScoredSite]], tuple[float, int] | None],
    shown: Callable[[float], str],
) -> str:  # fmt: skip
    """The lowest and the highest value among the strata with enough sites, each with its n,
    and how many strata were too thin to compare."""
    groups: dict[str, list[ScoredSite]] = {}
    for site in sites:
        groups.setdefault(site.stratum, []).append(site)
    measured, left_out = [], 0
    for stratum, members in groups.items():
        found = measure(members)
        if found is not None and found[1] >= MIN_SITES:
            measured.append(StratumValue(found[0], STRATUM_LABELS.get(stratum, stratum), found[1]))
        elif found is not None and found[1] > 0:
            left_out += 1
    return strata_range(measured, shown, left_out)


def _axis_mean(sites: list[ScoredSite], key: str) -> tuple[float, int] | None:
    values = values_of(sites, key, "axes")
    mean = mean_of(values)
    return None if mean is None else (mean, len(values))


def _per_100(value: float) -> str:
    return f"{french_number(value)} / 100"


def weakest_axis(data: ReportData, figures: SynthesisFigures) -> Message | None:
    sites = list(figures.current.sites.values())
    means = {key: found for key in data.axis_labels if (found := _axis_mean(sites, key))}
    stated = {key: value for key, value in means.items() if value[1] >= MIN_SITES}
    if not stated:
        return None
    key = min(stated, key=lambda k: (stated[k][0], k))
    mean, n = stated[key]
    headline = (
        f"Axe le plus faible : « {data.axis_labels[key]} », {_per_100(mean)} en moyenne"
        f" ({n_label(n, *NOTED)})."
    )
    if figures.national is None:
        peers = _strata_range(sites, lambda group: _axis_mean(group, key), _per_100)
    else:
        country = _axis_mean(list(figures.national.sites.values()), key)
        peers = (f"France entière : {_per_100(country[0])} ({n_label(country[1], *NOTED)})."
                 if country else f"France entière : {INSUFFICIENT}.")  # fmt: skip
    return Message(headline, peers, _axis_change(figures, key))


def _axis_change(figures: SynthesisFigures, key: str) -> str:
    if figures.previous is None:
        return FIRST
    before_sites, after_sites = paired(figures.current, figures.previous)
    pairs = [
        (b.axes.get(key), a.axes.get(key))
        for b, a in zip(before_sites, after_sites, strict=True)
        if b.axes.get(key) is not None and a.axes.get(key) is not None
    ]
    if len(pairs) < MIN_SITES:
        return f"{_since(figures.previous)} : {INSUFFICIENT} ({counted(len(pairs), *NOTED)})."
    before = sum(float(b or 0) for b, _ in pairs) / len(pairs)
    after = sum(float(a or 0) for _, a in pairs) / len(pairs)
    points = round(round(after, 1) - round(before, 1), 1)
    shown = (_per_100(before), _per_100(after))
    return _paired_change(figures.previous, len(pairs), shown, points)


def _decided(compliance: list[DutySummary]) -> dict[str, DutySummary]:
    return {
        line.duty: line
        for line in compliance
        if line.rate is not None and line.met + line.unmet >= MIN_SITES
    }


def _duty_rate(line: DutySummary) -> str:
    return Rate(line.met, line.met + line.unmet).text(*TOLD)


def weakest_duty(data: ReportData, figures: SynthesisFigures) -> Message | None:
    decided = _decided(data.compliance)
    if not decided:
        return None
    line = min(decided.values(), key=lambda d: (d.rate or 0.0, d.label))
    headline = f"Obligation la moins respectée : « {line.label} », {_duty_rate(line)}."
    if figures.national is None:
        best = max(decided.values(), key=lambda d: (d.rate or 0.0, d.label))
        peers = f"L'obligation la mieux respectée, « {best.label} » : {_duty_rate(best)}."
    else:
        country = _decided(figures.national.compliance).get(line.duty)
        peers = f"France entière : {_duty_rate(country) if country else INSUFFICIENT}."
    previous = FIRST
    if figures.previous is not None:
        before = _decided(figures.previous.compliance).get(line.duty)
        then = next((d for d in figures.previous.compliance if d.duty == line.duty), None)
        told = 0 if then is None else then.met + then.unmet
        previous = f"{_since(figures.previous)} : {INSUFFICIENT} ({counted(told, *TOLD)} alors)."
        if before is not None:
            points = round(100 * (line.rate or 0.0)) - round(100 * (before.rate or 0.0))
            previous = _then(figures.previous, points, _duty_rate(before))
    return Message(headline, peers, previous)


def _without_site(statuses: dict[str, int]) -> Rate:
    total = sum(statuses.values())
    return Rate(total - statuses.get("ok", 0), total)


def coverage(data: ReportData, figures: SynthesisFigures) -> Message | None:
    if not data.authorities:
        return None
    rate = _without_site(data.statuses)
    no_site = data.statuses.get("no_website", 0)
    parts = [
        f"{french_count(count)} {words}"
        for count, words in (
            (no_site, "sans site référencé"),
            (rate.count - no_site, "au site injoignable ou non mesuré"),
        )
        if count
    ]
    headline = f"Collectivités sans site exploré : {rate.text('collectivité', 'collectivités')}" + (
        f", dont {' et '.join(parts)}." if parts else "."
    )
    if figures.national is None:
        rates = {
            STRATUM_LABELS.get(stratum, stratum): _without_site(counts)
            for stratum, counts in figures.statuses_by_stratum.items()
        }
        measured = [
            StratumValue(rate.percent, label, rate.n)
            for label, rate in rates.items()
            if rate.percent is not None
        ]
        left_out = sum(1 for rate in rates.values() if rate.percent is None and rate.n > 0)
        peers = strata_range(measured, french_percent, left_out, AUTHORITIES)
    else:
        country = _without_site(figures.national.statuses)
        peers = f"France entière : {country.text('collectivité', 'collectivités')}."
    previous = FIRST
    if figures.previous is not None:
        before = _without_site(figures.previous.statuses)
        points = (
            round(rate.percent) - round(before.percent)
            if rate.percent is not None and before.percent is not None
            else None
        )
        previous = _then(figures.previous, points, before.text("collectivité", "collectivités"))
    return Message(headline, peers, previous)


def messages(data: ReportData) -> list[Message]:
    """The three messages: the weakest axis, the least met duty, the authorities without an
    explored site; each left out when too few sites carry it."""
    if data.synthesis is None:
        return []
    found = (make(data, data.synthesis) for make in (weakest_axis, weakest_duty, coverage))
    return [message for message in found if message is not None]


def _gap_text(gap: Gap) -> str:
    """'61 % (n = 23 sites notés)'; '58 % (n = 12 sites notés ; 11 inconnus)' when the
    indicator is unknown on some scored sites (not counted in n)."""
    return f"{french_percent(100 * gap.gap)} ({n_label(gap.n, *NOTED)}{unknown_part(gap)})"


def unknown_part(gap: Gap) -> str:
    """' ; 11 inconnus': the scored sites where the indicator is unknown, or ''."""
    if not gap.unknown:
        return ""
    return f" ; {french_count(gap.unknown)} {plural(gap.unknown, 'inconnu')}"


def priority_messages(data: ReportData) -> list[Message]:
    """The three priorities (weight × gap, unmet only, known on at least half the scored
    sites: `synthesis.priorities`), each with its gap, n, unknowns and comparisons."""
    figures = data.synthesis
    if figures is None:
        return []
    sites = list(figures.current.sites.values())
    chosen = priorities(sites, data.indicator_labels, data.indicator_weights)
    found = []
    for gap in chosen:
        headline = (
            f"{gap.label} : écart à l'objectif {_gap_text(gap)} ; {french_count(gap.short)}"
            f" des {counted(gap.n, *NOTED)} ne le remplissent pas pleinement"
            f" (poids {french_number(gap.weight, 2)})."
        )
        found.append(Message(headline, _gap_peers(gap, figures), _gap_change(gap, figures)))
    return _with_levers(found, [gap.key for gap in chosen])


def _with_levers(found: list[Message], keys: list[str]) -> list[Message]:
    """Each priority with the lever that closes it; a lever already named is pointed to."""
    named: dict[Lever, int] = {}
    result = []
    for number, (message, key) in enumerate(zip(found, keys, strict=True), start=1):
        lever = lever_of(key)
        action = ""
        if lever is not None and lever in named:
            action = f"Levier : le même qu'à la priorité {named[lever]}."
        elif lever is not None:
            action, named[lever] = lever_text(lever), number
        result.append(replace(message, action=action))
    return result


def _gap_of(sites: list[ScoredSite], gap: Gap) -> Gap | None:
    return indicator_gap(sites, gap.key, gap.label, gap.weight)


def _gap_peers(gap: Gap, figures: SynthesisFigures) -> str:
    if figures.national is None:
        sites = list(figures.current.sites.values())

        def measure(group: list[ScoredSite]) -> tuple[float, int] | None:
            found = _gap_of(group, gap)
            return None if found is None else (100 * found.gap, found.n)

        return _strata_range(sites, measure, french_percent)
    country = _gap_of(list(figures.national.sites.values()), gap)
    stated = country is not None and country.stated
    return f"France entière : écart {_gap_text(country) if country and stated else INSUFFICIENT}."


def _gap_change(gap: Gap, figures: SynthesisFigures) -> str:
    if figures.previous is None:
        return FIRST
    before_sites, after_sites = paired(figures.current, figures.previous)
    before, after = _gap_of(before_sites, gap), _gap_of(after_sites, gap)
    if before is None or after is None or not before.stated:
        return f"{_since(figures.previous)} : {INSUFFICIENT}."
    points = round(100 * after.gap) - round(100 * before.gap)
    shown = (french_percent(100 * before.gap), french_percent(100 * after.gap))
    return _paired_change(figures.previous, after.n, shown, points, "écart ")
