"""Pure extractors: a fetched page in, findings with their evidence out.

The crawl's entry point is `pipelines.extractors.reading.read_response` (what a fetched
response is, its findings, its links); `extract_page` below runs every extractor over a page
already parsed, and `aggregate.aggregate_site` gives a site's findings once all its pages are
read.
"""

from __future__ import annotations

from collections.abc import Callable

from crawler.items import Finding

from pipelines.extractors.a11y_checks import extract_a11y_checks
from pipelines.extractors.accessibility import extract_mention, extract_statement
from pipelines.extractors.attractiveness import extract_attractiveness
from pipelines.extractors.channels import (
    extract_contact_form,
    extract_mailboxes,
    extract_newsletter,
)
from pipelines.extractors.cms import extract_cms, extract_domain_kind, extract_dsfr
from pipelines.extractors.contact import extract_hours, extract_phone
from pipelines.extractors.freshness import (
    extract_copyright_year,
    extract_last_modified,
    extract_latest_news,
    extract_updated,
)
from pipelines.extractors.inclusion import extract_inclusion
from pipelines.extractors.legal import extract_dpo, extract_legal
from pipelines.extractors.opendata import extract_data_files, extract_licence
from pipelines.extractors.page import Page
from pipelines.extractors.participation import extract_participation
from pipelines.extractors.quality import extract_feedback, extract_search, extract_viewport
from pipelines.extractors.readability import extract_readability
from pipelines.extractors.services import extract_alert_apps, extract_eservices, extract_opendata
from pipelines.extractors.social import extract_social
from pipelines.extractors.statement import extract_statement_content
from pipelines.extractors.tracking import extract_consent, extract_trackers
from pipelines.extractors.transparency import (
    extract_acts,
    extract_budget,
    extract_buyer_profile,
    extract_council_video,
)
from pipelines.extractors.transport import extract_transport

EXTRACTORS: tuple[Callable[[Page], list[Finding]], ...] = (
    extract_social,
    extract_mention,
    extract_statement,
    extract_legal,
    extract_cms,
    extract_dsfr,
    extract_eservices,
    extract_alert_apps,
    extract_opendata,
    extract_trackers,
    extract_consent,
    extract_latest_news,
    extract_a11y_checks,
    extract_transport,
    extract_statement_content,
    extract_acts,
    extract_budget,
    extract_council_video,
    extract_buyer_profile,
    extract_participation,
    extract_newsletter,
    extract_mailboxes,
    extract_contact_form,
    extract_dpo,
    extract_copyright_year,
    extract_last_modified,
    extract_domain_kind,
    extract_attractiveness,
    extract_readability,
    extract_data_files,
    extract_licence,
    extract_updated,
    extract_inclusion,
    extract_viewport,
    extract_search,
    extract_phone,
    extract_hours,
    extract_feedback,
)


def extract_page(page: Page) -> list[Finding]:
    """Every extractor over one parsed page (parsed once, shared)."""
    return [finding for extractor in EXTRACTORS for finding in extractor(page)]


__all__ = ["EXTRACTORS", "Finding", "Page", "extract_page"]
