"""The farm plants service quality (farm/service_quality.py, issue 23) in a share of its sites,
in varied markup and beside its traps, and its truth says which: read page by page with the
extractors and the site rule, every served page of a site gives exactly the truth's findings.
(Tests may import both: only the farm package is bound not to import the project.)"""

from __future__ import annotations

from collections import Counter

from farm.catalogue import Farm
from farm.model import Site
from farm.pages import text_pages
from farm.routes import route
from farm.service_quality import (
    FEEDBACK_FORMS,
    FIXED_VIEWPORTS,
    HOURS_FORMS,
    HOURS_TRAPS,
    PHONE_PLACES,
    RESPONSIVE_VIEWPORTS,
    SEARCH_FORMS,
)
from farm.truth import expected_findings, expected_status
from pipelines.extractors import EXTRACTORS
from pipelines.extractors.aggregate import aggregate_site
from pipelines.extractors.documents import page_from_bytes

FARM = Farm(400, 7, 8000)
FEATURES = frozenset(
    {"quality.viewport", "quality.search", "contact.phone", "contact.hours", "services.feedback"}
)
# The extractors of these features, as `extract_page` runs them (the others left out for time).
READERS = [
    extractor
    for extractor in EXTRACTORS
    if extractor.__module__ in ("pipelines.extractors.quality", "pipelines.extractors.contact")
]


def measured_statically(site: Site) -> bool:
    """Live, and readable without a browser (its pages and footer are served as HTML)."""
    return expected_status(site) == "ok" and not site.rendered_by_browser


def served_findings(site: Site) -> set[tuple[str, str]]:
    """The site's findings of these features, read from every page as the farm serves it."""
    base = FARM.base_url(site)
    port = FARM.tls_port if site.https else FARM.port
    pages = []
    for path in text_pages(site):
        answer = route(FARM, f"{site.host}:{port}", path, secure=site.https)
        assert answer.status == 200, (site.host, path, answer.status)
        content_type = answer.headers.get("Content-Type")
        page = page_from_bytes(base + path, answer.body, content_type, {})
        depth = 0 if path == site.home_path else 1
        found = [f for read in READERS for f in read(page)]
        pages.append((depth, base + path, found))
    return {(f.feature, f.value) for f in aggregate_site(pages)}


def test_every_site_read_page_by_page_gives_exactly_its_truth() -> None:
    assert len(READERS) == 5
    sites = [site for site in FARM.sites() if measured_statically(site)]
    assert len(sites) > 200
    wrong = []
    for site in sites:
        truth = {
            (f["feature"], f["value"])
            for f in expected_findings(FARM, site)
            if f["feature"] in FEATURES
        }
        found = served_findings(site)
        if found != truth:
            wrong.append((site.index, sorted(truth - found), sorted(found - truth)))
    assert wrong == []


def test_each_feature_is_planted_on_some_sites_and_not_on_others() -> None:
    live = [site for site in FARM.sites() if expected_status(site) == "ok"]
    seen = Counter(
        f["feature"]
        for site in live
        for f in expected_findings(FARM, site)
        if f["feature"] in FEATURES
    )
    for feature in FEATURES:
        assert 0.05 * len(live) < seen[feature] < 0.95 * len(live), (feature, seen[feature])


def test_every_form_and_every_trap_is_planted() -> None:
    facts = [s.service_quality for s in FARM.sites() if measured_statically(s)]
    drawn = [fact for fact in facts if fact is not None]
    assert {fact.viewport for fact in drawn} == set(RESPONSIVE_VIEWPORTS) | set(FIXED_VIEWPORTS)
    assert {fact.search for fact in drawn} == set(SEARCH_FORMS) | {None}
    assert any(fact.newsletter_trap for fact in drawn)
    assert {fact.phone_place for fact in drawn if fact.phone} == set(PHONE_PLACES)
    assert any(fact.international == "33" for fact in drawn if fact.phone)
    assert any(fact.fax and fact.phone for fact in drawn)  # a fax beside the phone
    assert any(fact.fax and not fact.phone for fact in drawn)  # a fax alone: no phone
    assert {fact.hours for fact in drawn} == set(HOURS_FORMS) | {None}
    assert {fact.hours_trap for fact in drawn if not fact.hours} == set(HOURS_TRAPS)
    assert {fact.feedback for fact in drawn} == set(FEEDBACK_FORMS) | {None}
    assert any(fact.own_opinion_page and not fact.feedback for fact in drawn)


def test_an_overseas_site_writes_its_number_with_its_country_code() -> None:
    overseas = [
        site
        for site in FARM.sites()
        if measured_statically(site)
        and site.departement in ("971", "972", "973", "974", "976")
        and site.service_quality
        and site.service_quality.phone
    ]
    assert overseas
    for site in overseas:
        facts = site.service_quality
        assert facts is not None
        assert facts.international in ("590", "596", "594", "262")
        assert ("contact.phone", facts.phone) in served_findings(site)
