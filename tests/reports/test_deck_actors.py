"""The actors' slides as a mayor reads them: an authority whose site was not read links to
someone unknown, never to nobody; names whole when they fit, their generic head abbreviated
before anything is cut, no code but a département's number between homonyms; each bar's
count with its n."""

from __future__ import annotations

from sqlalchemy import select

from database.models import Authority, SiteScan
from database.scope import Scope
from database.statuses import SCAN_STATUSES
from reports.actors_chart import axis_label, bar_label
from reports.actors_figures import AuthorityRelays, Relay, actor_figures
from reports.deck_actors import authority_labels, links_to_text
from reports.short_names import abbreviated, fit_name
from tests.conftest import CrawledFarm

EPCI = "Communauté de communes Les Champheim"


def _entry(name: str = EPCI, unread: str = "", departement: str = "05") -> AuthorityRelays:
    return AuthorityRelays(name, "200000039", ("Ros",), (), "epci", departement, unread)


def test_an_authority_whose_site_was_not_read_links_to_someone_unknown_never_to_nobody() -> None:
    assert links_to_text(_entry(unread="domaine introuvable")) == (
        "inconnu (site non lu : domaine introuvable)"
    )
    assert links_to_text(_entry()) == "aucun relevé"  # read, and no link seen on its pages


def test_the_figures_say_why_a_linked_authoritys_own_site_was_not_read(
    crawled_farm: CrawledFarm,
) -> None:
    with crawled_farm.engine.connect() as connection:
        statuses = {
            code: status
            for code, status in connection.execute(
                select(Authority.code, SiteScan.status)
                .join(SiteScan, SiteScan.authority_id == Authority.id)
                .where(SiteScan.run_id == crawled_farm.run_id)
            )
        }
    figures = actor_figures(crawled_farm.engine, crawled_farm.run_id, Scope("national"))
    assert figures.authorities
    for entry in figures.authorities:
        status = statuses[entry.code]
        if status == "ok":
            assert entry.unread == ""
        else:
            label = SCAN_STATUSES[status].label
            assert entry.unread == label[:1].lower() + label[1:]
            assert not entry.links_to


def test_names_are_whole_when_they_fit_and_abbreviated_before_they_are_cut() -> None:
    assert abbreviated(EPCI) == "CC Les Champheim"
    assert abbreviated("Communauté d'agglomération du Grand Cahors") == "CA du Grand Cahors"
    assert abbreviated("Communauté urbaine de Dunkerque") == "CU de Dunkerque"
    assert fit_name(EPCI, len(EPCI)) == EPCI
    assert fit_name(EPCI, 20) == "CC Les Champheim"
    assert fit_name("Saint-Rémy-de-Provence-sur-Loire", 12) == "Saint-Rémy-…"


def test_an_authority_shows_no_code_but_a_communes_departement_between_homonyms() -> None:
    entries = [
        _entry(),
        AuthorityRelays("Roche-le-Château", "46001", (), (), "commune", "46"),
        AuthorityRelays("Roche-le-Château", "70004", (), (), "commune", "70"),
    ]
    assert authority_labels(entries) == [EPCI, "Roche-le-Château (46)", "Roche-le-Château (70)"]
    assert authority_labels(entries[:2]) == [EPCI, "Roche-le-Château"]


def test_a_bar_says_its_count_out_of_the_sites_explored() -> None:
    assert bar_label(Relay("ladepeche.fr", "presse", 15, 40), 23) == "15 collectivités sur 23"


def test_the_chart_axis_names_the_n_of_its_bars() -> None:
    assert axis_label(23) == "Collectivités qui y renvoient (sur 23 sites explorés)"
    assert axis_label(1) == "Collectivités qui y renvoient (sur 1 site exploré)"
