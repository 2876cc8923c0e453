"""The demo farm: deterministic sites, served by host name, producing the mess it promises."""

from __future__ import annotations

import http.client

import pytest

from farm.catalogue import Farm
from farm.process import farm_server
from farm.truth import expected_status, ground_truth


def fetch(port: int, host: str, path: str = "/") -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": f"{host}:{port}"})
    response = connection.getresponse()
    body = response.read().decode("utf-8")
    connection.close()
    return response.status, dict(response.getheaders()), body


@pytest.fixture(scope="module")
def served() -> tuple[Farm, int]:
    with farm_server(40, 6) as port:
        yield Farm(40, 6, port), port


def test_same_seed_same_farm_other_seed_other_farm() -> None:
    assert ground_truth(Farm(30, 4, 1)) == ground_truth(Farm(30, 4, 1))
    assert ground_truth(Farm(30, 4, 1)) != ground_truth(Farm(30, 5, 1))


def test_host_names_are_unique_and_every_stratum_is_present() -> None:
    farm = Farm(500, 1, 1)
    hosts = [site.host for site in farm.sites() if site.host]
    assert len(hosts) == len(set(hosts))
    assert {site.stratum for site in farm.sites()} >= {"0-499", "100000+"}


def test_each_host_gets_its_own_site(served: tuple[Farm, int]) -> None:
    farm, port = served
    live = [s for s in farm.sites() if expected_status(s) == "ok"][:3]
    for site in live:
        status, _, body = fetch(port, site.host)
        assert status == 200
        assert f"Commune de {site.name}" in body


def test_unknown_host_is_refused(served: tuple[Farm, int]) -> None:
    _, port = served
    assert fetch(port, "not-in-the-farm.fr")[0] == 421


def test_dead_sites_are_not_served(served: tuple[Farm, int]) -> None:
    farm, port = served
    dead = next(s for s in farm.sites() if s.dead)
    assert dead.host not in farm.served_hosts()
    assert fetch(port, dead.host)[0] == 421


def test_robots_home_errors_and_www_redirects(served: tuple[Farm, int]) -> None:
    farm, port = served
    blocked = next(s for s in farm.sites() if expected_status(s) == "robots_blocked")
    assert "Disallow: /\n" in fetch(port, blocked.host, "/robots.txt")[2]
    broken = next(s for s in farm.sites() if expected_status(s) == "http_error")
    assert fetch(port, broken.host)[0] == 500
    moved = next(s for s in farm.sites() if s.www_redirect and not s.dead)
    status, headers, _ = fetch(port, f"www.{moved.host}", "/contact")
    assert (status, headers["Location"]) == (301, f"http://{moved.host}:{port}/contact")


def test_share_buttons_are_really_in_the_pages(served: tuple[Farm, int]) -> None:
    farm, port = served
    sharing = next(s for s in farm.sites() if s.share_buttons and expected_status(s) == "ok")
    assert "facebook.com/sharer/sharer.php" in fetch(port, sharing.host, "/actualites")[2]


def test_truth_lists_what_the_pages_show(served: tuple[Farm, int]) -> None:
    farm, port = served
    site = next(
        s for s in farm.sites() if expected_status(s) == "ok" and s.a11y_level and s.socials
    )
    home = fetch(port, site.host)[2]
    assert f"{site.a11y_level} conforme" in home
    for social in site.socials:
        assert social.url.replace("&", "&amp;") in home
