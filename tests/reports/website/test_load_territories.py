"""The website's territory pages, index and home page: a département or région page for each
that holds an authority of the scope, named bare (its code apart, its links "Cantal (15)"),
its median stated only on MIN_SITES scored authorities; the index holds every authority of
the scope with its postal codes and its stratum; the home page counts them, says why the
others were not measured, and gives each adoption share its n."""

from __future__ import annotations

from statistics import median
from typing import Any

from sqlalchemy import text

from database.scope import Scope
from reports.adoption import ADOPTION_FEATURES
from reports.french import french_fixed, long_date
from reports.thresholds import INSUFFICIENT, MIN_SITES
from reports.website.content import Figure, TerritoryPage
from reports.website.load import load_site
from reports.website.wording import stratum_label
from tests.reports.website.conftest import Site
from tests.reports.website.site_database import PLACES, SECOND_RUN

# "n = 7" as the pages write it: no-break spaces, never broken across two lines.
N_IS = "n\u00a0=\u00a0"


def sql(site: Site, query: str, **params: Any) -> list[Any]:
    with site.engine.connect() as connection:
        return list(connection.execute(text(query), params))


def territory(site: Site, path: str) -> TerritoryPage:
    return next(page for page in site.content.territories if page.path == path)


def scores_of(site: Site, departement: str) -> list[float]:
    return [
        score
        for (score,) in sql(
            site,
            "SELECT s.score FROM scores s JOIN authorities a ON a.id = s.authority_id"
            " JOIN site_scans c ON c.authority_id = a.id AND c.run_id = s.run_id"
            " WHERE s.run_id = :run AND a.departement_code = :d AND c.status = 'ok'",
            run=site.run,
            d=departement,
        )
    ]


def test_a_territory_below_min_sites_does_not_state_its_median(site: Site) -> None:
    cantal = territory(site, "departement/15.html")
    scores = scores_of(site, "15")
    assert 0 < len(scores) < MIN_SITES
    assert cantal.median == Figure(f"{INSUFFICIENT} ({N_IS}{len(scores)})", stated=False)
    loire = territory(site, "departement/44.html")
    scores = scores_of(site, "44")
    assert len(scores) >= MIN_SITES
    assert loire.median == Figure(f"{french_fixed(round(median(scores), 1))} ({N_IS}{len(scores)})")
    assert loire.region is not None
    assert loire.region.path == "region/52.html"
    # Mayenne's one commune was not measured: no median, and no "n = 0".
    mayenne = territory(site, "departement/53.html")
    assert scores_of(site, "53") == []
    assert mayenne.median == Figure("aucune collectivité notée", stated=False)


def test_a_territory_page_holds_its_bare_name_and_links_name_it_with_its_code(
    site: Site,
) -> None:
    loire = territory(site, "departement/44.html")
    assert (loire.kind, loire.name, loire.code) == ("Département", "Loire-Atlantique", "44")
    pays_de_la_loire = territory(site, "region/52.html")
    assert (pays_de_la_loire.name, pays_de_la_loire.code) == ("Pays de la Loire", "52")
    assert [link.text for link in pays_de_la_loire.departements] == [
        "Loire-Atlantique (44)",
        "Maine-et-Loire (49)",
        "Mayenne (53)",
    ]
    links = {link.path: link.text for link in site.content.home.territories}
    assert links["departement/15.html"] == "Cantal (15)"
    assert links["region/84.html"] == "Auvergne-Rhône-Alpes"
    page = site.page("44001")
    assert page.departement is not None
    assert page.departement.text == "Loire-Atlantique (44)"


def test_a_territory_lists_its_authorities_best_first_then_those_not_measured(
    site: Site,
) -> None:
    loire = territory(site, "departement/44.html")
    in_44 = [p for p in PLACES if p.departement == "44"]
    assert sorted(line.code for line in loire.authorities) == sorted(p.code for p in in_44)
    scored = [line for line in loire.authorities if line.score.stated]
    texts = [float(line.score.text.replace(",", ".")) for line in scored]
    assert texts == sorted(texts, reverse=True)
    assert loire.authorities[: len(scored)] == scored  # the not measured come after
    assert sum(count for _, count in loire.counts) == len(in_44)
    assert [count for _, count in loire.counts] == sorted(
        (count for _, count in loire.counts), reverse=True
    )
    assert ("Non exploré dans cette campagne", 1) in loire.counts


def test_only_territories_holding_an_authority_of_the_scope_get_a_page(site: Site) -> None:
    departements = {p.departement for p in PLACES if p.departement}
    regions = {p.region for p in PLACES if p.region}
    paths = {page.path for page in site.content.territories}
    assert paths == {f"departement/{d}.html" for d in departements} | {
        f"region/{r}.html" for r in regions
    }
    pays_de_la_loire = territory(site, "region/52.html")
    assert [link.path for link in pays_de_la_loire.departements] == [
        "departement/44.html",
        "departement/49.html",
        "departement/53.html",
    ]
    assert {link.path for link in site.content.home.territories} == paths


def test_the_index_holds_every_authority_of_the_scope_and_its_postal_codes(site: Site) -> None:
    index = site.content.index
    stored = sql(site, "SELECT kind, code, postal_codes FROM authorities")
    assert sorted((line.path, line.postal_codes) for line in index) == sorted(
        (f"collectivite/{kind}-{code}.html", tuple((codes or "").split()))
        for kind, code, codes in stored
    )
    first = next(line for line in index if line.code == "44001")
    assert first.postal_codes == ("44000", "44100")
    assert next(line for line in index if line.code == "44008").postal_codes == ()
    assert all(not line.score.stated for line in index if line.status != "Site exploré")


def test_each_line_names_the_stratum_its_rank_is_in(site: Site) -> None:
    lines = {(line.kind, line.code): line for line in site.content.index}
    ranked_in = dict(
        sql(
            site,
            "SELECT a.code, s.stratum FROM scores s JOIN authorities a ON a.id = s.authority_id"
            " WHERE s.run_id = :run AND a.kind = 'commune'",
            run=site.run,
        )
    )
    assert ranked_in
    for code, stratum in ranked_in.items():
        assert lines[("Commune", code)].stratum == stratum_label(stratum)
    assert lines[("Commune", "44001")].stratum == "Communes de 500 à 1\u202f999 habitants"
    assert lines[("Département", "44")].stratum == "Départements"
    # Not measured: the stratum it would be ranked in, from its population.
    assert lines[("Commune", "44008")].stratum == "Communes de 500 à 1\u202f999 habitants"


def test_a_departement_scope_keeps_its_own_authorities(site: Site) -> None:
    content = load_site(site.engine, site.run, site.model, Scope("departement", "15"))
    assert content.scope == "Cantal (15)"
    assert sorted(line.code for line in content.index) == ["15001", "15002"]
    assert [page.path for page in content.territories] == [
        "departement/15.html",
        "region/84.html",
    ]
    assert sorted(page.code for page in content.authority_pages) == ["15001", "15002"]
    assert content.home.map_png is None  # one tile compares nothing


def test_the_home_page_counts_the_measured_and_says_why_the_others_are_not(
    site: Site,
) -> None:
    home = site.content.home
    assert site.content.scope == "France entière"
    assert site.content.run_day == long_date(SECOND_RUN)
    assert home.authorities == len(PLACES)
    measured = sql(
        site,
        "SELECT COUNT(*) FROM scores s JOIN site_scans c ON c.authority_id = s.authority_id"
        " AND c.run_id = s.run_id WHERE s.run_id = :run AND c.status = 'ok'",
        run=site.run,
    )[0][0]
    assert home.measured == measured
    assert home.measured + sum(count for _, count in home.not_measured) == home.authorities
    assert dict(home.not_measured) == {
        "Domaine introuvable": 1,
        "Non mesuré : rendu impossible": 1,
        "Non exploré dans cette campagne": 1,
        "Pas de site référencé": 1,
        "Redirigé vers un autre organisme": 1,
    }


def test_the_home_pages_adoption_gives_each_share_its_n(site: Site) -> None:
    home = site.content.home
    assert [label for label, _ in home.adoption] == [label for _, label in ADOPTION_FEATURES]
    assert home.strata
    assert all(f"({N_IS}" in head for head in home.strata)
    for _, shares in home.adoption:
        assert len(shares) == len(home.strata)
        for share, head in zip(shares, home.strata, strict=True):
            assert head.startswith(share.label)
            n = int(head.rsplit(f"({N_IS}", 1)[1].rstrip(")"))
            assert share.figure.text.endswith(f"({N_IS}{n})")
            assert share.figure.stated == (n >= MIN_SITES)
    assert home.map_png is not None
    assert home.map_png.startswith(b"\x89PNG")
    assert "Loire-Atlantique" in home.map_text
