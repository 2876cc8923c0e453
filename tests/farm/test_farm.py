"""The farm really produces each kind of mess its sites are said to have, and knows the truth of it."""

from __future__ import annotations

import http.client
import json
import re
import ssl
import time
import zlib
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from farm.catalogue import Farm, kinds_for
from farm.model import Site
from farm.pages import HOSTILE_PAGES, text_pages
from farm.platforms import account_stats
from farm.process import farm_server
from farm.real_world import FOOTER_FRAGMENT
from farm.routes import route
from farm.server_habits import server_habits
from farm.truth import expected_findings, expected_status, ground_truth
from tests.conftest import FARM_SEED, FARM_SITES

FARM = Farm(FARM_SITES, FARM_SEED, 8000)
LARGE = Farm(3000, 1, 8000)


def first(condition: Callable[[Site], bool], farm: Farm = FARM) -> Site:
    return next(site for site in farm.sites() if condition(site))


def live(site: Site) -> bool:
    return expected_status(site) == "ok"


def get(site: Site, path: str | None = None, farm: Farm = FARM):  # type: ignore[no-untyped-def]
    """The farm's answer (home page by default) as a client on the site's real scheme gets it."""
    port = farm.tls_port if site.https else farm.port
    return route(farm, f"{site.host}:{port}", path or site.home_path, secure=site.https)


def test_same_seed_same_farm_other_seed_other_farm() -> None:
    assert ground_truth(Farm(30, 4, 1)) == ground_truth(Farm(30, 4, 1))
    assert ground_truth(Farm(30, 4, 1)) != ground_truth(Farm(30, 5, 1))


def test_kinds_come_in_real_proportions() -> None:
    kinds = kinds_for(40_000)
    assert (kinds.count("region"), kinds.count("departement")) == (18, 101)
    assert 1_300 < kinds.count("epci") < 1_400
    assert {site.kind for site in LARGE.sites()} == {"commune", "epci", "departement", "region"}


def test_host_names_are_unique_and_every_stratum_is_present() -> None:
    hosts = [site.host for site in LARGE.sites() if site.host]
    assert len(hosts) == len(set(hosts))
    assert {site.stratum for site in LARGE.sites() if site.kind == "commune"} == {
        "0-499",
        "500-1999",
        "2000-3499",
        "3500-9999",
        "10000-49999",
        "50000-99999",
        "100000+",
    }


def test_windows_1252_without_charset_header_really_is_those_bytes() -> None:
    site = first(lambda s: live(s) and s.encoding == "windows-1252-undeclared")
    answer = get(site, "/demarches")
    assert answer.headers["Content-Type"] == "text/html"
    assert b"d\xe9marches" in answer.body  # "é" as windows-1252, not UTF-8
    assert b"charset" not in answer.body
    assert "démarches" in answer.body.decode("cp1252")


def test_iso_8859_1_is_declared_in_the_header_only() -> None:
    site = first(lambda s: live(s) and s.encoding == "iso-8859-1")
    answer = get(site)
    assert answer.headers["Content-Type"] == "text/html; charset=iso-8859-1"
    assert b"<meta charset" not in answer.body
    answer.body.decode("iso-8859-1")
    with pytest.raises(UnicodeDecodeError):
        answer.body.decode("utf-8")


def test_broken_html_is_really_broken() -> None:
    site = first(lambda s: live(s) and s.broken_html and not s.js_only)
    body = get(site, site.home_path).body.decode("utf-8", "replace")
    assert "<li>" in body
    assert "</li>" not in body
    assert "</body>" not in body
    assert "href=/contact" in body


def test_javascript_sites_show_nothing_without_a_browser() -> None:
    site = first(lambda s: live(s) and s.js_only and s.notice_path is not None, LARGE)
    body = get(site, farm=LARGE).body.decode("utf-8")
    assert '<div id="SITE_CONTAINER"></div>' in body
    static = body.split("<script>document")[0].split("<body>")[1]
    assert set(re.findall(r'<a href="([^"]*)"', static)) <= {"#contenu"}  # the skip link at most
    truth = expected_findings(LARGE, site)
    assert any(f.get("needs_rendering") for f in truth)
    assert all(not f.get("needs_rendering") for f in truth if f["feature"] == "tech.cms")


def test_a_footer_fetched_by_a_script_is_only_in_its_fragment() -> None:
    site = first(
        lambda s: live(s) and s.script_footer and bool(s.notice_path and s.statement_path), LARGE
    )
    truth = expected_findings(LARGE, site)
    answers = [get(site, path, LARGE) for path in text_pages(site)]
    served = [answer.body.decode("utf-8", "replace") for answer in answers if answer.status == 200]
    assert len(served) == len(text_pages(site))
    for page in served:
        assert '<footer id="pied-de-page"></footer>' in page
        assert f"fetch('{FOOTER_FRAGMENT}')" in page
        assert re.search(r"href=\"?/composants", page) is None  # the fragment is never linked
    home = get(site, None, LARGE).body.decode("utf-8", "replace")
    assert "Mentions légales" not in home
    assert "Accessibilité" not in home
    assert re.search(rf"href=\"?{re.escape(site.notice_path or '')}[\" >]", home) is None
    fragment = get(site, FOOTER_FRAGMENT, LARGE)
    assert (fragment.status, fragment.headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    footer = fragment.body.decode("utf-8")
    assert "<footer" not in footer
    assert "<html" not in footer
    assert re.search(rf"href=\"?{re.escape(site.notice_path or '')}\"?>Mentions légales", footer)
    assert re.search(rf"href=\"?{re.escape(site.statement_path or '')}\"?>", footer)
    base = LARGE.base_url(site)
    owed = {(f["feature"], f["value"]) for f in truth if f.get("needs_rendering")}
    assert ("legal.notice_url", base + (site.notice_path or "")) in owed
    assert ("a11y.statement_url", base + (site.statement_path or "")) in owed
    assert FOOTER_FRAGMENT not in text_pages(site)  # not a page of the site
    # Served as UTF-8 whatever the pages' encoding: fetch()'s text() reads nothing else.
    latin = first(lambda s: live(s) and s.script_footer and s.encoding == "iso-8859-1", LARGE)
    assert "Contact" in get(latin, FOOTER_FRAGMENT, LARGE).body.decode("utf-8")
    static = first(lambda s: live(s) and not s.rendered_by_browser, LARGE)
    assert get(static, FOOTER_FRAGMENT, LARGE).status == 404
    assert "<footer><p>" in get(static, None, LARGE).body.decode("utf-8", "replace")


def test_about_a_tenth_of_live_sites_fetch_their_footer_by_script() -> None:
    static_built = [s for s in LARGE.sites() if live(s) and not s.js_only]
    share = sum(s.script_footer for s in static_built) / len(static_built)
    assert 0.07 < share < 0.13
    assert not any(s.script_footer for s in LARGE.sites() if s.js_only)
    assert all(s.rendered_by_browser for s in LARGE.sites() if s.script_footer or s.js_only)


def test_pdf_statements_are_pdf_documents_with_the_level_in_them() -> None:
    site = first(lambda s: live(s) and (s.statement_path or "").endswith(".pdf"))
    answer = get(site, site.statement_path or "")
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.body.startswith(b"%PDF-1.4")
    assert answer.body.rstrip().endswith(b"%%EOF")
    assert f"Ce site est {site.a11y_level} conforme".encode() in answer.body


def test_redirects_chain_and_loop() -> None:
    chained = first(lambda s: s.redirect == "chain", LARGE)
    hops, path = [], "/"
    for _ in range(4):
        answer = get(chained, path, LARGE)  # "/" first: the chain's start
        hops.append(answer.status)
        if answer.status == 200:
            break
        path = urlsplit(answer.headers["Location"]).path
    assert hops == [301, 302, 301, 200]
    loop = first(lambda s: s.redirect == "loop")
    assert get(loop, "/").headers["Location"].endswith("/accueil")
    assert get(loop, "/accueil").headers["Location"].endswith(f":{FARM.port}/")
    moved = first(lambda s: s.www_redirect and not s.dead)
    answer = route(FARM, f"www.{moved.host}", "/contact")
    assert (answer.status, answer.headers["Location"]) == (301, f"{FARM.base_url(moved)}/contact")


def test_https_sites_redirect_plain_http_and_broken_tls_is_listed_as_https() -> None:
    secure = first(lambda s: live(s) and s.https)
    answer = route(FARM, f"{secure.host}:{FARM.port}", "/contact")
    assert (answer.status, answer.headers["Location"]) == (
        301,
        f"https://{secure.host}:{FARM.tls_port}/contact",
    )
    assert route(FARM, f"{secure.host}:{FARM.tls_port}", "/contact", secure=True).status == 200
    assert FARM.base_url(secure).startswith("https://")
    broken = first(lambda s: s.tls_broken)
    assert FARM.listed_url(broken) == f"https://{broken.listed_host}:{FARM.port}/"  # plain port
    assert expected_status(broken) == "tls_error"


def test_security_headers_are_sent_over_https_only() -> None:
    site = first(lambda s: live(s) and "strict-transport-security" in s.security_headers)
    assert get(site).headers["strict-transport-security"] == "max-age=31536000"
    plain = route(FARM, f"{site.host}:{FARM.port}", "/contact")
    assert "strict-transport-security" not in plain.headers
    truth = {(f["feature"], f["value"]) for f in expected_findings(FARM, site)}
    assert {("security.https", "true"), ("security.hsts", "true")} <= truth


def test_errors_slow_and_hanging_answers() -> None:
    assert get(first(lambda s: expected_status(s) == "http_error")).status == 500
    # A server that says a missing page is missing (others hide it: test_server_habits.py).
    honest = first(lambda s: live(s) and server_habits(FARM, s).soft_404 is None)
    assert get(honest, "/no-such-page").status == 404
    assert get(first(lambda s: s.hangs)).hangs
    slow = first(lambda s: live(s) and s.slow_ms > 0, LARGE)
    assert get(slow, "/contact", LARGE).delay == slow.slow_ms / 1000
    broken = first(
        lambda s: live(s) and s.broken_links > 0 and not s.rendered_by_browser
        and server_habits(FARM, s).soft_404 is None
    )  # fmt: skip
    home = get(broken).body.decode("utf-8", "replace")
    assert 'href="/ancienne-page-1"' in home.replace("href=/", 'href="/')
    assert get(broken, "/ancienne-page-1").status == 404


def test_robots_and_sitemaps() -> None:
    blocked = first(lambda s: expected_status(s) == "robots_blocked")
    assert get(blocked, "/robots.txt").body == b"User-agent: *\nDisallow: /\n"
    mapped = first(lambda s: live(s) and s.sitemap)
    assert (
        f"Sitemap: {FARM.base_url(mapped)}/sitemap.xml" in get(mapped, "/robots.txt").body.decode()
    )
    assert "<lastmod>" in get(mapped, "/sitemap.xml").body.decode()


def test_crawler_traps_never_end() -> None:
    calendar = first(lambda s: live(s) and s.trap == "calendar")
    page = get(calendar, "/agenda?mois=2031-12").body.decode("utf-8", "replace")
    assert "/agenda?mois=2032-01" in page
    session = first(lambda s: live(s) and s.trap == "session" and not s.rendered_by_browser)
    home = get(session).body.decode("utf-8", "replace")
    assert "/contact?sid=" in home
    contact = home.split("/contact?sid=", 1)[1][:10]
    assert get(session, f"/contact?sid={contact}").status == 200


def test_large_pages_and_binary_files() -> None:
    large = first(lambda s: live(s) and s.large_page, LARGE)
    assert len(get(large, "/bulletin-municipal.html", LARGE).body) >= 3 * 1024 * 1024
    binary = first(lambda s: live(s) and s.binary_file)
    answer = get(binary, "/documents/archives.zip")
    assert (answer.headers["Content-Type"], len(answer.body)) == (
        "application/zip",
        6 * 1024 * 1024,
    )


def test_the_gzip_bomb_is_a_valid_gzip_of_one_gibibyte_of_zeros() -> None:
    bomb = first(lambda s: live(s) and "gzip_bomb" in s.hostile)
    answer = get(bomb, HOSTILE_PAGES["gzip_bomb"][0])
    assert answer.headers["Content-Encoding"] == "gzip"
    assert len(answer.body) < 2 * 1024 * 1024
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # checks the CRC and size at the end
    total, nonzero, data = 0, 0, answer.body
    while data and not inflater.eof:
        chunk = inflater.decompress(data, 64 * 1024 * 1024)
        total += len(chunk)
        nonzero += len(chunk) - chunk.count(0)
        data = inflater.unconsumed_tail
    assert inflater.eof
    assert (total, nonzero, inflater.unused_data) == (1024**3, 0, b"")


def test_services_trackers_and_decoys_are_in_the_pages_the_truth_describes() -> None:
    site = first(
        lambda s: live(s) and not s.rendered_by_browser and s.eservices and s.trackers and s.decoys,
        LARGE,
    )
    home = get(site, None, LARGE).body.decode("utf-8", "replace")
    demarches = get(site, "/demarches", LARGE).body.decode("utf-8", "replace")
    truth = {(f["feature"], f["value"]) for f in expected_findings(LARGE, site)}
    assert {("eservices.platform", slug) for slug in site.eservices} <= truth
    assert all(("trackers", slug) in truth for slug in site.trackers)
    assert ("googletagmanager" in home) == bool(
        {"google-analytics", "google-tag-manager"} & set(site.trackers)
    )
    assert "demarches-simplifiees.fr" in demarches or "demarches-simplifiees" not in site.eservices
    for decoy in site.decoys:
        assert decoy.url in home
        assert ("social.facebook", decoy.url) not in truth


def test_trackers_without_consent_manager_are_findings() -> None:
    bare = first(lambda s: live(s) and s.trackers and not s.consent_manager, LARGE)
    truth = {(f["feature"], f["value"]) for f in expected_findings(LARGE, bare)}
    assert {("trackers.without_consent", slug) for slug in bare.trackers} <= truth
    managed = first(lambda s: live(s) and s.trackers and s.consent_manager, LARGE)
    assert not any(
        f["feature"] == "trackers.without_consent" for f in expected_findings(LARGE, managed)
    )


def test_news_dates_are_in_time_elements_and_the_newest_is_the_truth() -> None:
    site = first(lambda s: live(s) and len(s.news_dates) > 1 and not s.js_only)
    page = get(site, "/actualites").body.decode("utf-8", "replace")
    assert all(f'datetime="{day.isoformat()}"' in page for day in site.news_dates)
    newest = max(site.news_dates).isoformat()
    assert {"feature": "freshness.latest_news", "value": newest} in expected_findings(FARM, site)


def test_mock_platforms_answer_like_the_public_endpoints() -> None:
    mastodon = first(
        lambda s: live(s) and any(link.platform == "mastodon" for link in s.socials), LARGE
    )
    account = next(link for link in mastodon.socials if link.platform == "mastodon")
    answer = route(
        LARGE, "social.numerique.gouv.fr", f"/api/v1/accounts/lookup?acct={account.handle}"
    )
    document = json.loads(answer.body)
    assert document["followers_count"] == account_stats(account).followers
    assert document["last_status_at"] == account_stats(account).last_activity
    assert (
        route(LARGE, "social.numerique.gouv.fr", "/api/v1/accounts/lookup?acct=nobody").status
        == 404
    )
    youtube = first(
        lambda s: live(s) and any(link.platform == "youtube" for link in s.socials), LARGE
    )
    channel = next(link for link in youtube.socials if link.platform == "youtube")
    page = route(LARGE, "www.youtube.com", f"/@{channel.handle}").body.decode()
    feed_link = page.split('type="application/rss+xml"', 1)[1]
    feed_url = feed_link.split('href="https://www.youtube.com', 1)[1].split('"', 1)[0]
    feed = route(LARGE, "www.youtube.com", feed_url).body.decode()
    assert f"<published>{account_stats(channel).last_activity}" in feed
    wall = route(LARGE, "www.facebook.com", "/VilleX").body.decode()
    assert "Connectez-vous" in wall


def test_served_over_http_by_host_name() -> None:
    with farm_server(FARM_SITES, FARM_SEED) as ports:
        port = ports.http
        served = Farm(FARM_SITES, FARM_SEED, ports.http, ports.tls)

        def fetch(host: str, path: str = "/", secure: bool = False) -> tuple[int, bytes]:
            connection = (
                http.client.HTTPSConnection(
                    "127.0.0.1", ports.tls, timeout=10, context=ssl._create_unverified_context()
                )
                if secure
                else http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            )
            connection.request(
                "GET", path, headers={"Host": f"{host}:{ports.tls if secure else port}"}
            )
            response = connection.getresponse()
            body = response.read()
            connection.close()
            return response.status, body

        plain = first(lambda s: live(s) and not s.https and s.encoding == "utf-8", served)
        status, body = fetch(plain.host or "", plain.home_path)
        assert status == 200
        assert plain.name.encode("utf-8") in body
        assert fetch("not-in-the-farm.fr")[0] == 421
        secure = first(lambda s: live(s) and s.https, served)
        assert fetch(secure.host or "", "/contact")[0] == 301
        assert fetch(secure.host or "", "/contact", secure=True)[0] == 200
        dead = first(lambda s: s.dead, served)
        assert dead.host not in served.served_hosts()
        slow = first(lambda s: live(s) and s.slow_ms > 0, served)
        started = time.monotonic()
        assert fetch(slow.host or "", "/contact", secure=slow.https)[0] == 200
        assert time.monotonic() - started >= slow.slow_ms / 1000


def test_a_40000_site_farm_answers_for_every_live_site() -> None:
    farm = Farm(40_000, 1, 8000)
    live_sites = [site for site in farm.sites() if live(site)]
    hosts = set(farm.served_hosts())
    assert len(live_sites) > 25_000
    assert all(site.host in hosts for site in live_sites)
    for site in live_sites[::97]:  # every page is rendered on demand; a sample keeps the test short
        assert farm.site_for_host(site.host or "") == site
        assert get(site, site.home_path, farm).status == 200
