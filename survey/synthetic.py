"""Synthetic answers from a known population, to check the analysis against the truth it
should recover (tests, the demo).

The world: the communes of the database with their populations, residents split by sex and
age band as in the margins; each resident knows, uses, rates and weighs each service by a
model whose parameters are drawn once from the seed (awareness and use on a logistic scale
with effects of age, sex and whether the commune's site offers the service; satisfaction and
importance on the 1–5 scale, shifted by age). The respondents are a biased sample of it:
women and the 45–74 answer more, the young less, as in a typical self-selected panel. The
truth is computed exactly over the population, not from a draw.
"""

from __future__ import annotations

import csv
import json
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import Engine, select

from database.geography import REGION_OF_DEPARTEMENT
from database.models import Authority
from database.scope import Scope
from survey.answers import SIMULATED, SUBMITTED_BY
from survey.families import FAMILIES
from survey.offer import offers_by_authority
from survey.questionnaire import Form
from survey.synthetic_questions import (
    QuestionModel,
    answer_questions,
    question_models,
    question_truth,
    relevant_only,
)

SEX_SHARES = {"femme": 0.52, "homme": 0.48}
AGE_SHARES = {"15-29": 0.21, "30-44": 0.22, "45-59": 0.24, "60-74": 0.21, "75+": 0.12}
# Who answers more than their share (a multiplicative propensity, which raking undoes).
SEX_PROPENSITY = {"femme": 1.5, "homme": 1.0}
AGE_PROPENSITY = {"15-29": 0.45, "30-44": 0.8, "45-59": 1.3, "60-74": 1.6, "75+": 0.7}
# Logistic effects on knowing and using a service.
AGE_EFFECT = {"15-29": 0.7, "30-44": 0.4, "45-59": 0.0, "60-74": -0.5, "75+": -1.2}
SEX_EFFECT = {"femme": 0.2, "homme": -0.2}
OFFERED_EFFECT, ABSENT_EFFECT = 1.0, -1.5
# Shifts of the 1–5 scales by age: the old are more satisfied, the young find online more
# important.
SATISFACTION_AGE = {"15-29": -0.4, "30-44": -0.2, "45-59": 0.0, "60-74": 0.3, "75+": 0.5}
IMPORTANCE_AGE = {"15-29": 0.5, "30-44": 0.3, "45-59": 0.0, "60-74": -0.3, "75+": -0.6}
LEVELS = np.arange(1, 6)
# The seed of the closed questions' models when none is given (survey/synthetic_questions.py).
QUESTION_SEED = 0


def _logistic(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def scale_probabilities(centre: float) -> np.ndarray:
    """Probabilities of 1..5 on a discretised bell around `centre`."""
    weights = np.exp(-((LEVELS - centre) ** 2) / 1.6)
    return weights / weights.sum()


@dataclass(frozen=True)
class Cell:
    commune: str
    stratum: str
    region: str
    sex: str
    age: str
    population: float
    offered: frozenset[str]  # families the commune's site offers


@dataclass(frozen=True)
class FamilyModel:
    aware: float  # logistic intercepts
    use: float
    satisfaction: float  # centre of the 1–5 bell
    importance: float
    expects: float

    def p_aware(self, cell: Cell, key: str) -> float:
        offered = OFFERED_EFFECT if key in cell.offered else ABSENT_EFFECT
        return _logistic(self.aware + AGE_EFFECT[cell.age] + SEX_EFFECT[cell.sex] + offered)

    def p_use(self, cell: Cell) -> float:
        return _logistic(self.use + AGE_EFFECT[cell.age])

    def satisfaction_probabilities(self, cell: Cell) -> np.ndarray:
        return scale_probabilities(self.satisfaction + SATISFACTION_AGE[cell.age])

    def importance_probabilities(self, cell: Cell) -> np.ndarray:
        return scale_probabilities(self.importance + IMPORTANCE_AGE[cell.age])

    def p_expects(self, cell: Cell) -> float:
        return _logistic(self.expects + AGE_EFFECT[cell.age])


def population_cells(engine: Engine, scope: Scope, run_id: int | None) -> list[Cell]:
    """The scope's residents by commune, sex and age band; what each commune's site offers
    comes from the run (nothing where the site was not crawled)."""
    with engine.connect() as connection:
        communes = connection.execute(
            select(
                Authority.id,
                Authority.code,
                Authority.population,
                Authority.stratum,
                Authority.region_code,
                Authority.departement_code,
            ).where(Authority.kind == "commune", Authority.population > 0, *scope.conditions())
        ).all()
    if not communes:
        raise ValueError(f"no commune with a population in the scope ({scope.label})")
    offers = offers_by_authority(engine, run_id, scope.conditions()) if run_id else {}
    cells = []
    for commune in communes:
        region = commune.region_code or REGION_OF_DEPARTEMENT.get(commune.departement_code or "")
        for sex, sex_share in SEX_SHARES.items():
            for age, age_share in AGE_SHARES.items():
                cells.append(
                    Cell(
                        commune.code,
                        commune.stratum or "inconnue",
                        region or "inconnue",
                        sex,
                        age,
                        commune.population * sex_share * age_share,
                        offers.get(commune.id, frozenset()),
                    )
                )
    return cells


def family_models(seed: int) -> dict[str, FamilyModel]:
    rng = np.random.default_rng(seed)
    return {
        family.key: FamilyModel(
            aware=float(rng.uniform(-0.8, 0.8)),
            use=float(rng.uniform(-0.8, 1.0)),
            satisfaction=float(rng.uniform(2.3, 4.2)),
            importance=float(rng.uniform(2.3, 4.3)),
            expects=float(rng.uniform(-0.5, 1.2)),
        )
        for family in FAMILIES
    }


def truth(
    cells: list[Cell],
    models: dict[str, FamilyModel],
    questions: dict[str, QuestionModel] | None = None,
) -> dict[str, dict[str, float]]:
    """The population values the analysis estimates: family -> measure -> value, and with
    `questions`, 'question:<name>' -> option (split) -> share (survey/synthetic_questions.py)."""
    total = sum(cell.population for cell in cells)
    values: dict[str, dict[str, float]] = {}
    for key, model in models.items():
        aware = sum(c.population * model.p_aware(c, key) for c in cells)
        users = [(c, c.population * model.p_aware(c, key) * model.p_use(c)) for c in cells]
        used = sum(weight for _, weight in users)
        satisfaction = sum(
            weight * float(LEVELS @ model.satisfaction_probabilities(c)) for c, weight in users
        )
        importance = sum(
            c.population * float(LEVELS @ model.importance_probabilities(c)) for c in cells
        )
        expects = sum(c.population * 0.9 * model.p_expects(c) for c in cells)
        values[key] = {
            "connaissance": aware / total,
            "usage": used / total,
            "satisfaction": satisfaction / used,
            "importance": importance / total,
            "attente": expects / total,
        }
    if not questions:
        return values

    def awareness(question: str, value: str, cell: Cell) -> float:
        """The chance of a service's awareness answer (the relevance of a closed question)."""
        key = question.removeprefix("connait_")
        if key not in models or question == key or value != "oui":
            return 1.0
        return models[key].p_aware(cell, key)

    return values | question_truth(cells, questions, awareness)


def true_margins(cells: list[Cell]) -> dict[str, dict[str, float]]:
    margins: dict[str, dict[str, float]] = {}
    for cell in cells:
        for variable, level in (
            ("sexe", cell.sex),
            ("age", cell.age),
            ("strate", cell.stratum),
            ("region", cell.region),
        ):
            margin = margins.setdefault(variable, {})
            margin[level] = margin.get(level, 0.0) + cell.population
    return margins


def _group_paths(form: Form) -> dict[str, str]:
    """Each question's header as KoboToolbox exports it: its groups' names, then its own."""
    groups: list[str] = []
    paths = {}
    for question in form.questions:
        kind = question.type.split()[0]
        if kind == "begin_group":
            groups.append(question.name)
        elif kind == "end_group":
            groups.pop()
        else:
            paths[question.name] = "/".join([*groups, question.name])
    return paths


def simulate(
    form: Form,
    cells: list[Cell],
    models: dict[str, FamilyModel],
    respondents: int,
    seed: int,
    questions: dict[str, QuestionModel] | None = None,
) -> list[dict[str, str]]:
    """Answers of a biased sample of the population, one dict (question -> value) each; the
    closed questions other than the services' follow `questions` (default: the models of
    QUESTION_SEED)."""
    rng = np.random.default_rng(seed + 1)
    closed_rng = np.random.default_rng([seed, 2])  # its own stream: the services' draws stay
    closed = question_models(form, QUESTION_SEED) if questions is None else questions
    unaware_rng = np.random.default_rng([seed, 3])  # "non" or "Je ne sais pas": own stream
    propensity = np.array(
        [c.population * SEX_PROPENSITY[c.sex] * AGE_PROPENSITY[c.age] for c in cells]
    )
    drawn = rng.choice(len(cells), size=respondents, p=propensity / propensity.sum())
    asked = {q.name for q in form.answered}
    answers = []
    for index in drawn:
        cell = cells[index]
        row = {
            "age": cell.age,
            "sexe": cell.sex,
            "commune": cell.commune,
            "commentaire": "",
        } | answer_questions(closed, cell, closed_rng)
        for family in FAMILIES:
            key, model = family.key, models[family.key]
            if f"connait_{key}" in asked:
                aware = rng.random() < model.p_aware(cell, key)
                used = aware and rng.random() < model.p_use(cell)
                row[f"connait_{key}"] = "oui" if aware else _unaware(form, key, unaware_rng)
                row[f"usage_{key}"] = ("oui" if used else "non") if aware else ""
                row[f"satisf_{key}"] = (
                    str(rng.choice(LEVELS, p=model.satisfaction_probabilities(cell)))
                    if used
                    else ""
                )
            if f"attente_{key}" in asked:
                if rng.random() < 0.1:
                    row[f"attente_{key}"] = "sans_avis"
                else:
                    row[f"attente_{key}"] = "oui" if rng.random() < model.p_expects(cell) else "non"
            row[f"import_{key}"] = str(rng.choice(LEVELS, p=model.importance_probabilities(cell)))
        row = relevant_only(closed, row)  # e.g. networks: asked of those aware of them
        answers.append({name: value for name, value in row.items() if name in asked})
    from survey.synthetic_comments import plant_comments  # open comments, planted themes

    return plant_comments(answers, seed)


def _unaware(form: Form, key: str, rng: np.random.Generator) -> str:
    """What a resident unaware of a service answers to "Votre commune propose-t-elle … ?":
    "non" or, where the form offers it, "Je ne sais pas" half of the time."""
    choices = form.choices.get(form.question(f"connait_{key}").choice_list or "", ())
    offers_dont_know = any(code == "nsp" for code, _ in choices)
    return "nsp" if offers_dont_know and rng.random() < 0.5 else "non"


def write_kobo_csv(form: Form, answers: list[dict[str, str]], out: Path) -> Path:
    """Answers as KoboToolbox's CSV export lays them out: ";" between values, group paths in
    the headers, one 0/1 column per option of a multiple choice, its metadata columns."""
    paths = _group_paths(form)
    questions = form.answered
    header = ["start", "end"]
    for question in questions:
        header.append(paths[question.name])
        if question.is_multiple:
            options = form.choices[question.choice_list or ""]
            header += [f"{paths[question.name]}/{option}" for option, _ in options]
    header += ["_id", "_uuid", "_submission_time", "__version__", "_index", SUBMITTED_BY]
    started = datetime(2026, 11, 1, 9, tzinfo=UTC)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(header)
        for number, answer in enumerate(answers, start=1):
            begun = started + timedelta(minutes=7 * number)
            row = [begun.isoformat(), (begun + timedelta(minutes=9)).isoformat()]
            for question in questions:
                value = answer.get(question.name, "")
                row.append(value)
                if question.is_multiple:
                    chosen = set(value.split())
                    options = form.choices[question.choice_list or ""]
                    row += ["1" if option in chosen else "0" for option, _ in options]
            row += [str(1000 + number), str(uuid.UUID(int=number)), begun.isoformat(),
                    form.version, str(number), SIMULATED]  # fmt: skip
            writer.writerow(row)
    return out


def write_margins(margins: dict[str, dict[str, float]], out: Path) -> Path:
    with out.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["variable", "level", "population"])
        for variable, levels in margins.items():
            for level, population in sorted(levels.items()):
                writer.writerow([variable, level, f"{population:.1f}"])
    return out


def write_truth(values: dict[str, dict[str, float]], out: Path) -> Path:
    out.write_text(json.dumps(values, indent=2, sort_keys=True), encoding="utf-8")
    return out


def write_simulation(
    form: Form, cells: list[Cell], respondents: int, seed: int, out: Path
) -> tuple[Path, Path, Path]:
    """Synthetic answers of `respondents` drawn from `cells` with the models of `seed`, in
    `out` (KoboToolbox layout), with the population's margins and the true values beside it:
    the three files written."""
    models, questions = family_models(seed), question_models(form, seed)
    write_kobo_csv(form, simulate(form, cells, models, respondents, seed, questions), out)
    margins = write_margins(true_margins(cells), out.with_name(f"{out.stem}-marges.csv"))
    true = truth(cells, models, questions)
    truth_file = write_truth(true, out.with_name(f"{out.stem}-verite.json"))
    return out, margins, truth_file
