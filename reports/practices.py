"""The good practices of a report: for each axis of the scoring model, the exemplary site of
the scope (the best axis score among its scored authorities, ties by name), what it offers on
that axis and the screenshot of its home page the crawl took, if it took one. One loader for
the deck (`reports/deck_practices.py`) and the study document alike."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, Row, select

from database.models import Authority, FindingRow, Score, SiteScan
from database.scope import Scope
from database.screenshots import StoredScreenshot, screenshots_of
from database.social_audience import run_day
from database.vocabulary import platform_label
from reports.audience_figures import AudienceFigure, accounts_of, derived_figure, is_derived
from reports.labels import feature_label, value_label
from scoring.model import Indicator, Model
from scoring.scored import scored_authorities

# An example is shown only from this axis score up (out of 100): the best of a scope where
# every site does little is no practice to follow.
GOOD_PRACTICE_MIN = 50.0


@dataclass(frozen=True)
class Offer:
    """One indicator of the axis the exemplary site meets, in words, with where it was seen."""

    label: str  # the model's indicator label
    full: bool  # met fully (1), not in part
    detail: str = ""  # what was found, for a family of features (its features' labels)
    evidence_url: str | None = None  # the page of its first finding (or the account), if any
    # For an indicator derived from the social accounts (no page shows it): its figure
    # (`reports/audience_figures.py`), and whether it is unknown (skipped by the score)
    figure: str = ""
    unknown: bool = False


@dataclass(frozen=True)
class Example:
    authority_id: int
    name: str
    code: str
    stratum: str | None
    axis_score: float
    site_url: str | None  # where the home page request ended
    offers: list[Offer] = field(default_factory=list)
    screenshot: StoredScreenshot | None = None


@dataclass(frozen=True)
class AxisPractice:
    axis: str
    label: str
    scored: int  # the scope's authorities with a score on the axis
    mean: float | None  # their mean axis score
    example: Example | None  # None: nobody scored, or nobody reaches GOOD_PRACTICE_MIN


def figure_text(offer: Offer) -> str:
    """An indicator derived from the social accounts, said with its figure: 'Audience par
    1 000 habitants (en partie) : 26,7 abonnés pour 1 000 habitants (PeerTube) ; Facebook :
    inconnu (connexion exigée)'; an unknown one 'Actif … : inconnu, hors du score — …'."""
    if offer.unknown:
        return f"{offer.label} : inconnu, hors du score — {offer.figure}"
    return f"{offer.label}{'' if offer.full else ' (en partie)'} : {offer.figure}"


def good_practices(
    engine: Engine, run_id: int, model: Model, scope: Scope | None = None
) -> list[AxisPractice]:
    """One entry per axis of the model, in the model's order."""
    conditions = (scope or Scope("national")).conditions()
    query = scored_authorities(
        run_id, model.version, Authority.id, Authority.name, Authority.code, Score.stratum,
        Score.axes, conditions=conditions,
    )  # fmt: skip
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    chosen, values = _best_by_axis(rows)
    ids = sorted({row.id for row in chosen.values()})
    findings = _findings(engine, run_id, ids)
    urls = _site_urls(engine, run_id, ids)
    shots = screenshots_of(engine, run_id, ids)
    measured = _indicators(engine, run_id, model.version, ids)  # only the examples' are read
    derived = _derived(engine, run_id, model, ids)
    practices = []
    for axis in model.axes:
        scores = values.get(axis.key, [])
        row = chosen.get(axis.key)
        example = None
        if row is not None:
            indicators = model.axis_indicators(axis.key)
            example = Example(
                row.id, row.name, row.code, row.stratum, float(row.axes[axis.key]),
                urls.get(row.id),
                _offers(indicators, measured.get(row.id, {}), findings[row.id])
                + _derived_offers(indicators, measured.get(row.id, {}), derived.get(row.id, {})),
                shots.get(row.id),
            )  # fmt: skip
        mean = sum(scores) / len(scores) if scores else None
        practices.append(AxisPractice(axis.key, axis.label, len(scores), mean, example))
    return practices


def _best_by_axis(
    rows: Sequence[Row[Any]],
) -> tuple[dict[str, Row[Any]], dict[str, list[float]]]:
    """Each axis's exemplary row (best axis score, ties by name then code), kept only from
    GOOD_PRACTICE_MIN up; and every scored authority's value on each axis."""
    best: dict[str, tuple[float, str, str, Row[Any]]] = {}
    values: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        for axis, value in (row.axes or {}).items():
            if value is None:
                continue
            values[axis].append(float(value))
            candidate = (-float(value), row.name, row.code, row)
            if axis not in best or candidate[:3] < best[axis][:3]:
                best[axis] = candidate
    chosen = {axis: entry[3] for axis, entry in best.items() if -entry[0] >= GOOD_PRACTICE_MIN}
    return chosen, values


def _offers(
    indicators: tuple[Indicator, ...],
    measured: dict[str, Any],
    findings: dict[str, list[tuple[str, str]]],
) -> list[Offer]:
    """The axis's indicators the site meets, heaviest first, with their evidence."""
    offers = []
    for indicator in sorted(indicators, key=lambda i: (-i.weight, i.label)):
        value = measured.get(indicator.key)
        if value is None or float(value) <= 0 or is_derived(indicator.feature):
            continue
        if indicator.measure in ("absence", "fewest"):  # nothing found is what is offered
            offers.append(Offer(indicator.label, float(value) >= 1))
            continue
        found = _found(indicator, findings)
        url = found[0][2] if found else None
        offers.append(Offer(indicator.label, float(value) >= 1, _detail(indicator, found), url))
    return offers


def _derived_offers(
    indicators: tuple[Indicator, ...],
    measured: dict[str, Any],
    figures: Mapping[str, AudienceFigure],
) -> list[Offer]:
    """The axis's indicators derived from the social accounts, met or unknown, with their
    figure and the account that shows it: the known ones heaviest first, the unknown last."""
    met, unknown = [], []
    for indicator in sorted(indicators, key=lambda i: (-i.weight, i.label)):
        figure = figures.get(indicator.feature)
        if figure is None:
            continue
        value = measured.get(indicator.key)
        if value is None:
            unknown.append(Offer(indicator.label, False, "", figure.url, figure.text, True))
        elif float(value) > 0:
            met.append(Offer(indicator.label, float(value) >= 1, "", figure.url, figure.text))
    return met + unknown


def _derived(
    engine: Engine, run_id: int, model: Model, ids: list[int]
) -> dict[int, dict[str, AudienceFigure]]:
    """Each example's figures of the model's indicators derived from its social accounts."""
    features = [i.feature for i in model.indicators if is_derived(i.feature)]
    if not features or not ids:
        return {}
    on = run_day(engine, run_id)
    accounts = accounts_of(engine, run_id, ids)
    return {
        authority_id: {
            feature: figure
            for feature in features
            if (figure := derived_figure(feature, accounts.get(authority_id, []), on))
        }
        for authority_id in ids
    }


def _detail(indicator: Indicator, found: list[tuple[str, str, str]]) -> str:
    """What was found, where the indicator's label does not say it: the platforms or files of
    a family, the level, date or figure of a value."""
    if indicator.feature == "social.":
        return ", ".join(sorted({platform_label(f.removeprefix("social.")) for f, _, _ in found}))
    if indicator.feature.endswith("."):
        return ", ".join(sorted({feature_label(feature) for feature, _, _ in found}))
    if indicator.measure in ("value", "recency", "number") and found:
        return value_label(found[0][0], found[0][1])
    return ""


def _found(
    indicator: Indicator, findings: dict[str, list[tuple[str, str]]]
) -> list[tuple[str, str, str]]:
    """(feature, value, evidence URL) of the site's findings the indicator counted; for a
    value, the best one first."""
    found = []
    for feature, entries in sorted(findings.items()):
        family = indicator.feature.endswith(".") and feature.startswith(indicator.feature)
        if not family and feature != indicator.feature:
            continue
        for value, url in entries:
            if indicator.measure == "any_of" and value not in indicator.values:
                continue
            found.append((feature, value, url))
    if indicator.measure == "value":
        table = indicator.values or {}
        found.sort(key=lambda entry: -float(table.get(entry[1], 0.0)))
    elif indicator.measure == "recency":
        found.sort(key=lambda entry: entry[1], reverse=True)  # the latest date first
    elif indicator.measure == "number":
        found.sort(key=lambda entry: _number(entry[1]), reverse=True)
    return found


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return float("-inf")


def _findings(
    engine: Engine, run_id: int, ids: list[int]
) -> dict[int, dict[str, list[tuple[str, str]]]]:
    """Each authority's findings: feature -> [(value, evidence URL)], by value."""
    found: dict[int, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    query = (
        select(FindingRow.authority_id, FindingRow.feature, FindingRow.value,
               FindingRow.evidence_url)
        .where(FindingRow.run_id == run_id, FindingRow.authority_id.in_(ids))
        .order_by(FindingRow.authority_id, FindingRow.feature, FindingRow.value)
    )  # fmt: skip
    with engine.connect() as connection:
        for authority_id, feature, value, url in connection.execute(query):
            found[authority_id][feature].append((value, url))
    return found


def _indicators(
    engine: Engine, run_id: int, version: str, ids: list[int]
) -> dict[int, dict[str, Any]]:
    query = select(Score.authority_id, Score.indicators).where(
        Score.run_id == run_id, Score.model_version == version, Score.authority_id.in_(ids)
    )
    with engine.connect() as connection:
        return {row[0]: row[1] or {} for row in connection.execute(query)}


def _site_urls(engine: Engine, run_id: int, ids: list[int]) -> dict[int, str | None]:
    query = select(SiteScan.authority_id, SiteScan.final_url, SiteScan.start_url).where(
        SiteScan.run_id == run_id, SiteScan.authority_id.in_(ids)
    )
    with engine.connect() as connection:
        return {row[0]: row[1] or row[2] for row in connection.execute(query)}
