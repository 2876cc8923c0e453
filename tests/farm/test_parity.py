"""The farm's vendor tables (farm/vendors.py) against the extractor's (pipelines/extractors/).

The farm's truth names a vendor by slug and gives its kinds of service from its own table;
the extractor recognises the same vendor from a link's host. Each vendor the farm plants must
come out of the extractor as the same slug, and both tables must give it the same kinds. The
extractor may know vendors the farm plants no link to: each such vendor is listed below with
why, so that a new one on either side fails here until someone decides which side is right.
(Tests may import both: only the farm package is bound not to import the project.)
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pytest

from crawler.items import Finding
from farm import vendors
from farm.paths import PERMIT_DESK_TEXT
from pipelines.extractors import channels, participation, services, transparency
from pipelines.extractors.page import Page

SLUG, NUMBER = "saint-exemple", 12
PAGE_URL = f"https://www.{SLUG}.fr/demarches"
Extractor = Callable[[Page], list[Finding]]


def _found(extract: Extractor, feature: str, markup: str) -> set[str]:
    """The values of `feature` the extractor finds in `markup`, on a page of the site."""
    page = Page(PAGE_URL, f"<html><body>{markup}</body></html>", {})
    return {finding.value for finding in extract(page) if finding.feature == feature}


def _link(url: str, text: str) -> str:
    return f'<a href="{html.escape(url.format(slug=SLUG, number=NUMBER))}">{text}</a>'


# slug -> a link as farm sites write it, for every online service the farm plants.
PLANTED_ESERVICES = {
    **{slug: _link(url, text) for slug, (url, text) in vendors.ESERVICES.items()},
    **{slug: _link(url, PERMIT_DESK_TEXT) for slug, url in vendors.PERMIT_DESKS.items()},
    "smart-agenda": _link(vendors.SMART_AGENDA, "Rendez-vous en mairie"),
    "franceconnect": vendors.FRANCECONNECT_BUTTON,
}
# Real vendors (docs/features.md, /work/shared/domain/signals.md) the extractor recognises and
# no farm site links to. Planting one would take a draw per site in farm/generation.py and so
# change every seed's sites and truth; the extractor is right to know them, and the farm does
# not test their detection (nor does any saved case in tests/ today).
NOT_PLANTED_ESERVICES = {"clicrdv"}  # appointments (ID cards, passports)
NOT_PLANTED_ALERT_APPS = {"cityall"}


def test_both_tables_give_each_platform_the_same_kinds() -> None:
    # The farm's table lacked ClicRDV, which docs/features.md lists as an appointment vendor:
    # the extractor was right, and the farm's table now has it (no farm site links to it).
    assert vendors.SERVICE_KINDS == services.SERVICE_KINDS


def test_every_planted_platform_has_kinds_and_nothing_else_is_missing() -> None:
    assert set(PLANTED_ESERVICES) == set(vendors.SERVICE_KINDS) - NOT_PLANTED_ESERVICES
    assert NOT_PLANTED_ESERVICES.issubset(services.SERVICE_KINDS)


@pytest.mark.parametrize("slug", sorted(PLANTED_ESERVICES))
def test_the_extractor_recognises_each_planted_platform(slug: str) -> None:
    markup = PLANTED_ESERVICES[slug]
    assert _found(services.extract_eservices, "eservices.platform", markup) == {slug}
    kinds = _found(services.extract_eservices, "eservices.kind", markup)
    assert kinds == set(vendors.SERVICE_KINDS[slug])


@pytest.mark.parametrize("slug", sorted(vendors.ALERT_APPS))
def test_the_extractor_recognises_each_planted_alert_app(slug: str) -> None:
    url, text = vendors.ALERT_APPS[slug]
    assert _found(services.extract_alert_apps, "alerts.app", _link(url, text)) == {slug}


def test_alert_apps_known_to_the_extractor_only() -> None:
    known = set(services.ALERT_HOSTS.values())
    assert known - set(vendors.ALERT_APPS) == NOT_PLANTED_ALERT_APPS


def _case(extract: Extractor, feature: str, markup: str, slug: str) -> object:
    return pytest.param(extract, feature, markup, slug, id=f"{feature}={slug}")


OTHER_VENDORS = [
    *(
        _case(participation.extract_participation, "participation.platform", _link(url, "x"), slug)
        for slug, url in vendors.PARTICIPATION_PLATFORMS.items()
    ),
    *(
        _case(
            transparency.extract_buyer_profile, "transparency.buyer_profile", _link(url, "x"), slug
        )
        for slug, url in vendors.BUYER_PROFILES.items()
    ),
    *(
        _case(
            channels.extract_newsletter,
            "alerts.newsletter",
            f'<form method="post" action="{action.format(slug=SLUG)}"></form>',
            slug,
        )
        for slug, action in vendors.NEWSLETTER_FORMS.items()
    ),
]


@pytest.mark.parametrize(("extract", "feature", "markup", "slug"), OTHER_VENDORS)
def test_the_extractor_recognises_the_farms_other_vendors(
    extract: Extractor, feature: str, markup: str, slug: str
) -> None:
    # The extractor knows more of these vendors than the farm plants (Civocracy, Maximilien,
    # Mailjet...): a subset on purpose, each planted one must still be recognised.
    assert _found(extract, feature, markup) == {slug}
