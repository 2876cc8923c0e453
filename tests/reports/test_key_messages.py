"""The deck's sentences: key findings and recommendations from given figures."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from database.scope import Scope
from reports.data import ReportData
from reports.key_messages import key_findings, recommendations
from scoring.compliance_run import DutySummary


def figures(**changes: object) -> ReportData:
    data = ReportData(
        run_id=1,
        run_started=datetime(2026, 11, 1, tzinfo=UTC),
        model_version="test",
        scope=Scope("national"),
        statuses=Counter(ok=5, no_website=1, timeout=1),
        strata=["0-499"],
        ok_by_stratum=Counter({"0-499": 5}),
        adoption={},
        adoption_overall={"eservices.": 80.0, "participation.": 20.0, "opendata.": 40.0},
        ranking=[],
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def test_one_of_a_kind_is_said_in_the_singular() -> None:
    assert key_findings(figures())[0] == (
        "5 des 7 collectivités ont un site exploré (71\u202f%) ; 1 n'a pas de site référencé et 1"
        " n'a pas pu être explorée."
    )


def test_the_rarest_practice_is_named_with_its_share() -> None:
    assert (
        "Le plus rare : participation citoyenne, sur 20\u202f% des sites explorés."
        in key_findings(figures())
    )


def test_unmet_duties_come_first_widest_gap_first_then_rare_practices() -> None:
    compliance = [
        DutySummary("legal_notice", "Mentions légales", 7, met=4, unmet=1, unknown=2),
        DutySummary("a11y_statement", "Déclaration", 7, met=1, unmet=4, unknown=2),
        DutySummary("open_data", "Open data", 3, met=1, unmet=0, unknown=2, decidable=False),
    ]
    found = recommendations(figures(compliance=compliance))
    assert [r.basis.startswith("Obligation : ") for r in found] == [True, True, False, False]
    assert found[0].evidence == "4 des 5 sites vérifiés ne la respectent pas (80\u202f%)."
    assert found[1].evidence == "1 des 5 sites vérifiés ne la respecte pas (20\u202f%)."
    assert found[2].evidence == "80\u202f% des 5 sites explorés ne l'offrent pas."  # participation
    assert found[3].evidence == "60\u202f% des 5 sites explorés ne l'offrent pas."  # open data
    assert len(found) == 4  # online services are on 80\u202f% of the sites: no recommendation


def test_sites_not_measured_are_said_apart_from_those_that_failed() -> None:
    statuses = Counter(ok=5, no_website=1, timeout=1, render_failed=1, no_browser=1)
    assert key_findings(figures(statuses=statuses))[0] == (
        "5 des 9 collectivités ont un site exploré (56\u202f%) ; 1 n'a pas de site référencé et 3"
        " n'ont pas pu être explorées, dont 2 non mesurées (sites construits en JavaScript :"
        " navigateur absent ou rendu impossible)."
    )
