"""The home page: how many authorities the scope holds and how many were measured (the others
by status), the adoption of the charted practices by stratum group (thin strata merged as in
the deck, each column with its n), the map of mean scores by département with its text, and
the links to every territory's page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from database.geography import DEPARTEMENTS
from reports.adoption import ADOPTION_FEATURES
from reports.data import ReportData
from reports.france_map import map_png
from reports.french import counted, french_number, french_percent
from reports.thresholds import MIN_SITES, MIN_TILE
from reports.website.content import AuthorityLine, Figure, HomePage, Link, Share, TerritoryPage
from reports.website.search_index import fold
from reports.website.wording import departement_name, insufficient, n_text

# Départements named in the map's text, best mean first.
BEST_NAMED = 3


def home_page(
    data: ReportData,
    index: Sequence[AuthorityLine],
    measured: int,
    territories: Sequence[TerritoryPage],
) -> HomePage:
    not_measured = Counter(line.status for line in index if not line.score.stated)
    figures = data.by_group
    shading = data.map_shading()
    # One tile compares nothing (as on the deck); a map with no tile coloured shows nothing.
    drawn = shading.in_scope > 1 and shading.coloured > 0
    return HomePage(
        authorities=len(index),
        measured=measured,
        not_measured=sorted(not_measured.items(), key=lambda item: (-item[1], item[0])),
        adoption=[
            (
                label,
                [
                    Share(group.label, share_figure(figures.adoption_value(key, group), group.n))
                    for group in figures.groups
                ],
            )
            for key, label in ADOPTION_FEATURES
        ],
        strata=[f"{group.label} ({n_text(group.n)})" for group in figures.groups],
        map_png=map_png(data) if drawn else None,
        map_text=map_text(data) if drawn else no_map_text(shading.in_scope),
        territories=territory_links(territories),
    )


def share_figure(share: float | None, n: int) -> Figure:
    """'62 % (n = 40)', or 'effectif insuffisant (n = 3)' below MIN_SITES."""
    if share is None or n < MIN_SITES:
        return insufficient(n)
    return Figure(f"{french_percent(share)} ({n_text(n)})")


def no_map_text(departements: int) -> str:
    """Why no map is drawn, when the scope spans départements but none has enough scores."""
    if departements <= 1:
        return ""
    return (
        f"Aucun département ne compte au moins {MIN_TILE} collectivités notées : la carte des"
        " scores moyens par département n'est pas dessinée."
    )


def map_text(data: ReportData) -> str:
    """What the map shows, in words, for whoever cannot see it."""
    shading = data.map_shading()
    coloured = counted(shading.coloured, "département coloré", "départements colorés")
    said = (
        "Carte du score moyen des collectivités notées, par département : "
        f"{coloured} sur {shading.in_scope}, ceux qui comptent au moins {MIN_TILE} collectivités"
        " notées ; plus la teinte est foncée, plus le score moyen est élevé."
    )
    best = sorted(
        (
            (mean, count, code)
            for code, (mean, count) in data.departement_scores.items()
            if isinstance(shading.tiles.get(code), int)
        ),
        key=lambda item: (-item[0], item[2]),
    )[:BEST_NAMED]
    if best:
        named = ", ".join(
            f"{DEPARTEMENTS.get(code, code)} ({french_number(mean)} sur 100,"
            f" {counted(count, 'collectivité notée', 'collectivités notées')})"
            for mean, count, code in best
        )
        said += f" Meilleures moyennes : {named}."
    return said


def territory_links(territories: Sequence[TerritoryPage]) -> list[Link]:
    """The régions first, by name (a reader looks for a name, not an INSEE code), then the
    départements by code, as a map's legend lists them ("Cantal (15)": a page holds the
    bare name)."""
    regions = sorted(
        (Link(page.name, page.path) for page in territories if page.kind == "Région"),
        key=lambda link: fold(link.text),
    )
    departements = [
        Link(departement_name(page.code), page.path)
        for page in sorted(territories, key=lambda page: page.code)
        if page.kind != "Région"
    ]
    return regions + departements
