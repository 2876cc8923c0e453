"""The citizen questionnaire, in French, as data: sections of questions in XLSForm's terms.

The same `Form` is written as an XLSForm workbook (`xlsform.py`) for KoboToolbox or ODK, and
as a printable document (`printable.py`) for face-to-face or paper administration; the
analysis validates answers against it (`answers.py`).
"""

from __future__ import annotations

from datetime import date

from survey.commune_question import COMMUNE_LIST, CommuneChoice, commune_choices, commune_question
from survey.families import FAMILIES, Family
from survey.notice import Notice, placeholder_notice
from survey.questionnaire_types import NOT_ANSWERS, Form, Question

__all__ = ["NOT_ANSWERS", "Form", "Question", "build_form"]

# One 1–5 scale for satisfaction and importance alike, so that the two can be set against
# each other (importance–performance analysis).
SCALE = "echelle"
YES_NO = "oui_non"
# A factual question a resident may not know the answer to ("nsp", as survey/stored.py
# names "Je ne sais pas").
YES_NO_DK = "oui_non_nsp"
NETWORKS = "reseau"
# The networks asked about when the scope's are not known (generic form), by platform key
# (database/vocabulary.py); "autre" and "aucun" close every list.
COMMON_NETWORKS = ("facebook", "instagram", "x", "linkedin", "youtube", "tiktok")
AGE_BANDS = (("15-29", "15 à 29 ans"), ("30-44", "30 à 44 ans"), ("45-59", "45 à 59 ans"),
             ("60-74", "60 à 74 ans"), ("75+", "75 ans ou plus"))  # fmt: skip
SEXES = (("femme", "Femme"), ("homme", "Homme"))
# The form's identifier (KoboToolbox, ODK, the stored survey's default name) and the title
# residents read at the top of the form and of the paper version: theirs, not the tool's.
FORM_ID = "vigie_citoyens"
FORM_TITLE = "Enquête sur les services en ligne de votre commune"
CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    YES_NO: (("oui", "Oui"), ("non", "Non")),
    YES_NO_DK: (("oui", "Oui"), ("non", "Non"), ("nsp", "Je ne sais pas")),
    SCALE: (
        ("1", "1 – Pas du tout"),
        ("2", "2"),
        ("3", "3"),
        ("4", "4"),
        ("5", "5 – Tout à fait"),
    ),  # fmt: skip
    "age": AGE_BANDS,
    "sexe": SEXES,
    "occupation": (
        ("agriculteur", "Agriculteur exploitant"),
        ("independant", "Artisan, commerçant, chef d'entreprise"),
        ("cadre", "Cadre, profession intellectuelle supérieure"),
        ("intermediaire", "Profession intermédiaire"),
        ("employe", "Employé"),
        ("ouvrier", "Ouvrier"),
        ("retraite", "Retraité"),
        ("etudiant", "Élève, étudiant"),
        ("sans_activite", "Autre personne sans activité professionnelle"),
    ),
    "internet": (
        ("quotidien", "Tous les jours ou presque"),
        ("hebdomadaire", "Au moins une fois par semaine"),
        ("rare", "Moins souvent"),
        ("jamais", "Jamais"),
    ),
    "canal": (
        ("bulletin", "Le bulletin municipal papier"),
        ("site", "Le site internet de la commune"),
        ("reseaux", "Les réseaux sociaux"),
        ("application", "Une application mobile"),
        ("lettre", "Une lettre d'information par courriel"),
        ("affichage", "L'affichage, les panneaux"),
        ("presse", "La presse locale"),
        ("accueil", "L'accueil de la mairie"),
        ("entourage", "Le bouche-à-oreille"),
    ),
    "attente": (("oui", "Oui"), ("non", "Non"), ("sans_avis", "Sans avis")),
    "difficulte": (
        ("vue", "Voir ou lire l'écran"),
        ("audition", "Entendre une vidéo ou un son"),
        ("motricite", "Utiliser la souris, le clavier ou l'écran tactile"),
        ("comprehension", "Comprendre les textes ou les démarches"),
        ("aucune", "Aucune de ces difficultés"),
    ),
    "frequence": (("souvent", "Souvent"), ("parfois", "Parfois"), ("jamais", "Jamais")),
}


def _family_questions(family: Family, offered: bool | None, names: list[str]) -> list[Question]:
    """Awareness, use, satisfaction and importance where the service exists; expectation and
    importance where no site of the scope offers it. `names`: the apps or networks the
    scope's sites use, given as examples. The questions that refer back to the service agree
    with its gender and number."""
    group = [Question("begin_group", f"service_{family.key}", family.heading)]
    examples = ""
    if names and offered is not False:
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} ou {names[-1]}"
        examples = f", par exemple {listed}"
    if offered is False:
        group.append(
            Question(
                "select_one attente",
                f"attente_{family.key}",
                f"Aimeriez-vous que votre commune {family.wished} ?",
                required=True,
            )
        )
    else:
        group += _offered_questions(family, examples)
    group += [
        Question(
            f"select_one {SCALE}",
            f"import_{family.key}",
            "Quelle importance ce service a-t-il pour vous ?",
            hint="De 1 (pas du tout important) à 5 (tout à fait important).",
            required=True,
            appearance="likert",
        ),
        Question("end_group", f"service_{family.key}_fin"),
    ]
    return group


def _offered_questions(family: Family, examples: str) -> list[Question]:
    """Known? (or not known), used? and how satisfying, of a service the scope offers."""
    aware, used = f"connait_{family.key}", f"usage_{family.key}"
    group = [
        Question(
            f"select_one {YES_NO_DK}",
            aware,
            f"Votre commune {family.asked}{examples} ?",
            hint="Répondez « Je ne sais pas » si vous n'en avez jamais entendu parler.",
            required=True,
        ),
        Question(
            f"select_one {YES_NO}",
            used,
            f"{family.pronoun}avez-vous {family.agree('utilisé')} au cours des douze"
            " derniers mois ?",
            relevant=f"${{{aware}}} = 'oui'",
            required=True,
        ),
        Question(
            f"select_one {SCALE}",
            f"satisf_{family.key}",
            f"Dans quelle mesure {_object(family)} trouvez-vous {family.agree('satisfaisant')} ?",
            hint=f"De 1 (pas du tout {family.agree('satisfaisant')}) à 5 (tout à fait"
            f" {family.agree('satisfaisant')}).",
            relevant=f"${{{used}}} = 'oui'",
            required=True,
            appearance="likert",
        ),
    ]
    if family.key == "reseaux":
        group.append(_networks_question(aware))
    return group


def _object(family: Family) -> str:
    """The object pronoun before a consonant: la, le, les."""
    return "les" if family.plural else "la" if family.feminine else "le"


def _networks_question(aware: str) -> Question:
    """On which of the networks the commune uses the resident follows it."""
    return Question(
        f"select_multiple {NETWORKS}",
        "reseaux_suivis",
        "Sur lesquels de ces réseaux suivez-vous votre commune ?",
        hint="Plusieurs réponses possibles.",
        relevant=f"${{{aware}}} = 'oui'",
        required=True,
        constraint="not(selected(., 'aucun') and count-selected(.) > 1)",
        constraint_message="« Aucun » ne peut pas être coché avec un réseau.",
    )


def network_choices(platforms: list[str] | None) -> tuple[tuple[str, str], ...]:
    """The networks to tick: the scope's (platform keys, most used first) or the common
    ones, then "another" and "none"."""
    from database.vocabulary import platform_label

    return (
        *((key, platform_label(key)) for key in (platforms or COMMON_NETWORKS)),
        ("autre", "Un autre réseau"),
        ("aucun", "Je ne la suis sur aucun réseau"),
    )


def build_form(
    offered: dict[str, bool] | None = None,
    communes: list[CommuneChoice] | list[tuple[str, str]] | None = None,
    scope_label: str = "France entière",
    today: date | None = None,
    names: dict[str, list[str]] | None = None,
    notice: Notice | None = None,
    platforms: list[str] | None = None,
) -> Form:
    """The questionnaire; `offered` (family key -> whether any site of the scope offers it)
    tailors the service questions, `communes` (CommuneChoice, or (code, name)) turns the
    commune question into a list to search, `notice` fills the data-protection notice (its
    fields are placeholders otherwise), `platforms` lists the networks the scope's sites use."""
    version = (today or date.today()).strftime("%Y%m%d")
    listed = [c if isinstance(c, CommuneChoice) else CommuneChoice(*c) for c in communes or ()]
    questions = _opening_questions(
        scope_label, commune_question(bool(listed)), notice or placeholder_notice()
    )
    shown = {family.key: (offered or {}).get(family.key) for family in FAMILIES}
    for family in FAMILIES:
        questions += _family_questions(
            family, shown[family.key] if offered else None, (names or {}).get(family.key, [])
        )
    questions += _closing_questions()
    choices = {**CHOICES, NETWORKS: network_choices(platforms)}
    if listed:
        choices[COMMUNE_LIST] = commune_choices(listed)
    return Form(
        FORM_ID,
        FORM_TITLE,
        version,
        questions,
        choices,
        {key: (shown[key] if offered else None) for key in shown},
    )


def _opening_questions(scope_label: str, commune: Question, notice: Notice) -> list[Question]:
    """The presentation, the data-protection notice, the respondent's profile and how they
    get local news."""
    return [
        Question(
            "note",
            "presentation",
            "Cette enquête porte sur les services numériques de votre commune"
            f"{'' if scope_label == 'France entière' else f' ({scope_label})'}."
            " Elle prend une dizaine de minutes.",
        ),
        Question("note", "protection_donnees", notice.text()),
        Question("begin_group", "profil", "Vous"),
        Question("select_one age", "age", "Quel est votre âge ?", required=True),
        Question("select_one sexe", "sexe", "Vous êtes :", required=True),
        commune,
        Question(
            "select_one occupation", "occupation", "Quelle est votre situation ?", required=True
        ),  # fmt: skip
        Question(
            "select_one internet",
            "internet",
            "À quelle fréquence utilisez-vous internet ?",
            required=True,
        ),  # fmt: skip
        Question("end_group", "profil_fin"),
        Question("begin_group", "information", "S'informer sur la vie locale"),
        Question(
            "select_multiple canal",
            "canaux",
            "Par quels moyens vous informez-vous sur la vie de votre commune ?",
            hint="Plusieurs réponses possibles.",
            required=True,
        ),
        Question("end_group", "information_fin"),
    ]


def _closing_questions() -> list[Question]:
    """Accessibility and help, participation, and the free comment."""
    return [
        Question("begin_group", "inclusion", "Accessibilité et aide au numérique"),
        Question(
            "select_multiple difficulte",
            "difficultes",
            "Rencontrez-vous l'une de ces difficultés sur un site internet ?",
            hint="Plusieurs réponses possibles.",
            required=True,
            constraint="not(selected(., 'aucune') and count-selected(.) > 1)",
            constraint_message="« Aucune » ne peut pas être cochée avec une difficulté.",
        ),
        Question(
            "select_one frequence",
            "besoin_aide",
            "Avez-vous besoin d'aide pour faire une démarche en ligne ?",
            required=True,
        ),
        Question("end_group", "inclusion_fin"),
        Question("begin_group", "participer", "Participer"),
        Question(
            f"select_one {YES_NO}",
            "consulte",
            "Avez-vous participé à une consultation de votre commune au cours des douze"
            " derniers mois ?",
            required=True,
        ),
        Question(
            "select_one attente",
            "participerait",
            "Participeriez-vous à une consultation en ligne sur un projet de votre commune ?",
            required=True,
        ),
        Question("end_group", "participer_fin"),
        Question(
            "text",
            "commentaire",
            "Que souhaiteriez-vous améliorer dans les services en ligne de votre commune ?",
            appearance="multiline",
        ),
    ]
