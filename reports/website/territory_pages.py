"""A page for each département and région that holds at least one authority of the scope:
its authorities best score first (then those not measured, by name), how many have each
status, and the median score of those scored, stated only on MIN_SITES or more."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping

from database.geography import REGION_OF_DEPARTEMENT
from reports.french import french_fixed
from reports.scorecard_peers import median_of
from reports.thresholds import MIN_SITES
from reports.website.content import AuthorityLine, Figure, Link, TerritoryPage
from reports.website.facts import AuthorityFacts, SiteFacts
from reports.website.wording import (
    bare_departement_name,
    departement_link,
    departement_path,
    insufficient,
    n_text,
    region_link,
    region_name,
    region_path,
)


def territory_pages(
    facts: SiteFacts, lines: Mapping[int, AuthorityLine], measured: Mapping[int, float]
) -> list[TerritoryPage]:
    """The départements' pages (by code), then the régions' (by code). `lines` holds every
    authority's line by id, `measured` the score of those measured."""
    departements: dict[str, list[AuthorityFacts]] = defaultdict(list)
    regions: dict[str, list[AuthorityFacts]] = defaultdict(list)
    for authority in facts.authorities:
        if authority.departement:
            departements[authority.departement].append(authority)
        if authority.region:
            regions[authority.region].append(authority)
    pages = []
    for code in sorted(departements):
        region = REGION_OF_DEPARTEMENT.get(code)
        pages.append(
            _page(
                Link(bare_departement_name(code), departement_path(code)),
                "Département",
                code,
                region_link(region) if region in regions else None,
                [],
                [(lines[a.id], measured.get(a.id)) for a in departements[code]],
            )
        )
    for code in sorted(regions):
        own = [d for d in sorted(departements) if REGION_OF_DEPARTEMENT.get(d) == code]
        pages.append(
            _page(
                Link(region_name(code), region_path(code)),
                "Région",
                code,
                None,
                [link for d in own if (link := departement_link(d)) is not None],
                [(lines[a.id], measured.get(a.id)) for a in regions[code]],
            )
        )
    return pages


def _page(
    territory: Link,  # its bare name ("Cantal"): the page shows the code apart
    kind: str,
    code: str,
    region: Link | None,
    departements: list[Link],
    members: list[tuple[AuthorityLine, float | None]],
) -> TerritoryPage:
    lines = [line for line, _ in members]
    return TerritoryPage(
        path=territory.path,
        kind=kind,
        code=code,
        name=territory.text,
        region=region,
        departements=departements,
        counts=status_counts(lines),
        median=median_figure([score for _, score in members if score is not None]),
        authorities=ordered(members),
    )


def status_counts(lines: list[AuthorityLine]) -> list[tuple[str, int]]:
    """(French status, how many), most first, ties by label."""
    counts = Counter(line.status for line in lines)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def median_figure(scores: list[float]) -> Figure:
    """The median score of the territory's scored authorities with its n, not stated on
    fewer than MIN_SITES ('aucune collectivité notée' on none)."""
    value = median_of(scores)
    if len(scores) < MIN_SITES or value is None:
        return insufficient(len(scores))
    return Figure(f"{french_fixed(value)} ({n_text(len(scores))})")


def ordered(members: list[tuple[AuthorityLine, float | None]]) -> list[AuthorityLine]:
    """Best score first (ties by name), then the authorities without a score, by name."""
    scored = sorted(
        ((line, score) for line, score in members if score is not None),
        key=lambda member: (-member[1], member[0].name),
    )
    others = sorted((line for line, score in members if score is None), key=lambda line: line.name)
    return [line for line, _ in scored] + others
