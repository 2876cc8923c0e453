"""The known population's answers to the closed questions other than the services' (survey/
closed.py): per question, each option's chance in each cell of the population (age band,
sex, commune size), on a logistic scale whose parameters are drawn from the seed, with the
effects a study expects where they matter to the report (the young learn local news from
social networks, the old from the bulletin; internet use falls with age). A question with a
"Je ne sais pas" option gets it DONT_KNOW of the time, whoever answers. The truth is exact:
each option's share among those who answered something else than "Je ne sais pas", for the
whole population and each age band, sex and commune size."""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from database.geography import COMMUNE_STRATA
from survey.closed import closed_questions, dont_know, options
from survey.stored import DONT_KNOW as DONT_KNOW_MEASURE
from survey.stored import question_family, split_option

if TYPE_CHECKING:
    from survey.questionnaire import Form
    from survey.synthetic import Cell

DONT_KNOW = 0.06  # chance of "Je ne sais pas" where the question offers it
AGE_SCORE = {"15-29": -1.0, "30-44": -0.5, "45-59": 0.0, "60-74": 0.5, "75+": 1.0}
STRATUM_SCORE = {
    label: -1 + 2 * index / (len(COMMUNE_STRATA) - 1)
    for index, (label, _, _) in enumerate(COMMUNE_STRATA)
}
# Age slopes known from studies of local information (older: bulletin, press; younger:
# networks, apps) and internet use; other questions' slopes are drawn from the seed.
KNOWN_AGE = {
    "canaux": {"bulletin": 1.2, "site": -0.4, "reseaux": -1.6, "application": -0.9,
               "lettre": 0.0, "affichage": 0.3, "presse": 1.0, "accueil": 0.6,
               "entourage": 0.0},
    "internet": {"quotidien": 0.0, "hebdomadaire": 0.8, "rare": 1.6, "jamais": 2.6},
    "besoin_aide": {"souvent": 1.2, "parfois": 0.6, "jamais": 0.0},
}  # fmt: skip
KNOWN_BASE = {"internet": {"quotidien": 1.6, "hebdomadaire": 0.2, "rare": -0.6, "jamais": -1.6}}
RELEVANT = re.compile(r"^\$\{(\w+)\} = '(\w+)'$")


@dataclass(frozen=True)
class QuestionModel:
    options: tuple[str, ...]  # the drawn options, without "aucune" and "Je ne sais pas"
    multiple: bool
    base: tuple[float, ...]  # logit intercept of each option
    age: tuple[float, ...]  # slope on AGE_SCORE
    stratum: tuple[float, ...]  # slope on STRATUM_SCORE
    sex: tuple[float, ...]  # women's shift (men's is its opposite)
    none: str | None = None  # a multiple choice's exclusive "none of these" option
    dont_know: str | None = None  # the "Je ne sais pas" code, if the question has one
    relevant: tuple[str, str] | None = None  # asked only when question = value

    def _logits(self, cell: Cell) -> np.ndarray:
        sex = 1.0 if cell.sex == "femme" else -1.0
        return (
            np.array(self.base)
            + np.array(self.age) * AGE_SCORE[cell.age]
            + np.array(self.stratum) * STRATUM_SCORE.get(cell.stratum, 0.0)
            + np.array(self.sex) * sex
        )

    def chances(self, cell: Cell) -> np.ndarray:
        """Each drawn option's chance: one of them (single choice), or each ticked on its own
        (multiple choice)."""
        logits = self._logits(cell)
        if not self.multiple:
            weights = np.exp(logits - logits.max())
            return weights / weights.sum()
        return 1 / (1 + np.exp(-logits))

    def shares(self, cell: Cell) -> dict[str, float]:
        """Each option's chance of being chosen, "Je ne sais pas" aside; a multiple choice
        without a "none" option is redrawn until something is ticked (the question is
        required), so its chances are conditional on ticking something."""
        chances = self.chances(cell)
        if not self.multiple:
            return dict(zip(self.options, chances.tolist(), strict=True))
        nothing = float(np.prod(1 - chances))
        if self.none is not None:
            return dict(zip(self.options, chances.tolist(), strict=True)) | {self.none: nothing}
        return {o: float(p) / (1 - nothing) for o, p in zip(self.options, chances, strict=True)}

    def draw(self, cell: Cell, rng: np.random.Generator) -> str:
        if self.dont_know is not None and rng.random() < DONT_KNOW:
            return self.dont_know
        chances = self.chances(cell)
        if not self.multiple:
            return str(self.options[int(rng.choice(len(self.options), p=chances))])
        while True:
            ticked = [o for o, p in zip(self.options, chances, strict=True) if rng.random() < p]
            if ticked or self.none is not None:
                return " ".join(ticked) or str(self.none)


def _none_option(codes: list[str]) -> str | None:
    return next((code for code in codes if code in ("aucune", "aucun")), None)


def question_models(form: Form, seed: int) -> dict[str, QuestionModel]:
    """A model for every closed question of the form; a question's parameters depend on the
    seed and its name only (another question added to the form changes none of them)."""
    models = {}
    for question in closed_questions(form):
        codes = [code for code, _ in options(form, question)]
        none = _none_option(codes) if question.is_multiple else None
        drawn = tuple(code for code in codes if code != none)
        rng = np.random.default_rng([seed, zlib.crc32(question.name.encode())])
        known = KNOWN_AGE.get(question.name, {})
        size = len(drawn)
        # Intercepts: a "none of these" list's options are rarer (difficulties); known ones
        # where the report's figures should look like a real population's.
        low, high = (-2.6, -0.6) if none else (-1.6, 0.8) if question.is_multiple else (-0.8, 0.8)
        intercepts = KNOWN_BASE.get(question.name, {})
        relevance = RELEVANT.match(question.relevant)
        models[question.name] = QuestionModel(
            drawn,
            question.is_multiple,
            tuple(
                float(intercepts.get(o, v))
                for o, v in zip(drawn, rng.uniform(low, high, size), strict=True)
            ),  # fmt: skip
            tuple(float(known.get(o, rng.uniform(-0.8, 0.8))) for o in drawn),
            tuple(float(v) for v in rng.uniform(-0.5, 0.5, size)),
            tuple(float(v) for v in rng.uniform(-0.2, 0.2, size)),
            none,
            min(dont_know(form, question), default=None),
            (relevance[1], relevance[2]) if relevance else None,
        )
    return models


# The chance that a cell's resident gives `value` to a question the models do not cover (a
# service's question, `${connait_reseaux} = 'oui'`): (question, value, cell) -> chance.
Outside = Callable[[str, str, "Cell"], float]


def asked(
    models: dict[str, QuestionModel], name: str, cell: Cell, outside: Outside | None = None
) -> float:
    """The chance that a cell's resident is asked the question (its relevance holds)."""
    model = models[name]
    if model.relevant is None:
        return 1.0
    parent, value = model.relevant
    if parent not in models:
        return outside(parent, value, cell) if outside else 1.0
    answered = 1.0 - (DONT_KNOW if models[parent].dont_know is not None else 0.0)
    share = models[parent].shares(cell).get(value, 0.0)
    return asked(models, parent, cell, outside) * answered * share


def relevant_only(models: dict[str, QuestionModel], row: dict[str, str]) -> dict[str, str]:
    """The answers with the closed questions whose relevance fails on the row's other answers
    left empty (a question on networks is asked only of those who know the commune's)."""
    blank = {
        name: ""
        for name, model in models.items()
        if model.relevant and model.relevant[1] not in row.get(model.relevant[0], "").split()
    }
    return row | blank


def answer_questions(
    models: dict[str, QuestionModel], cell: Cell, rng: np.random.Generator
) -> dict[str, str]:
    """One resident's answers to the closed questions, in the models' (the form's) order."""
    answers: dict[str, str] = {}
    for name, model in models.items():
        if model.relevant is not None and model.relevant[0] in models:
            parent, value = model.relevant
            if value not in answers.get(parent, "").split():
                answers[name] = ""
                continue
        answers[name] = model.draw(cell, rng)
    return answers


def question_truth(
    cells: list[Cell], models: dict[str, QuestionModel], outside: Outside | None = None
) -> dict[str, dict[str, float]]:
    """The population's shares: 'question:canaux' -> {'site': …, 'site|age=15-29': …, 'nsp': …}."""
    values: dict[str, dict[str, float]] = {}
    for name, model in models.items():
        sums: dict[str, float] = {}
        totals: dict[str, float] = {}
        for cell in cells:
            weight = cell.population * asked(models, name, cell, outside)
            keys = ["", *(f"{v}={lvl}" for v, lvl in _levels(cell))]
            for key in keys:
                totals[key] = totals.get(key, 0.0) + weight
            for option, share in model.shares(cell).items():
                for key in keys:
                    measure = option if not key else split_option(option, *key.split("=", 1))
                    sums[measure] = sums.get(measure, 0.0) + weight * share
        family = values.setdefault(question_family(name), {})
        for measure, total in sums.items():
            key = measure.partition("|")[2]
            if totals.get(key, 0.0) > 0 and not math.isnan(total):
                family[measure] = total / totals[key]
        if model.dont_know is not None:
            family[DONT_KNOW_MEASURE] = DONT_KNOW
    return values


def _levels(cell: Cell) -> tuple[tuple[str, str], ...]:
    return (("age", cell.age), ("sexe", cell.sex), ("strate", cell.stratum))
