"""Open data published by the site itself: downloadable data files (`opendata.file`) and the
open licence they are under (`opendata.licence`). Portals linked are `opendata.portal`
(services.py)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from crawler.items import Finding

from pipelines.extractors.once import once_per_value
from pipelines.extractors.page import Link, Page

DETECTOR = "opendata/1"

# Extension of a linked file -> format slug. Office documents count only in their data forms
# (spreadsheets), never .pdf or .doc.
DATA_FORMATS = {
    "csv": "csv",
    "json": "json",
    "geojson": "geojson",
    "xlsx": "xlsx",
    "xls": "xls",
    "ods": "ods",
    "parquet": "parquet",
    "shp": "shp",
    "gpkg": "gpkg",
    "kml": "kml",
}
EXTENSION = re.compile(r"\.([a-z0-9]{2,8})$", re.IGNORECASE)
LICENCES = (
    (
        "licence-ouverte",
        re.compile(
            r"licence\s+ouverte|open\s+licen[cs]e|etalab(?:-|\s+)2\.0"
            r"|etalab\.gouv\.fr/licence-ouverte",
            re.IGNORECASE,
        ),
    ),
    (
        "odbl",
        re.compile(
            r"\bODbL\b|open\s+database\s+licen[cs]e|opendatacommons\.org/licenses/odbl",
            re.IGNORECASE,
        ),
    ),
)


def data_format(url: str) -> str | None:
    extension = EXTENSION.search(unquote(urlsplit(url).path))
    return DATA_FORMATS.get(extension.group(1).lower()) if extension else None


def extract_data_files(page: Page) -> list[Finding]:
    found = [(slug, link.snippet) for link in page.links if (slug := data_format(link.url))]
    return once_per_value("opendata.file", found, page.url, DETECTOR)


# Words every match of a licence's pattern holds (`Page.folded_text`): where none is, the
# pattern is not searched for.
LICENCE_WORDS = {"licence-ouverte": ("licen", "etalab"), "odbl": ("odbl", "licen")}
# The words a match of each pattern begins with: the text is searched from the first one on.
LICENCE_STARTS = {"licence-ouverte": ("licence", "open", "etalab"), "odbl": ("odbl", "open")}


def _haystacks(page: Page, slug: str) -> list[tuple[str, int, Link | None]]:
    """The page's text, then each link's text and address, where a word of `slug` can be,
    with where to start searching."""
    words = LICENCE_WORDS[slug]
    haystacks: list[tuple[str, int, Link | None]] = []
    start = page.text_from(LICENCE_STARTS[slug])
    if start is not None and any(word in page.folded_text for word in words):
        haystacks.append((page.text, start, None))
    if any(word in page.folded_links for word in words):
        # Only the links whose own folded line holds a word.
        haystacks += [
            (f"{link.text} {link.url}", 0, link)
            for link, line in zip(page.links, page.folded_link_lines, strict=True)
            if any(word in line for word in words)
        ]
    return haystacks


def extract_licence(page: Page) -> list[Finding]:
    """A licence named in the page's text or in a link to its text."""
    found = []
    for slug, words in LICENCES:
        for haystack, start, link in _haystacks(page, slug):
            match = words.search(haystack, start)
            if match:
                snippet = link.snippet if link else match.group(0)
                found.append(Finding("opendata.licence", slug, page.url, snippet, DETECTOR))
                break
    return found
