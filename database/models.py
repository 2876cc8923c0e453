"""SQLAlchemy models of the feature database; docs/schema.md documents every column."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.expression import false

AUTHORITY_KINDS = ("commune", "epci", "departement", "region")


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON}


class Authority(Base):
    __tablename__ = "authorities"
    __table_args__ = (UniqueConstraint("kind", "code", name="uq_authorities_kind_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    departement_code: Mapped[str | None] = mapped_column(String(3))
    region_code: Mapped[str | None] = mapped_column(String(3))
    population: Mapped[int | None] = mapped_column(Integer)
    stratum: Mapped[str | None] = mapped_column(String(16))
    # The commune's postal codes, space-separated (a commune may have several, a postal code
    # several communes); None when the targets file gave none. For search, never for joins.
    postal_codes: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Retired: absent from a newer official list (merged into a commune nouvelle, or gone).
    # Its history stays; new runs neither crawl nor count it (`ACTIVE`).
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    successor_id: Mapped[int | None] = mapped_column(Integer)  # → authorities.id it merged into
    retired_reason: Mapped[str | None] = mapped_column(String(200))
    # A commune's EPCI à fiscalité propre, by SIREN (INSEE's composition of the EPCI); None
    # when unknown, when the commune has none, and for every other kind. Not a foreign key:
    # the EPCI itself may not be among the targets.
    epci_code: Mapped[str | None] = mapped_column(String(9), index=True)


# The authorities a new run crawls and counts.
ACTIVE = Authority.retired_at.is_(None)


class Website(Base):
    __tablename__ = "websites"
    __table_args__ = (UniqueConstraint("authority_id", "url", name="uq_websites_authority_url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    host: Mapped[str] = mapped_column(String(255), index=True)
    is_primary: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(32))
    source_label: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CrawlRun(Base):
    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    targets_count: Mapped[int] = mapped_column(Integer, default=0)
    sites_done: Mapped[int] = mapped_column(Integer, default=0)
    pages_count: Mapped[int] = mapped_column(Integer, default=0)
    findings_count: Mapped[int] = mapped_column(Integer, default=0)
    # `complete` (every active authority crawled) or `partial` (`vigie crawl --only/--status`:
    # the selection crawled again, every other authority's scan carried from `base_run_id`).
    kind: Mapped[str] = mapped_column(String(16), default="complete", server_default="complete")
    base_run_id: Mapped[int | None] = mapped_column(Integer)
    selection: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SiteScan(Base):
    __tablename__ = "site_scans"
    __table_args__ = (
        UniqueConstraint("run_id", "authority_id", name="uq_site_scans_run_authority"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    website_id: Mapped[int | None] = mapped_column(ForeignKey("websites.id"))
    status: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    start_url: Mapped[str | None] = mapped_column(String(2048))
    final_url: Mapped[str | None] = mapped_column(String(2048))
    pages_fetched: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Null when this run measured the site; else the run whose measurement a partial run
    # carries (the original one, never a carrier).
    carried_from_run_id: Mapped[int | None] = mapped_column(Integer)


class PageRow(Base):
    __tablename__ = "pages"
    __table_args__ = (
        Index("ix_pages_run_website", "run_id", "website_id"),
        # The latest earlier run of one website (pages.changed), without scanning all runs.
        Index("ix_pages_website_run", "website_id", "run_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"))
    website_id: Mapped[int] = mapped_column(ForeignKey("websites.id"))
    requested_url: Mapped[str] = mapped_column(String(2048))
    final_url: Mapped[str] = mapped_column(String(2048))
    http_status: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(255))
    bytes: Mapped[int] = mapped_column(Integer, default=0)
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    duration_ms: Mapped[float | None] = mapped_column(Float)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    depth: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    from_cache: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    changed: Mapped[bool | None] = mapped_column(Boolean)
    rendered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class FindingRow(Base):
    __tablename__ = "findings"
    __table_args__ = (
        UniqueConstraint(
            "run_id", "authority_id", "feature", "value", name="uq_findings_run_authority_value"
        ),
        Index("ix_findings_feature", "feature"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    website_id: Mapped[int] = mapped_column(ForeignKey("websites.id"))
    feature: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(2048))
    evidence_url: Mapped[str] = mapped_column(String(2048))
    snippet: Mapped[str] = mapped_column(Text)
    detector: Mapped[str] = mapped_column(String(64))
    # When the crawl saw it: its evidence page's fetch time (null only for a row a writer
    # stored without one; rows before migration 0011 were dated from their pages).
    seen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ScreenshotRow(Base):
    """A site's home page as the crawl's Chromium showed it (VIGIE_SCREENSHOTS=home): one per
    authority per run at most, stored and replaced with the site's scan."""

    __tablename__ = "screenshots"
    __table_args__ = (
        UniqueConstraint("run_id", "authority_id", name="uq_screenshots_run_authority"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    media_type: Mapped[str] = mapped_column(String(32))
    image: Mapped[bytes] = mapped_column(LargeBinary)


class OutboundLinkRow(Base):
    """An organisation a site links to (its links to one registered domain outside the site),
    one row per domain per authority per run, stored in the site's transaction."""

    __tablename__ = "outbound_links"
    __table_args__ = (
        UniqueConstraint("run_id", "authority_id", "domain", name="uq_outbound_links_domain"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    domain: Mapped[str] = mapped_column(String(255), index=True)
    host: Mapped[str] = mapped_column(String(255))
    pages: Mapped[int] = mapped_column(Integer)
    evidence_url: Mapped[str] = mapped_column(String(2048))
    target_url: Mapped[str] = mapped_column(String(2048))
    anchor: Mapped[str] = mapped_column(Text)


class Score(Base):
    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("run_id", "authority_id", "model_version", name="uq_scores_run_authority"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    model_version: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    stratum: Mapped[str | None] = mapped_column(String(16))
    rank_in_stratum: Mapped[int] = mapped_column(Integer)
    stratum_count: Mapped[int] = mapped_column(Integer)
    rank_low: Mapped[int | None] = mapped_column(Integer)
    rank_high: Mapped[int | None] = mapped_column(Integer)
    indicators: Mapped[dict[str, Any]] = mapped_column(JSON)
    axes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SocialProfile(Base):
    __tablename__ = "social_profiles"
    __table_args__ = (
        UniqueConstraint("run_id", "authority_id", "url", name="uq_social_profiles_run_url"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(String(2048))
    reachable: Mapped[bool] = mapped_column(Boolean)
    login_wall: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    followers: Mapped[int | None] = mapped_column(Integer)
    posts: Mapped[int | None] = mapped_column(Integer)
    last_activity: Mapped[str | None] = mapped_column(String(10))
    # Public posts dated within the SOCIAL_WINDOW_DAYS up to the run's day; None when the
    # platform lists no dated posts without login.
    posts_90d: Mapped[int | None] = mapped_column(Integer)
    # The platform listed only its newest posts and all fell in the window (YouTube's feed
    # holds 15): posts_90d is a lower bound ("au moins").
    posts_90d_partial: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The platform shows a rounded count ("12,3 k abonnés"): followers is that rounding.
    followers_rounded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    http_status: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SocialDeclaration(Base):
    """Figures of an account that its platform shows only to the owner, exported from the
    platform's own statistics by the authority or a study team (`vigie social import`):
    declared, not observed, and always shown as such."""

    __tablename__ = "social_declarations"
    __table_args__ = (
        UniqueConstraint("run_id", "authority_id", "url", name="uq_social_declarations_run_url"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id"), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(String(2048))
    followers: Mapped[int | None] = mapped_column(Integer)
    posts_90d: Mapped[int | None] = mapped_column(Integer)
    last_activity: Mapped[str | None] = mapped_column(String(10))
    as_of: Mapped[str] = mapped_column(String(10))  # ISO day the platform's statistics were read
    source: Mapped[str] = mapped_column(String(200))  # the file imported, as named
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SurveyResult(Base):
    """One weighted estimate of a citizen survey (`vigie survey analyse`), with its 95 %
    confidence interval; a survey analysed again replaces its rows."""

    __tablename__ = "survey_results"
    __table_args__ = (
        UniqueConstraint("survey", "family", "measure", name="uq_survey_results_measure"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey: Mapped[str] = mapped_column(String(64), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    family: Mapped[str] = mapped_column(String(32))  # a service family, or "" for the whole
    measure: Mapped[str] = mapped_column(String(48))
    estimate: Mapped[float] = mapped_column(Float)
    ci_low: Mapped[float | None] = mapped_column(Float)
    ci_high: Mapped[float | None] = mapped_column(Float)
    respondents: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ValidationResult(Base):
    """One figure of a validation by hand (`vigie validate score`, docs/validation.md): a
    feature's precision or recall with its Wilson 95 % interval, or the coders' Cohen's κ;
    scoring a run's workbooks again replaces its rows."""

    __tablename__ = "validation_results"
    __table_args__ = (
        UniqueConstraint("run_id", "feature", "measure", name="uq_validation_results_measure"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    feature: Mapped[str] = mapped_column(String(64))  # a feature, a family ("social."), or ""
    measure: Mapped[str] = mapped_column(String(16))  # precision, recall, kappa
    successes: Mapped[int] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer)
    estimate: Mapped[float | None] = mapped_column(Float)
    ci_low: Mapped[float | None] = mapped_column(Float)
    ci_high: Mapped[float | None] = mapped_column(Float)
    sample_sites: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
