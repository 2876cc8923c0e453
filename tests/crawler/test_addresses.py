"""The address guard: only http(s), only public addresses, whatever redirects or DNS say.

The crawl tests stand on loopback: the allowed network is narrowed to 127.0.0.1, and
127.0.0.2 plays the private address, with a server there that counts every visit, so that a
guard that failed would be seen without a packet leaving the machine.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.settings import Settings
from twisted.internet import defer

from crawler.addresses import LOOPBACK_NETWORKS, AddressPolicy, is_public, parse_networks
from crawler.middlewares import AddressGuardMiddleware, NonPublicAddressError, SchemeNotAllowedError
from crawler.resolver import FarmAwareResolver, NonPublicAnswerError
from tests.conftest import vigie
from tests.crawler.test_runner import stored_rows
from tests.local_http import QuietHandler, serving
from tests.rebinding import ALLOWED, FLIPPING, FORBIDDEN, FlippingResolver

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK_ONLY = AddressPolicy(True, parse_networks("127.0.0.1/32"))


PUBLIC_ONLY = AddressPolicy()


def guard(policy: AddressPolicy = PUBLIC_ONLY) -> AddressGuardMiddleware:
    return AddressGuardMiddleware(policy)


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "127.0.0.1",
        "169.254.169.254",
        "::1",
        "fd00::1",
        "0.0.0.0",
    ],
)
def test_private_loopback_and_link_local_addresses_are_not_public(address: str) -> None:
    assert not is_public(address)
    url = f"http://[{address}]/" if ":" in address else f"http://{address}/"
    with pytest.raises(NonPublicAddressError, match=re.escape(address)):
        asyncio.run(guard().process_request(Request(url)))


def test_public_addresses_pass_and_loopback_only_in_a_farm_or_where_allowed(
    tmp_path: Path,
) -> None:
    hosts = tmp_path / "hosts.txt"
    hosts.write_text("mairie.test\n", encoding="utf-8")
    farm = AddressPolicy.from_settings(
        Settings({"VIGIE_PUBLIC_ADDRESSES_ONLY": True, "VIGIE_FARM_HOSTS": str(hosts)})
    )
    assert farm.farm == frozenset({"mairie.test"})
    assert farm.permits("127.0.0.1")  # where the farm's names lead
    assert is_public("193.17.214.1")
    assert asyncio.run(guard().process_request(Request("http://193.17.214.1/"))) is None
    # A farm crawl asks for its names only: an address given as such is refused, loopback too.
    for url in ("http://127.0.0.1/", "http://10.1.2.3/", "http://193.17.214.1/", "http://[::1]/"):
        with pytest.raises(NonPublicAddressError, match="farm crawl asks only"):
            asyncio.run(guard(farm).process_request(Request(url)))
    farm_intranet = AddressPolicy(public_only=False, farm=farm.farm)
    with pytest.raises(NonPublicAddressError):
        asyncio.run(guard(farm_intranet).process_request(Request("http://127.0.0.1/")))
    assert asyncio.run(guard(LOOPBACK_ONLY).process_request(Request("http://127.0.0.1/"))) is None
    with pytest.raises(NonPublicAddressError):
        asyncio.run(guard(LOOPBACK_ONLY).process_request(Request("http://127.0.0.2/")))
    intranet = AddressPolicy(public_only=False)
    assert asyncio.run(guard(intranet).process_request(Request("http://10.1.2.3/"))) is None


def test_a_malformed_allowed_network_is_named() -> None:
    with pytest.raises(ValueError, match="'10.0.0.0/33' is not a network"):
        parse_networks("127.0.0.1/32, 10.0.0.0/33")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://mairie.fr/", "data:text/html,<p>x"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(SchemeNotAllowedError):
        asyncio.run(guard(AddressPolicy(public_only=False)).process_request(Request(url)))


def test_the_resolver_refuses_an_answer_the_policy_forbids_whoever_asks() -> None:
    resolver = FlippingResolver(None, 0, 5.0, LOOPBACK_ONLY)
    answers: list[object] = []
    for name in ("site.test", "inside.test", FLIPPING):
        answer: defer.Deferred[str] = resolver.getHostByName(name)
        answer.addBoth(answers.append)
    assert answers[0] == ALLOWED
    for refused in answers[1:]:
        assert isinstance(getattr(refused, "value", None), NonPublicAnswerError)
        assert FORBIDDEN in str(getattr(refused, "value", ""))


def test_a_farm_resolver_answers_its_names_only() -> None:
    farm = AddressPolicy(True, LOOPBACK_NETWORKS, frozenset({"mairie.test"}))
    resolver = FarmAwareResolver(None, 0, 5.0, farm)
    answers: list[object] = []
    for name in ("mairie.test", "MAIRIE.TEST", "127.0.0.1", "localhost", "elsewhere.test"):
        resolver.getHostByName(name).addBoth(answers.append)
    assert answers[:2] == ["127.0.0.1", "127.0.0.1"]
    for refused in answers[2:]:
        assert "is not a farm host" in str(getattr(refused, "value", ""))


class Visits(QuietHandler):
    """site.test answers; the redirect hosts send the crawler towards the forbidden address;
    whatever reaches the forbidden address is counted."""

    visits: Counter[str] = Counter()
    port = 0

    def do_GET(self) -> None:
        address = self.server.server_address[0]
        host = (self.headers.get("Host") or "").split(":")[0]
        self.visits[f"{address} {host}{self.path}"] += 1
        redirects = {
            "redirect-literal.test": f"http://{FORBIDDEN}:{self.port}/",
            "redirect-name.test": f"http://inside.test:{self.port}/",
        }
        if address == ALLOWED and host in redirects and self.path == "/":
            self.answer(302, location=redirects[host])
        elif self.path == "/robots.txt":
            self.answer(404)
        else:
            self.answer(
                200, b"<html><head><title>Mairie</title></head><body><p>Bienvenue</p></body></html>"
            )


@pytest.fixture
def two_servers() -> Iterator[int]:
    """The same port on the allowed and on the forbidden address; yields the port."""
    Visits.visits.clear()
    with serving(Visits, ALLOWED) as allowed:
        Visits.port = allowed.server_address[1]
        with serving(Visits, FORBIDDEN, Visits.port):
            yield Visits.port


def test_redirects_and_changing_dns_answers_never_reach_a_private_address(
    two_servers: int, tmp_path: Path
) -> None:
    port = two_servers
    targets = tmp_path / "targets.csv"
    rows = [("01001", "site"), ("01002", "rebind"), ("01003", "redirect-literal")]
    rows.append(("01004", "redirect-name"))
    targets.write_text(
        "code,name,kind,url,population\n"
        + "".join(f"{code},{name},commune,http://{name}.test:{port}/,100\n" for code, name in rows),
        encoding="utf-8",
    )
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    vigie("targets", "import", str(targets), "--db", database_url)
    settings = {
        "TWISTED_DNS_RESOLVER": "tests.rebinding.FlippingResolver",
        "VIGIE_ALLOWED_NETWORKS": f"{ALLOWED}/32",
        # Each question reaches the resolver: the flipping name then answers the guard
        # middleware with the allowed address and the connection with the forbidden one.
        "DNSCACHE_ENABLED": "false",
        "VIGIE_RENDERING": "false",
    }
    arguments = [part for name, value in settings.items() for part in ("--set", f"{name}={value}")]
    vigie(
        "crawl",
        "--db",
        database_url,
        *arguments,
        cwd=tmp_path,
        env={"PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])},
    )
    scans = {
        code: (status, detail) for code, status, detail, *_ in stored_rows(database_url)["scans"]
    }
    assert not [visit for visit in Visits.visits if visit.startswith(FORBIDDEN)]
    assert scans["01001"][0] == "ok"
    assert any(visit.startswith(f"{ALLOWED} site.test/") for visit in Visits.visits)
    for code in ("01002", "01003", "01004"):
        assert scans[code][0] == "private_address", scans[code]
    # The flipping name passed the middleware's question and was refused at the connection's.
    assert f"{FLIPPING} resolved to {FORBIDDEN} when connecting" in scans["01002"][1]
    assert f"inside.test resolves to {FORBIDDEN}" in scans["01004"][1]
