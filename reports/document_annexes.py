"""The study document's annexes: the indicators of the score with their weights, the scan
statuses in French with what they mean, and the definitions (the deck's glossary)."""

from __future__ import annotations

from database.statuses import SCAN_STATUSES
from reports.data import ReportData
from reports.deck_appendix import GLOSSARY
from reports.document_style import Study, heading, paragraph, table
from reports.french import counted, french_count, french_number
from reports.labels import feature_label
from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS, MIN_SITES
from scoring.model import Indicator, Model

# The families of findings an indicator may count as a whole (a key ending in ".").
FAMILY_WORDS = {
    "eservices.": "services en ligne",
    "social.": "réseaux sociaux",
    "opendata.": "données ouvertes (portail ou fichiers)",
    "participation.": "participation citoyenne",
    "transparency.": "transparence",
    "alerts.": "canaux d'alerte",
}
# What each way of measuring reads on the site, in words.
MEASURE_WORDS = {
    "presence": "Présence : {what}",
    "absence": "Absence : {what}",
    "any_of": "Au moins un constat de ce type ({what})",
    "count": "Nombre de constats ({what}), jusqu'à {cap}",
    "recency": "Date la plus récente ({what})",
    "value": "Niveau selon la valeur constatée ({what})",
    "fewest": "Nombre d'échecs ({what}) : moins il y en a, mieux c'est",
    "number": "Valeur mesurée ({what})",
    "share_of": "Part des éléments trouvés ({what})",
}
NUMBER_RULES = (
    ("n", "Effectif sur lequel repose un chiffre : sites explorés, sites notés, collectivités"
     " ou répondants."),
    (INSUFFICIENT.capitalize(), f"Chiffre non énoncé parce qu'il reposerait sur moins de"
     f" {MIN_SITES} sites (ou {MIN_RESPONDENTS} répondants)."),
)  # fmt: skip


def feature_words(feature: str) -> str:
    """What an indicator reads on the site, in words, never its code."""
    if feature in FAMILY_WORDS:
        return FAMILY_WORDS[feature]
    label = feature_label(feature)
    if label == feature:  # a finding the labels do not know yet
        return "constat du site"
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def measure_words(indicator: Indicator) -> str:
    template = MEASURE_WORDS.get(indicator.measure, "{what}")
    read = indicator.features or (indicator.feature,)  # share_of reads several features
    what = " ; ".join(feature_words(feature) for feature in read)
    text = template.format(what=what, cap=indicator.cap)
    return text[:1].upper() + text[1:]


def annexes(study: Study, data: ReportData, model: Model) -> None:
    indicators_annex(study, model)
    statuses_annex(study, data)
    definitions_annex(study)


def indicators_annex(study: Study, model: Model) -> None:
    heading(study, "Annexe A. Les indicateurs du score")
    paragraph(
        study,
        f"Modèle de score {model.version} : {counted(len(model.indicators), 'indicateur')}"
        f" en {counted(len(model.axes), 'axe')}. Le poids d'un indicateur se lit dans son"
        " axe ; les axes comptent à parts égales dans le score.",
    )
    axes = {axis.key: axis.label for axis in model.axes}
    rows = [
        [indicator.label, axes[indicator.axis], french_number(indicator.weight, 2),
         measure_words(indicator)]
        for indicator in model.indicators
    ]  # fmt: skip
    table(study, "Les indicateurs du score, leur axe et leur poids",
          ["Indicateur", "Axe", "Poids", "Ce qui est lu sur le site"], rows,
          (5, 3.4, 1.6, 6))  # fmt: skip


def statuses_annex(study: Study, data: ReportData) -> None:
    heading(study, "Annexe B. Les statuts de l'exploration")
    paragraph(
        study,
        "Chaque site référencé reçoit un statut d'exploration. Seuls les sites explorés sont"
        " mesurés ; les autres sont hors des taux et des classements, jamais notés zéro.",
    )
    rows = [
        [status.label, status.meaning, french_count(data.statuses.get(code, 0))]
        for code, status in SCAN_STATUSES.items()
    ]
    table(study, "Les statuts de l'exploration et leur signification",
          ["Statut", "Signification", "Collectivités"], rows, (4.4, 9.2, 2.4),
          f"n = {counted(data.authorities, 'collectivité')}.")  # fmt: skip


def definitions_annex(study: Study) -> None:
    heading(study, "Annexe C. Définitions")
    rows = [list(entry) for entry in (*GLOSSARY, *NUMBER_RULES)]
    table(study, "Définitions", ["Terme", "Définition"], rows, (4, 12))
