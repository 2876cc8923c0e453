"""`vigie runs --health` on real crawls of the farm: a clean rerun is healthy (exit 0); a run
during a planted outage (farm/outage.py: a share of the sites hang) moves the timeout share
and exits 1, while the farm's truth, which knows the outage, still agrees with that run
exactly."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from database import open_database
from evaluation.truth import evaluate, load_truth
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.outage import Outage
from farm.process import farm_server
from tests.conftest import FARM_SEED, free_port, vigie

SITES = 24
OUTAGE = Outage(0.2)  # 2 of this farm's 14 answering sites hang (timeouts: 1 -> 3 of 24)
CRAWL = ("--set", "DOWNLOAD_TIMEOUT=5", "--set", "VIGIE_RENDERING=false")


def two_free_ports() -> int:
    """A port free on loopback whose next one is free too (the farm's HTTPS port)."""
    for _ in range(100):
        port = free_port()
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no two consecutive free ports on loopback")


def test_a_clean_rerun_is_healthy_and_an_outage_is_not(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    port = two_free_ports()

    def crawl(hosts: Path, run: int) -> None:
        # Each run from a folder of its own, so without the previous run's HTTP cache: a
        # home page revalidated from the cache (304) has no load time measured
        # (`quality.load_time`), which would move that feature's share between runs.
        folder = tmp_path / f"run-{run}"
        folder.mkdir()
        vigie("crawl", "--db", database_url, "--farm-hosts", str(hosts), *CRAWL, cwd=folder)

    # The same farm, on the same ports, before and during the outage: the same targets.
    with farm_server(SITES, FARM_SEED, port=port) as ports:
        files = write_farm_files(Farm(SITES, FARM_SEED, ports.http, ports.tls), tmp_path)
        vigie("targets", "import", str(files[TARGETS_FILE]), "--db", database_url)
        crawl(files[HOSTS_FILE], 1)
        crawl(files[HOSTS_FILE], 2)
    clean = vigie("runs", "--health", "--db", database_url, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.strip().splitlines()[-1].startswith("Verdict: healthy")
    outage_files = write_farm_files(
        Farm(SITES, FARM_SEED, port, port + 1, OUTAGE), tmp_path / "outage"
    )
    with farm_server(SITES, FARM_SEED, port=port, outage=OUTAGE):
        crawl(outage_files[HOSTS_FILE], 3)
    down = vigie("runs", "--health", "--db", database_url, check=False)
    assert down.returncode == 1, down.stdout + down.stderr
    assert "Run 3 (complete) against run 2 (complete), the previous finished run" in down.stdout
    assert (
        "  share of scans with status timeout: 4.2 % → 12.5 % (+8.3 points; 1 of 24 → 3 of 24 "
        "scans)" in down.stdout
    )
    assert down.stdout.strip().splitlines()[-1].startswith("Verdict: ")
    document = json.loads(vigie("runs", "--health", "--json", "--db", database_url,
                                check=False).stdout)  # fmt: skip
    assert document["verdict"] == "moved"
    assert ("status", "timeout") in {(f["family"], f["name"]) for f in document["moved"]}
    # The rerun compared with the first run, named: healthy.
    assert vigie("runs", "--health", "--run", "2", "--against", "1", "--db", database_url,
                 check=False).returncode == 0  # fmt: skip
    # The outage run agrees with the truth of the farm with its outage, status for status
    # and finding for finding.
    engine = open_database(database_url)
    result = evaluate(engine, 3, load_truth(outage_files[TRUTH_FILE]))
    engine.dispose()
    assert result.sites == SITES
    assert result.status_mismatches == []
    assert result.errors == []
