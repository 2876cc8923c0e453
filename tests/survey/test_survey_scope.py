"""A survey of a territory: its sampling plan uses the territory's population and margins (not
France's), warns where a commune's quota is implausible for its size, its analysis refuses
answers from outside it, and a deck of another territory leaves it out."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from database import open_database
from database.geography import stratum_for
from database.models import Authority
from database.scope import Scope
from reports.survey_summary import _summary
from survey.answers import Answers, AnswersError
from survey.sampling import (
    EXAMPLE_MARGINS,
    PLAUSIBLE_SHARE,
    DrawnCommune,
    implausible,
    quotas,
    read_margins,
    sample_size,
)
from survey.stored import area_measure
from survey.territory import (
    ADULT_SHARE,
    PERIMETER,
    territory_communes,
    territory_margins,
    totals_note,
    with_study_margins,
    within,
)
from tests.conftest import vigie

# Grand Est (44): Strasbourg and a town (Bas-Rhin), Colmar (Haut-Rhin), forty villages of 300
# (Moselle). Nantes (Pays de la Loire, 52) is outside.
COMMUNES = [
    ("67482", "Strasbourg", "67", "44", 290_000),
    ("67180", "Haguenau", "67", "44", 35_000),
    ("68066", "Colmar", "68", "44", 67_000),
    ("44109", "Nantes", "44", "52", 320_000),
    *((f"57{300 + i}", f"Village {i}", "57", "44", 300) for i in range(40)),
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('territory') / 'vigie.db'}"
    with open_database(url).begin() as connection:
        connection.execute(
            insert(Authority),
            [
                {
                    "kind": "commune",
                    "code": code,
                    "name": name,
                    "departement_code": departement,
                    "region_code": region,
                    "population": population,
                    "stratum": stratum_for("commune", population),
                    "source": "test",
                    "updated_at": datetime(2026, 1, 1, tzinfo=UTC),
                }  # fmt: skip
                for code, name, departement, region, population in COMMUNES
            ],
        )
    return url


def in_region(region: str) -> list[tuple[str, str, str, str, int]]:
    return [commune for commune in COMMUNES if commune[3] == region]


def test_a_territory_margins_are_its_residents_aged_15_or_more(database: str) -> None:
    communes = territory_communes(open_database(database), Scope("region", "44"))
    assert {c.code for c in communes} == {c[0] for c in in_region("44")}
    margins = territory_margins(communes)
    adults = ADULT_SHARE * sum(c[4] for c in in_region("44"))
    for variable, levels in margins.items():  # every variable describes the same residents
        assert sum(levels.values()) == pytest.approx(adults), variable
    assert set(margins["region"]) == {"44"}
    by_stratum: dict[str, float] = {}
    for *_, population in in_region("44"):
        stratum = stratum_for("commune", population) or ""
        by_stratum[stratum] = by_stratum.get(stratum, 0) + ADULT_SHARE * population
    assert margins["strate"] == pytest.approx(by_stratum)
    assert totals_note(margins) is None


def test_scoped_quotas_are_the_scope_population_shares(database: str) -> None:
    margins = territory_margins(territory_communes(open_database(database), Scope("region", "44")))
    size = sample_size(0.04, 0.95, sum(margins["age"].values()))
    for levels in margins.values():
        planned = quotas(size, levels)
        assert sum(planned.values()) == size
        total = sum(levels.values())
        for level, count in planned.items():
            assert abs(count - size * levels[level] / total) < 1


def test_a_study_margins_file_replaces_the_variables_it_gives(database: str) -> None:
    computed = territory_margins(territory_communes(open_database(database), Scope("region", "44")))
    national = read_margins(EXAMPLE_MARGINS)
    study = {"age": national["age"], "region": national["region"]}
    merged, outside = with_study_margins(computed, study)
    assert merged["age"] == national["age"]
    assert merged["sexe"] == computed["sexe"]
    assert merged["region"] == {"44": national["region"]["44"]}  # no other région's quota
    assert "11" in outside


def test_the_example_margins_describe_one_population() -> None:
    margins = read_margins(EXAMPLE_MARGINS)
    totals = {variable: sum(levels.values()) for variable, levels in margins.items()}
    assert max(totals.values()) - min(totals.values()) < 0.01 * max(totals.values())
    assert totals_note(margins) is None
    mixed = {**margins, "strate": {k: v / ADULT_SHARE for k, v in margins["strate"].items()}}
    assert "do not describe one population" in (totals_note(mixed) or "")


def test_sample_uses_the_scope_population_and_margins(database: str) -> None:
    done = vigie("survey", "sample", "--margin", "0.04", "--scope", "region:44", "--communes",
                 "3", "--db", database)  # fmt: skip
    adults = ADULT_SHARE * sum(c[4] for c in in_region("44"))
    size = sample_size(0.04, 0.95, adults)
    assert f"Respondents: {size} for ±4 points" in done.stdout
    assert f"(population {adults:,.0f}," in done.stdout
    assert "Quota: region" not in done.stdout  # one région: no quota to keep
    assert "Margins of région Grand Est (43 communes)" in done.stdout


def test_a_quota_implausible_for_a_commune_size_is_warned_once_per_commune(
    database: str, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.csv"
    done = vigie("survey", "sample", "--margin", "0.05", "--scope", "departement:57",
                 "--communes", "5", "--seed", "3", "--csv", str(plan), "--db", database)  # fmt: skip
    rows = [line.split(",") for line in plan.read_text(encoding="utf-8").splitlines()[1:]]
    flagged = [r for r in rows if int(r[4]) > PLAUSIBLE_SHARE * int(r[2])]
    warnings = [line for line in done.stderr.splitlines() if line.startswith("Attention :")]
    assert flagged  # a few villages of 300 share the whole sample
    assert len(warnings) == len(flagged)
    for code, name, population, _, respondents in flagged:
        [line] = [w for w in warnings if f"({code})" in w]
        assert line.startswith(f"Attention : {name} ({code}) compte {population} habitants")
        assert f"y interroger {respondents} répondants" in line
        assert "seuil de plausibilité de 5\u202f%" in line
    assert "tirer plus de communes (--communes)" in done.stderr


def test_the_plausibility_rule() -> None:
    drawn = [DrawnCommune("1", "Petite", 282, 0.01, 166), DrawnCommune("2", "Grande", 40_000,
             1.0, 166), DrawnCommune("3", "Limite", 2_000, 0.1, 100)]  # fmt: skip
    assert [c.name for c in implausible(drawn)] == ["Petite"]  # 100 of 2,000 is 5 %: kept


def test_analyse_refuses_answers_from_outside_its_scope(database: str, tmp_path: Path) -> None:
    from cli.survey_plan import AnalysedTerritory

    rows = [{"commune": "67482"}, {"commune": "44109"}, {"commune": "68066"}]
    answers = Answers(tmp_path / "a.csv", rows, [2, 3, 4])
    territory = AnalysedTerritory(open_database(database), "region:44", None)
    assert territory.margins["region"] == pytest.approx(
        {"44": ADULT_SHARE * sum(c[4] for c in in_region("44"))}
    )  # the scope's margins are the default
    with pytest.raises(AnswersError) as refused:
        territory.checked(answers)
    [problem] = refused.value.problems
    assert re.match(r"line 3: commune '44109' is outside the scope \(région Grand Est\)", problem)
    inside = Answers(tmp_path / "b.csv", [rows[0], rows[2]], [2, 3])
    assert territory.checked(inside) is inside


def test_a_deck_outside_the_surveyed_territory_leaves_the_survey_out() -> None:
    assert within(Scope("departement", "57"), "region:44")
    assert within(Scope("region", "44"), "region:44")
    assert not within(Scope("national"), "region:44")
    assert not within(Scope("departement", "44"), "region:44")  # Loire-Atlantique: région 52
    assert within(Scope("national"), None)  # a survey of France
    rows = [
        ("", "repondants", 400.0, None, None, 400),
        ("", area_measure(PERIMETER, "region", "44"), 1.0, None, None, 400),
        ("demarches", "importance", 3.5, 3.4, 3.6, 400),
    ]
    national = _summary("essai", rows, Scope("national"))  # type: ignore[arg-type]  # tuples as rows
    assert not national.shown
    assert national.left_out is not None
    assert national.left_out.startswith("L'enquête couvre un autre territoire (région Grand Est)")
    assert "ne représentent pas la France entière" in national.left_out
