"""The archive of a run (VIGIE_WARC): the pages the extractors read, replayed into the same
findings."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text
from warcio.archiveiterator import ArchiveIterator

from database import open_database
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, write_farm_files
from farm.process import farm_server
from tests.conftest import vigie

SITES, SEED = 12, 949
# Aggregated over a site's pages: the stored value need not be any one page's; or measured of
# the site's server, not read on a page (the load time, the not-found probe's answer).
SITE_WIDE = ("readability.", "a11y.check_failed", "trackers", "security.", "tech.",
             "quality.load_time", "quality.not_found")  # fmt: skip


def test_a_finding_is_replayed_from_the_archived_page(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'vigie.db'}"
    archive = tmp_path / "warc"
    with farm_server(SITES, SEED) as ports:
        files = write_farm_files(Farm(SITES, SEED, ports.http, ports.tls), tmp_path)
        vigie("targets", "import", str(files[TARGETS_FILE]), "--db", db)
        vigie("crawl", "--db", db, "--farm-hosts", str(files[HOSTS_FILE]),
              "--set", "DOWNLOAD_TIMEOUT=5", "--set", f"VIGIE_WARC={archive}",
              "--set", "VIGIE_RENDERING=false", cwd=tmp_path)  # fmt: skip
    [warc, *others] = sorted(archive.glob("vigie-run-1-*.warc.gz"))
    archived = set()
    for path in [warc, *others]:
        with path.open("rb") as stream:
            archived |= {
                r.rec_headers.get_header("WARC-Target-URI")
                for r in ArchiveIterator(stream)
                if r.rec_type == "response"
            }
    engine = open_database(db)
    with engine.connect() as connection:
        pages = {row[0] for row in connection.execute(
            text("SELECT final_url FROM pages WHERE run_id = 1 AND http_status = 200"))}  # fmt: skip
        stored = connection.execute(
            text("SELECT evidence_url, feature, value FROM findings WHERE run_id = 1")
        ).all()
    engine.dispose()
    assert pages <= archived  # every page read is in the archive
    by_page: dict[str, set[tuple[str, str]]] = {}
    for url, feature, value in stored:
        if not feature.startswith(SITE_WIDE):
            by_page.setdefault(url, set()).add((feature, value))
    url, expected = max(by_page.items(), key=lambda item: len(item[1]))
    assert len(expected) >= 3
    path = next(p for p in [warc, *others] if url in _urls(p))
    replayed = json.loads(vigie("replay", str(path), url).stdout)
    assert replayed["status"] == 200
    assert expected <= {(f["feature"], f["value"]) for f in replayed["findings"]}
    missing = vigie("replay", str(path), "http://nowhere.invalid/", check=False)
    assert missing.returncode == 2


def _urls(path: Path) -> set[str]:
    with path.open("rb") as stream:
        return {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)}
