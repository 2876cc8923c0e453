"""How each farm site's features are drawn: failures, CMS, content, in rough real-world shares."""

from __future__ import annotations

import random
from datetime import timedelta

from farm.model import (
    A11Y_LEVELS,
    CMS_FAMILIES,
    CMS_WEIGHTS,
    ENCODINGS,
    FARM_TODAY,
    FREE_HOST,
    LATE_PLATFORM_CHANCES,
    LATE_PLATFORM_URLS,
    PLATFORM_CHANCES,
    PLATFORM_URLS,
    STRATA,
    Decoy,
    Site,
    SocialLink,
    Statement,
)
from farm.real_world import draw_real_world
from farm.service_quality import draw_service_quality
from farm.vendors import (
    ALERT_APPS,
    ATTRACTIVENESS_TOPICS,
    BUYER_PROFILES,
    CONSENT_MANAGERS,
    DECOY_ACCOUNTS,
    ESERVICES,
    INCLUSION_LINKS,
    PARTICIPATION_PLATFORMS,
    PARTICIPATION_TOPICS,
    PERMIT_DESKS,
    TRACKERS,
)

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


def draw_late_socials(rng: random.Random, site: Site, quality: float) -> None:
    """Bluesky and Dailymotion accounts, added after the site's other accounts."""
    handle = "Ville" + "".join(part.capitalize() for part in site.slug.split("-"))
    for platform, (written, canonical) in LATE_PLATFORM_URLS.items():
        if rng.random() >= LATE_PLATFORM_CHANCES[platform] * quality:
            continue
        name = handle
        if platform == "bluesky":
            own_domain = site.host is not None and rng.random() < 0.3
            name = site.host if own_domain and site.host else f"{site.slug}.bsky.social"
        placement = rng.choice(("header", "footer", "footer", "body"))
        url, expected = written.format(handle=name), canonical.format(handle=name)
        site.socials.append(SocialLink(platform, url, expected, placement, name))


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
        site.host = f"{site.slug}.{FREE_HOST}"  # a free host, not an own domain
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


# (fate, upper bound of its draw): parked 5.5 %, moved 4.5 %, offsite 2 % of live sites;
# more than in reality, so that the 60-site test farm shows each.
FATES = (("parked", 0.055), ("moved", 0.10), ("offsite", 0.12))
HOSTILE_CHANCES = {"gzip_bomb": 0.05, "endless_body": 0.05, "slow_drip": 0.05}
# Of HTTPS sites.
SECURITY_HEADER_CHANCES = {
    "strict-transport-security": 0.5,
    "x-content-type-options": 0.3,
    "referrer-policy": 0.2,
    "content-security-policy": 0.1,
}


def _draw_accessibility(rng: random.Random, site: Site, quality: float) -> None:
    site.skip_link = rng.random() < 0.2 + 0.6 * quality
    site.image_without_alt = rng.random() < 0.5 - 0.3 * quality
    site.vague_link = rng.random() < 0.25
    site.zoom_blocked = rng.random() < 0.1


def _draw_statement(rng: random.Random, level: str, quality: float) -> Statement:
    """Statements as communes fill in the model: many without an audit, old audits, RGAA 3."""
    audited = level != "non" or rng.random() < 0.3
    audit_date = FARM_TODAY - timedelta(days=rng.randint(30, 6 * 365)) if audited else None
    rate = None
    if audited:
        low, high = {"totalement": (100, 100), "partiellement": (50, 99), "non": (5, 49)}[level]
        rate = float(rng.randint(low, high))
        if rate < 100 and rng.random() < 0.3:
            rate += 0.5
    return Statement(
        audit_date=audit_date,
        rate=rate,
        rgaa_version=rng.choices(("4.1", "4.1.2", "4", "3 2017", None), weights=(5, 3, 1, 1, 1))[0],
        contact=rng.random() < 0.3 + 0.6 * quality,
        recourse=rng.random() < 0.4 + 0.5 * quality,
        schema=rng.random() < 0.1 + 0.4 * quality,
    )


def _draw_civic(rng: random.Random, site: Site, quality: float) -> None:
    """Transparency, participation, direct channels, DPO, freshness and newcomers' pages."""
    if site.a11y_level and site.statement_path:
        site.statement = _draw_statement(rng, site.a11y_level, quality)
    site.acts_page = rng.random() < 0.35 + 0.5 * quality
    site.budget_page = rng.random() < 0.2 + 0.5 * quality
    site.council_video = site.acts_page and rng.random() < 0.05 + 0.4 * quality * quality
    if rng.random() < 0.05 + 0.4 * quality:
        site.buyer_profile = rng.choice(sorted(BUYER_PROFILES))
    if rng.random() < 0.02 + 0.25 * quality * quality:
        site.participation_platform = rng.choice(sorted(PARTICIPATION_PLATFORMS))
    site.participation_topics = tuple(
        topic for topic in PARTICIPATION_TOPICS if rng.random() < 0.03 + 0.2 * quality
    )
    site.newsletter = rng.choices(("mailchimp", "brevo", "own", None), weights=(1, 1, 2, 8))[0]
    # Small communes on a free host write from their internet provider's mailbox.
    personal = site.cms == "e-monsite" or rng.random() < 0.4 * (1 - quality)
    site.mailbox = rng.choices(("personal" if personal else "own-domain", None), (4, 1))[0]
    site.dpo_contact = bool(site.privacy_path) and rng.random() < 0.2 + 0.5 * quality
    if rng.random() < 0.45:
        site.copyright_year = FARM_TODAY.year - rng.choices((0, 1, 2, 5, 9), (5, 3, 2, 1, 1))[0]
    site.attractiveness_topics = tuple(
        topic for topic in ATTRACTIVENESS_TOPICS if rng.random() < 0.1 + 0.35 * quality
    )
    if rng.random() < 0.25 + 0.55 * quality:
        site.permit_desk = rng.choices(sorted(PERMIT_DESKS), weights=(3, 1, 2))[0]
    site.permit_info_page = rng.random() < 0.4
    site.smart_agenda = rng.random() < 0.08
    site.contact_form = rng.random() < 0.2 + 0.5 * quality
    if rng.random() < 0.05 + 0.35 * quality * quality:
        site.data_files = tuple(f for f in ("csv", "geojson", "xlsx", "json") if rng.random() < 0.6)
        if site.data_files and rng.random() < 0.8:
            site.data_licence = rng.choices(("licence-ouverte", "odbl"), weights=(4, 1))[0]
    site.inclusion_topics = tuple(
        topic for topic in INCLUSION_LINKS if rng.random() < 0.05 + 0.2 * quality
    )
    if rng.random() < 0.3:
        site.updated_on = FARM_TODAY - timedelta(days=rng.randint(0, 400))


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
    stratum, population = _draw_size(rng, kind, index)
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
        # Streams of their own, so that adding these draws changed no other feature of a site.
        _draw_accessibility(random.Random(f"{seed}:{index}:a11y"), site, quality)
        _draw_civic(random.Random(f"{seed}:{index}:civic"), site, quality)
        _draw_serving(seed, index, site)
        draw_real_world(random.Random(f"{seed}:{index}:real-world"), site)
        draw_late_socials(random.Random(f"{seed}:{index}:late-socials"), site, quality)
        draw_service_quality(random.Random(f"{seed}:{index}:service-quality"), site, quality)
    return site


def _draw_size(rng: random.Random, kind: str, index: int) -> tuple[str, int]:
    """(stratum, population): communes by stratum, other authorities by their kind."""
    if kind == "commune":
        return draw_population(rng, index)
    return kind, rng.randint(20000, 2000000) if kind != "epci" else rng.randint(8000, 300000)


def _draw_serving(seed: int, index: int, site: Site) -> None:
    """How a live site is served: TLS, fate of its domain, validators, hostile pages, headers."""
    tls = random.Random(f"{seed}:{index}:tls")
    site.tls_broken = tls.random() < 0.015
    site.https = not site.tls_broken and tls.random() < 0.5
    fate = random.Random(f"{seed}:{index}:fate").random()
    site.fate = next((name for name, upper in FATES if fate < upper), None)
    if site.fate in ("moved", "offsite"):
        site.www_redirect = False
    site.cache_validators = random.Random(f"{seed}:{index}:cache").random() < 0.6
    hostile = random.Random(f"{seed}:{index}:hostile")
    site.hostile = tuple(
        kind for kind, chance in HOSTILE_CHANCES.items() if hostile.random() < chance
    )
    headers = random.Random(f"{seed}:{index}:headers")
    drawn = tuple(
        name for name, chance in SECURITY_HEADER_CHANCES.items() if headers.random() < chance
    )
    site.security_headers = drawn if site.https else ()
