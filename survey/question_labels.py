"""The French words of the survey's estimates, for tables and slides: each closed question's
short title, each option's label (the questionnaire's own), each service measure's name."""

from __future__ import annotations

from functools import cache

from survey.commune_question import COMMUNE_LIST
from survey.families import FAMILIES
from survey.questionnaire import NETWORKS, Form, build_form
from survey.stored import DONT_KNOW, QUESTION, split_measure

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
# Choice lists whose labels are names (networks, communes): they keep their capital inside a
# sentence; the other options of those lists ("Un autre réseau") do not.
NAMED_LISTS = {NETWORKS: ("autre", "aucun"), COMMUNE_LIST: ()}
# Options the resident says in the first person, as they read after their question's title
# ("Suivent la commune sur : aucun réseau", not "… : je ne la suis sur aucun réseau").
IN_SENTENCE = {("reseaux_suivis", "aucun"): "aucun réseau"}


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


def option_in_sentence(question: str, option: str) -> str:
    """An option's label as it reads inside a sentence, after "Fréquence d'usage d'internet :":
    lower-cased ("jamais", "les réseaux sociaux") unless it names something (Facebook, a
    commune), is an acronym, or is quoted (« Je ne sais pas »)."""
    if (question, option) in IN_SENTENCE:
        return IN_SENTENCE[question, option]
    label = option_label(question, option)
    try:
        choice_list = _form().question(question).choice_list or ""
    except StopIteration:
        choice_list = ""
    first = label.split(" ", 1)[0]
    named = choice_list in NAMED_LISTS and option not in NAMED_LISTS[choice_list]
    if named or option == DONT_KNOW or first.isupper() or not label[:1].isupper():
        return label
    return label[:1].lower() + label[1:]


def estimate_label(family: str, measure: str) -> tuple[str, str]:
    """(what, which), `which` as it reads after "what :": ('S'informent sur la commune par',
    'les réseaux sociaux') for a question's option, ('Paiement', 'connaissent le service')
    for a service's measure; a measure of an area ('reseaux@departement:44') reads as its
    measure."""
    measure = split_measure(measure)[0]
    if family.startswith(QUESTION):
        question = family.removeprefix(QUESTION)
        return question_title(question), option_in_sentence(question, measure)
    short = next((f.short for f in FAMILIES if f.key == family), family)
    return short, MEASURES.get(measure, measure.replace("_", " "))
