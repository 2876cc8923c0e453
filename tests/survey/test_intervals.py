"""A weighted share's 95 % interval is Wilson's on the effective sample size: it matches the
published values, it is never a point at 0 % or 100 %, and on answers drawn from a known
population a rare answer (2 %) and a cell where nobody chose it get an interval that reaches
above 0 and holds the truth at about the stated rate."""

from __future__ import annotations

import random

import polars as pl
import pytest
import svy

from survey.analysis import Estimate
from survey.intervals import cell_sizes, effective_size, share_interval, wilson
from survey.questionnaire import AGE_BANDS, build_form
from survey.questions_estimates import question_estimates
from survey.stored import question_family, split_option


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (Wilson).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_is_newcombes(successes: int, n: int, low: float, high: float) -> None:
    assert wilson(successes / n, n) == pytest.approx((low, high), abs=5e-5)


def test_none_of_forty_is_zero_to_about_nine_percent_and_all_of_forty_mirrors_it() -> None:
    assert wilson(0.0, 40) == pytest.approx((0.0, 0.0876), abs=5e-4)
    assert wilson(1.0, 40) == pytest.approx((1 - 0.0876, 1.0), abs=5e-4)


def test_the_effective_size_is_kish_unless_the_design_says_fewer() -> None:
    frame = pl.DataFrame(
        {
            "y": [1.0, 0.0, 0.0, 0.0, None],  # the last was not asked: out of every cell
            "w": [1.0, 1.0, 2.0, 4.0, 9.0],
            "g": ["a", "a", "b", "b", "b"],
        }
    )
    sample = svy.Sample(frame, svy.Design(wgt="w"))
    assert cell_sizes(sample, "y") == {(): pytest.approx(8**2 / 22)}  # (Σw)² / Σw²
    assert cell_sizes(sample, "y", ["g"]) == {("a",): 2.0, ("b",): pytest.approx(36 / 20)}
    assert cell_sizes(sample, "y", ["g"], svy.col("w") > 1.5) == {("b",): pytest.approx(1.8)}
    assert effective_size(0.0, 0.0, 40.0) == 40.0  # no Taylor variance at 0: Kish's
    assert effective_size(0.5, 0.1, 40.0) == pytest.approx(25.0)  # clustered: fewer
    assert effective_size(0.5, 0.01, 40.0) == 40.0
    # Fewer effective respondents, a wider interval.
    narrow, wide = share_interval(0.2, None, 100.0), share_interval(0.2, None, 50.0)
    assert wide[0] < narrow[0] < narrow[1] < wide[1]


# A known population: the share who never go online by age band (2 % of the young: a rare
# answer, often not met among ~30 young respondents), residents by (age band, sex), and how
# much more likely women and the old are to answer than the young men.
NEVER_ONLINE = {"15-29": 0.02, "30-44": 0.03, "45-59": 0.06, "60-74": 0.12, "75+": 0.30}
RESIDENTS = {(band, sex): 1.0 for band, _ in AGE_BANDS for sex in ("femme", "homme")}
ANSWERING = {(band, sex): (1.0 + index / 2) * (1.5 if sex == "femme" else 1.0)
             for index, (band, _) in enumerate(AGE_BANDS) for sex in ("femme", "homme")}  # fmt: skip
DRAWS, RESPONDENTS = 120, 300


def _draw(rng: random.Random) -> pl.DataFrame:
    """One survey's respondents, weighted by post-stratification on age band × sex."""
    cells = list(RESIDENTS)
    chance = [RESIDENTS[cell] * ANSWERING[cell] for cell in cells]
    drawn = rng.choices(cells, weights=chance, k=RESPONDENTS)
    counts = {cell: drawn.count(cell) for cell in cells}
    total = sum(RESIDENTS.values())
    return pl.DataFrame(
        {
            "age": [band for band, _ in drawn],
            "sexe": [sex for _, sex in drawn],
            "strate": ["toutes"] * RESPONDENTS,
            "q__internet": [
                "jamais" if rng.random() < NEVER_ONLINE[band] else "quotidien" for band, _ in drawn
            ],
            "poids": [RESIDENTS[cell] / total * RESPONDENTS / counts[cell] for cell in drawn],
        }
    )


def _never_online(frame: pl.DataFrame) -> dict[str, Estimate]:
    sample = svy.Sample(frame, svy.Design(wgt="poids"))
    family = question_family("internet")
    return {
        e.measure: e
        for e in question_estimates(sample, frame, build_form(), areas=False)
        if e.family == family and e.measure.startswith("jamais")
    }


def test_a_rare_answer_and_a_cell_where_nobody_chose_it_are_covered_at_the_stated_rate() -> None:
    """120 surveys of 300: the young who never go online (2 %, about 30 young respondents a
    survey, none of them in half the surveys) and everyone who never goes online; every interval
    reaches above 0 and about 95 in 100 hold the truth (generous bound: 90 %)."""
    whole_truth = sum(RESIDENTS[(b, s)] * NEVER_ONLINE[b] for b, s in RESIDENTS) / sum(
        RESIDENTS.values()
    )
    young = split_option("jamais", "age", "15-29")
    rng = random.Random(2026)
    held = {young: 0, "jamais": 0}
    nobody = 0
    for _ in range(DRAWS):
        found = _never_online(_draw(rng))
        for measure, truth in ((young, NEVER_ONLINE["15-29"]), ("jamais", whole_truth)):
            estimate = found[measure]
            assert estimate.ci_low is not None
            assert estimate.ci_high is not None
            assert estimate.ci_high > 0
            held[measure] += estimate.ci_low <= truth <= estimate.ci_high
        nobody += found[young].estimate == 0.0
    assert nobody >= DRAWS // 5, "the draws should often meet no young resident offline"
    for measure, count in held.items():
        assert 0.90 <= count / DRAWS <= 1.0, f"{measure}: {count}/{DRAWS} intervals hold the truth"
