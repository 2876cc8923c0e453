"""The figures of a report, read from the feature database in one place."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, select

from crawler.db.models import Authority, CrawlRun, Finding, Score, SiteScan
from crawler.geo import STRATUM_ORDER
from scoring.compliance_run import DutySummary, compliance_rows, summarise
from scoring.model import Model

# Feature (or family prefix ending in ".") -> label, in the order the report shows them.
# Each group is one chart: (slide title, [(feature key or family prefix, label), ...]).
ADOPTION_GROUPS = (
    (
        "Accessibilité et pages légales, par strate de population",
        (
            ("a11y.mention", "Mention d'accessibilité"),
            ("a11y.statement_url", "Déclaration d'accessibilité"),
            ("legal.notice_url", "Mentions légales"),
            ("legal.privacy_url", "Politique de confidentialité"),
        ),
    ),
    (
        "Services, canaux et confiance, par strate de population",
        (
            ("eservices.", "Au moins un service en ligne"),
            ("social.", "Au moins un réseau social"),
            ("alerts.", "Application d'alerte"),
            ("opendata.", "Portail de données ouvertes"),
            ("trackers.without_consent", "Traceurs sans gestion du consentement"),
        ),
    ),
)
ADOPTION_FEATURES = tuple(feature for _, features in ADOPTION_GROUPS for feature in features)
FEATURE_LABELS = {
    "a11y.mention": "Mention d'accessibilité",
    "a11y.statement_url": "Déclaration d'accessibilité",
    "legal.notice_url": "Mentions légales",
    "legal.privacy_url": "Politique de confidentialité",
    "tech.cms": "Outil de gestion de contenu",
    "tech.dsfr": "Système de design de l'État",
    "eservices.platform": "Service en ligne",
    "alerts.app": "Application d'alerte",
    "opendata.portal": "Données ouvertes",
    "trackers": "Traceur",
    "trackers.without_consent": "Traceur sans consentement",
    "consent.manager": "Gestion du consentement",
    "freshness.latest_news": "Dernière actualité datée",
    "freshness.sitemap_lastmod": "Dernière date du plan du site (sitemap)",
    "a11y.check_failed": "Contrôle d'accessibilité échoué",
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
    stratum: str
    population: int | None
    score: float
    rank_in_stratum: int
    stratum_count: int
    indicators: dict[str, float]
    rank_low: int | None = None
    rank_high: int | None = None

    @property
    def rank_text(self) -> str:
        """The rank as its interval when the draws move it ("2–5 / 12"), so that
        authorities whose intervals overlap are not shown as different."""
        low, high = self.rank_low, self.rank_high
        if low is None or high is None or low == high:
            return f"{self.rank_in_stratum} / {self.stratum_count}"
        return f"{low}–{high} / {self.stratum_count}"


@dataclass
class ReportData:
    run_id: int
    run_started: datetime
    model_version: str
    statuses: Counter[str]
    strata: list[str]
    ok_by_stratum: Counter[str]
    # adoption[feature key][stratum] = share of crawled sites of the stratum showing it, in %
    adoption: dict[str, dict[str, float]]
    ranking: list[RankedAuthority]
    findings: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)
    indicator_labels: dict[str, str] = field(default_factory=dict)
    # axes_by_stratum[axis key][stratum] = mean axis score of the stratum's scored sites
    axes_by_stratum: dict[str, dict[str, float]] = field(default_factory=dict)
    axis_labels: dict[str, str] = field(default_factory=dict)
    compliance: list[DutySummary] = field(default_factory=list)

    @property
    def authorities(self) -> int:
        return sum(self.statuses.values())

    @property
    def crawled(self) -> int:
        return self.statuses.get("ok", 0)


def ranking(
    engine: Engine, run_id: int, model_version: str, limit: int | None = None
) -> list[RankedAuthority]:
    """Scored authorities of a run, best score first (ties by name)."""
    query = (
        select(
            Authority.id,
            Authority.name,
            Authority.code,
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
        .order_by(Score.score.desc(), Authority.name)
        .limit(limit)
    )
    with engine.connect() as connection:
        return [RankedAuthority(*row) for row in connection.execute(query)]


def load_report_data(engine: Engine, run_id: int, model: Model) -> ReportData:
    with engine.connect() as connection:
        run = connection.execute(select(CrawlRun).where(CrawlRun.id == run_id)).one()
        scans = connection.execute(
            select(SiteScan.authority_id, SiteScan.status, Authority.stratum)
            .join(Authority, Authority.id == SiteScan.authority_id)
            .where(SiteScan.run_id == run_id)
        ).all()
        features: dict[int, set[str]] = defaultdict(set)
        evidence: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        for authority_id, feature, value, url in connection.execute(
            select(Finding.authority_id, Finding.feature, Finding.value, Finding.evidence_url)
            .where(Finding.run_id == run_id)
            .order_by(Finding.authority_id, Finding.feature, Finding.value)
        ):
            features[authority_id].add(feature)
            evidence[authority_id].append((feature, value, url))
    statuses = Counter(status for _, status, _ in scans)
    ok_sites = [
        (authority_id, stratum or "inconnue")
        for authority_id, status, stratum in scans
        if status == "ok"
    ]
    ok_by_stratum = Counter(stratum for _, stratum in ok_sites)
    strata = sorted(
        ok_by_stratum, key=lambda s: STRATUM_ORDER.index(s) if s in STRATUM_ORDER else 99
    )
    adoption: dict[str, dict[str, float]] = {}
    for key, _label in ADOPTION_FEATURES:
        having = Counter(
            stratum
            for authority_id, stratum in ok_sites
            if has_feature(features[authority_id], key)
        )
        adoption[key] = {s: round(100 * having[s] / ok_by_stratum[s], 1) for s in strata}
    return ReportData(
        run_id=run_id,
        run_started=run.started_at,
        model_version=model.version,
        statuses=statuses,
        strata=strata,
        ok_by_stratum=ok_by_stratum,
        adoption=adoption,
        ranking=ranking(engine, run_id, model.version),
        findings=dict(evidence),
        indicator_labels={indicator.key: indicator.label for indicator in model.indicators},
        axes_by_stratum=axes_by_stratum(engine, run_id, model, strata),
        axis_labels={axis.key: axis.label for axis in model.axes},
        compliance=summarise(compliance_rows(engine, run_id)),
    )


def axes_by_stratum(
    engine: Engine, run_id: int, model: Model, strata: list[str]
) -> dict[str, dict[str, float]]:
    """Mean score of each axis over the scored sites of each stratum (axes with nothing
    measured on a site are left out of its stratum's mean)."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Score.stratum, Score.axes).where(
                Score.run_id == run_id, Score.model_version == model.version
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
