"""Writing the public website: `write_site(content, out)` pours a `SiteContent` into the
Jinja2 templates of `templates/` and writes plain HTML files, the stylesheet, the search
script and its index into `out`. Nothing else is needed to read the site: every link is
relative to the page it is on, so the folder works from file:// and from any sub-folder of a
web server. Authority pages are written one at a time as the iterator yields them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

from database.statuses import NOT_MEASURED, SCAN_STATUSES
from database.vocabulary import SOCIAL_PLATFORMS
from reports.french import NARROW_NBSP, counted, french_count, long_date
from reports.labels import FEATURE_FAMILIES, FEATURE_LABELS, feature_label
from reports.thresholds import MIN_SITES
from reports.website.content import AuthorityLine, AuthorityPage, Link, SiteContent
from reports.website.search_index import fold, index_script, search_example
from reports.website.wording import departement_name

SITE_NAME = "Vigie — services en ligne des collectivités"
STATIC_FILES = ("site.css", "recherche.js")
MAP_FILE = "carte.png"
INDEX_FILE = "recherche-index.js"

# (key, text, path) of the main navigation, on every page.
NAVIGATION = (
    ("accueil", "Accueil", "index.html"),
    ("collectivites", "Collectivités", "collectivites.html"),
    ("methode", "Méthode", "methode.html"),
    ("statuts", "Statuts", "statuts.html"),
    ("donnees", "Données", "donnees.html"),
    ("contester", "Contester", "contester.html"),
    ("licence", "Licence", "licence.html"),
)
# The pages that only say how Vigie works: (template and file name, title).
STATIC_PAGES = (
    ("methode", "Comment Vigie mesure"),
    ("statuts", "Les statuts d'exploration"),
    ("donnees", "Les données et leur dictionnaire"),
    ("contester", "Contester un constat"),
    ("licence", "Licence et citation"),
    ("accessibilite", "Déclaration d'accessibilité"),
)
# A duty's status as a CSS class: the status codes themselves are never shown.
DUTY_CLASSES = {
    "met": "respectee",
    "unmet": "non-respectee",
    "unknown": "inconnue",
    "n/a": "non-concernee",
}
# Where the authorities without a département (régions...) are listed.
NO_DEPARTEMENT = "Collectivités sans département (régions et autres)"
# French typography: a no-break space before ":" and a narrow one before ";" (the templates
# write them as &nbsp; and &#8239;).
NBSP = "\u00a0"
SENTENCE_ENDS = (".", "!", "?", "…")


@dataclass(frozen=True)
class SiteSummary:
    pages: int  # HTML pages written
    bytes: int  # size of every file written: pages, stylesheet, scripts, index, map
    out: Path


class StatusRow(NamedTuple):
    label: str
    meaning: str
    consequence: str


class AuthorityGroup(NamedTuple):
    """The authorities of one département on the full list, by name."""

    heading: str
    path: str | None  # the département's page, when the site has one
    authorities: list[AuthorityLine]


def is_web_address(url: object) -> bool:
    """An address a link may point to outside the site: http or https only (a crawled page
    could hold a `javascript:` address, shown then as text, never as a link)."""
    return isinstance(url, str) and urlsplit(url.strip()).scheme in ("http", "https")


def is_mail_address(url: object) -> bool:
    return isinstance(url, str) and url.startswith("mailto:") and "@" in url


def is_contact_address(url: object) -> bool:
    return is_web_address(url) or is_mail_address(url)


def mail_recipient(url: str) -> str:
    """The address a "mailto:" link writes to, as a reader would copy it: no scheme, no
    pre-filled fields ("mailto:vigie@example.org?cc=x" → "vigie@example.org")."""
    return urlsplit(url).path


def as_sentence(text: str) -> str:
    """A label shown on its own as a sentence: capital first, full stop last."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith(SENTENCE_ENDS) else f"{text}."


def page_root(path: str) -> str:
    """The prefix from a page back to the site's root: "" for index.html, "../" one level
    down. `path` must stay inside the site (relative, no "..")."""
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or "\\" in path or ".." in parts or ":" in path:
        raise ValueError(f"a page's path must be relative and inside the site: {path!r}")
    return "../" * (len(parts) - 1)


def make_environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("reports.website", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["count"] = french_count
    environment.filters["counted"] = counted
    environment.filters["long_date"] = long_date
    environment.filters["duty_class"] = lambda status: DUTY_CLASSES.get(status, "inconnue")
    environment.filters["mail_recipient"] = mail_recipient
    environment.filters["sentence"] = as_sentence
    environment.tests["web_address"] = is_web_address
    environment.tests["mail_address"] = is_mail_address
    environment.tests["contact_address"] = is_contact_address
    environment.globals.update(site_name=SITE_NAME, navigation=NAVIGATION, min_sites=MIN_SITES)
    return environment


class SiteWriter:
    """Renders pages into `out`, counting what it writes."""

    def __init__(self, content: SiteContent, out: Path) -> None:
        self.content = content
        self.out = out
        self.environment = make_environment()
        self.pages = 0
        self.bytes = 0
        self._folders: set[Path] = set()

    def write_bytes(self, path: str, data: bytes) -> None:
        page_root(path)  # refuses a path outside the site
        target = self.out.joinpath(*PurePosixPath(path).parts)
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        target.write_bytes(data)
        self.bytes += len(data)

    def page(self, path: str, template: str, current: str = "", **values: Any) -> None:
        """One HTML page at `path`: `root` leads back to the site's root from it."""
        html = self.environment.get_template(template).render(
            site=self.content, root=page_root(path), current=current, **values
        )
        self.write_bytes(path, html.encode("utf-8"))
        self.pages += 1

    def summary(self) -> SiteSummary:
        return SiteSummary(pages=self.pages, bytes=self.bytes, out=self.out)


def departement_names(content: SiteContent) -> dict[str, str]:
    """Each département code of the site with its label, "Loire-Atlantique (44)", worded as
    the authority pages word it (`wording.departement_name`)."""
    return {
        territory.code: departement_name(territory.code)
        for territory in content.territories
        if territory.kind == "Département"
    }


def groups_by_departement(content: SiteContent) -> list[AuthorityGroup]:
    """Every authority of the index under its département, départements by code, names in
    alphabetical order whatever their accents."""
    names = departement_names(content)
    pages = {t.code: t.path for t in content.territories if t.kind == "Département"}
    grouped: dict[str, list[AuthorityLine]] = {}
    for line in content.index:
        grouped.setdefault(line.departement, []).append(line)
    groups = []
    for code in sorted(grouped, key=lambda code: (code == "", code)):
        heading = names.get(code, f"Département {code}") if code else NO_DEPARTEMENT
        members = sorted(grouped[code], key=lambda line: (fold(line.name), line.code))
        groups.append(AuthorityGroup(heading, pages.get(code), members))
    return groups


def status_rows() -> list[StatusRow]:
    """Every scan status, its meaning and what it does to the authority's score."""
    rows = []
    for code, status in SCAN_STATUSES.items():
        if code == "ok":
            consequence = "Le site est noté et classé parmi ses pairs."
        elif code in NOT_MEASURED:
            consequence = (
                f"Non mesuré{NBSP}: l'exploration a échoué, pas le site. Pas de note{NARROW_NBSP};"
                " le site sera exploré à nouveau."
            )
        else:
            consequence = f"Pas de note ni de rang{NBSP}: jamais compté comme zéro."
        rows.append(StatusRow(status.label, status.meaning, consequence))
    return rows


def feature_rows() -> list[tuple[str, str]]:
    """(key, French label) of every feature the data holds, social platforms included."""
    social = [
        (f"social.{platform}", feature_label(f"social.{platform}")) for platform in SOCIAL_PLATFORMS
    ]
    return sorted([*FEATURE_LABELS.items(), *social])


def write_static_pages(writer: SiteWriter) -> None:
    extra: dict[str, dict[str, Any]] = {
        "statuts": {"statuses": status_rows()},
        "donnees": {
            "features": feature_rows(),
            "families": sorted(FEATURE_FAMILIES.items()),
        },
    }
    for name, title in STATIC_PAGES:
        writer.page(f"{name}.html", f"{name}.html", name, title=title, **extra.get(name, {}))


def write_assets(writer: SiteWriter) -> None:
    """The stylesheet and the search script, the search index, the map when drawn."""
    static = files("reports.website").joinpath("static")
    for name in STATIC_FILES:
        writer.write_bytes(f"static/{name}", static.joinpath(name).read_bytes())
    index = index_script(writer.content.index, departement_names(writer.content))
    writer.write_bytes(INDEX_FILE, index.encode("ascii"))
    if writer.content.home.map_png is not None:
        writer.write_bytes(MAP_FILE, writer.content.home.map_png)


def home_territories(content: SiteContent) -> tuple[list[Link], list[Link]]:
    """The home page's links to the territories, as two lists: the régions, the
    départements, each in the order the home page gives them."""
    regions = {t.path for t in content.territories if t.kind == "Région"}
    links = content.home.territories
    return (
        [link for link in links if link.path in regions],
        [link for link in links if link.path not in regions],
    )


def write_lists(writer: SiteWriter) -> None:
    """The home page, the full list of authorities, one page per territory."""
    content = writer.content
    regions, departements = home_territories(content)
    writer.page(
        "index.html",
        "index.html",
        "accueil",
        home=content.home,
        regions=regions,
        departements=departements,
        map_file=MAP_FILE,
        search_hint=search_example(content.index),
    )
    writer.page(
        "collectivites.html",
        "collectivites.html",
        "collectivites",
        groups=groups_by_departement(content),
    )
    for territory in content.territories:
        writer.page(territory.path, "territoire.html", territory=territory)


def write_authority_pages(writer: SiteWriter, pages: Iterable[AuthorityPage]) -> None:
    """One page per authority, each written as soon as it is read: memory stays flat."""
    for authority in pages:
        writer.page(authority.path, "collectivite.html", page=authority)


def write_site(content: SiteContent, out: Path) -> SiteSummary:
    """Write the whole site into `out` (created if needed) and say what was written."""
    out.mkdir(parents=True, exist_ok=True)
    writer = SiteWriter(content, out)
    write_lists(writer)
    write_static_pages(writer)
    write_authority_pages(writer, content.authority_pages)
    write_assets(writer)
    return writer.summary()
