"""The legal checklist: which duties apply, and met, unmet or unknown, never guessed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, update

from database.models import Authority as AuthorityRow
from scoring.compliance import Authority, checklist
from scoring.compliance_run import compliance_rows, summarise
from tests.scoring.test_compute import build

RUN_DAY = date(2026, 11, 1)


def statuses(authority: Authority, findings: dict[str, set[str]] | None) -> dict[str, tuple]:
    return {s.duty.key: (s.applies, s.status) for s in checklist(authority, findings, RUN_DAY)}


def test_a_small_commune_without_findings() -> None:
    got = statuses(Authority("commune", 800), {})
    assert got["a11y_mention"] == ("yes", "unmet")
    assert got["legal_notice"] == ("yes", "unmet")
    assert got["consent"] == ("yes", "met")  # no tracker loaded without consent
    # Under 3,500 inhabitants a commune may publish its acts on paper: the site cannot tell.
    assert got["acts_online"] == ("unknown", "unknown")
    # Permits may go through the intercommunality's desk: not found is not proof.
    assert got["planning_permit_online"] == ("yes", "unknown")
    assert got["open_data"] == ("no", "n/a")


def test_the_3500_threshold() -> None:
    below, at = Authority("commune", 3499), Authority("commune", 3500)
    assert statuses(below, {})["acts_online"] == ("unknown", "unknown")
    assert statuses(at, {})["acts_online"] == ("yes", "unmet")
    # Open data needs 50 agents as well, which the crawl never knows: unknown, never "unmet".
    assert statuses(below, {})["open_data"] == ("no", "n/a")
    assert statuses(at, {})["open_data"] == ("unknown", "unknown")
    assert statuses(at, {"opendata.file": {"csv"}})["open_data"] == ("unknown", "met")


def test_evidence_meets_duties_and_an_old_audit_does_not() -> None:
    findings = {
        "a11y.mention": {"non"},  # the duty is to show the mention, whatever the level
        "a11y.statement_url": {"https://x.fr/accessibilite"},
        "a11y.audit_date": {"2022-06-01"},  # more than three years before the run
        "transparency.acts": {"true"},
        "eservices.kind": {"planning-permit", "payment"},
        "trackers.without_consent": {"google-analytics"},
    }
    got = statuses(Authority("commune", 12000), findings)
    assert got["a11y_mention"] == ("yes", "met")
    assert got["a11y_statement"] == ("yes", "met")
    assert got["a11y_audit"] == ("yes", "unmet")
    assert got["acts_online"] == ("yes", "met")
    assert got["planning_permit_online"] == ("yes", "met")
    assert got["consent"] == ("yes", "unmet")
    recent = statuses(Authority("commune", 12000), {"a11y.audit_date": {"2024-01-15"}})
    assert recent["a11y_audit"] == ("yes", "met")


def test_a_site_not_crawled_is_unknown_everywhere_it_applies() -> None:
    got = statuses(Authority("departement", 1_400_000), None)
    assert set(got.values()) <= {("yes", "unknown"), ("unknown", "unknown"), ("no", "n/a")}
    assert got["planning_permit_online"] == ("no", "n/a")  # a commune's duty
    assert got["acts_online"] == ("yes", "unknown")


def test_evidence_feature_is_named_when_met() -> None:
    (mention,) = [
        s
        for s in checklist(Authority("epci", 50000), {"a11y.mention": {"partiellement"}}, RUN_DAY)
        if s.duty.key == "a11y_mention"
    ]
    assert mention.evidence_feature == "a11y.mention"


def test_a_run_checklist_and_its_summary(engine: Engine) -> None:
    run = build(
        engine,
        [
            ("60001", "3500-9999", "ok", {"a11y.mention": "non", "transparency.acts": "true"}),
            ("60002", "3500-9999", "ok", {}),
            ("60003", "0-499", "dns_failure", {}),
        ],
    )
    with engine.begin() as connection:
        connection.execute(update(AuthorityRow).values(population=5000))
    rows = compliance_rows(engine, run)
    assert {(r.code, r.duty): r.status for r in rows if r.duty == "acts_online"} == {
        ("60001", "acts_online"): "met",
        ("60002", "acts_online"): "unmet",
        ("60003", "acts_online"): "unknown",  # not crawled: never guessed
    }
    evidence = {r.code: r.evidence_url for r in rows if r.duty == "a11y_mention"}
    assert evidence == {"60001": "http://60001.fr/", "60002": None, "60003": None}
    summary = {line.duty: line for line in summarise(rows)}
    acts = summary["acts_online"]
    assert (acts.concerned, acts.met, acts.unmet, acts.unknown, acts.rate) == (3, 1, 1, 1, 0.5)
    assert summary["open_data"].met == 0
    assert summary["planning_permit_online"].rate is None  # not finding it proves nothing
    assert summary["open_data"].unknown == 3  # 50 agents or more: unknown to the crawl


def test_a_site_not_measured_is_unknown_never_unmet(engine: Engine) -> None:
    run = build(
        engine,
        [
            ("61001", "3500-9999", "ok", {"transparency.acts": "true"}),
            ("61002", "3500-9999", "render_failed", {}),
            ("61003", "3500-9999", "no_browser", {}),
        ],
    )
    with engine.begin() as connection:
        connection.execute(update(AuthorityRow).values(population=5000))
    rows = compliance_rows(engine, run)
    assert {r.status for r in rows if r.code != "61001"} <= {"unknown", "n/a"}
    acts = {line.duty: line for line in summarise(rows)}["acts_online"]
    assert (acts.met, acts.unmet, acts.unknown, acts.rate) == (1, 0, 2, 1.0)
