"""The one item schema: what spiders yield and pipelines store, checked by ValidateItemPipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Finding:
    """One thing seen on a site, with the evidence that shows it."""

    feature: str  # key of docs/features.md, e.g. "social.facebook"
    value: str  # normalised value, e.g. the profile URL or "partiellement"
    evidence_url: str  # the page where it was seen
    snippet: str  # the matched link, tag or text, as found
    detector: str  # extractor name and version, e.g. "social/1"


@dataclass
class PageRecord:
    """One fetch: what was asked, what came back."""

    requested_url: str
    final_url: str
    http_status: int | None
    content_type: str | None
    bytes: int
    fetched_at: datetime
    duration_ms: float | None
    content_hash: str | None
    depth: int
    error: str | None = None
    from_cache: bool = False  # body from the HTTP cache (fresh, or revalidated by a 304)
    rendered: bool = False  # fetched again through a browser, the static page being a shell
    changed: bool | None = None  # set when stored, against the latest earlier run


@dataclass(frozen=True)
class Screenshot:
    """What a site's home page looked like in the crawl's browser (VIGIE_SCREENSHOTS)."""

    url: str  # the page shown, after redirects
    taken_at: datetime
    media_type: str  # "image/jpeg"
    image: bytes


@dataclass(frozen=True)
class OutboundLink:
    """An organisation a site links to: its links to one registered domain outside the site."""

    domain: str  # registered domain of the links' hosts ("service-public.fr")
    host: str  # the host of the evidence link ("www.service-public.fr")
    pages: int  # pages of the site that link to the domain
    evidence_url: str  # the first of those pages in crawl order (depth, then URL)
    target_url: str  # that page's first link to the domain
    anchor: str  # its text, as read (visible text, else title or aria-label)


@dataclass
class SiteItem:
    """Everything one run learnt about one authority's site; stored in one transaction."""

    run_id: int
    authority_id: int
    website_id: int | None
    status: str
    detail: str | None
    start_url: str | None
    final_url: str | None
    started_at: datetime | None
    finished_at: datetime
    pages: list[PageRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    screenshot: Screenshot | None = None  # taken only when asked, and only of an ok site
    outbound: list[OutboundLink] = field(default_factory=list)  # other organisations linked


@dataclass
class SocialProfileItem:
    """What a social account linked by an authority shows publicly, without logging in."""

    run_id: int
    authority_id: int
    platform: str
    url: str  # the profile as the site links it (the `social.*` finding's value)
    reachable: bool
    checked_at: datetime
    login_wall: bool = False
    followers: int | None = None
    posts: int | None = None
    last_activity: str | None = None  # ISO date of the newest public post or video
    posts_90d: int | None = None  # public posts within SOCIAL_WINDOW_DAYS up to the run's day
    posts_90d_partial: bool = False  # only the newest posts were listed: a lower bound
    followers_rounded: bool = False  # the platform shows a rounded count ("12,3 k")
    http_status: int | None = None
    detail: str | None = None  # the endpoint read, or why it could not be
