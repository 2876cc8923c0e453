"""The validation by hand, end to end: a run stored from a farm's truth with planted errors of
Vigie's, `vigie validate sample`, the workbook filled from the truth with planted
disagreements of the coders, `vigie validate score`, and the figures it stores checked
against the planted counts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from database import open_database
from database.validation import ValidationFigure, run_validation
from tests.conftest import vigie
from tests.evaluation.validation_farm import (
    Plan,
    Row,
    fill,
    rows_with_truth,
    store_farm,
    vigie_here,
)

FARM_SITES, FARM_SEED, SAMPLED, SAMPLE_SEED = 40, 103, 15, 5
Z = 1.959963984540054


@dataclass
class World:
    url: str
    engine: Engine
    folder: Path
    truth: dict[tuple[str, str], set[tuple[str, str]]]
    plan: Plan
    run_id: int
    workbook: Path
    rows: list[Row]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("validation")
    url = f"sqlite:///{folder / 'vigie.db'}"
    engine = open_database(url)
    # The farm's 23 crawled sites, in code order; a third carry a planted personal profile,
    # a quarter lose their legal notice, a fifth get the wrong CMS.
    probe = store_farm(open_database(f"sqlite:///{folder / 'probe.db'}"), folder / "probe",
                       FARM_SITES, FARM_SEED, Plan())  # fmt: skip
    ok = sorted(code for _, code in probe.ok)
    plan = Plan(
        spurious=frozenset(ok[0::3]),
        missed_notice=frozenset(ok[1::4]),
        wrong_cms=frozenset(ok[2::5]),
    )
    stored = store_farm(engine, folder / "farm", FARM_SITES, FARM_SEED, plan)
    workbook = folder / "validation.xlsx"
    vigie("validate", "sample", "--db", url, "--sites", str(SAMPLED), "--seed", str(SAMPLE_SEED),
          "--out", str(workbook))  # fmt: skip
    rows = rows_with_truth(workbook, stored.truth)
    return World(url, engine, folder, stored.truth, plan, stored.run_id, workbook, rows)


def planted_codes(rows: list[Row]) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Coder A, coder B and the adjudication, by spreadsheet row. Both code the truth, but:
    on the accessibility mention, B says "non" to the first two values found (the first is
    adjudicated "oui", the second left as it is) and "oui" to the first "nothing found"; on
    the contact form, both answer "?" to the first row."""
    first = {row.number: row.true for row in rows}
    second = dict(first)
    mention = [row for row in rows if row.group == "a11y.mention"]
    found = [row for row in mention if row.value is not None]
    nothing = [row for row in mention if row.value is None]
    assert len(found) >= 2, "the sample must hold two values of the mention"
    assert nothing, "and a site without one"
    assert {row.true for row in found} == {"oui"}
    assert nothing[0].true == "non"
    second[found[0].number] = second[found[1].number] = "non"
    second[nothing[0].number] = "oui"
    unclear = next(row for row in rows if row.group == "contact.form")
    first[unclear.number] = second[unclear.number] = "?"
    return first, second, {found[0].number: "oui"}


def kappa_of(yes_yes: int, yes_no: int, no_yes: int, no_no: int) -> float:
    """Cohen's κ of a 2×2 table, written out: (pₒ − pₑ) / (1 − pₑ)."""
    n = yes_yes + yes_no + no_yes + no_no
    observed = (yes_yes + no_no) / n
    first_yes, second_yes = (yes_yes + yes_no) / n, (yes_yes + no_yes) / n
    chance = first_yes * second_yes + (1 - first_yes) * (1 - second_yes)
    return (observed - chance) / (1 - chance)


def wilson_roots(successes: int, n: int) -> tuple[float, float]:
    """Wilson's bounds as the roots in p of (p̂ − p)² = z² p (1 − p) / n."""
    p, k = successes / n, Z * Z / n
    a, b, c = 1 + k, -(2 * p + k), p * p
    root = math.sqrt(b * b - 4 * a * c)
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


def figure(figures: list[ValidationFigure], feature: str, measure: str) -> ValidationFigure:
    [found] = [f for f in figures if f.feature == feature and f.measure == measure]
    return found


def assert_proportion(stored: ValidationFigure, successes: int, n: int) -> None:
    assert (stored.successes, stored.n) == (successes, n)
    assert stored.estimate == pytest.approx(successes / n)
    low, high = wilson_roots(successes, n)
    assert stored.ci_low == pytest.approx(low, abs=1e-12)
    assert stored.ci_high == pytest.approx(high, abs=1e-12)


@pytest.fixture(scope="module")
def scored(world: World) -> tuple[list[ValidationFigure], str]:
    first, second, adjudication = planted_codes(world.rows)
    coder_a = fill(world.workbook, world.folder / "codeur-a.xlsx", {"codeur A": first})
    coder_b = fill(world.workbook, world.folder / "codeur-b.xlsx",
                   {"codeur B": second, "arbitrage": adjudication})  # fmt: skip
    result = vigie("validate", "score", str(coder_a), str(coder_b), "--db", world.url)
    return run_validation(world.engine, world.run_id), result.stdout


def sampled_codes(world: World) -> set[str]:
    return {row.code for row in world.rows}


def test_the_sample_is_stratified_reproducible_and_covers_every_feature(world: World) -> None:
    assert len(sampled_codes(world)) == SAMPLED
    again = world.folder / "again.xlsx"
    assert vigie_here("validate", "sample", "--db", world.url, "--sites", str(SAMPLED),
                      "--seed", str(SAMPLE_SEED), "--out", str(again)).status == 0  # fmt: skip
    assert rows_with_truth(again, world.truth) == world.rows
    other = world.folder / "other.xlsx"
    assert vigie_here("validate", "sample", "--db", world.url, "--sites", str(SAMPLED),
                      "--seed", "6", "--out", str(other)).status == 0  # fmt: skip
    assert {row.code for row in rows_with_truth(other, world.truth)} != sampled_codes(world)
    # Every site gets one row per finding of each feature, or one "nothing found" row.
    for code in sampled_codes(world):
        groups = {row.group for row in world.rows if row.code == code}
        assert len(groups) == 11
    # The personal profile planted on sampled sites is there to be coded "non".
    credits = [row for row in world.rows if row.value and "jeanne-martin" in row.value]
    assert len(credits) == len(sampled_codes(world) & world.plan.spurious) > 0
    assert {row.true for row in credits} == {"non"}


def test_precision_and_recall_are_the_planted_ones(
    world: World, scored: tuple[list[ValidationFigure], str]
) -> None:
    figures, _ = scored
    sites = sampled_codes(world)
    truth = {code: found for (_, code), found in world.truth.items() if code in sites}
    social = {
        code: {f for f in found if f[0].startswith("social.")} for code, found in truth.items()
    }
    spurious = len(sites & world.plan.spurious)
    true_accounts = sum(len(accounts) for accounts in social.values())
    assert_proportion(
        figure(figures, "social.", "precision"), true_accounts, true_accounts + spurious
    )
    with_accounts = sum(bool(accounts) for accounts in social.values())
    assert_proportion(figure(figures, "social.", "recall"), with_accounts, with_accounts)

    notices = {
        code for code, found in truth.items() if any(f == "legal.notice_url" for f, _ in found)
    }
    kept = len(notices - world.plan.missed_notice)
    assert_proportion(figure(figures, "legal.notice_url", "precision"), kept, kept)
    assert_proportion(figure(figures, "legal.notice_url", "recall"), kept, len(notices))
    assert len(notices & world.plan.missed_notice) > 0

    cms = {code for code, found in truth.items() if any(f == "tech.cms" for f, _ in found)}
    wrong = len(cms & world.plan.wrong_cms)
    right = len(cms) - wrong
    assert wrong > 0
    assert_proportion(figure(figures, "tech.cms", "precision"), right, len(cms))
    assert_proportion(figure(figures, "tech.cms", "recall"), right, right)


def test_the_coders_agreement_is_the_planted_one(
    world: World, scored: tuple[list[ValidationFigure], str]
) -> None:
    figures, output = scored
    mention = [row for row in world.rows if row.group == "a11y.mention"]
    found = sum(row.value is not None for row in mention)
    nothing = len(mention) - found
    # Two values found that B says "non" to, one "nothing found" B says "oui" to.
    stored = figure(figures, "a11y.mention", "kappa")
    assert (stored.successes, stored.n) == (found - 2 + nothing - 1, len(mention))
    assert stored.estimate == pytest.approx(kappa_of(found - 2, 2, 1, nothing - 1))
    assert stored.ci_low is None
    assert stored.ci_high is None
    # The adjudicated row counts, the one left in disagreement does not.
    assert_proportion(figure(figures, "a11y.mention", "precision"), found - 1, found - 1)
    assert_proportion(figure(figures, "a11y.mention", "recall"), found - 1, found - 1)
    # Coders who agree on every row: κ is 1 where both answers occur.
    assert figure(figures, "social.", "kappa").estimate == 1.0
    # Over every row but the one both coders could not tell.
    coded = [row for row in world.rows if row.group != "contact.form" or row.number != min(
        r.number for r in world.rows if r.group == "contact.form")]  # fmt: skip
    yes = sum(row.true == "oui" for row in coded)
    no = len(coded) - yes
    pooled = figure(figures, "", "kappa")
    assert (pooled.successes, pooled.n) == (len(coded) - 3, len(coded))
    assert pooled.estimate == pytest.approx(kappa_of(yes - 2, 2, 1, no - 1))
    assert pooled.estimate is not None
    assert pooled.estimate < 1
    assert "a11y.mention" in output
    assert f"({found - 1}/{found - 1})" in output
    assert f"Stored {len(figures)} figures with run {world.run_id}" in output


def test_every_feature_and_the_whole_are_stored(
    world: World, scored: tuple[list[ValidationFigure], str]
) -> None:
    figures, _ = scored
    features = {row.group for row in world.rows}
    assert {(f.feature, f.measure) for f in figures} == {
        (feature, measure)
        for feature in (*features, "")
        for measure in ("precision", "recall", "kappa")
    }
    assert {f.sample_sites for f in figures} == {SAMPLED}
    for measure in ("precision", "recall"):
        pooled = figure(figures, "", measure)
        parts = [f for f in figures if f.measure == measure and f.feature]
        assert pooled.successes == sum(f.successes for f in parts)
        assert pooled.n == sum(f.n for f in parts)


def test_one_workbook_with_both_columns_scores_the_same(
    world: World, scored: tuple[list[ValidationFigure], str]
) -> None:
    first, second, adjudication = planted_codes(world.rows)
    both = fill(world.workbook, world.folder / "both.xlsx",
                {"codeur A": first, "codeur B": second, "arbitrage": adjudication})  # fmt: skip
    assert vigie_here("validate", "score", str(both), "--db", world.url).status == 0
    assert run_validation(world.engine, world.run_id) == scored[0]
