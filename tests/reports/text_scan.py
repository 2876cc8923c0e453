"""Every text a reader of a deck, a workbook or a document sees, and the raw codes in it.

`texts_of_pptx`, `texts_of_xlsx` and `texts_of_docx` list the texts of a file (text frames,
table cells, chart categories and series names; cells; paragraphs, tables, headers and
footers); `raw_codes(texts)` lists what in them should have been French: a vocabulary value
or a feature key as the crawl stores it (local-procedure, own-domain, brevo, a11y.mention), a
brand with the crawl's spelling (Youtube, Linkedin), an ISO date, a decimal point.
`extractor_vocabulary()` reads the values from the extractors' own constants."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from database.statuses import SCAN_STATUSES
from database.vocabulary import SOCIAL_PLATFORMS, VALUE_LABELS
from pipelines.extractors import (
    a11y_checks,
    accessibility,
    attractiveness,
    axe,
    channels,
    cms,
    contact,
    inclusion,
    opendata,
    participation,
    quality,
    services,
    social,
    tracking,
    transparency,
    transport,
)
from pipelines.extractors.page import Link, Page
from reports.labels import FEATURE_LABELS

# Vocabulary values that are also ordinary French words: seen in a sentence, they are French.
FRENCH_WORDS = frozenset(
    {
        "non",
        "totalement",
        "partiellement",
        "emploi",
        "logement",
        "commerces",
        "associations",
        "tourisme",
        "concertation",
        "consultation",
        "label",
        "place",
        "list",
        "region",
        "synapse",
        "ok",
    }
)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# A decimal point in a number (80.5); not a version after "RGAA ", not inside a name or URL.
DECIMAL_POINT = re.compile(r"(?<![\w.,/\-])(?<!RGAA )\d+\.\d+(?![\w.])")
# A code's edges: not inside a word, a host name, a path or an address.
BEFORE, AFTER = r"(?<![\w.\-/@])", r"(?![\w\-/@]|\.\w)"


def _slugs(pairs: Iterable[tuple[str, object]]) -> set[str]:
    return {slug for slug, _ in pairs}


def _mention_levels() -> set[str]:
    """The levels the mention's own pattern gives, for each way sites write it."""
    texts = (
        "Accessibilité : totalement conforme",
        "Accessibilité : partiellement conforme",
        "Accessibilité : non conforme",
        "Accessibilité : conformité partielle",
        "Accessibilité : conformité totale",
        "Accessibilité : non-conformité",
    )
    levels = set()
    for text in texts:
        for finding in accessibility.extract_mention(Page("https://a.fr/", f"<p>{text}</p>", {})):
            levels.add(finding.value)
    return levels


def _fediverse_platforms() -> set[str]:
    """Mastodon and PeerTube, which the extractor recognises by the path, not the host."""
    links = (
        Link("https://mastodon.social/@ville", "Mastodon", "me", ""),
        Link("https://peertube.example/a/ville", "PeerTube", "", ""),
    )
    return {found[0] for link in links if (found := social.profile_of(link))}


def _newsletter_values() -> set[str]:
    """The vendors, and `own` for a sign-up page of the site itself."""
    html = '<a href="/lettre">Inscription à la newsletter</a>'
    own = channels.extract_newsletter(Page("https://www.ville.fr/", html, {}))
    return set(channels.NEWSLETTER_HOSTS.values()) | {finding.value for finding in own}


def axe_rules() -> set[str]:
    """The rule ids of the axe-core script the crawl runs (rules have tags, checks do not)."""
    source = axe.axe_source()
    rules = set()
    for match in re.finditer(r'\{id:"([a-z0-9-]+)"', source):
        following = source[match.end() : match.end() + 3000]
        ahead = following.find('{id:"')
        if "tags:[" in following[: ahead if ahead > 0 else 3000]:
            rules.add(match.group(1))
    return rules


def extractor_vocabulary() -> dict[str, set[str]]:
    """feature -> every value the extractors can store for it, from their own constants."""
    platforms = {platform for platform, _ in social.PLATFORMS.values()}
    eservices = set(services.ESERVICE_HOSTS.values()) | set(services.SERVICE_KINDS)
    trackers = _slugs(tracking.TRACKERS)
    return {
        "a11y.mention": _mention_levels(),
        "a11y.check_failed": set(a11y_checks.CHECKS),
        "a11y.axe_violation": axe_rules(),
        "tech.cms": _slugs(cms.GENERATORS) | _slugs(cms.ASSET_SIGNATURES)
        | _slugs(cms.CREDIT_LINKS),
        "tech.domain": {
            cms.domain_kind(host)
            for host in ("www.ville.fr", "ville.collectivite.fr", "ville.e-monsite.com")
        },
        "eservices.platform": eservices,
        "eservices.kind": {kind for kinds in services.SERVICE_KINDS.values() for kind in kinds},
        "alerts.app": set(services.ALERT_HOSTS.values()),
        "alerts.newsletter": _newsletter_values(),
        "contact.mailbox": {
            channels.mailbox_kind(address, "ville.fr")
            for address in ("mairie@ville.fr", "mairie@gmail.com", "mairie@agglo.fr")
        },
        "opendata.file": set(opendata.DATA_FORMATS.values()),
        "opendata.licence": _slugs(opendata.LICENCES),
        "trackers": trackers,
        "trackers.without_consent": trackers,
        "consent.manager": _slugs(tracking.CONSENT_MANAGERS),
        "security.header": set(transport.SECURITY_HEADERS),
        "transparency.buyer_profile": set(transparency.BUYER_PROFILE_HOSTS.values()),
        "participation.platform": set(participation.PLATFORM_HOSTS.values()) | {"decidim"},
        "participation.topic": _slugs(participation.TOPICS),
        "inclusion.topic": _slugs(inclusion.TOPICS) | set(inclusion.HOSTS.values()),
        "attractiveness.topic": _slugs(attractiveness.TOPICS)
        | set(attractiveness.JOB_BOARDS.values()),
        "social": platforms | _fediverse_platforms(),
        "quality.viewport": {quality.RESPONSIVE},
        "quality.search": {quality.PRESENT},
        "contact.hours": {contact.PRESENT},
        "services.feedback": set(quality.FEEDBACK_HOSTS.values()),
    }  # fmt: skip


def _codes() -> tuple[set[str], dict[str, str]]:
    """The codes no reader should see, and the crawl's spelling of brands (Youtube) -> the
    right one (YouTube)."""
    values = {value for values in extractor_vocabulary().values() for value in values}
    values |= {value for labels in VALUE_LABELS.values() for value in labels}
    values |= set(SOCIAL_PLATFORMS) | {"true", "false"}
    features = set(FEATURE_LABELS) | {f"social.{platform}" for platform in SOCIAL_PLATFORMS}
    codes = {code for code in values - FRENCH_WORDS if len(code) > 1 and code.islower()}
    codes |= features | {status for status in SCAN_STATUSES if status not in FRENCH_WORDS}
    brands = {
        value.capitalize(): label
        for labels in (*VALUE_LABELS.values(), SOCIAL_PLATFORMS)
        for value, label in labels.items()
        if len(value) > 1 and label[:1].isupper() and not label.startswith(value.capitalize())
    }
    return codes, brands


def raw_codes(texts: Iterable[str]) -> list[str]:
    """Each raw code found, as `code  «the text around it»`."""
    codes, brands = _codes()
    code_pattern = re.compile(
        BEFORE + "(" + "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True)) + ")"
        + AFTER
    )  # fmt: skip
    brand_pattern = re.compile(r"\b(" + "|".join(map(re.escape, brands)) + r")\b")
    found = []
    for text in texts:
        hits = [
            m for pattern in (code_pattern, ISO_DATE, DECIMAL_POINT) for m in pattern.finditer(text)
        ]
        hits += [
            m for m in brand_pattern.finditer(text) if not text.startswith(brands[m[1]], m.start())
        ]
        found += [f"{m.group(0)}  «{text[max(m.start() - 40, 0) : m.end() + 40]}»" for m in hits]
    return found


def _shape_texts(shapes: Iterable[object]) -> Iterator[str]:
    for shape in shapes:
        if getattr(shape, "shape_type", None) == 6:  # a group: its own shapes
            yield from _shape_texts(shape.shapes)  # type: ignore[attr-defined]
        if getattr(shape, "has_text_frame", False):
            yield shape.text_frame.text  # type: ignore[attr-defined]
        if getattr(shape, "has_table", False):
            for row in shape.table.rows:  # type: ignore[attr-defined]
                yield from (cell.text for cell in row.cells)
        if getattr(shape, "has_chart", False):
            yield from _chart_texts(shape.chart)  # type: ignore[attr-defined]


def _chart_texts(chart: object) -> Iterator[str]:
    if chart.has_title and chart.chart_title.has_text_frame:  # type: ignore[attr-defined]
        yield chart.chart_title.text_frame.text  # type: ignore[attr-defined]
    for plot in chart.plots:  # type: ignore[attr-defined]
        yield from (str(category) for category in plot.categories)
        yield from (series.name or "" for series in plot.series)


def texts_of_pptx(path: Path) -> list[str]:
    """Every text of every slide: text frames, tables, charts; and the notes."""
    from pptx import Presentation

    texts = []
    for slide in Presentation(str(path)).slides:
        texts += list(_shape_texts(slide.shapes))
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return [text for text in texts if text]


def texts_of_xlsx(path: Path) -> list[str]:
    """Every sheet's name and every text cell (numbers are numbers, formatted by the sheet)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    texts = list(workbook.sheetnames)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            texts += [value for value in row if isinstance(value, str) and value]
    return texts


def texts_of_docx(path: Path) -> list[str]:
    """Every paragraph, table cell, header and footer of a document."""
    from docx import Document

    document = Document(str(path))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        for part in (section.header, section.footer):
            texts += [paragraph.text for paragraph in part.paragraphs]
    return [text for text in texts if text]
