"""The classes of the organisations the sites link to: readable rules by domain, every vendor
the extractors know named a vendor (or the State's own service), unknown left "autre"."""

from __future__ import annotations

import pytest

from crawler.urls import registered_domain
from database.actor_classes import CLASS_LABELS, OTHER, RULES, classify, organisation_label
from pipelines.extractors.channels import NEWSLETTER_HOSTS
from pipelines.extractors.cms_sources import BUILDER_SITES
from pipelines.extractors.participation import PLATFORM_HOSTS
from pipelines.extractors.services import ALERT_HOSTS, ESERVICE_HOSTS
from pipelines.extractors.transparency import BUYER_PROFILE_HOSTS

# Hosts of the extractors' vendor tables that are public bodies, not vendors.
# Mégalis Bretagne (a syndicat mixte) and Maximilien (a GIP of Île-de-France's buyers).
PUBLIC_BODIES = {"megalis.bretagne.bzh", "maximilien.fr"}


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("service-public.fr", "etat"),
        ("prefecture-44.gouv.fr", "etat"),
        ("france-services.gouv.fr", "france_services"),
        ("tourisme-pays-de-retz.fr", "tourisme"),
        ("ot-vannes.fr", "tourisme"),
        ("ac-nantes.fr", "ecole"),
        ("helloasso.com", "association"),
        ("comite-des-fetes-bron.fr", "association"),
        ("ouest-france.fr", "presse"),
        ("panneaupocket.com", "prestataire"),
        ("facebook.com", "reseau"),
        # A user's subdomain of a free host is its own organisation, not the builder.
        ("amicale-laique.e-monsite.com", "association"),
        ("saint-martin.e-monsite.com", OTHER),
        ("agence-pixel.fr", OTHER),
    ],
)
def test_domains_are_classified_by_readable_rules(domain: str, expected: str) -> None:
    assert classify(domain) == expected


def test_every_vendor_the_extractors_know_is_a_vendor_or_the_state() -> None:
    hosts = {*ESERVICE_HOSTS, *ALERT_HOSTS, *PLATFORM_HOSTS, *NEWSLETTER_HOSTS}
    hosts |= {*BUYER_PROFILE_HOSTS, *(d for _, domains in BUILDER_SITES for d in domains)}
    misses = {
        host: classify(registered_domain(host))
        for host in hosts - PUBLIC_BODIES
        if classify(registered_domain(host)) not in ("prestataire", "etat")
    }
    assert misses == {}


def test_every_class_has_its_french_label() -> None:
    assert {rule.actor_class for rule in RULES} | {OTHER} <= set(CLASS_LABELS)
    assert all(label and label == label.strip() for label in CLASS_LABELS.values())


def test_a_platform_hosting_many_organisations_is_named_as_what_it_is() -> None:
    assert organisation_label("helloasso.com") == "HelloAsso (plateforme d'associations)"
    assert organisation_label("www.helloasso.com") == "HelloAsso (plateforme d'associations)"
    assert classify("helloasso.com") == "association"
    assert organisation_label("comite-des-fetes-bron.fr") == "comite-des-fetes-bron.fr"
