"""The figures of a report, read from the feature database in one place: the statuses,
adoption, ranking, axes, duties, social networks and survey of a run and scope."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, select

from database.geography import STRATUM_ORDER
from database.models import Authority, CrawlRun, FindingRow, Score, SiteScan
from database.scope import Scope, ScopeError
from database.validation import ValidationFigure, run_validation
from reports.actors_figures import ActorFigures, actor_figures
from reports.adoption import adoption_shares
from reports.labels import french_number
from reports.practices import AxisPractice, good_practices
from reports.scope_ranking import RankedAuthority, departement_scores, ranking
from reports.social import SocialFigures, social_figures
from reports.stratum_groups import GroupedFigures, grouped_figures, scored_axes
from reports.survey_summary import SurveySummary, latest_survey
from reports.synthesis_data import SynthesisFigures, load_synthesis
from reports.tilemap import MapShading, shade_map
from scoring.compliance_run import DutySummary, compliance_rows, summarise
from scoring.layers import ResidentServices, residents_of_run
from scoring.model import Model
from scoring.scored import scored_authorities

# Authorities portrayed one slide each, best scores of the scope first.
PORTRAITS = 5


@dataclass
class ReportData:
    run_id: int
    run_started: datetime
    model_version: str
    scope: Scope
    statuses: Counter[str]
    strata: list[str]
    ok_by_stratum: Counter[str]
    # adoption[feature key][stratum] = share of crawled sites of the stratum showing it, in %
    adoption: dict[str, dict[str, float]]
    # The same over all the scope's crawled sites, in %
    adoption_overall: dict[str, float]
    ranking: list[RankedAuthority]
    findings: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)
    indicator_labels: dict[str, str] = field(default_factory=dict)
    indicator_weights: dict[str, float] = field(default_factory=dict)
    # axes_by_stratum[axis key][stratum] = mean axis score of the stratum's scored sites
    axes_by_stratum: dict[str, dict[str, float]] = field(default_factory=dict)
    axis_labels: dict[str, str] = field(default_factory=dict)
    compliance: list[DutySummary] = field(default_factory=list)
    # département code -> (mean score of its scored authorities, how many)
    departement_scores: dict[str, tuple[float, int]] = field(default_factory=dict)
    # The social networks the crawled sites link to, their audience and activity
    social: SocialFigures = field(default_factory=SocialFigures)
    # The model's indicators for the appendix: (label, axis label, weight, feature key)
    indicator_rows: list[tuple[str, str, float, str]] = field(default_factory=list)
    survey: SurveySummary | None = None
    # The synthesis's comparisons: previous campaign, the country (reports/synthesis_data.py)
    synthesis: SynthesisFigures | None = None
    # The stratum charts' figures, thin strata merged (reports/stratum_groups.py)
    by_group: GroupedFigures = field(default_factory=GroupedFigures)
    # One exemplary site per axis, with its screenshot if one was taken (reports/practices.py)
    practices: list[AxisPractice] = field(default_factory=list)
    # The run's validation by hand, when `vigie validate score` stored it (docs/validation.md)
    validation: list[ValidationFigure] = field(default_factory=list)
    # (authority id, stratum) of the scope's crawled sites: the social figures' denominators
    ok_sites: list[tuple[int, str]] = field(default_factory=list)
    # What each commune's residents can do online across its four layers (scoring/layers.py)
    residents: list[ResidentServices] = field(default_factory=list)
    # The organisations the scope's sites link to (reports/actors_figures.py)
    actors: ActorFigures | None = None

    @property
    def authorities(self) -> int:
        return sum(self.statuses.values())

    @property
    def crawled(self) -> int:
        return self.statuses.get("ok", 0)

    def stratum_ranking(self, stratum: str) -> list[RankedAuthority]:
        return [entry for entry in self.ranking if entry.stratum == stratum]

    def map_shading(self) -> MapShading:
        """How the map paints each département, the same on the slide and in the PNG."""
        return shade_map(self.departement_scores, self.scope, french_number)


def _stratum_key(stratum: str) -> int:
    return STRATUM_ORDER.index(stratum) if stratum in STRATUM_ORDER else len(STRATUM_ORDER)


def load_report_data(
    engine: Engine, run_id: int, model: Model, scope: Scope | None = None
) -> ReportData:
    scope = scope or Scope("national")
    overview = load_overview(engine, run_id, model, scope)
    ranked = overview.ranking
    return replace(
        overview,
        findings=evidence_of(engine, run_id, [entry.authority_id for entry in ranked[:PORTRAITS]]),
        axes_by_stratum=axes_by_stratum(engine, run_id, model, overview.strata, scope),
        compliance=summarise(compliance_rows(engine, run_id, conditions=scope.conditions())),
        social=social_figures(engine, run_id, scope, overview.ok_sites),
        survey=latest_survey(engine, run_id, scope),
        synthesis=load_synthesis(engine, run_id, model.version, scope, ranked),
        practices=good_practices(engine, run_id, model, scope),
        validation=run_validation(engine, run_id),
        residents=residents_of_run(engine, run_id, scope.conditions()),
        actors=actor_figures(engine, run_id, scope),
    )


def load_overview(engine: Engine, run_id: int, model: Model, scope: Scope) -> ReportData:
    """The figures of a run and scope that draw its overview: statuses, adoption by stratum
    and stratum group, the ranking and the départements' mean scores (the map). The deck
    adds the rest (`load_report_data`); the public website's home page needs only these,
    and reads them without the checklist, survey and synthesis a national deck computes."""
    with engine.connect() as connection:
        run = connection.execute(select(CrawlRun).where(CrawlRun.id == run_id)).one()
        if scope.kind == "list":
            _check_listed_codes(connection, scope)
        scans = _scans(connection, run_id, scope)
        features = _features_by_site(connection, run_id, scope)
    ok_sites = [
        (authority_id, stratum or "inconnue")
        for authority_id, status, stratum in scans
        if status == "ok"
    ]
    ok_by_stratum = Counter(stratum for _, stratum in ok_sites)
    strata = sorted(ok_by_stratum, key=_stratum_key)
    adoption, adoption_overall = adoption_shares(ok_sites, features, strata)
    ranked = ranking(engine, run_id, model.version, scope)
    return ReportData(
        run_id=run_id,
        run_started=run.started_at,
        model_version=model.version,
        scope=scope,
        statuses=Counter(status for _, status, _ in scans),
        strata=strata,
        ok_by_stratum=ok_by_stratum,
        adoption=adoption,
        adoption_overall=adoption_overall,
        ranking=ranked,
        departement_scores=departement_scores(ranked),
        by_group=grouped_figures(
            ok_sites,
            features,
            scored_axes(engine, run_id, model.version, scope),
            [axis.key for axis in model.axes],
        ),
        ok_sites=ok_sites,
        **_model_texts(model),
    )


def _scans(
    connection: Connection, run_id: int, scope: Scope
) -> Sequence[Row[int, str, str | None]]:
    """(authority id, scan status, stratum) of each of the scope's sites scanned in the run."""
    return connection.execute(
        select(SiteScan.authority_id, SiteScan.status, Authority.stratum)
        .join(Authority, Authority.id == SiteScan.authority_id)
        .where(SiteScan.run_id == run_id, *scope.conditions())
    ).all()


def _features_by_site(connection: Connection, run_id: int, scope: Scope) -> dict[int, set[str]]:
    """The features found on each of the scope's sites. One row per (site, feature) is all the
    adoption figures need: the values and evidence are read (`evidence_of`) only for the
    authorities the deck portrays."""
    features: dict[int, set[str]] = defaultdict(set)
    for authority_id, feature in connection.execute(
        select(FindingRow.authority_id, FindingRow.feature)
        .distinct()
        .join(Authority, Authority.id == FindingRow.authority_id)
        .where(FindingRow.run_id == run_id, *scope.conditions())
    ):
        features[authority_id].add(feature)
    return features


def _model_texts(model: Model) -> dict[str, Any]:
    """The model's labels and weights the report writes: ReportData's fields of that name."""
    axes = {axis.key: axis.label for axis in model.axes}
    return {
        "indicator_labels": {indicator.key: indicator.label for indicator in model.indicators},
        "indicator_weights": {indicator.key: indicator.weight for indicator in model.indicators},
        "axis_labels": axes,
        "indicator_rows": [
            (indicator.label, axes[indicator.axis], indicator.weight, indicator.feature)
            for indicator in model.indicators
        ],
    }


def _check_listed_codes(connection: Connection, scope: Scope) -> None:
    known = set(
        connection.execute(select(Authority.code).where(Authority.code.in_(scope.codes))).scalars()
    )
    unknown = [code for code in scope.codes if code not in known]
    if unknown:
        shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
        raise ScopeError(
            f"{len(unknown)} code(s) of {scope.source} are no authority of the database: {shown}"
        )


def evidence_of(
    engine: Engine, run_id: int, authority_ids: list[int]
) -> dict[int, list[tuple[str, str, str]]]:
    """Each authority's findings as (feature, value, evidence URL), by feature and value."""
    evidence: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    with engine.connect() as connection:
        for authority_id, feature, value, url in connection.execute(
            select(
                FindingRow.authority_id,
                FindingRow.feature,
                FindingRow.value,
                FindingRow.evidence_url,
            )
            .where(FindingRow.run_id == run_id, FindingRow.authority_id.in_(authority_ids))
            .order_by(FindingRow.authority_id, FindingRow.feature, FindingRow.value)
        ):
            evidence[authority_id].append((feature, value, url))
    return dict(evidence)


def axes_by_stratum(
    engine: Engine, run_id: int, model: Model, strata: list[str], scope: Scope | None = None
) -> dict[str, dict[str, float]]:
    """Mean score of each axis over the scored sites of each stratum (axes with nothing
    measured on a site are left out of its stratum's mean)."""
    with engine.connect() as connection:
        rows = connection.execute(
            scored_authorities(
                run_id,
                model.version,
                Score.stratum,
                Score.axes,
                conditions=(scope or Scope("national")).conditions(),
            )
        ).all()
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    for stratum, axes in rows:
        for key, value in (axes or {}).items():
            if value is not None:
                values[(key, stratum or "inconnue")].append(float(value))
    return {
        axis.key: {
            stratum: round(sum(v) / len(v), 1)
            for stratum in strata
            if (v := values.get((axis.key, stratum)))
        }
        for axis in model.axes
    }
