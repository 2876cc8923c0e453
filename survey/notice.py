"""The data-protection notice the questionnaire opens with (RGPD, article 13): who controls
the answers, what for, on what basis, who receives them, how long they are kept, and where to
exercise one's rights. The study fills its fields in a small TOML file (`design --notice`,
survey/notice-exemple.toml); a field left unfilled reads "[à compléter : …]" in the form."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

EXAMPLE_NOTICE = Path(__file__).with_name("notice-exemple.toml")
# Field -> what it is, in the words of the placeholder the form shows while it is unfilled.
REQUIRED = {
    "responsable": "responsable du traitement (nom et adresse)",
    "finalite": "finalité de l'enquête",
    "conservation": "durée de conservation des réponses",
    "contact": "adresse où exercer vos droits (délégué à la protection des données)",
}
DEFAULTS = {
    "base_legale": "l'exécution d'une mission d'intérêt public (article 6.1.e du RGPD)",
    "destinataires": "l'équipe chargée de l'étude ; seuls des résultats agrégés sont publiés",
}


class NoticeError(ValueError):
    """A notice file that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class Notice:
    responsable: str
    finalite: str
    conservation: str
    contact: str
    base_legale: str = DEFAULTS["base_legale"]
    destinataires: str = DEFAULTS["destinataires"]

    @property
    def unfilled(self) -> list[str]:
        """The fields still holding their placeholder."""
        return [name for name, what in REQUIRED.items() if getattr(self, name) == _blank(what)]

    def text(self) -> str:
        """The notice as the respondent reads it, in French."""
        return (
            "Protection de vos données. Vos réponses sont traitées par"
            f" {self.responsable}, pour {_lower_first(self.finalite)}. Base légale :"
            f" {self.base_legale}. Destinataires : {self.destinataires}. Durée de conservation :"
            f" {self.conservation}. Le questionnaire ne demande ni votre nom ni vos coordonnées."
            " Vous pouvez accéder aux données vous concernant, les faire rectifier ou effacer,"
            " et vous opposer à leur traitement, auprès de"
            f" {self.contact}. En cas de difficulté, vous pouvez saisir la CNIL (cnil.fr)."
        )


def _blank(what: str) -> str:
    return f"[à compléter : {what}]"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def placeholder_notice() -> Notice:
    """A notice whose study fields are all placeholders (a draft form)."""
    return Notice(**{name: _blank(what) for name, what in REQUIRED.items()})


def read_notice(path: Path) -> Notice:
    """The notice of a TOML file with the fields of Notice (strings)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise NoticeError(f"cannot read the notice file {path}: {error}") from error
    known = {field.name for field in fields(Notice)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise NoticeError(
            f"{path}: unknown field(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )
    missing = [name for name in REQUIRED if not str(data.get(name, "")).strip()]
    if missing:
        raise NoticeError(f"{path}: fill the field(s) {', '.join(missing)} (see {EXAMPLE_NOTICE})")
    wrong = [name for name, value in data.items() if not isinstance(value, str)]
    if wrong:
        raise NoticeError(f"{path}: {', '.join(wrong)} must be text between quotes")
    return Notice(**{name: " ".join(value.split()) for name, value in data.items()})
