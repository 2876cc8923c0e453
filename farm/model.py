"""Synthetic authorities of the farm: what each site is made of, drawn deterministically from a seed."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from farm.vendors import ALERT_APPS, CONSENT_MANAGERS, DECOY_ACCOUNTS, ESERVICES, TRACKERS

# Every date on the farm is relative to this day, so that truth never depends on the clock.
FARM_TODAY = date(2026, 11, 1)

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
DEPARTEMENTS = [
    "01",
    "02",
    "03",
    "04",
    "05",
    "06",
    "07",
    "08",
    "09",
    "10",
    "11",
    "12",
    "13",
    "14",
    "15",
    "16",
    "17",
    "18",
    "19",
    "21",
    "22",
    "23",
    "24",
    "25",
    "26",
    "27",
    "28",
    "29",
    "2A",
    "2B",
    "30",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "39",
    "40",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "47",
    "48",
    "49",
    "50",
    "51",
    "52",
    "53",
    "54",
    "55",
    "56",
    "57",
    "58",
    "59",
    "60",
    "61",
    "62",
    "63",
    "64",
    "65",
    "66",
    "67",
    "68",
    "69",
    "70",
    "71",
    "72",
    "73",
    "74",
    "75",
    "76",
    "77",
    "78",
    "79",
    "80",
    "81",
    "82",
    "83",
    "84",
    "85",
    "86",
    "87",
    "88",
    "89",
    "90",
    "91",
    "92",
    "93",
    "94",
    "95",
    "971",
    "972",
    "973",
    "974",
    "976",
]
REGIONS = [
    "01",
    "02",
    "03",
    "04",
    "06",
    "11",
    "24",
    "27",
    "28",
    "32",
    "44",
    "52",
    "53",
    "75",
    "76",
    "84",
    "93",
    "94",
]
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
_PREFIXES = ("", "", "", "Saint-", "Sainte-", "La ", "Le ", "Les ", "Montigny-", "Villeneuve-")
_ROOTS = (
    "Martin",
    "Bois",
    "Mont",
    "Val",
    "Fontaine",
    "Roche",
    "Champ",
    "Pré",
    "Bel",
    "Aub",
    "Cour",
    "Marc",
    "Lorr",
    "Vern",
    "Chât",
    "Beau",
    "Ros",
    "Font",
    "Sauv",
    "Brie",
    "Gran",
    "Mesn",
    "Ell",
)
_SUFFIXES = (
    "",
    "ville",
    "court",
    "ac",
    "ières",
    "-sur-Loire",
    "-en-Auge",
    "-les-Bains",
    "-le-Château",
    "-sur-Mer",
    "ignac",
    "ange",
    "heim",
    "-la-Forêt",
    "euil",
    "-du-Lac",
)


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
    broken_links: int = 0  # internal links that answer 404
    https: bool = False  # plain HTTP redirects to HTTPS on the farm's TLS port
    tls_broken: bool = False  # listed as https://, but the server speaks only plain HTTP
    filler_pages: int = 3

    @property
    def listed_host(self) -> str | None:
        """The host written in the targets file."""
        if self.host is None:
            return None
        return f"www.{self.host}" if self.www_redirect else self.host

    @property
    def js_only(self) -> bool:
        """Pages built by JavaScript: only a rendered page shows their links and text."""
        return self.cms == "wix"

    @property
    def home_path(self) -> str:
        return "/fr/accueil" if self.redirect == "chain" else "/"


def draw_population(rng: random.Random, index: int) -> tuple[str, int]:
    # The first sites walk through every stratum so that even a small farm has peers to compare.
    stratum = (
        STRATA[index]
        if index < len(STRATA)
        else rng.choices(STRATA, weights=[s[3] for s in STRATA])[0]
    )
    label, low, high, _ = stratum
    return label, int(low * (high / low) ** rng.random())


def draw_name(rng: random.Random) -> str:
    return f"{rng.choice(_PREFIXES)}{rng.choice(_ROOTS)}{rng.choice(_SUFFIXES)}"


def _socials(rng: random.Random, slug: str, quality: float) -> list[SocialLink]:
    handle = "Ville" + "".join(part.capitalize() for part in slug.split("-"))
    links = []
    for platform, (written, canonical) in PLATFORM_URLS.items():
        if rng.random() < PLATFORM_CHANCES[platform] * quality:
            name = (
                slug
                if platform == "linkedin"
                else handle.lower()
                if platform in ("mastodon", "peertube")
                else handle
            )
            url = written.format(handle=name)
            if platform == "facebook" and rng.random() < 0.3:
                url += "/?utm_source=site&utm_medium=footer"  # tracking that must be dropped
            placement = rng.choice(("header", "footer", "footer", "body"))
            links.append(SocialLink(platform, url, canonical.format(handle=name), placement, name))
    return links


def _quality(rng: random.Random, kind: str, stratum: str) -> float:
    """How much a site shows: bigger authorities tend to show more, as in reality."""
    rank = {"epci": 3, "departement": 5, "region": 6}.get(kind)
    if rank is None:
        rank = [s[0] for s in STRATA].index(stratum)
    return min(1.0, max(0.05, 0.35 + 0.1 * rank + rng.uniform(-0.2, 0.3)))


def _draw_failures(rng: random.Random, site: Site) -> bool:
    """Sites that cannot be crawled; True when the site is one of them."""
    roll = rng.random()
    site.dead = roll < 0.04
    site.robots_disallow_all = 0.04 <= roll < 0.065
    site.home_error = 0.065 <= roll < 0.09
    site.redirect = "loop" if 0.09 <= roll < 0.10 else None
    site.hangs = 0.10 <= roll < 0.103
    return roll < 0.103


def _draw_content(rng: random.Random, site: Site, quality: float) -> None:
    site.cms = rng.choices(CMS_FAMILIES, weights=CMS_WEIGHTS)[0]
    if site.cms == "e-monsite":
        site.host = f"{site.slug}.e-monsite.com"  # a free host, not an own domain
        site.www_redirect = False
    site.encoding = rng.choices(ENCODINGS, weights=(80, 8, 6, 6))[0]
    site.broken_html = rng.random() < 0.15
    site.redirect = site.redirect or ("chain" if rng.random() < 0.05 else None)
    site.slow_ms = rng.choice((400, 900, 1500)) if rng.random() < 0.05 else 0
    if rng.random() < 0.3 + 0.6 * quality:
        site.a11y_level = rng.choices(A11Y_LEVELS, weights=(1, 3, 4))[0]
    if site.a11y_level and rng.random() < 0.85:
        site.statement_path = rng.choice(
            (
                "/accessibilite",
                "/declaration-accessibilite",
                "/documents/declaration-accessibilite.pdf",
            )
        )
    if rng.random() < 0.5 + 0.45 * quality:
        site.notice_path = rng.choice(
            ("/mentions-legales", "/mentions-legales.html", "/infos/mentions")
        )
    if rng.random() < 0.2 + 0.7 * quality:
        site.privacy_path = rng.choice(("/politique-de-confidentialite", "/donnees-personnelles"))
    site.socials = _socials(rng, site.slug, quality)
    handle = "".join(part.capitalize() for part in site.slug.split("-"))
    site.decoys = [
        Decoy(owner, url.format(handle=handle, slug=site.slug.replace("-", "_")), text)
        for owner, url, text in DECOY_ACCOUNTS
        # Drawn for every owner first, so that the filter changes no other draw: the
        # intercommunality's account is someone else's only on a commune's site.
        if rng.random() < 0.12 and (owner != "intercommunalité" or site.kind == "commune")
    ]
    site.share_buttons = rng.random() < 0.5
    site.eservices = sorted(slug for slug in ESERVICES if rng.random() < 0.15 + 0.35 * quality)
    site.franceconnect = rng.random() < 0.1 * quality
    site.alerts = sorted(slug for slug in ALERT_APPS if rng.random() < 0.12)
    if rng.random() < 0.08 + 0.4 * quality * quality:
        site.opendata_portal = rng.choice(
            (
                f"https://www.data.gouv.fr/fr/organizations/{site.slug}",
                f"https://data.{site.host}/explore",
            )
        )
    site.trackers = sorted(slug for slug in TRACKERS if rng.random() < 0.12)
    if site.trackers and rng.random() < 0.6:
        site.consent_manager = rng.choice(sorted(CONSENT_MANAGERS))
    site.news_dates = sorted(
        (FARM_TODAY - timedelta(days=int(rng.expovariate(1 / (20 + 200 * (1 - quality))))))
        for _ in range(rng.randint(0, 5))
    )[::-1]
    site.sitemap = rng.random() < 0.4
    site.trap = rng.choices((None, "calendar", "session"), weights=(90, 6, 4))[0]
    site.large_page = rng.random() < 0.03
    site.binary_file = rng.random() < 0.05
    site.broken_links = rng.choice((0, 0, 0, 1, 2))
    site.filler_pages = rng.randint(2, 6)


def make_site(
    seed: int,
    index: int,
    kind: str,
    code: str,
    name: str,
    slug: str,
    host: str,
    departement: str | None,
) -> Site:
    rng = random.Random(f"{seed}:{index}:features")
    if kind == "commune":
        stratum, population = draw_population(rng, index)
    else:
        stratum, population = (
            kind,
            rng.randint(20000, 2000000) if kind != "epci" else rng.randint(8000, 300000),
        )
    site = Site(
        index=index,
        kind=kind,
        code=code,
        name=name,
        departement=departement,
        population=population,
        stratum=stratum,
        slug=slug,
        host=host,
    )
    quality = _quality(rng, kind, stratum)
    no_site_chance = (0.3 if population < 500 else 0.05) if kind == "commune" else 0.0
    if index >= len(STRATA) and rng.random() < no_site_chance:
        site.host = None
        return site
    site.www_redirect = rng.random() < 0.25
    if not _draw_failures(rng, site):
        _draw_content(rng, site, quality)
        # A stream of its own, so that adding these draws changed no other feature of a site.
        tls = random.Random(f"{seed}:{index}:tls")
        site.tls_broken = tls.random() < 0.015
        site.https = not site.tls_broken and tls.random() < 0.5
    return site
