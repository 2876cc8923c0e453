"""Real pages of ../shared/corpus, each with the findings a person read in its markup
(evaluation/corpus/<page>.json): every case holds both ways, its known misses included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evaluation.accuracy import (
    ExpectationError,
    PageCase,
    check_corpus,
    load_cases,
    pages_without_case,
)
from pipelines.extractors import extract_page
from pipelines.extractors.documents import page_from_bytes

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.page for case in CASES])
def test_real_page_findings(corpus: Path, case: PageCase) -> None:
    """Exactly the findings of the case, but for its known misses; and each known miss still
    happens (one that no longer does must leave the case, so the list never goes stale)."""
    (check,) = check_corpus(corpus, [case])
    assert sorted(check.new) == [], f"{case.page}: differences no case names"
    assert sorted(check.stale) == [], f"{case.page}: known misses that no longer happen"
    findings = extract_page(page_from_bytes(case.url, (corpus / case.page).read_bytes()))
    assert all(f.snippet and f.evidence_url == case.url for f in findings)


def test_every_page_of_the_corpus_has_a_case(corpus: Path) -> None:
    assert pages_without_case(corpus, CASES) == []
    assert len(CASES) >= 28


def test_the_cases_hold_findings_and_reasons() -> None:
    """The cases are the truth of many pages, not an empty list that passes."""
    assert sum(len(case.findings) for case in CASES) > 150
    assert {case.page.split("/")[0] for case in CASES} == {
        "dsfr-1.10.2-examples",
        "loire-atlantique-templates",
        "murol",
        "national-sites",
        "w3c-bad",
    }


# The mechanism on a page of our own, so that it is tested without ../shared.
PAGE = """<!-- Pattern: a commune's page with its legal notice link in the footer -->
<!DOCTYPE html><html lang="fr"><head><title>Mairie de Saint-Exemple</title></head>
<body><header><a href="#contenu">Aller au contenu</a><nav><a href="/">Accueil</a></nav></header>
<main id="contenu"><h1>Bienvenue à Saint-Exemple</h1></main>
<footer><a href="/mentions-legales">Mentions légales</a></footer></body></html>
"""
NOTICE = {"feature": "legal.notice_url", "value": "http://saint-exemple.fr/mentions-legales"}
DOMAIN = {"feature": "tech.domain", "value": "own", "why": "saint-exemple.fr"}


def write_case(folder: Path, findings: list[dict[str, str]], misses: list[dict[str, str]]) -> Path:
    """A corpus folder with the page above and a cases folder with its case; the cases."""
    (folder / "corpus" / "commune").mkdir(parents=True)
    (folder / "corpus" / "commune" / "accueil.html").write_text(PAGE, encoding="utf-8")
    case: dict[str, Any] = {
        "page": "commune/accueil.html",
        "url": "http://saint-exemple.fr/",
        "findings": findings,
        "known_misses": misses,
    }
    (folder / "cases" / "commune").mkdir(parents=True)
    (folder / "cases" / "commune" / "accueil.json").write_text(json.dumps(case), "utf-8")
    return folder / "cases"


def test_a_case_that_holds(tmp_path: Path) -> None:
    cases = load_cases(write_case(tmp_path, [{**NOTICE, "why": "footer"}, DOMAIN], []))
    (check,) = check_corpus(tmp_path / "corpus", cases)
    assert check.holds
    assert len(check.holding) == 2


def test_a_known_miss_holds_and_a_stale_one_fails(tmp_path: Path) -> None:
    """Known: the notice link taken as absent. It is found, so the known miss is stale."""
    miss = {**NOTICE, "kind": "missing", "why": "read as absent"}
    cases = load_cases(write_case(tmp_path, [{**NOTICE, "why": "footer"}, DOMAIN], [miss]))
    (check,) = check_corpus(tmp_path / "corpus", cases)
    assert check.stale == {("missing", NOTICE["feature"], NOTICE["value"])}
    assert not check.holds


def test_a_difference_no_case_names_fails(tmp_path: Path) -> None:
    cases = load_cases(write_case(tmp_path, [DOMAIN], []))
    (check,) = check_corpus(tmp_path / "corpus", cases)
    assert check.new == {("unexpected", NOTICE["feature"], NOTICE["value"])}
    unexpected = {**NOTICE, "kind": "unexpected", "why": "said to be wrong"}
    other = tmp_path / "again"
    (check,) = check_corpus(other / "corpus", load_cases(write_case(other, [DOMAIN], [unexpected])))
    assert check.holds
    assert check.known_unexpected == {(NOTICE["feature"], NOTICE["value"])}


@pytest.mark.parametrize(
    ("findings", "misses", "said"),
    [
        ([{"feature": "tech.domain", "value": "own"}], [], "exactly the keys"),
        ([DOMAIN], [{**NOTICE, "kind": "missing", "why": "x"}], "not among the findings"),
        ([DOMAIN], [{**DOMAIN, "kind": "unexpected"}], "among the findings"),
        ([DOMAIN], [{**NOTICE, "kind": "absent", "why": "x"}], "kind is one of"),
        ([DOMAIN, DOMAIN], [], "twice"),
        ([{"feature": "readability.kandel_moles", "value": "64", "why": "x"}], [], "measurement"),
    ],
    ids=["no why", "missing not found", "unexpected found", "unknown kind", "twice", "score"],
)
def test_a_malformed_case_is_named(
    tmp_path: Path, findings: list[dict[str, str]], misses: list[dict[str, str]], said: str
) -> None:
    with pytest.raises(ExpectationError, match=f"accueil.json: .*{said}"):
        load_cases(write_case(tmp_path, findings, misses))


def test_a_case_lives_at_its_page_path(tmp_path: Path) -> None:
    cases = write_case(tmp_path, [DOMAIN], [])
    (cases / "commune" / "accueil.json").rename(cases / "commune" / "home.json")
    with pytest.raises(ExpectationError, match="belongs at commune/accueil.json"):
        load_cases(cases)
