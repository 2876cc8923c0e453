"""Rendering only where the static HTML is a JavaScript shell, and a crawl without a browser."""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings
from sqlalchemy import create_engine, text

from crawler.rendering import (
    FarmRequestsOnly,
    browser_path,
    launch_options,
    sandbox_possible,
    skip_resource_or_private,
)
from crawler.settings import VIGIE_CHROMIUM
from evaluation.truth import evaluate, load_truth
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.process import farm_server
from farm.truth import expected_status
from pipelines.extractors.page import Page
from pipelines.extractors.shell import is_javascript_shell
from tests.conftest import CrawledFarm, vigie

ROOT = Path(__file__).resolve().parents[2]


def test_a_site_builder_shell_is_told_from_a_short_page() -> None:
    shell = Page(
        "https://x.fr/",
        '<html><body><a href="#main">Aller au contenu</a><div id="SITE_CONTAINER"></div>'
        '<script>document.getElementById("SITE_CONTAINER").innerHTML = "...";</script>'
        "</body></html>",
        {},
    )
    short = Page(
        "https://x.fr/contact",
        "<html><body><h1>Contact</h1><p>Mairie, 1 place de l'Église.</p>"
        '<a href="/">Accueil</a><a href="/demarches">Démarches</a><a href="/plan">Plan</a>'
        "</body></html>",
        {},
    )
    assert is_javascript_shell(shell)
    assert not is_javascript_shell(short)  # no script builds it


def test_only_sites_built_or_completed_by_javascript_are_rendered(
    crawled_farm: CrawledFarm,
) -> None:
    if browser_path(Settings({"VIGIE_CHROMIUM": VIGIE_CHROMIUM})) is None:
        pytest.skip("no Chromium here: the crawl could not render (see the next test)")
    with crawled_farm.engine.connect() as connection:
        rendered = connection.execute(
            text(
                "SELECT DISTINCT a.code FROM pages p JOIN websites w ON w.id = p.website_id "
                "JOIN authorities a ON a.id = w.authority_id WHERE p.rendered"
            )
        ).scalars()
        recorded = connection.execute(text("SELECT settings FROM crawl_runs")).scalar_one()
    javascript_built = {
        site.code
        for site in crawled_farm.farm.sites()
        if site.rendered_by_browser and expected_status(site) == "ok"
    }
    assert javascript_built
    assert set(rendered) == javascript_built
    assert '"VIGIE_RENDERING": true' in recorded
    # What only the browser shows was found: the evaluation owes it to a rendering run.
    owed = [
        finding
        for site in crawled_farm.truth["sites"]
        for finding in site["findings"]
        if finding.get("needs_rendering")
    ]
    assert owed
    assert evaluate(crawled_farm.engine, crawled_farm.run_id, crawled_farm.truth).errors == []


def test_without_a_browser_the_crawl_says_so_once_and_goes_on(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    with farm_server(12, 2) as ports:
        files = write_farm_files(Farm(12, 2, ports.http, ports.tls), tmp_path)
        vigie("targets", "import", str(files[TARGETS_FILE]), "--db", database_url)
        no_browser = {
            **os.environ,
            "PATH": str(Path(sys.executable).parent),  # no chromium on it
            "VIGIE_CHROMIUM": str(tmp_path / "no-such-browser"),
        }
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "cli.app",
                "crawl",
                "--db",
                database_url,
                "--farm-hosts",
                str(files[HOSTS_FILE]),
            ],
            cwd=tmp_path,
            env=no_browser,
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no Chromium was found") == 1
    assert "Run 1 finished" in result.stdout
    engine = create_engine(database_url)
    with engine.connect() as connection:
        recorded = connection.execute(text("SELECT settings FROM crawl_runs")).scalar_one()
        rendered = connection.execute(
            text("SELECT count(*) FROM pages WHERE rendered")
        ).scalar_one()
    assert '"VIGIE_RENDERING": false' in recorded
    assert rendered == 0
    outcome = evaluate(engine, 1, load_truth(files[TRUTH_FILE]))
    assert outcome.status_mismatches == []
    assert outcome.errors == []  # nothing that needs a browser was owed


class BrowserRequest:
    """What Playwright hands the abort hook: a URL and a resource type."""

    def __init__(self, url: str, resource_type: str = "script"):
        self.url, self.resource_type = url, resource_type


def test_chromium_loads_no_subresource_from_a_private_address() -> None:
    def aborted(url: str, kind: str = "script") -> bool:
        return asyncio.run(skip_resource_or_private(BrowserRequest(url, kind)))

    assert aborted("http://127.0.0.1:8080/admin.js")
    assert aborted("http://[::1]/x.js")
    assert aborted("http://169.254.169.254/latest/meta-data/")
    assert aborted("http://localhost/x.js")  # a name that resolves to loopback (/etc/hosts)
    assert aborted("https://193.17.214.1/logo.png", "image")  # images are never loaded
    assert not aborted("https://193.17.214.1/app.js")  # a public address, given as such


def test_the_launch_options_ask_for_the_sandbox_wherever_chromium_can_have_it() -> None:
    sandboxed = launch_options("/usr/bin/chromium", sandbox=True, farm=False)
    assert sandboxed["chromium_sandbox"] is True  # else Playwright adds --no-sandbox itself
    assert "--no-sandbox" not in sandboxed["args"]
    bare = launch_options("/usr/bin/chromium", sandbox=False, farm=True)
    assert bare["chromium_sandbox"] is False
    assert "--no-sandbox" in bare["args"]
    assert "--host-resolver-rules=MAP * 127.0.0.1" in bare["args"]
    assert not sandbox_possible(as_root=True)  # Chromium refuses to start so


def test_a_farm_crawls_abort_hook_lets_only_farm_names_through() -> None:
    hook = FarmRequestsOnly(frozenset({"mairie.test"}))
    assert not hook(BrowserRequest("http://mairie.test:8080/app.js"))
    assert not hook(BrowserRequest("https://MAIRIE.test./app.js"))
    for url in (
        "http://127.0.0.1:8080/app.js",
        "http://[::1]/app.js",
        "http://10.0.0.1/app.js",
        "http://elsewhere.test/app.js",
        "http://[::1/broken",
        "data:text/javascript,1",
    ):
        assert hook(BrowserRequest(url)), url
    assert hook(BrowserRequest("http://mairie.test/logo.png", "image"))


# Launched through Playwright with the options Vigie builds; prints what ran, as JSON.
LAUNCH = """
import asyncio, json, os, sys
from playwright.async_api import async_playwright
from scrapy.settings import Settings
from crawler.rendering import apply_rendering, user_namespaces_available

def children(root):
    parents = {}
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (ValueError, OSError):
            continue
    found, todo = set(), [root]
    while todo:
        parent = todo.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found.add(pid)
                todo.append(pid)
    return found

def command_line(pid):
    # Chromium's child processes rewrite theirs as one string: read words either way.
    with open(f"/proc/{pid}/cmdline", "rb") as handle:
        return handle.read().decode().replace("\\0", " ").split()

async def main():
    settings = Settings({"VIGIE_RENDERING": True, "VIGIE_CHROMIUM": sys.argv[1]})
    apply_rendering(settings)
    options = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**options)
        page = await browser.new_page()
        await page.set_content("<p id=x>rendu</p>")
        text = await page.inner_text("#x")
        lines = [command_line(pid) for pid in children(os.getpid())]
        chromium = [line for line in lines if line and "chromium" in os.path.basename(line[0])]
        print(json.dumps({"uid": os.geteuid(), "options": options, "text": text,
                          "userns": user_namespaces_available(), "chromium": chromium}))
        await browser.close()

asyncio.run(main())
"""


def launched(as_nobody: bool) -> dict[str, Any]:
    """Launch Chromium through Playwright with Vigie's options, as root or as `nobody`, and
    read the real browser process's command line (/proc/PID/cmdline)."""
    chromium = browser_path(Settings({"VIGIE_CHROMIUM": VIGIE_CHROMIUM}))
    if chromium is None:
        pytest.skip("no Chromium here")
    home = Path(tempfile.mkdtemp(prefix="vigie-sandbox-"))
    home.chmod(0o777)
    prefix: list[str] = []
    interpreter = sys.executable
    if as_nobody:
        nobody = pwd.getpwnam("nobody")
        prefix = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}"]
        prefix.append("--clear-groups")
        interpreter = interpreter_for(prefix)
    environment = {**os.environ, "HOME": str(home), "PYTHONPATH": python_path()}
    try:
        result = subprocess.run(
            [*prefix, interpreter, "-c", LAUNCH, chromium],
            cwd=home, env=environment, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        shutil.rmtree(home, ignore_errors=True)
    assert result.returncode == 0, result.stderr[-2000:]
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["text"] == "rendu"  # Chromium started, and rendered
    browsers = [
        line for line in report["chromium"] if not any(a.startswith("--type=") for a in line)
    ]
    assert len(browsers) == 1, report["chromium"]
    report["browser"] = browsers[0]
    return report


def python_path() -> str:
    """The checkout and this environment's packages, for an interpreter outside the venv."""
    paths = [str(ROOT), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    return os.pathsep.join(dict.fromkeys(paths))


def interpreter_for(prefix: list[str]) -> str:
    """An interpreter `nobody` may run with this environment's packages: this one, else the
    system's of the same version (this one may live in root's home)."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    environment = {**os.environ, "PYTHONPATH": python_path()}
    for candidate in (sys.executable, f"/usr/bin/{version}"):
        check = [*prefix, candidate, "-c", "import crawler.rendering, playwright.async_api"]
        try:
            if subprocess.run(check, env=environment, capture_output=True, cwd="/").returncode == 0:
                return candidate
        except OSError:
            continue
    pytest.skip(f"no {version} that the user nobody may run with this checkout's packages")


def test_an_unprivileged_crawls_chromium_keeps_its_sandbox() -> None:
    report = launched(as_nobody=os.geteuid() == 0)  # or already unprivileged
    assert report["uid"] != 0
    if not report["userns"]:
        # A machine that closes user namespaces: Chromium cannot sandbox, and is told so.
        assert "--no-sandbox" in report["browser"]
        pytest.skip("user namespaces are closed to unprivileged users here: no sandbox possible")
    assert report["options"]["chromium_sandbox"] is True
    assert "--no-sandbox" not in report["browser"], report["browser"]


def test_as_root_chromium_runs_without_its_sandbox() -> None:
    if os.geteuid() != 0:
        pytest.skip("not root here")
    report = launched(as_nobody=False)
    assert report["options"]["chromium_sandbox"] is False
    assert "--no-sandbox" in report["browser"]  # Chromium refuses to start as root otherwise
