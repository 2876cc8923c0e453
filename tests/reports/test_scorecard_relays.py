"""The scorecard's page "Ses relais": on the crawled farm, every authority's card names the
organisations its site links to and the authorities that link to it (by a link to its site or
to one of its own social accounts) as the farm's truth plants them, with the run's explored
sites as n and the nearby sites that could not be read, with why; the page shows the top
items only, the rest counted."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from sqlalchemy import Engine, select

from database import open_database
from database.actor_classes import organisation_label
from database.models import Authority, SiteScan
from database.statuses import SCAN_STATUSES
from database.targets import import_targets
from farm.files import COMPOSITION_FILE
from reports.french import NARROW_NBSP
from reports.relays_card import ClassLine, Named, RelaysCard, relays_card
from reports.scorecard import build_scorecard, load_scorecard
from reports.scorecard_figures import Scorecard
from reports.scorecard_relays import (
    TITLE,
    incoming_text,
    linked_from_lines,
    links_to_lines,
    outgoing_text,
)
from scoring.model import load_model
from tests.conftest import CrawledFarm, copy_database

NATURES = {"commune": "commune", "epci": "intercommunalité"}


Scans = dict[tuple[str, str], tuple[str, str, str | None]]


@pytest.fixture(scope="module")
def with_membership(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A copy of the crawled farm's database with the communes' EPCI imported: the nearby
    sites not read are those of the authority's intercommunalité."""
    source = Path(crawled_farm.database_url.removeprefix("sqlite:///"))
    engine = open_database(copy_database(source, tmp_path_factory.mktemp("relays") / "vigie.db"))
    import_targets(engine, [crawled_farm.directory / COMPOSITION_FILE])
    return engine


def _scans(farm: CrawledFarm, engine: Engine) -> Scans:
    """(kind, code) -> (name, status, EPCI code) of every authority the run scanned."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                Authority.kind, Authority.code, Authority.name, SiteScan.status, Authority.epci_code
            )  # fmt: skip
            .join(SiteScan, SiteScan.authority_id == Authority.id)
            .where(SiteScan.run_id == farm.run_id)
        ).all()
    return {(kind, code): (name, status, epci) for kind, code, name, status, epci in rows}


def _planted_links(
    farm: CrawledFarm, scans: Scans
) -> set[tuple[tuple[str, str], tuple[str, str], str]]:
    """(source, target, channel) of every link to another authority the truth plants that the
    run can see: the source measured, and for an account its owner measured too."""
    links = set()
    for site in farm.truth["sites"]:
        source = (site["kind"], site["code"])
        if scans.get(source, ("", ""))[1] != "ok":
            continue
        for relay in site["relays"]:
            if relay["class"] == "autorite":
                target = next(key for key in scans if key[1] == relay["code"])
                links.add((source, target, "site"))
        for relay in site["social_relays"]:
            owner = (relay["owner_kind"], relay["owner_code"])
            if scans[owner][1] == "ok":
                links.add((source, owner, "social"))
    return links


def test_every_card_names_whom_it_links_to_and_who_links_to_it(
    crawled_farm: CrawledFarm, with_membership: Engine
) -> None:
    scans = _scans(crawled_farm, with_membership)
    planted = _planted_links(crawled_farm, scans)
    truth = {(s["kind"], s["code"]): s for s in crawled_farm.truth["sites"]}
    explored = sum(1 for _, status, _ in scans.values() if status == "ok")
    cards = unread_named = 0
    for (kind, code), (_, status, epci) in scans.items():
        card = relays_card(with_membership, crawled_farm.run_id, code)
        if status != "ok":
            assert card is None  # its scorecard is the page of a site not measured
            continue
        assert card is not None
        cards += 1
        lines = {line.label: {n.label for n in line.organisations} for line in card.links_to}
        linked = {t for s, t, _ in planted if s == (kind, code)}
        assert lines.get("autres collectivités", set()) == {scans[t][0] for t in linked}
        for relay in truth[kind, code]["relays"]:
            if relay["class"] != "autorite":
                # by its domain, or a platform hosting many by what it is (HelloAsso (…))
                label = organisation_label(relay["domain"])
                assert any(label in names for names in lines.values())
        sources = {s for s, t, _ in planted if t == (kind, code)}
        assert {n.label for n in card.linked_from} == {
            f"{scans[s][0]} ({NATURES[s[0]]})" for s in sources
        }
        for named in card.linked_from:
            source = next(s for s in sources if named.label.startswith(scans[s][0] + " ("))
            channels = {c for s, t, c in planted if (s, t) == (source, (kind, code))}
            assert bool(named.accounts) == ("social" in channels)
            assert bool(named.pages) == ("site" in channels)
        assert card.explored == explored - 1
        # Every site of its own intercommunalité the run could not read is named, with why;
        # an authority without a site (none listed, a parked domain) links to nobody.
        group = epci if kind == "commune" else code
        unread = {
            f"{n} ({NATURES[k]})": SCAN_STATUSES[st].label.lower()
            for (k, c), (n, st, e) in scans.items()
            if st not in ("ok", "no_website", "parked") and group and group in (e, c)
        }
        assert {u.label: u.why.lower() for u in card.unread}.items() >= unread.items()
        unread_named += len(unread)
        assert not any("pas de site" in u.why.lower() for u in card.unread)
    assert cards >= 30
    assert unread_named >= 3


def test_the_page_reads_as_a_mayor_reads_it(crawled_farm: CrawledFarm, tmp_path: Path) -> None:
    scans = _scans(crawled_farm, crawled_farm.engine)
    planted = _planted_links(crawled_farm, scans)
    # The authority most linked to by another's account: its page says so.
    owners = [t for _, t, c in planted if c == "social"]
    kind, code = max(set(owners), key=lambda t: (owners.count(t), t))
    card = load_scorecard(crawled_farm.engine, crawled_farm.run_id, load_model(), code)
    assert isinstance(card, Scorecard)
    deck = Presentation(str(build_scorecard(card, tmp_path / "fiche.pptx")))
    pages = [
        "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for slide in deck.slides
    ]
    page = next(text for text in pages if TITLE in text)
    assert "Son site renvoie vers…" in page
    assert "Renvoient vers elle…" in page
    assert "lien vers son compte" in page
    explored = sum(1 for _, status, _ in scans.values() if status == "ok") - 1
    assert f"n = {explored} sites de collectivités explorés" in page.replace(NARROW_NBSP, " ")
    for raw in (code, "autorite", "reseaux_sociaux", "commune:"):  # no raw code shown
        assert raw not in page


def _card(organisations: int, linking: int, unread: int) -> RelaysCard:
    return RelaysCard(
        links_to=(
            ClassLine(
                "services de l'État",
                tuple(Named(f"etat-{i}.gouv.fr", 9 - i) for i in range(organisations)),
            ),
        ),
        linked_from=tuple(Named(f"Commune {i} (commune)", 1) for i in range(linking)),
        explored=40,
        unread=tuple(Named(f"Voisine {i} (commune)", why="erreur https") for i in range(unread)),
    )


def test_top_items_only_the_rest_counted() -> None:
    card = _card(organisations=5, linking=11, unread=5)
    (line,) = links_to_lines(card)
    assert line == (
        "Services de l'État : etat-0.gouv.fr (9 pages), etat-1.gouv.fr (8 pages), "
        "etat-2.gouv.fr (7 pages) et 2 autres"
    )
    lines = linked_from_lines(card)
    assert lines[:8] == [f"Commune {i} (commune) : lien sur 1 page" for i in range(8)]
    assert lines[8:10] == [
        "Et 3 autres collectivités.",
        "En tout, 11 collectivités (n = 40 sites de collectivités explorés).",
    ]
    assert lines[10].endswith("Voisine 2 (commune) : erreur https et 2 autres.")


def test_nothing_linked_is_said_with_its_n_and_unread_neighbours_as_unknown() -> None:
    card = RelaysCard((), (), 40, (Named("Voisine (commune)", why="erreur https"),))
    assert links_to_lines(card) == [
        "Sur les pages lues, son site ne renvoie vers aucun autre organisme."
    ]
    none, unread = linked_from_lines(card)
    assert "n = 40 sites de collectivités explorés" in none
    assert "inconnu" in unread
    assert unread.endswith("Voisine (commune) : erreur https.")


def test_a_link_to_an_authoritys_own_account_names_the_platform_on_both_sides() -> None:
    both = Named("Belières (commune)", 2, ("Facebook", "X"))
    assert incoming_text(both) == (
        "Belières (commune) : lien sur 2 pages et vers ses comptes Facebook et X"
    )
    assert outgoing_text(Named("Belières", 0, ("Facebook",))) == "Belières (son compte Facebook)"


def test_one_item_left_over_is_named_not_counted() -> None:
    card = _card(organisations=4, linking=9, unread=4)
    (line,) = links_to_lines(card)
    assert line.endswith("etat-2.gouv.fr (7 pages) et etat-3.gouv.fr (6 pages)")
    lines = linked_from_lines(card)
    assert lines[8] == "Commune 8 (commune) : lien sur 1 page"
    assert not any("autre" in line for line in lines)
    assert lines[-1].endswith(
        "Voisine 2 (commune) : erreur https et Voisine 3 (commune) : erreur https."
    )


def test_an_intercommunality_name_is_abbreviated_before_it_is_cut_and_never_cut_when_it_fits() -> (
    None
):
    epci = "Communauté de communes Les Champheim"
    assert outgoing_text(Named(epci, 1)) == f"{epci} (1 page)"
    card = RelaysCard((), (), 40, (Named(f"{epci} (intercommunalité)", why="domaine introuvable"),))
    unread = linked_from_lines(card)[-1]
    assert unread.endswith("CC Les Champheim (intercommunalité) : domaine introuvable.")
    assert "…" not in unread


def test_the_unread_sites_heading_says_which_sites_it_lists() -> None:
    card = RelaysCard((), (), 40, (Named("Voisine (commune)", why="erreur https"),))
    unread = linked_from_lines(card)[-1]
    assert unread.startswith("Sites non lus de son intercommunalité ou de son département")
    assert "voisins" not in unread
