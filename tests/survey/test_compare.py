"""`vigie survey compare`: two waves drawn from known populations; a change planted in the
second is found significant, and where nothing changed nothing is (Holm's correction keeps
the chance of any false alarm under 5 %); bad input is one line and exit status 2."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from cli.app import app
from database import open_database
from database.scope import Scope
from survey.analysis import analyse, store_analysis
from survey.answers import read_answers
from survey.compare import Stored, compare_waves, stored_analysis
from survey.intervals import wilson
from survey.questionnaire import build_form
from survey.synthetic import (
    family_models,
    population_cells,
    simulate,
    true_margins,
    truth,
    write_kobo_csv,
)
from survey.synthetic_questions import question_models
from survey.xlsform import read_xlsform, write_xlsform
from tests.conftest import CrawledFarm, copy_database

PLANTED = ("question:canaux", "reseaux")


@pytest.fixture(scope="module")
def waves(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Three waves stored in a copy of the farm's database: 'vague1' and 'vague1bis' from one
    population, 'vague2' from the same population where twice as many residents' odds of
    learning local news from social networks rose (logit + 1)."""
    folder = tmp_path_factory.mktemp("waves")
    url = copy_database(crawled_farm.directory / "vigie.db", folder / "v.db")
    engine = open_database(url)
    form = read_xlsform(write_xlsform(build_form(), folder / "form.xlsx"))
    cells = population_cells(engine, Scope("national"), crawled_farm.run_id)
    models, questions = family_models(11), question_models(form, 11)
    channels = questions["canaux"]
    index = channels.options.index(PLANTED[1])
    base = list(channels.base)
    base[index] += 1.0
    changed = questions | {"canaux": replace(channels, base=tuple(base))}
    for name, seed, model in (("vague1", 60, questions), ("vague1bis", 61, questions),
                              ("vague2", 62, changed)):  # fmt: skip
        drawn = simulate(form, cells, models, 1500, seed, model)
        answers = read_answers(write_kobo_csv(form, drawn, folder / f"{name}.csv"), form)
        store_analysis(
            engine,
            analyse(
                answers, form, engine, true_margins(cells), crawled_farm.run_id, name, areas=False
            ),  # fmt: skip
        )
    truths = truth(cells, models, questions), truth(cells, models, changed)
    yield url, engine, truths
    engine.dispose()


def test_a_planted_change_is_found_and_nothing_else(waves) -> None:  # type: ignore[no-untyped-def]
    _, engine, (before, after) = waves
    changes, _ = compare_waves(stored_analysis(engine, "vague1"), stored_analysis(engine, "vague2"))
    assert len(changes) > 100  # every service measure and every closed question's option
    significant = {(c.family, c.measure) for c in changes if c.significant}
    assert PLANTED in significant
    planted = next(c for c in changes if (c.family, c.measure) == PLANTED)
    true_change = after[PLANTED[0]][PLANTED[1]] - before[PLANTED[0]][PLANTED[1]]
    assert true_change > 0.15
    assert planted.ci_low <= true_change <= planted.ci_high
    # What else moved is only what the planted change moves (the other channels' shares
    # among those who name one): nothing whose true share stayed put is called a change.
    for family, measure in significant - {PLANTED}:
        moved = after[family][measure] - before[family][measure]
        assert abs(moved) > 0.01, (family, measure)


def test_no_change_is_found_where_none_was_planted(waves) -> None:  # type: ignore[no-untyped-def]
    _, engine, _ = waves
    changes, _ = compare_waves(
        stored_analysis(engine, "vague1"), stored_analysis(engine, "vague1bis")
    )
    assert len(changes) > 100
    assert [c for c in changes if c.significant] == []
    # The changes' intervals hold the true change (zero) at about their stated rate.
    held = sum(c.ci_low <= 0 <= c.ci_high for c in changes)
    assert held / len(changes) >= 0.9


def test_a_wave_where_nobody_chose_an_option_still_compares() -> None:
    """0 % of 40 then 5 % of 40: a finite change with a finite interval (the 0 % keeps its
    Wilson width, so its se is no 0), not significant; 0 % then 30 % of 400 is; nothing in
    both waves is no change."""
    key = ("question:internet", "jamais")

    def share(count: int, n: int) -> Stored:
        return Stored(count / n, *wilson(count / n, n), n)

    [small], _ = compare_waves({key: share(0, 40)}, {key: share(2, 40)})
    assert small.change == pytest.approx(0.05)
    assert -0.10 < small.ci_low < 0 < 0.05 < small.ci_high < 0.20
    assert not small.significant
    [large], _ = compare_waves({key: share(0, 400)}, {key: share(120, 400)})
    assert large.significant
    assert large.ci_low > 0.2
    [none], _ = compare_waves({key: share(0, 40)}, {key: share(0, 40)})
    assert (none.change, none.p_value, none.significant) == (0.0, 1.0, False)
    assert none.ci_low < 0 < none.ci_high


def test_compare_prints_a_french_table_and_records_the_waves(waves) -> None:  # type: ignore[no-untyped-def]
    url, engine, _ = waves
    result = CliRunner().invoke(app, ["survey", "compare", "vague1", "vague2", "--db", url])
    assert result.exit_code == 0, result.output
    assert "réseaux" in result.output  # the planted channel's row (the table may wrap)
    found = re.search(r"(\d+) évolution\(s\) significative\(s\) sur (\d+)", result.output)
    assert found is not None
    assert 1 <= int(found[1]) < int(found[2])
    # Said as the deck says it: significance after correction, the interval of one estimate.
    said = " ".join(result.output.split())
    assert (
        f"« Significative » : l'écart dépasse ce que le hasard explique, même en tenant compte"
        f" des {found[2]} estimations comparées à la fois ; l'intervalle entre parenthèses vaut"
        " pour l'estimation prise seule."
    ) in said
    assert "« vague2 » suit « vague1 »" in result.output


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["vague1", "inconnue"], "no analysis stored under the name 'inconnue'"),
        (["vague1", "vague1"], "give two different analyses"),
        (["vague1", "vague2", "--scope", "departement:999"], "unknown département"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(waves, arguments: list[str], said: str) -> None:  # type: ignore[no-untyped-def]
    url, *_ = waves
    result = CliRunner().invoke(app, ["survey", "compare", *arguments, "--db", url])
    assert result.exit_code == 2
    assert said in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
