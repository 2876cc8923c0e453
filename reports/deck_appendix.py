"""The appendix slides: the glossary and the indicators of the score."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType

from reports.data import ReportData
from reports.deck_source import source
from reports.labels import feature_label, french_number
from reports.layout import CONTENT_TOP, CONTENT_WIDTH, MARGIN, add_table, titled_slide

GLOSSARY = (
    ("Site exploré", "Site référencé qui a répondu : page d'accueil et pages clés lues, dans la"
     " limite d'un budget de pages, robots.txt respecté."),
    ("Strate", "Groupe de comparaison : communes par tranche de population (INSEE), EPCI,"
     " départements, régions."),
    ("Score", "De 0 à 100 : moyenne pondérée de six axes, chacun moyenne pondérée de ses"
     " indicateurs mesurés."),
    ("Intervalle de rang", "Rangs possibles quand les pondérations et la normalisation varient"
     " (500 tirages) ; deux intervalles qui se chevauchent ne départagent pas."),
    ("Taux constaté", "Obligation respectée parmi les sites où le constat est possible."),
    ("Indéterminé", "Site non exploré, ou obligation qu'un site ne permet pas de vérifier."),
    ("Constat", "Élément trouvé sur une page, conservé avec l'adresse de la page et un extrait."),
)  # fmt: skip
APPENDIX_ROWS = 12


def glossary_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(presentation, "Annexe : définitions", source(data))
    add_table(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, ["Terme", "Définition"],
              [list(entry) for entry in GLOSSARY], (0.22, 0.78), size=13)  # fmt: skip


def indicator_slides(presentation: PresentationType, data: ReportData) -> None:
    pages = [
        data.indicator_rows[start : start + APPENDIX_ROWS]
        for start in range(0, len(data.indicator_rows), APPENDIX_ROWS)
    ]
    for number, page in enumerate(pages, start=1):
        slide = titled_slide(
            presentation,
            f"Annexe : les indicateurs du score ({number}/{len(pages)})",
            source(data),
        )
        add_table(
            slide,
            MARGIN,
            CONTENT_TOP,
            CONTENT_WIDTH,
            ["Indicateur", "Axe", "Poids", "Constat mesuré"],
            [
                [label, axis, french_number(weight, 2), feature_label(feature)]
                for label, axis, weight, feature in page
            ],
            (0.36, 0.3, 0.08, 0.26),
            size=12,
        )
