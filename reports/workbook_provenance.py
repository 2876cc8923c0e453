"""The workbook's first sheet: which run, date, model, scope and thresholds its figures come
from, and their sources and licences."""

from __future__ import annotations

import pandas as pd

from reports.data import ReportData
from reports.french import counted
from reports.survey_summary import SIMULATED
from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS, MIN_SITES, MIN_TILE

SOURCE = (
    "Vigie : exploration automatique des sites internet des collectivités (pages publiques),"
    " constats par page, score composite selon le modèle ci-dessus (méthode : docs/method.md)."
)
LICENCE = (
    "Collectivités, codes et populations : Annuaire de l'administration (DILA) et INSEE (Code"
    " officiel géographique, populations légales), sous Licence Ouverte (Etalab). Logiciel"
    " Vigie sous licence MIT."
)
READING = (
    f"Chaque taux (colonne « (%) ») a son effectif dans la colonne « n » à sa droite ; sous le"
    f" seuil, il est remplacé par « {INSUFFICIENT} »."
)


def provenance(data: ReportData) -> pd.DataFrame:
    """Rubrique | Valeur, one line each; numbers as numbers, the run's date as a date."""
    lines: list[tuple[str, object]] = [
        ("Campagne Vigie (numéro)", data.run_id),
        ("Date de la campagne", data.run_started.date()),
        ("Modèle de score (version)", data.model_version),
        ("Périmètre", data.scope.label),
        ("Collectivités du périmètre", data.authorities),
        ("Sites explorés (mesurés)", data.crawled),
        ("Collectivités notées", len(data.ranking)),
        ("Seuil : sites pour donner un taux ou une moyenne", MIN_SITES),
        ("Seuil : répondants pour une cellule de l'enquête", MIN_RESPONDENTS),
        ("Seuil : collectivités notées pour colorer un département", MIN_TILE),
        ("Enquête auprès des habitants", _survey(data)),
        ("Source", SOURCE),
        ("Référentiels et licences", LICENCE),
        ("Lecture", READING),
    ]
    return pd.DataFrame(lines, columns=["Rubrique", "Valeur"])


def _survey(data: ReportData) -> str:
    survey = data.survey
    if survey is None:
        return "aucune enquête analysée pour cette campagne"
    text = f"« {survey.name} » : {counted(survey.respondents, 'répondant')} du périmètre"
    if survey.left_out:
        text += f", non présentée ({survey.left_out})"
    return f"{text}. {SIMULATED}." if survey.synthetic else f"{text}."
