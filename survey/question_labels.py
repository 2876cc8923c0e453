"""The French words of the survey's estimates, for tables and slides: each closed question's
short title, each option's label (the questionnaire's own), each service measure's name."""

from __future__ import annotations

from functools import cache

from survey.families import FAMILIES
from survey.questionnaire import Form, build_form
from survey.stored import DONT_KNOW, QUESTION

TITLES = {
    "occupation": "Situation professionnelle",
    "internet": "Fréquence d'usage d'internet",
    "canaux": "S'informent sur la commune par",
    "reseaux_suivis": "Suivent la commune sur",
    "difficultes": "Difficultés sur un site internet",
    "besoin_aide": "Besoin d'aide pour une démarche en ligne",
    "consulte": "Ont participé à une consultation (12 mois)",
    "participerait": "Participeraient à une consultation en ligne",
}
MEASURES = {
    "connaissance": "connaissent le service",
    "usage": "l'ont utilisé (12 mois)",
    "satisfaction": "satisfaction (moyenne de 1 à 5)",
    "importance": "importance (moyenne de 1 à 5)",
    "attente": "souhaitent ce service",
    "offert": "habitent une commune dont le site l'offre",
    "connaissance_si_offert": "le connaissent, là où il est offert",
    "importance_si_absent": "le jugent important, là où il manque",
}
DONT_KNOW_LABEL = "« Je ne sais pas »"


@cache
def _form() -> Form:
    return build_form()


def question_title(name: str) -> str:
    """A closed question's short French title; the question itself when it has none."""
    if name in TITLES:
        return TITLES[name]
    try:
        return _form().question(name).label.rstrip(" ?:")
    except StopIteration:
        return name.replace("_", " ").capitalize()


def option_label(question: str, option: str) -> str:
    """An option's label as the questionnaire words it."""
    if option == DONT_KNOW:
        return DONT_KNOW_LABEL
    try:
        choices = _form().choices.get(_form().question(question).choice_list or "", ())
    except StopIteration:
        choices = ()
    return dict(choices).get(option, option.replace("_", " "))


def estimate_label(family: str, measure: str) -> tuple[str, str]:
    """(what, which): ('S'informent sur la commune par', 'Les réseaux sociaux') for a
    question's option, ('Payer en ligne', 'connaissent le service') for a service's measure."""
    if family.startswith(QUESTION):
        question = family.removeprefix(QUESTION)
        return question_title(question), option_label(question, measure)
    short = next((f.short for f in FAMILIES if f.key == family), family)
    return short, MEASURES.get(measure, measure.replace("_", " "))
