"""Synthetic authorities of the farm: what each site is made of, drawn deterministically from a seed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from farm.service_quality import ServiceQuality

# Every date on the farm is relative to this day, so that truth never depends on the clock.
FARM_TODAY = date(2026, 11, 1)
# The day farm servers that send validators give as Last-Modified.
LAST_MODIFIED_DAY = date(2026, 10, 31)

# (stratum, lowest, highest population, share of French communes)
STRATA = (
    ("0-499", 50, 499, 0.54),
    ("500-1999", 500, 1999, 0.27),
    ("2000-3499", 2000, 3499, 0.07),
    ("3500-9999", 3500, 9999, 0.075),
    ("10000-49999", 10000, 49999, 0.026),
    ("50000-99999", 50000, 99999, 0.003),
    ("100000+", 100000, 520000, 0.001),
)
# The farm keeps its own copy of the territorial codes: it must not import the crawler.
_DEPARTEMENT_CODES = (
    "01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 21 22 23 24 25 26 27 28 29 2A 2B "
    "30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 "
    "60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 "
    "90 91 92 93 94 95 971 972 973 974 976"
)
_REGION_CODES = "01 02 03 04 06 11 24 27 28 32 44 52 53 75 76 84 93 94"
DEPARTEMENTS, REGIONS = tuple(_DEPARTEMENT_CODES.split()), tuple(_REGION_CODES.split())
# The free host where e-monsite sites live, one subdomain per site.
FREE_HOST = "e-monsite.com"
CMS_FAMILIES = ("wordpress", "spip", "drupal", "joomla", "e-monsite", "campagnol", "wix", "plain")
CMS_WEIGHTS = (34, 18, 8, 8, 8, 6, 4, 14)
ENCODINGS = ("utf-8", "iso-8859-1", "windows-1252-meta", "windows-1252-undeclared")
A11Y_LEVELS = ("totalement", "partiellement", "non")
# platform: (URL as sites write it, canonical URL)
PLATFORM_URLS = {
    "facebook": ("https://www.facebook.com/{handle}", "https://www.facebook.com/{handle}"),
    "x": ("https://twitter.com/{handle}", "https://x.com/{handle}"),
    "instagram": ("https://instagram.com/{handle}/", "https://www.instagram.com/{handle}"),
    "youtube": ("https://www.youtube.com/@{handle}", "https://www.youtube.com/@{handle}"),
    "linkedin": (
        "https://fr.linkedin.com/company/{handle}/",
        "https://www.linkedin.com/company/{handle}",
    ),
    "mastodon": (
        "https://social.numerique.gouv.fr/@{handle}",
        "https://social.numerique.gouv.fr/@{handle}",
    ),
    "peertube": (
        "https://tube.numerique.gouv.fr/a/{handle}",
        "https://tube.numerique.gouv.fr/a/{handle}",
    ),
}
PLATFORM_CHANCES = {
    "facebook": 0.85,
    "instagram": 0.5,
    "youtube": 0.35,
    "x": 0.3,
    "linkedin": 0.25,
    "mastodon": 0.06,
    "peertube": 0.04,
}
# Platforms added later, drawn after every other feature of a site on a stream of their own
# (generation.draw_late_socials), so that adding them changed no other draw of the farm.
# A Bluesky handle is a name under bsky.social or the authority's own domain.
LATE_PLATFORM_URLS = {
    "bluesky": ("https://bsky.app/profile/{handle}", "https://bsky.app/profile/{handle}"),
    "dailymotion": ("https://dailymotion.com/{handle}", "https://www.dailymotion.com/{handle}"),
}
LATE_PLATFORM_CHANCES = {"bluesky": 0.2, "dailymotion": 0.06}


# A directory of communes that former domains of some authorities now redirect to.
PORTAL_HOST = "www.communes-de-france.fr"


def former_host(slug: str, host: str) -> str:
    """The domain an authority with this slug and host would have left (never its own host)."""
    return f"mairie-{slug}.fr" if host == f"{slug}.fr" else f"{slug}.fr"


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


@dataclass(frozen=True)
class SocialLink:
    platform: str
    url: str  # as written in the page
    expected: str  # the value a perfect extractor reports: canonical host, no tracking, no slash
    placement: str  # header, footer or body
    handle: str


@dataclass(frozen=True)
class Decoy:
    """A link that looks like one of the authority's accounts and belongs to someone else."""

    owner: str
    url: str
    text: str


@dataclass(frozen=True)
class Statement:
    """What an accessibility statement declares (its level is the site's `a11y_level`)."""

    audit_date: date | None  # None: "no audit has been made"
    rate: float | None  # conformity rate in %, written with a decimal comma when not whole
    rgaa_version: str | None
    contact: bool  # a "Retour d'information et contact" section with an address
    recourse: bool  # the Défenseur des droits named as recourse
    schema: bool  # a multi-year accessibility plan mentioned


@dataclass
class Site:
    """One synthetic authority and everything its website shows (or fails to)."""

    index: int
    kind: str
    code: str
    name: str
    departement: str | None
    population: int | None
    stratum: str
    slug: str
    # Website: None when there is none; `dead` when its host never answers DNS.
    host: str | None
    dead: bool = False
    www_redirect: bool = False  # the listed URL is www.<host>, which redirects to <host>
    robots_disallow_all: bool = False
    home_error: bool = False  # the home page answers 500
    hangs: bool = False  # the home page never answers
    redirect: str | None = None  # "chain" (three hops to the home page) or "loop"
    slow_ms: int = 0  # every page waits this long
    cms: str = "plain"
    encoding: str = "utf-8"
    broken_html: bool = False
    a11y_level: str | None = None
    statement_path: str | None = None  # ends in .pdf for a statement published as PDF
    notice_path: str | None = None
    privacy_path: str | None = None
    socials: list[SocialLink] = field(default_factory=list)
    decoys: list[Decoy] = field(default_factory=list)
    share_buttons: bool = False
    eservices: list[str] = field(default_factory=list)
    franceconnect: bool = False
    alerts: list[str] = field(default_factory=list)
    opendata_portal: str | None = None
    trackers: list[str] = field(default_factory=list)
    consent_manager: str | None = None
    news_dates: list[date] = field(default_factory=list)
    sitemap: bool = False
    trap: str | None = None  # "calendar" (endless agenda) or "session" (session ids in links)
    large_page: bool = False  # a 3 MB HTML bulletin is linked
    binary_file: bool = False  # a 6 MB archive is linked
    # Pages meant to hurt a crawler, linked from every page: "gzip_bomb" (1 GiB of zeros sent
    # gzipped), "endless_body" (a body streamed until 2 GiB, no length announced) and
    # "slow_drip" (one byte a second).
    hostile: tuple[str, ...] = ()
    broken_links: int = 0  # internal links that answer 404
    skip_link: bool = False  # "Aller au contenu" at the top of every page
    image_without_alt: bool = False  # a banner image with no alt attribute
    vague_link: bool = False  # a "Lire la suite" link on the home page
    zoom_blocked: bool = False  # viewport meta with maximum-scale=1
    https: bool = False  # plain HTTP redirects to HTTPS on the farm's TLS port
    security_headers: tuple[str, ...] = ()  # HSTS and protective headers sent over HTTPS
    tls_broken: bool = False  # listed as https://, but the server speaks only plain HTTP
    filler_pages: int = 3
    # What the listed address has become: "parked" (a registrar's placeholder on every page),
    # "moved" (the listed domain is the authority's former one and redirects to its site),
    # "offsite" (the listed domain redirects to another organisation's directory page).
    fate: str | None = None
    # Answers carry ETag and Last-Modified, and a matching If-None-Match gets 304 Not Modified.
    cache_validators: bool = False
    statement: Statement | None = None  # what the statement page or PDF declares
    # Transparency: pages linked from every page's menu, the council on video (a player on
    # the acts page), the procurement platform linked in the footer.
    acts_page: bool = False
    budget_page: bool = False
    council_video: bool = False
    buyer_profile: str | None = None
    # Participation: a platform linked from the home page, and the bodies and procedures it
    # names (linked to the platform when there is one, else to a /participation page).
    participation_platform: str | None = None
    participation_topics: tuple[str, ...] = ()
    newsletter: str | None = None  # "mailchimp" or "brevo" form on the home page, "own" page
    mailbox: str | None = None  # "own-domain" or "personal" mailto on the contact page
    dpo_contact: bool = False  # the privacy page names the DPO and their address
    copyright_year: int | None = None  # "© {year}" in the footer
    # Sections of a "/vivre-ici" page for newcomers, linked from the home page; the page has
    # a few paragraphs of prose (so a readability score).
    attractiveness_topics: tuple[str, ...] = ()
    # Online services beyond the vendor links of `eservices`: a planning-permit desk linked
    # from /demarches, a page of the site that only explains the desk (a trap: not a desk),
    # appointments with Smart Agenda, a contact form on /contact.
    permit_desk: str | None = None
    permit_info_page: bool = False
    smart_agenda: bool = False
    contact_form: bool = False
    # Open data on the site itself: a /donnees-ouvertes page linking data files (formats) and
    # naming their licence.
    data_files: tuple[str, ...] = ()
    data_licence: str | None = None  # "licence-ouverte" or "odbl"
    inclusion_topics: tuple[str, ...] = ()  # links on /demarches (farm/vendors.py)
    updated_on: date | None = None  # "Mis à jour le <day>" in the footer
    # Patterns of real pages that once fooled the extractors (farm/real_world.py, issue 19):
    # trackers declared to tarteaucitron instead of loaded directly, a credit's logo
    # hot-linked from the agency's WordPress, alert apps shown as their embedded widget, a
    # "Mentions légales" link to "#" on a site without a notice, a builder's page without
    # its generator tag.
    declared_trackers: bool = False
    foreign_cms_logo: bool = False
    alert_widgets: tuple[str, ...] = ()
    dead_notice_link: bool = False
    no_generator_tag: bool = False
    # Every page's footer is an empty placeholder that a script fills with a fragment the
    # site serves apart (real_world.FOOTER_FRAGMENT): only a rendered page shows its links.
    script_footer: bool = False
    # Layout for phones, site search, phone number, opening hours, the State's opinion button
    # (farm/service_quality.py, issue 23).
    service_quality: ServiceQuality | None = None

    @property
    def former_host(self) -> str | None:
        """The domain the authority used before, when its listed address is one it left."""
        return former_host(self.slug, self.host) if self.host and self.fate == "moved" else None

    @property
    def listed_host(self) -> str | None:
        """The host written in the targets file."""
        if self.host is None:
            return None
        if self.fate in ("moved", "offsite"):
            return former_host(self.slug, self.host)
        return f"www.{self.host}" if self.www_redirect else self.host

    @property
    def js_only(self) -> bool:
        """Pages built by JavaScript: only a rendered page shows their links and text."""
        return self.cms == "wix"

    @property
    def rendered_by_browser(self) -> bool:
        """What the site's pages show needs a browser: built by JavaScript, or their footer
        fetched by a script; a crawl without one does not measure the site."""
        return self.js_only or self.script_footer

    @property
    def home_path(self) -> str:
        return "/fr/accueil" if self.redirect == "chain" else "/"
