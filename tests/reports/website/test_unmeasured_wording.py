"""An authority page without a score says why in the words of its status: a site parked or
sent elsewhere was visited, not "explored" (the `ok` status's label); a commune with no site
was not failed by Vigie, it has no site to measure."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import lxml.html

from database.statuses import SCAN_STATUSES
from reports.website.build import write_site
from reports.website.content import AuthorityPage, SiteContent
from reports.website.wording import no_score_reason
from tests.reports.website.conftest import Site
from tests.reports.website.fixtures import ATTEMPTED, sample_content

NO_SITE = "aucun site connu pour cette collectivité"
FAILED = "Vigie n'a pas pu mesurer son site"


def fold(text: str) -> str:
    """Spaces of every kind (no-break ones included) as one plain space."""
    return " ".join(text.split())


def rendered(content: SiteContent, page: AuthorityPage, out: Path) -> str:
    """The text of the page's "Non mesuré" box as the website shows it, spaces folded (the
    history table below may rightly say "Site exploré" of an earlier campaign)."""
    write_site(replace(content, authority_pages=iter([page])), out)
    html = lxml.html.fromstring((out / page.path).read_bytes())
    [box] = html.xpath("//section[contains(@class, 'non-mesure')]")
    return fold(box.text_content())


def test_the_reason_for_no_score_follows_the_status() -> None:
    assert no_score_reason("no_website") == NO_SITE
    assert no_score_reason(None) == "Vigie n'a pas exploré son site dans cette campagne"
    assert no_score_reason("ok") == "son site a été exploré, mais pas noté avec ce modèle de score"
    for status in ("parked", "redirected_offsite", "timeout", "render_failed", "dns_failure"):
        assert no_score_reason(status) == FAILED


def test_an_authority_with_no_site_is_not_said_to_be_unmeasured_by_vigie(
    site: Site, tmp_path: Path
) -> None:
    region = site.page("44", "region")
    assert region.status == SCAN_STATUSES["no_website"].label
    assert region.no_score_reason == NO_SITE
    text = rendered(site.content, region, tmp_path)
    assert f"Ce n'est pas une note de zéro : {NO_SITE}." in text
    assert "pas pu mesurer" not in text
    assert "Site exploré" not in text


def test_a_site_redirected_elsewhere_was_visited_not_explored(site: Site, tmp_path: Path) -> None:
    redirected = site.page("53001")
    assert redirected.status == SCAN_STATUSES["redirected_offsite"].label
    assert redirected.no_score_reason == FAILED
    text = rendered(site.content, replace(redirected, pages_read=1), tmp_path)
    assert fold(f"Adresse visitée {redirected.attempted} : 1 page lue.") in text
    assert "Site exploré" not in text
    assert f"Ce n'est pas une note de zéro : {FAILED}." in text


def test_the_sample_page_not_measured_reads_its_pages_as_an_address_visited(
    tmp_path: Path,
) -> None:
    content = sample_content()
    [page] = [p for p in content.authority_pages if not p.measured][:1]
    parked = replace(page, status=SCAN_STATUSES["parked"].label, pages_read=1)
    text = rendered(content, parked, tmp_path)
    assert f"Adresse visitée {ATTEMPTED} : 1 page lue." in text
    assert "Site exploré" not in text
