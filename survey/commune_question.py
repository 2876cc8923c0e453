"""The commune question. Residents do not know their commune's INSEE code: with the scope's
communes known, they pick it from a list they search by name or postal code (XLSForm
`autocomplete`: typing "Nan" or "44300" keeps the matching communes), the answer being the
INSEE code the analysis needs. Without a list (a generic form, no database), the code is typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from database.geography import DEPARTEMENTS
from survey.questionnaire_types import Question

COMMUNE_LIST = "commune"


@dataclass(frozen=True)
class CommuneChoice:
    code: str  # INSEE code: the answer stored
    name: str
    departement: str = ""
    postal_codes: str = ""  # space-separated, as authorities.postal_codes

    def label(self, with_departement: bool) -> str:
        """What the respondent reads and searches: "Nantes (44000, 44100) – Loire-Atlantique"."""
        codes = ", ".join(self.postal_codes.split())
        label = f"{self.name} ({codes})" if codes else self.name
        if with_departement and self.departement:
            label += f" – {DEPARTEMENTS.get(self.departement, self.departement)}"
        return label


def commune_choices(communes: list[CommuneChoice]) -> tuple[tuple[str, str], ...]:
    """The choice list, by name; the département is named when the list spans several."""
    several = len({commune.departement for commune in communes}) > 1
    return tuple(
        (commune.code, commune.label(several))
        for commune in sorted(communes, key=lambda c: (c.name, c.code))
    )


def commune_question(listed: bool) -> Question:
    """A list to search when the communes are known, else the INSEE code to type."""
    if listed:
        return Question(
            f"select_one {COMMUNE_LIST}",
            "commune",
            "Dans quelle commune habitez-vous ?",
            hint="Tapez le nom de votre commune ou son code postal, puis choisissez-la dans la"
            " liste.",
            required=True,
            appearance="autocomplete",
        )
    return Question(
        "text",
        "commune",
        "Quel est le code INSEE de votre commune ?",
        hint="Cinq caractères, par exemple 44109 pour Nantes (à rechercher sur insee.fr).",
        required=True,
        constraint="regex(., '^[0-9][0-9AB][0-9]{3}$')",
        constraint_message="Un code INSEE a cinq caractères : 44109, 2A004…",
    )
