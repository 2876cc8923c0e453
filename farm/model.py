"""Synthetic communes of the farm: what each site is made of, drawn deterministically from a seed."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

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
DEPARTEMENTS = [
    "01",
    "02",
    "03",
    "07",
    "13",
    "14",
    "15",
    "21",
    "22",
    "24",
    "26",
    "29",
    "31",
    "33",
    "34",
    "35",
    "38",
    "42",
    "44",
    "45",
    "49",
    "56",
    "59",
    "62",
    "63",
    "64",
    "67",
    "69",
    "72",
    "74",
    "76",
    "77",
    "80",
    "85",
    "86",
    "2A",
    "971",
    "974",
]
CMS_FAMILIES = ("wordpress", "spip", "drupal", "joomla", "plain")
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


@dataclass
class Site:
    """One synthetic commune and everything its website shows (or fails to)."""

    index: int
    code: str
    name: str
    departement: str
    population: int
    stratum: str
    slug: str
    # Website: None when the commune has none; `dead` when its host never answers DNS.
    host: str | None
    dead: bool = False
    www_redirect: bool = False  # the listed URL is www.<host>, which redirects to <host>
    robots_disallow_all: bool = False
    home_error: bool = False  # the home page answers 500
    cms: str = "plain"
    a11y_level: str | None = None
    statement_path: str | None = None
    notice_path: str | None = None
    privacy_path: str | None = None
    socials: list[SocialLink] = field(default_factory=list)
    share_buttons: bool = False
    filler_pages: int = 3

    @cached_property
    def listed_host(self) -> str | None:
        """The host written in the targets file."""
        if self.host is None:
            return None
        return f"www.{self.host}" if self.www_redirect else self.host


def _population(rng: random.Random, index: int) -> tuple[str, int]:
    # The first sites walk through every stratum so that even a small farm has peers to compare.
    if index < len(STRATA):
        stratum = STRATA[index]
    else:
        stratum = rng.choices(STRATA, weights=[share for *_, share in STRATA])[0]
    label, low, high, _ = stratum
    return label, int(low * (high / low) ** rng.random())


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_PREFIXES)}{rng.choice(_ROOTS)}{rng.choice(_SUFFIXES)}"


def _socials(rng: random.Random, slug: str, quality: float) -> list[SocialLink]:
    handle = "".join(part.capitalize() for part in slug.split("-"))
    links = []
    for platform, (written, canonical) in PLATFORM_URLS.items():
        chance = {"facebook": 0.85, "instagram": 0.5, "youtube": 0.35}.get(platform, 0.3)
        if rng.random() < chance * quality:
            name = slug if platform == "linkedin" else f"Ville{handle}"
            url = written.format(handle=name)
            if platform == "facebook" and rng.random() < 0.3:
                url += "/?utm_source=site&utm_medium=footer"  # tracking that must be dropped
            placement = rng.choice(("header", "footer", "footer", "body"))
            links.append(SocialLink(platform, url, canonical.format(handle=name), placement))
    return links


def make_site(seed: int, index: int, code: str, name: str, slug: str, host: str) -> Site:
    """Draw a site's features; bigger communes tend to show more, as in reality."""
    rng = random.Random(f"{seed}:{index}:features")
    stratum, population = _population(rng, index)
    departement = code[:3] if code.startswith("97") else code[:2]
    quality = min(
        1.0,
        0.35
        + 0.1 * STRATA.index(next(s for s in STRATA if s[0] == stratum))
        + rng.uniform(-0.2, 0.3),
    )
    site = Site(
        index=index,
        code=code,
        name=name,
        departement=departement,
        population=population,
        stratum=stratum,
        slug=slug,
        host=host,
    )
    if index >= len(STRATA) and rng.random() < (0.3 if population < 500 else 0.05):
        site.host = None
        return site
    roll = rng.random()
    site.dead = roll < 0.04
    site.robots_disallow_all = 0.04 <= roll < 0.07
    site.home_error = 0.07 <= roll < 0.10
    site.www_redirect = rng.random() < 0.25
    site.cms = rng.choices(CMS_FAMILIES, weights=(40, 20, 10, 10, 20))[0]
    if rng.random() < 0.3 + 0.6 * quality:
        site.a11y_level = rng.choices(A11Y_LEVELS, weights=(1, 3, 4))[0]
    if site.a11y_level and rng.random() < 0.85:
        site.statement_path = rng.choice(("/accessibilite", "/declaration-accessibilite"))
    if rng.random() < 0.5 + 0.45 * quality:
        site.notice_path = rng.choice(
            ("/mentions-legales", "/mentions-legales.html", "/infos/mentions")
        )
    if rng.random() < 0.2 + 0.7 * quality:
        site.privacy_path = rng.choice(("/politique-de-confidentialite", "/donnees-personnelles"))
    site.socials = _socials(rng, slug, quality)
    site.share_buttons = rng.random() < 0.5
    site.filler_pages = rng.randint(2, 6)
    return site
