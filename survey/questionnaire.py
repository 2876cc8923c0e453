"""The citizen questionnaire, in French, as data: sections of questions in XLSForm's terms.

The same `Form` is written as an XLSForm workbook (`xlsform.py`) for KoboToolbox or ODK, and
as a printable document (`printable.py`) for face-to-face or paper administration; the
analysis validates answers against it (`answers.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from survey.families import FAMILIES, Family

# One 1–5 scale for satisfaction and importance alike, so that the two can be set against
# each other (importance–performance analysis).
SCALE = "echelle"
YES_NO = "oui_non"
AGE_BANDS = (("15-29", "15 à 29 ans"), ("30-44", "30 à 44 ans"), ("45-59", "45 à 59 ans"),
             ("60-74", "60 à 74 ans"), ("75+", "75 ans ou plus"))  # fmt: skip
SEXES = (("femme", "Femme"), ("homme", "Homme"))
CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    YES_NO: (("oui", "Oui"), ("non", "Non")),
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


@dataclass(frozen=True)
class Question:
    type: str  # XLSForm type: "select_one oui_non", "integer", "text", "note", "begin_group"...
    name: str
    label: str = ""
    hint: str = ""
    relevant: str = ""  # XLSForm relevance expression
    required: bool = False
    constraint: str = ""
    constraint_message: str = ""
    appearance: str = ""

    @property
    def choice_list(self) -> str | None:
        kind, _, rest = self.type.partition(" ")
        return rest if kind in ("select_one", "select_multiple") else None

    @property
    def is_multiple(self) -> bool:
        return self.type.startswith("select_multiple")


@dataclass
class Form:
    form_id: str
    title: str
    version: str
    questions: list[Question]
    choices: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # Family key -> whether the sites of the scope offer it (None: no scope, ask as offered).
    offered: dict[str, bool | None] = field(default_factory=dict)

    def question(self, name: str) -> Question:
        return next(q for q in self.questions if q.name == name)

    @property
    def answered(self) -> list[Question]:
        """The questions that hold an answer (not groups nor notes)."""
        return [q for q in self.questions if q.type.split()[0] not in NOT_ANSWERS]


NOT_ANSWERS = {"begin_group", "end_group", "note", "calculate"}


def _family_questions(family: Family, offered: bool | None, names: list[str]) -> list[Question]:
    """Awareness, use, satisfaction and importance where the service exists; expectation and
    importance where no site of the scope offers it. `names`: the apps or networks the
    scope's sites use, given as examples."""
    group = [Question("begin_group", f"service_{family.key}", f"Service : {family.label}")]
    examples = ""
    if names and offered is not False:
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} ou {names[-1]}"
        examples = f", par exemple {listed}"
    if offered is False:
        group.append(
            Question(
                "select_one attente",
                f"attente_{family.key}",
                f"Aimeriez-vous que votre commune propose {family.label} ?",
                required=True,
            )
        )
    else:
        aware, used = f"connait_{family.key}", f"usage_{family.key}"
        group += [
            Question(
                f"select_one {YES_NO}",
                aware,
                f"Savez-vous si votre commune propose {family.label}{examples} ?",
                hint="Répondez « oui » si vous savez que ce service existe.",
                required=True,
            ),
            Question(
                f"select_one {YES_NO}",
                used,
                "L'avez-vous utilisé au cours des douze derniers mois ?",
                relevant=f"${{{aware}}} = 'oui'",
                required=True,
            ),
            Question(
                f"select_one {SCALE}",
                f"satisf_{family.key}",
                "Êtes-vous satisfait de ce service ?",
                hint="De 1 (pas du tout satisfait) à 5 (tout à fait satisfait).",
                relevant=f"${{{used}}} = 'oui'",
                required=True,
                appearance="likert",
            ),
        ]
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


def build_form(
    offered: dict[str, bool] | None = None,
    communes: list[tuple[str, str]] | None = None,
    scope_label: str = "France entière",
    today: date | None = None,
    names: dict[str, list[str]] | None = None,
) -> Form:
    """The questionnaire; `offered` (family key -> whether any site of the scope offers it)
    tailors the service questions, `communes` (code, name) turns the commune question into a
    list to pick from."""
    version = (today or date.today()).strftime("%Y%m%d")
    questions = _opening_questions(scope_label, _commune_question(communes))
    shown = {family.key: (offered or {}).get(family.key) for family in FAMILIES}
    for family in FAMILIES:
        questions += _family_questions(
            family, shown[family.key] if offered else None, (names or {}).get(family.key, [])
        )
    questions += _closing_questions()
    choices = dict(CHOICES)
    if communes:
        choices["commune"] = tuple(communes)
    return Form(
        "vigie_citoyens",
        "Vigie – Vos services publics locaux en ligne",
        version,
        questions,
        choices,
        {key: (shown[key] if offered else None) for key in shown},
    )


def _commune_question(communes: list[tuple[str, str]] | None) -> Question:
    """A list to pick from when the communes are known, else the INSEE code to type."""
    if communes:
        return Question(
            "select_one commune",
            "commune",
            "Dans quelle commune habitez-vous ?",
            required=True,
            appearance="minimal",
        )
    return Question(
        "text",
        "commune",
        "Quel est le code INSEE de votre commune ?",
        hint="Cinq caractères, par exemple 44109 pour Nantes.",
        required=True,
        constraint="regex(., '^[0-9][0-9AB][0-9]{3}$')",
        constraint_message="Un code INSEE a cinq caractères : 44109, 2A004…",
    )


def _opening_questions(scope_label: str, commune: Question) -> list[Question]:
    """The presentation, the respondent's profile and how they get local news."""
    return [
        Question(
            "note",
            "presentation",
            f"Cette enquête porte sur les services numériques de votre commune ({scope_label})."
            " Elle est anonyme et prend une dizaine de minutes.",
        ),
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
