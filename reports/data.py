"""The figures of a report, read from the feature database in one place."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import Connection, Engine, select

from database.geography import STRATUM_ORDER
from database.models import (
    Authority,
    CrawlRun,
    FindingRow,
    Score,
    SiteScan,
    SocialProfile,
    SurveyResult,
)
from database.scope import Scope, ScopeError
from reports.labels import french_count, french_number
from reports.tilemap import MapShading, shade_map
from scoring.compliance_run import DutySummary, compliance_rows, summarise
from scoring.model import Model
from survey.families import FAMILIES

# Authorities portrayed one slide each, best scores of the scope first.
PORTRAITS = 5
# An account that posted within this many days before the crawl counts as active.
ACTIVE_DAYS = 90
# survey_results' measure naming a margin the weights were raked to ("calage_sexe").
CALIBRATION = "calage_"

# Feature (or family prefix ending in ".") -> label, in the order the report shows them.
# Each group is one chart: (slide title, [(feature key or family prefix, label), ...]).
ADOPTION_GROUPS = (
    (
        "Accessibilité et pages légales, par strate",
        (
            ("a11y.mention", "Mention d'accessibilité"),
            ("a11y.statement_url", "Déclaration d'accessibilité"),
            ("legal.notice_url", "Mentions légales"),
            ("legal.privacy_url", "Politique de confidentialité"),
        ),
    ),
    (
        "Services, canaux et confiance, par strate",
        (
            ("eservices.", "Au moins un service en ligne"),
            ("social.", "Au moins un réseau social"),
            ("alerts.app", "Application d'alerte"),
            ("opendata.", "Données ouvertes (portail ou fichiers)"),
            ("trackers.without_consent", "Traceurs sans gestion du consentement"),
        ),
    ),
    (
        "Transparence, participation et contact, par strate",
        (
            ("transparency.acts", "Actes publiés en ligne"),
            ("transparency.budget", "Documents budgétaires"),
            ("participation.", "Participation citoyenne"),
            ("alerts.newsletter", "Lettre d'information"),
            ("contact.form", "Formulaire de contact"),
            ("inclusion.topic", "Aide au numérique"),
        ),
    ),
)
ADOPTION_FEATURES = tuple(feature for _, features in ADOPTION_GROUPS for feature in features)
FEATURE_LABELS = {
    "a11y.mention": "Mention d'accessibilité",
    "a11y.statement_url": "Déclaration d'accessibilité",
    "a11y.audit_date": "Date de l'audit d'accessibilité",
    "a11y.conformity_rate": "Taux de conformité déclaré (RGAA)",
    "a11y.rgaa_version": "Version du RGAA citée",
    "a11y.statement_contact": "Contact pour signaler un défaut d'accessibilité",
    "a11y.recourse": "Voie de recours (Défenseur des droits)",
    "a11y.schema": "Schéma pluriannuel d'accessibilité",
    "a11y.check_failed": "Contrôle d'accessibilité échoué",
    "a11y.axe_violation": "Règle axe-core non respectée",
    "legal.notice_url": "Mentions légales",
    "legal.privacy_url": "Politique de confidentialité",
    "legal.dpo_contact": "Contact du délégué à la protection des données",
    "tech.cms": "Outil de gestion de contenu",
    "tech.dsfr": "Système de design de l'État",
    "tech.domain": "Nom de domaine",
    "eservices.platform": "Service en ligne",
    "eservices.kind": "Type de démarche en ligne",
    "alerts.app": "Application d'alerte",
    "alerts.newsletter": "Lettre d'information",
    "contact.form": "Formulaire de contact",
    "contact.mailbox": "Adresse électronique de contact",
    "opendata.portal": "Portail de données ouvertes",
    "opendata.file": "Fichier de données ouvertes",
    "opendata.licence": "Licence ouverte déclarée",
    "transparency.acts": "Actes publiés en ligne",
    "transparency.budget": "Documents budgétaires",
    "transparency.council_video": "Conseil municipal en vidéo",
    "transparency.buyer_profile": "Profil d'acheteur (marchés publics)",
    "participation.platform": "Plateforme de participation",
    "participation.topic": "Instance ou démarche participative",
    "inclusion.topic": "Aide au numérique (France services, conseiller numérique…)",
    "attractiveness.topic": "Rubrique d'attractivité (tourisme, économie…)",
    "readability.kandel_moles": "Lisibilité des textes (Kandel-Moles)",
    "security.https": "HTTPS",
    "security.hsts": "HTTPS imposé (HSTS)",
    "security.header": "En-tête de sécurité",
    "trackers": "Traceur",
    "trackers.without_consent": "Traceur sans consentement",
    "consent.manager": "Gestion du consentement",
    "freshness.latest_news": "Dernière actualité datée",
    "freshness.sitemap_lastmod": "Dernière date du plan du site (sitemap)",
    "freshness.copyright_year": "Année du copyright",
    "freshness.last_modified": "Dernière modification annoncée par le serveur",
    "freshness.updated": "Mention « mis à jour le »",
}


def feature_label(feature: str) -> str:
    if feature.startswith("social."):
        return f"Réseau social : {feature.removeprefix('social.').capitalize()}"
    return FEATURE_LABELS.get(feature, feature)


def has_feature(features: set[str], key: str) -> bool:
    if key.endswith("."):
        return any(feature.startswith(key) for feature in features)
    return key in features


@dataclass(frozen=True)
class RankedAuthority:
    authority_id: int
    name: str
    code: str
    departement: str | None
    stratum: str
    population: int | None
    score: float
    rank_in_stratum: int
    stratum_count: int
    indicators: dict[str, float]
    rank_low: int | None = None
    rank_high: int | None = None
    # Rank among the scope's authorities of the same stratum (ties share the better rank).
    scope_rank: int = 0
    scope_count: int = 0

    @property
    def rank_text(self) -> str:
        """The national rank in the stratum as its interval when the draws move it
        ("2–5 / 12"), so that authorities whose intervals overlap are not shown as different."""
        low, high = self.rank_low, self.rank_high
        if low is None or high is None or low == high:
            return f"{french_count(self.rank_in_stratum)} / {french_count(self.stratum_count)}"
        return f"{french_count(low)}–{french_count(high)} / {french_count(self.stratum_count)}"


@dataclass(frozen=True)
class SocialPlatform:
    """One platform's accounts linked from the scope's crawled sites, and what `vigie social`
    could read of them."""

    platform: str
    sites: int  # crawled sites linking an account on the platform
    checked: int  # accounts looked at by `vigie social`
    login_wall: int  # ... of which show nothing without logging in
    dated: int  # ... of which show the date of their latest post
    active: int  # ... of which posted within ACTIVE_DAYS before the crawl
    followers_median: float | None


@dataclass(frozen=True)
class SurveyFigure:
    estimate: float
    ci_low: float | None
    ci_high: float | None
    respondents: int


@dataclass
class SurveySummary:
    """The latest citizen survey analysed against this run (`vigie survey analyse`)."""

    name: str
    respondents: int
    # family key -> measure -> figure, families in the order of the survey's catalogue
    figures: dict[str, dict[str, SurveyFigure]]
    calibrated_on: list[str] = field(default_factory=list)  # the margins of the weights

    def means(self) -> dict[str, tuple[float, float]]:
        """(importance, satisfaction) of each family that has both."""
        return {
            key: (measures["importance"].estimate, measures["satisfaction"].estimate)
            for key, measures in self.figures.items()
            if "importance" in measures and "satisfaction" in measures
        }


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
    social: list[SocialPlatform] = field(default_factory=list)
    social_checked: bool = False  # whether `vigie social` ran on this crawl
    # The model's indicators for the appendix: (label, axis label, weight, feature key)
    indicator_rows: list[tuple[str, str, float, str]] = field(default_factory=list)
    survey: SurveySummary | None = None

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
        means = {code: mean for code, (mean, _) in self.departement_scores.items()}
        return shade_map(means, self.scope.departements, french_number)


def _stratum_key(stratum: str) -> int:
    return STRATUM_ORDER.index(stratum) if stratum in STRATUM_ORDER else len(STRATUM_ORDER)


def ranking(
    engine: Engine,
    run_id: int,
    model_version: str,
    scope: Scope | None = None,
    limit: int | None = None,
) -> list[RankedAuthority]:
    """Scored authorities of a run and scope, best score first (ties by name)."""
    query = (
        select(
            Authority.id,
            Authority.name,
            Authority.code,
            Authority.departement_code,
            Score.stratum,
            Authority.population,
            Score.score,
            Score.rank_in_stratum,
            Score.stratum_count,
            Score.indicators,
            Score.rank_low,
            Score.rank_high,
        )
        .join(Score, Score.authority_id == Authority.id)
        .where(Score.run_id == run_id, Score.model_version == model_version)
        .where(*(scope or Scope("national")).conditions())
        .order_by(Score.score.desc(), Authority.name)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    # Rows come best first, ties adjacent: a tie shares the rank of its first.
    placed: Counter[str] = Counter()
    previous: dict[str, tuple[float, int]] = {}
    ranked = []
    for row in rows:
        entry = RankedAuthority(*row)
        before = previous.get(entry.stratum)
        rank = before[1] if before and before[0] == entry.score else placed[entry.stratum] + 1
        placed[entry.stratum] += 1
        previous[entry.stratum] = (entry.score, rank)
        ranked.append(replace(entry, scope_rank=rank))
    ranked = [replace(entry, scope_count=placed[entry.stratum]) for entry in ranked]
    return ranked[:limit] if limit is not None else ranked


def load_report_data(
    engine: Engine, run_id: int, model: Model, scope: Scope | None = None
) -> ReportData:
    scope = scope or Scope("national")
    conditions = scope.conditions()
    with engine.connect() as connection:
        run = connection.execute(select(CrawlRun).where(CrawlRun.id == run_id)).one()
        if scope.kind == "list":
            _check_listed_codes(connection, scope)
        scans = connection.execute(
            select(SiteScan.authority_id, SiteScan.status, Authority.stratum)
            .join(Authority, Authority.id == SiteScan.authority_id)
            .where(SiteScan.run_id == run_id, *conditions)
        ).all()
        # One row per (site, feature) is all the adoption figures need: the values and
        # evidence are read below only for the authorities the deck portrays.
        features: dict[int, set[str]] = defaultdict(set)
        for authority_id, feature in connection.execute(
            select(FindingRow.authority_id, FindingRow.feature)
            .distinct()
            .join(Authority, Authority.id == FindingRow.authority_id)
            .where(FindingRow.run_id == run_id, *conditions)
        ):
            features[authority_id].add(feature)
    statuses = Counter(status for _, status, _ in scans)
    ok_sites = [
        (authority_id, stratum or "inconnue")
        for authority_id, status, stratum in scans
        if status == "ok"
    ]
    ok_by_stratum = Counter(stratum for _, stratum in ok_sites)
    strata = sorted(ok_by_stratum, key=_stratum_key)
    adoption: dict[str, dict[str, float]] = {}
    adoption_overall: dict[str, float] = {}
    for key, _label in ADOPTION_FEATURES:
        having = Counter(
            stratum
            for authority_id, stratum in ok_sites
            if has_feature(features[authority_id], key)
        )
        adoption[key] = {s: round(100 * having[s] / ok_by_stratum[s], 1) for s in strata}
        if ok_sites:
            adoption_overall[key] = round(100 * sum(having.values()) / len(ok_sites), 1)
    ranked = ranking(engine, run_id, model.version, scope)
    axes = {axis.key: axis.label for axis in model.axes}
    social, social_checked = social_platforms(engine, run_id, scope, run.started_at, ok_sites)
    return ReportData(
        run_id=run_id,
        run_started=run.started_at,
        model_version=model.version,
        scope=scope,
        statuses=statuses,
        strata=strata,
        ok_by_stratum=ok_by_stratum,
        adoption=adoption,
        adoption_overall=adoption_overall,
        ranking=ranked,
        findings=evidence_of(engine, run_id, [entry.authority_id for entry in ranked[:PORTRAITS]]),
        indicator_labels={indicator.key: indicator.label for indicator in model.indicators},
        indicator_weights={indicator.key: indicator.weight for indicator in model.indicators},
        axes_by_stratum=axes_by_stratum(engine, run_id, model, strata, scope),
        axis_labels=axes,
        compliance=summarise(compliance_rows(engine, run_id, conditions=conditions)),
        departement_scores=departement_scores(ranked),
        social=social,
        social_checked=social_checked,
        indicator_rows=[
            (indicator.label, axes[indicator.axis], indicator.weight, indicator.feature)
            for indicator in model.indicators
        ],
        survey=latest_survey(engine, run_id),
    )


def latest_survey(engine: Engine, run_id: int) -> SurveySummary | None:
    """The survey last analysed against this run, if any. A survey covers its respondents'
    communes, whatever the deck's scope: the deck says so."""
    with engine.connect() as connection:
        name = connection.execute(
            select(SurveyResult.survey)
            .where(SurveyResult.run_id == run_id)
            .order_by(SurveyResult.computed_at.desc(), SurveyResult.id.desc())
            .limit(1)
        ).scalar()
        if name is None:
            return None
        rows = connection.execute(
            select(
                SurveyResult.family,
                SurveyResult.measure,
                SurveyResult.estimate,
                SurveyResult.ci_low,
                SurveyResult.ci_high,
                SurveyResult.respondents,
            ).where(SurveyResult.survey == name)
        ).all()
    order = {family.key: index for index, family in enumerate(FAMILIES)}
    figures: dict[str, dict[str, SurveyFigure]] = {}
    respondents, calibrated_on = 0, []
    for family, measure, estimate, low, high, count in sorted(
        rows, key=lambda row: order.get(row.family, -1)
    ):
        if measure == "repondants":
            respondents = count
        elif measure.startswith(CALIBRATION):
            calibrated_on.append(measure.removeprefix(CALIBRATION))
        elif family:
            figures.setdefault(family, {})[measure] = SurveyFigure(estimate, low, high, count)
    return SurveySummary(name, respondents, figures, sorted(calibrated_on, key=_margin_order))


def _margin_order(variable: str) -> int:
    order = ("sexe", "age", "strate", "region")
    return order.index(variable) if variable in order else len(order)


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


def departement_scores(ranked: list[RankedAuthority]) -> dict[str, tuple[float, int]]:
    """Mean score of each département's scored authorities (communes, EPCI, the département)."""
    scores: dict[str, list[float]] = defaultdict(list)
    for entry in ranked:
        if entry.departement:
            scores[entry.departement].append(entry.score)
    return {
        departement: (round(sum(values) / len(values), 1), len(values))
        for departement, values in scores.items()
    }


def social_platforms(
    engine: Engine,
    run_id: int,
    scope: Scope,
    run_started: datetime,
    ok_sites: list[tuple[int, str]],
) -> tuple[list[SocialPlatform], bool]:
    """Per platform: crawled sites linking an account, and the accounts' public activity."""
    crawled = {authority_id for authority_id, _ in ok_sites}
    conditions = scope.conditions()
    with engine.connect() as connection:
        linked = connection.execute(
            select(FindingRow.feature, FindingRow.authority_id)
            .distinct()
            .join(Authority, Authority.id == FindingRow.authority_id)
            .where(FindingRow.run_id == run_id, FindingRow.feature.like("social.%"), *conditions)
        ).all()
        profiles = connection.execute(
            select(
                SocialProfile.platform,
                SocialProfile.login_wall,
                SocialProfile.followers,
                SocialProfile.last_activity,
            )
            .join(Authority, Authority.id == SocialProfile.authority_id)
            .where(SocialProfile.run_id == run_id, *conditions)
        ).all()
        checked_anywhere = connection.execute(
            select(SocialProfile.id).where(SocialProfile.run_id == run_id).limit(1)
        ).first()
    sites = Counter(
        feature.removeprefix("social.")
        for feature, authority_id in linked
        if authority_id in crawled
    )
    since = (run_started - timedelta(days=ACTIVE_DAYS)).date().isoformat()
    platforms = []
    for platform, count in sorted(sites.items(), key=lambda item: (-item[1], item[0])):
        mine = [row for row in profiles if row.platform == platform]
        followers = [row.followers for row in mine if row.followers is not None]
        platforms.append(
            SocialPlatform(
                platform,
                count,
                len(mine),
                sum(1 for row in mine if row.login_wall),
                sum(1 for row in mine if row.last_activity),
                sum(1 for row in mine if row.last_activity and row.last_activity >= since),
                round(median(followers), 1) if followers else None,
            )
        )
    return platforms, checked_anywhere is not None


def axes_by_stratum(
    engine: Engine, run_id: int, model: Model, strata: list[str], scope: Scope | None = None
) -> dict[str, dict[str, float]]:
    """Mean score of each axis over the scored sites of each stratum (axes with nothing
    measured on a site are left out of its stratum's mean)."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Score.stratum, Score.axes)
            .join(Authority, Authority.id == Score.authority_id)
            .where(
                Score.run_id == run_id,
                Score.model_version == model.version,
                *(scope or Scope("national")).conditions(),
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
