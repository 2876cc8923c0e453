"""The farm's servers answer a missing page as their habit says (404, or 200 with the home page
or a "Page introuvable" page, or a redirect to the home page) for every path without a page,
serve a slow home page late, and the truth says what a perfect crawler reports of both."""

from __future__ import annotations

from collections import Counter

from farm.catalogue import Farm
from farm.model import Site
from farm.routes import Answer, route
from farm.server_habits import (
    NOT_FOUND_TITLE,
    SLOW_HOME_SECONDS,
    SOFT_404_KINDS,
    server_habits,
)
from farm.truth import expected_findings, expected_status
from tests.conftest import FARM_SEED, FARM_SITES

FARM = Farm(FARM_SITES, FARM_SEED, 8000)
LARGE = Farm(3000, 1, 8000)
PROBE = "/vigie-page-inexistante-0a1b2c3d"


def live(farm: Farm) -> list[Site]:
    return [site for site in farm.sites() if expected_status(site) == "ok"]


def get(site: Site, path: str, farm: Farm = FARM) -> Answer:
    port = farm.tls_port if site.https else farm.port
    return route(farm, f"{site.host}:{port}", path, secure=site.https)


def with_habit(kind: str | None) -> Site:
    return next(site for site in live(FARM) if server_habits(FARM, site).soft_404 == kind)


def test_each_habit_answers_every_missing_path_its_way() -> None:
    for path in (PROBE, "/ancienne-page-1", "/no/such/page.html"):
        assert get(with_habit(None), path).status == 404
        home = with_habit("home")
        answer = get(home, path)
        assert (answer.status, answer.body) == (200, get(home, home.home_path).body)
        page = get(with_habit("page"), path)
        assert page.status == 200
        assert f"<h1>{NOT_FOUND_TITLE}</h1>" in page.body.decode("utf-8", "replace")
        moved = with_habit("redirect")
        answer = get(moved, path)
        assert answer.status == 302
        assert answer.headers["Location"] == FARM.base_url(moved) + moved.home_path


def test_a_page_introuvable_page_is_a_page_of_the_site() -> None:
    site = with_habit("page")
    body = get(site, PROBE).body.decode("utf-8", "replace")
    contact = get(site, "/contact").body.decode("utf-8", "replace")
    # The layout of every page (header, menu, footer), only its title and text its own.
    assert (
        body.split("<main", 1)[0].split("</title>", 1)[1]
        == (contact.split("<main", 1)[0].split("</title>", 1)[1])
    )


def test_the_habits_come_in_their_shares_and_the_test_farm_has_each() -> None:
    habits = [server_habits(LARGE, site) for site in live(LARGE)]
    kinds = Counter(habit.soft_404 for habit in habits)
    assert 0.25 < 1 - kinds[None] / len(habits) < 0.35
    assert set(kinds) == {None, *SOFT_404_KINDS}
    assert 0.05 < sum(habit.slow_home for habit in habits) / len(habits) < 0.11
    small = [server_habits(FARM, site) for site in live(FARM)]
    assert {habit.soft_404 for habit in small} == {None, *SOFT_404_KINDS}
    assert any(habit.slow_home for habit in small)


def test_a_slow_home_page_waits_and_its_other_pages_do_not() -> None:
    slow = next(site for site in live(FARM) if server_habits(FARM, site).slow_home)
    assert get(slow, slow.home_path).delay >= SLOW_HOME_SECONDS
    assert get(slow, "/contact").delay == slow.slow_ms / 1000
    brisk = next(
        site for site in live(FARM) if not server_habits(FARM, site).slow_home and not site.slow_ms
    )
    assert get(brisk, brisk.home_path).delay == 0.0


def test_the_truth_of_the_probe_and_of_the_load_time() -> None:
    for site in live(FARM):
        habits = server_habits(FARM, site)
        owed = {f["feature"]: f for f in expected_findings(FARM, site)}
        assert owed["quality.not_found"]["value"] == ("soft-404" if habits.soft_404 else "404")
        load_time = owed["quality.load_time"]
        assert load_time["value"] == (">=3000" if habits.slow_home else "*")
        assert load_time["needs_fresh_home"] is True  # none owed for a home page from the cache
    for site in FARM.sites():
        if expected_status(site) != "ok":
            assert expected_findings(FARM, site) == []
