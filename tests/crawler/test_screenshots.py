"""A screenshot of each measured site's home page, taken by the crawl's Chromium when
VIGIE_SCREENSHOTS asks for it, kept with the run; none without the setting or without a
browser; the setting takes only its words."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from scrapy.settings import Settings
from sqlalchemy import create_engine, text

from crawler.rendering import browser_path
from crawler.setting_values import SettingError
from crawler.settings import VIGIE_CHROMIUM, VIGIE_SCREENSHOTS, parse_override
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, write_farm_files
from farm.process import farm_server
from tests.conftest import vigie
from tests.crawler.test_runner import sites_stored

# Four static sites (one with a broken certificate) and one built by JavaScript.
SMALL_FARM = 5, 949


def crawl_farm(folder: Path, *settings: str, chromium: str | None = None) -> str:
    """The small farm imported and crawled with `settings` (NAME=VALUE); the database's URL."""
    database_url = f"sqlite:///{folder / 'vigie.db'}"
    with farm_server(*SMALL_FARM) as ports:
        files = write_farm_files(Farm(*SMALL_FARM, ports.http, ports.tls), folder)
        vigie("targets", "import", str(files[TARGETS_FILE]), "--db", database_url)
        overrides = [word for setting in settings for word in ("--set", setting)]
        vigie("crawl", "--db", database_url, "--farm-hosts", str(files[HOSTS_FILE]),
              "--set", "DOWNLOAD_TIMEOUT=15", *overrides, cwd=folder,
              env={"VIGIE_CHROMIUM": chromium or VIGIE_CHROMIUM})  # fmt: skip
    return database_url


def test_the_setting_is_off_by_default_and_takes_only_its_words() -> None:
    assert VIGIE_SCREENSHOTS == "off"
    assert parse_override("VIGIE_SCREENSHOTS", "HOME") == "home"
    with pytest.raises(SettingError, match="VIGIE_SCREENSHOTS='all' is not one of home, off"):
        parse_override("VIGIE_SCREENSHOTS", "all")


def test_a_crawl_asked_for_screenshots_keeps_one_of_each_measured_home_page(
    tmp_path: Path,
) -> None:
    chromium = browser_path(Settings({"VIGIE_CHROMIUM": VIGIE_CHROMIUM}))
    if chromium is None:
        pytest.skip("no Chromium here (/usr/bin/chromium): no screenshot can be taken")
    database_url = crawl_farm(tmp_path, "VIGIE_SCREENSHOTS=home", chromium=chromium)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        measured = connection.execute(
            text("SELECT authority_id, final_url FROM site_scans WHERE status = 'ok'")
        ).all()
        shots = connection.execute(
            text("SELECT authority_id, url, media_type, image, taken_at FROM screenshots")
        ).all()
        pages = connection.execute(text("SELECT count(*) FROM pages")).scalar_one()
        recorded = connection.execute(text("SELECT settings FROM crawl_runs")).scalar_one()
        fetched = connection.execute(text("SELECT sum(pages_fetched) FROM site_scans")).scalar()
    engine.dispose()
    assert len(measured) >= 2  # the JavaScript-built site among them
    # One per measured site, of the page its home page request ended on.
    assert sorted((row.authority_id, row.url) for row in shots) == sorted(measured)
    for row in shots:
        assert row.media_type == "image/jpeg"
        image = Image.open(io.BytesIO(row.image))
        assert (image.format, image.size) == ("JPEG", (1280, 800))
        assert row.taken_at is not None
    assert pages == fetched  # a screenshot is no page of the site
    assert '"VIGIE_SCREENSHOTS": "home"' in recorded  # the run says it was asked


def test_without_the_setting_no_screenshot_is_taken(tmp_path: Path) -> None:
    database_url = crawl_farm(tmp_path)
    engine = create_engine(database_url)
    with engine.connect() as connection:
        ok = connection.execute(
            text("SELECT count(*) FROM site_scans WHERE status = 'ok'")
        ).scalar_one()
        shots = connection.execute(text("SELECT count(*) FROM screenshots")).scalar_one()
    engine.dispose()
    assert ok >= 1
    assert shots == 0


def test_without_a_browser_no_screenshot_is_taken(tmp_path: Path) -> None:
    # Rendering off: as a crawl that found no Chromium (crawler.rendering.apply_rendering).
    database_url = crawl_farm(tmp_path, "VIGIE_SCREENSHOTS=home", "VIGIE_RENDERING=false")
    engine = create_engine(database_url)
    with engine.connect() as connection:
        ok = connection.execute(
            text("SELECT count(*) FROM site_scans WHERE status = 'ok'")
        ).scalar_one()
        shots = connection.execute(text("SELECT count(*) FROM screenshots")).scalar_one()
    engine.dispose()
    assert ok >= 1
    assert shots == 0


def screenshot_rows(database_url: str) -> list[tuple[str, str, str, tuple[int, int]]]:
    """(authority code, page, media type, image size) of each screenshot of run 1."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.code, s.url, s.media_type, s.image FROM screenshots s "
                "JOIN authorities a ON a.id = s.authority_id WHERE s.run_id = 1"
            )
        ).all()
    engine.dispose()
    return sorted(
        (code, url, media, Image.open(io.BytesIO(image)).size) for code, url, media, image in rows
    )


def test_a_crawl_killed_and_resumed_ends_with_the_screenshots_of_an_uninterrupted_one(
    tmp_path: Path,
) -> None:
    chromium = browser_path(Settings({"VIGIE_CHROMIUM": VIGIE_CHROMIUM}))
    if chromium is None:
        pytest.skip("no Chromium here (/usr/bin/chromium): no screenshot can be taken")
    farm_size = 12, 949
    complete_url = f"sqlite:///{tmp_path / 'complete.db'}"
    killed_url = f"sqlite:///{tmp_path / 'killed.db'}"
    with farm_server(*farm_size) as ports:
        files = write_farm_files(Farm(*farm_size, ports.http, ports.tls), tmp_path)
        command = ["--farm-hosts", str(files[HOSTS_FILE]), "--set", "DOWNLOAD_TIMEOUT=15",
                   "--set", "VIGIE_SCREENSHOTS=home"]  # fmt: skip
        for url in (complete_url, killed_url):
            vigie("targets", "import", str(files[TARGETS_FILE]), "--db", url)
        vigie("crawl", "--db", complete_url, *command, cwd=tmp_path)
        crawl = subprocess.Popen(
            [sys.executable, "-m", "cli.app", "crawl", "--db", killed_url, *command],
            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        killed = create_engine(killed_url)
        deadline = time.monotonic() + 300
        while sites_stored(killed) < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        os.kill(crawl.pid, signal.SIGKILL)  # the parent only: its workers die with it
        crawl.wait()
        assert 4 <= sites_stored(killed) < farm_size[0]
        killed.dispose()
        vigie("crawl", "--db", killed_url, "--resume", "1", *command, cwd=tmp_path)
    complete = screenshot_rows(complete_url)
    assert complete  # the measured sites' home pages
    assert screenshot_rows(killed_url) == complete
