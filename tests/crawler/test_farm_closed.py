"""A farm crawl is closed: it asks only for the names of its hosts file, never an address
given as such, never the real DNS, and Chromium's own requests obey the same rule.

Loopback servers log every request they get (address, Host header, path): on 127.0.0.1 the
farm, on 127.0.0.2, same port, an address the crawl must never reach. A guard that failed
would show in the log, without a packet leaving the machine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.settings import Settings
from sqlalchemy import create_engine, text

from crawler.addresses import FarmHostsError, farm_hosts
from crawler.rendering import apply_rendering, browser_path
from crawler.settings import VIGIE_CHROMIUM
from database.not_found_probe import probe_path
from tests.conftest import vigie
from tests.crawler.test_runner import stored_rows
from tests.local_http import QuietHandler, serving

FARM, ELSEWHERE = "127.0.0.1", "127.0.0.2"
FARM_NAMES = ("mairie.test", "redirect.test", "js.test")


class Logged(QuietHandler):
    """The farm's few pages; every request, wherever it arrives, is logged."""

    hits: Counter[tuple[str, str, str]] = Counter()
    port = 0

    def do_GET(self) -> None:
        address = str(self.server.server_address[0])
        host = (self.headers.get("Host") or "").split(":")[0]
        self.hits[(address, host, self.path)] += 1
        if address == FARM and host == "redirect.test" and self.path == "/":
            self.answer(302, location=f"http://{FARM}:{self.port}/via-redirect")
        elif address == FARM and host == "js.test" and self.path == "/":
            self.answer(200, self.javascript_shell())
        elif self.path == "/robots.txt":
            self.answer(404)
        else:
            self.answer(200, b"<html><head><title>Mairie</title></head><body><p>Bienvenue</p>")

    def javascript_shell(self) -> bytes:
        """A page built by its script, which also asks for what a farm crawl must not reach:
        addresses given as such, and a name that is not the farm's (Chromium maps every name
        to 127.0.0.1, so it would arrive at the farm's server with its own Host)."""
        forbidden = [
            f"http://{FARM}:{self.port}/literal.js",
            f"http://{ELSEWHERE}:{self.port}/elsewhere.js",
            f"http://not-in-the-farm.test:{self.port}/name.js",
        ]
        tags = "".join(f'<script src="{url}"></script>' for url in forbidden)
        fetches = "".join(f'fetch("{url}?fetch").catch(() => null);' for url in forbidden)
        body = "<h1>Mairie de Javascript</h1>" + "<p>Horaires et démarches en ligne.</p>" * 20
        return (
            f'<html><body><div id="app"></div>{tags}<script>{fetches}'
            f'document.getElementById("app").innerHTML = "{body}";</script></body></html>'
        ).encode()


@pytest.fixture
def logged_servers() -> Iterator[int]:
    """The farm on 127.0.0.1 and the forbidden address on 127.0.0.2, on one port."""
    Logged.hits.clear()
    with serving(Logged, FARM) as farm:
        Logged.port = farm.server_address[1]
        with serving(Logged, ELSEWHERE, Logged.port):
            yield Logged.port


def farm_crawl(folder: Path, sites: list[tuple[str, str]], hosts: str, *settings: str) -> str:
    targets = folder / "targets.csv"
    targets.write_text(
        "code,name,kind,url,population\n"
        + "".join(f"{code},Essai {code},commune,{url},100\n" for code, url in sites),
        encoding="utf-8",
    )
    hosts_file = folder / "hosts.txt"
    hosts_file.write_text(hosts, encoding="utf-8")
    database_url = f"sqlite:///{folder / 'vigie.db'}"
    vigie("targets", "import", str(targets), "--db", database_url)
    overrides = [word for setting in settings for word in ("--set", setting)]
    vigie("crawl", "--db", database_url, "--farm-hosts", str(hosts_file), *overrides, cwd=folder)
    return database_url


def test_an_empty_hosts_file_stops_the_crawl_before_any_request(
    logged_servers: int, tmp_path: Path
) -> None:
    port = logged_servers
    targets = tmp_path / "targets.csv"
    targets.write_text(
        f"code,name,kind,url,population\n01001,Essai,commune,http://mairie.test:{port}/,100\n",
        encoding="utf-8",
    )
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    vigie("targets", "import", str(targets), "--db", database_url)
    for content in ("", "\n  \n"):
        hosts = tmp_path / "hosts.txt"
        hosts.write_text(content, encoding="utf-8")
        for rendering in ("true", "false"):
            result = vigie(
                "crawl", "--db", database_url, "--farm-hosts", str(hosts),
                "--set", f"VIGIE_RENDERING={rendering}", cwd=tmp_path, check=False,
            )  # fmt: skip
            assert result.returncode == 2, result.stdout + result.stderr
            assert f"{hosts} names no host" in result.stderr
    with pytest.raises(FarmHostsError, match="cannot read"):
        farm_hosts(Settings({"VIGIE_FARM_HOSTS": str(tmp_path / "missing.txt")}))
    with pytest.raises(FarmHostsError, match="names no host"):
        apply_rendering(Settings({"VIGIE_FARM_HOSTS": str(hosts), "VIGIE_RENDERING": False}))
    engine = create_engine(database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM crawl_runs")).scalar_one() == 0
    engine.dispose()
    assert not Logged.hits


def test_a_farm_crawl_refuses_addresses_given_as_such(logged_servers: int, tmp_path: Path) -> None:
    port = logged_servers
    sites = [
        ("01001", f"http://mairie.test:{port}/"),
        ("01002", f"http://redirect.test:{port}/"),  # redirects to http://127.0.0.1:port/
        ("01003", f"http://{FARM}:{port}/"),
        ("01004", f"http://{ELSEWHERE}:{port}/"),
        ("01005", f"http://not-in-the-farm.test:{port}/"),
    ]
    database_url = farm_crawl(
        tmp_path, sites, "\n".join(FARM_NAMES) + "\n", "VIGIE_RENDERING=false"
    )
    scans = {
        code: (str(status), str(detail))
        for code, status, detail, *_ in stored_rows(database_url)["scans"]
    }
    assert scans["01001"][0] == "ok"
    for code in ("01002", "01003", "01004"):
        assert scans[code][0] == "private_address", scans[code]
        assert "a farm crawl asks only for its hosts' names" in scans[code][1]
    assert scans["01005"][0] == "dns_failure"  # as a dead name of the farm
    assert {host for _, host, _ in Logged.hits} <= {"mairie.test", "redirect.test"}
    assert not [hit for hit in Logged.hits if hit[0] == ELSEWHERE or hit[2] == "/via-redirect"]


def test_chromium_asks_a_farm_for_its_names_only(logged_servers: int, tmp_path: Path) -> None:
    if browser_path(Settings({"VIGIE_CHROMIUM": VIGIE_CHROMIUM})) is None:
        pytest.skip("no Chromium here: nothing is rendered")
    port = logged_servers
    database_url = farm_crawl(
        tmp_path, [("01001", f"http://js.test:{port}/")], "js.test\n", "VIGIE_AXE=off"
    )
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rendered = connection.execute(text("SELECT final_url FROM pages WHERE rendered")).scalars()
        assert list(rendered) == [f"http://js.test:{port}/"]  # Chromium did load the page
    engine.dispose()
    assert {host for _, host, _ in Logged.hits} == {"js.test"}, Logged.hits
    # The page, robots.txt and the crawl's own not-found probe (spiders/probe.py): no more.
    asked = {"/", "/robots.txt", probe_path("js.test")}
    assert {path for _, _, path in Logged.hits} <= asked, Logged.hits
