"""Every value the crawl can store has one French label (database/vocabulary.py), read from the
extractors' own constants; `value_label` turns any finding's value into French; the scanner of
raw codes catches what it is meant to catch."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from database.vocabulary import SOCIAL_PLATFORMS, VALUE_LABELS, platform_label
from reports.french import long_date
from reports.labels import feature_label, value_label
from scoring.model import load_model
from tests.reports.text_scan import FRENCH_WORDS, extractor_vocabulary, raw_codes

FEATURES_DOC = Path(__file__).resolve().parents[2] / "docs" / "features.md"


@pytest.mark.parametrize("feature", sorted(extractor_vocabulary()))
def test_every_value_an_extractor_can_store_has_a_french_label(feature: str) -> None:
    values = extractor_vocabulary()[feature]
    assert values, feature  # the constants were found
    labels = SOCIAL_PLATFORMS if feature == "social" else VALUE_LABELS[feature]
    assert sorted(values - set(labels)) == [], f"{feature}: values without a French label"


def test_labels_are_french_not_codes() -> None:
    """No label is its own code, and no label holds a raw code, an ISO date or a decimal point."""
    labels = [label for labels in VALUE_LABELS.values() for label in labels.values()]
    labels += list(SOCIAL_PLATFORMS.values())
    assert raw_codes(labels) == []
    for feature, values in VALUE_LABELS.items():
        for value in values:
            if value not in FRENCH_WORDS:
                assert value_label(feature, value) != value, (feature, value)


def test_every_feature_of_the_documentation_has_a_french_name() -> None:
    documented = re.findall(r"^\| `([a-z0-9_.]+)` \|", FEATURES_DOC.read_text(), re.MULTILINE)
    assert len(documented) > 30
    for feature in documented:
        assert feature_label(feature) != feature, feature
    for platform in extractor_vocabulary()["social"]:
        assert feature_label(f"social.{platform}").endswith(platform_label(platform))


def test_brands_are_spelt_as_they_spell_themselves() -> None:
    spelt = {
        ("consent.manager", "axeptio"): "Axeptio",
        ("alerts.newsletter", "brevo"): "Brevo",
        ("trackers", "google-analytics"): "Google Analytics",
        ("trackers", "matomo"): "Matomo",
        ("tech.cms", "wordpress"): "WordPress",
        ("tech.cms", "drupal"): "Drupal",
        ("tech.cms", "typo3"): "TYPO3",
        ("tech.cms", "joomla"): "Joomla!",
        ("eservices.platform", "franceconnect"): "FranceConnect",
    }
    for (feature, value), brand in spelt.items():
        assert value_label(feature, value) == brand
    for platform, brand in {
        "facebook": "Facebook",
        "x": "X (Twitter)",
        "youtube": "YouTube",
        "linkedin": "LinkedIn",
        "instagram": "Instagram",
    }.items():
        assert platform_label(platform) == brand


def test_values_that_are_not_vocabulary_are_written_in_french() -> None:
    assert value_label("a11y.mention", "non") == "non conforme"
    assert value_label("a11y.mention", "partiellement") == "partiellement conforme"
    assert value_label("a11y.conformity_rate", "80.5") == "80,5\u202f%"
    assert value_label("a11y.conformity_rate", "100") == "100\u202f%"
    assert value_label("a11y.audit_date", "2022-06-17") == "17 juin 2022"
    assert value_label("freshness.last_modified", "2026-10-01") == long_date(date(2026, 10, 1))
    assert value_label("a11y.rgaa_version", "4.1.2") == "RGAA 4.1.2"
    # measures a reader can place on their scale
    assert value_label("readability.kandel_moles", "55.4") == (
        "55 sur 100 (100 : le plus facile à lire)"
    )
    assert value_label("quality.load_time", "1234") == "1,2\u202fs"
    assert value_label("tech.dsfr", "true") == "oui"
    assert value_label("eservices.kind", "local-procedure") == "démarches locales en ligne"
    assert value_label("contact.mailbox", "own-domain") == "adresse au nom du site"
    assert value_label("a11y.check_failed", "skip-link") == "pas de lien d'évitement valide"
    assert value_label("a11y.axe_violation", "image-alt") == "image sans alternative textuelle"
    # a value that is not what its feature stores is left as it is, never made up
    assert value_label("a11y.audit_date", "bientôt") == "bientôt"


def test_feature_families_of_the_model_have_a_french_name() -> None:
    assert feature_label("social.") == "Lien vers un réseau social (tout réseau)"
    assert "opendata" not in feature_label("opendata.")


def test_the_state_design_system_reads_as_reserved_to_the_state_not_as_a_refusal() -> None:
    """The indicator rewards a local site for not borrowing the State's design system (DSFR),
    which is reserved to the State's services: its label says so, rather than "no use of the
    State's design", which a mayor reads as "not adopting the State's design is good"."""
    [indicator] = [i for i in load_model().indicators if i.key == "no_dsfr_misuse"]
    assert indicator.label == "N'emprunte pas le système de design réservé à l'État (DSFR)"
    assert feature_label(indicator.feature) == "Système de design réservé à l'État (DSFR)"
    assert not indicator.label.startswith("Pas d'usage")


def test_the_scanner_finds_codes_dates_and_decimal_points_and_lets_french_through() -> None:
    raw = [
        "Type de démarche : local-procedure",
        "Adresse : own-domain",
        "Audit du 2022-06-17",
        "Taux : 80.5 %",
        "Réseau : Youtube",
        "Lettre : brevo",
        "Constat : a11y.mention",
        "Contrôle : skip-link",
    ]
    assert [found.split()[0] for found in raw_codes(raw)] == [
        "local-procedure",
        "own-domain",
        "2022-06-17",
        "80.5",
        "Youtube",
        "brevo",
        "a11y.mention",
        "skip-link",
    ]
    fine = [
        "RGAA 4.1.2",
        "robots.txt respecté",
        "www.service-public.fr/particuliers",
        "Décret 2019-768",
        "Poids : 0,25",
        "modèle vigie-2026.1",
        "Joomla!, YouTube, X (Twitter)",
        "Mention d'accessibilité : non conforme",
        "/demarches-simplifiees/formulaire",
    ]
    assert raw_codes(fine) == []
