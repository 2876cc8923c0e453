"""axe-core's report from a rendered page, as findings."""

from __future__ import annotations

from pipelines.extractors.axe import AXE_RUN, axe_findings, axe_source, detector

URL = "https://www.saint-exemple.fr/"


def test_each_violated_rule_is_one_finding_with_its_first_element() -> None:
    report = [
        {"id": "image-alt", "html": '<img src="/bandeau.jpg">'},
        {"id": "label", "html": '<input name="q">'},
        {"id": "image-alt", "html": '<img src="/autre.jpg">'},
    ]
    found = axe_findings(URL, report)
    assert [(f.feature, f.value, f.snippet) for f in found] == [
        ("a11y.axe_violation", "image-alt", '<img src="/bandeau.jpg">'),
        ("a11y.axe_violation", "label", '<input name="q">'),
    ]
    assert {f.evidence_url for f in found} == {URL}


def test_a_report_that_is_not_what_the_script_returns_gives_nothing() -> None:
    # A page could redefine `axe`: whatever comes back is checked before it is believed.
    assert axe_findings(URL, None) == []
    assert axe_findings(URL, "<script>") == []
    assert axe_findings(URL, [{"id": 3}, "x", {"html": "<p>"}]) == []


def test_the_bundled_engine_and_its_version() -> None:
    assert axe_source().startswith("/*! axe v4.")
    assert detector().startswith("axe-core/4.")
    assert "axe.run(document" in AXE_RUN
