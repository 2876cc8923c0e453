"""Pictures of the public website for people to look at: the home page, a measured authority's
page and a département's page of the hand-made test content, built then shown in headless
Chromium, each written as a full-page PNG.

    .venv/bin/python -m tests.reports.website.screenshots OUT_DIR
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from reports.website.build import write_site
from tests.reports.website.browser import CHROMIUM, headless_chromium, serving_folder, visiting
from tests.reports.website.fixtures import sample_content
from tests.reports.website.pages import shown_pages

WIDTH, HEIGHT = 1280, 900


def write_screenshots(out: Path) -> list[Path]:
    """The PNGs written into `out` (created if needed), one per page of `shown_pages`."""
    out.mkdir(parents=True, exist_ok=True)
    pages = shown_pages(sample_content())
    chosen = {
        "accueil": "index.html",
        "collectivite": pages.measured,
        "departement": pages.departement,
    }
    written = []
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        write_site(sample_content(), site)
        with headless_chromium() as browser, serving_folder(site) as base:
            for name, path in chosen.items():
                with visiting(browser, base + path) as opened:
                    opened.page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
                    target = out / f"{name}.png"
                    opened.page.screenshot(path=str(target), full_page=True)
                    written.append(target)
    return written


def main(arguments: list[str]) -> int:
    if len(arguments) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    if not CHROMIUM.is_file():
        print(f"no Chromium at {CHROMIUM}: no screenshot can be taken", file=sys.stderr)
        return 1
    for path in write_screenshots(Path(arguments[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
