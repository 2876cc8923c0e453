"""Every verb on PostgreSQL, the scale path: a farm crawled into the machine's PostgreSQL,
then scored, reported, exported, queried and surveyed there, as on SQLite."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pptx import Presentation

from database import open_database
from evaluation.truth import evaluate, load_truth
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.process import farm_server
from tests.conftest import vigie

SITES, SEED = 24, 949


def test_the_whole_chain_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    db = ("--db", postgres_url)
    with farm_server(SITES, SEED) as ports:
        files = write_farm_files(Farm(SITES, SEED, ports.http, ports.tls), tmp_path)
        vigie("targets", "import", str(files[TARGETS_FILE]), *db)
        vigie("crawl", "--farm-hosts", str(files[HOSTS_FILE]), "--set", "DOWNLOAD_TIMEOUT=5",
              *db, cwd=tmp_path)  # fmt: skip
        vigie("social", "--farm-hosts", str(files[HOSTS_FILE]), "--platform-origin",
              f"http://{{host}}:{ports.http}", *db, cwd=tmp_path)  # fmt: skip
    engine = open_database(postgres_url)
    checked = evaluate(engine, 1, load_truth(files[TRUTH_FILE]))
    assert checked.status_agreements == checked.sites == SITES
    assert all(
        family.precision == family.recall == 1.0
        for family in checked.families.values()
        if family.precision is not None and family.recall is not None
    ), checked.errors[:5]
    assert len(checked.families) >= 10
    vigie("score", *db)
    vigie("report", "--out", str(tmp_path / "deck.pptx"), "--xlsx", str(tmp_path / "t.xlsx"), *db)
    assert len(Presentation(str(tmp_path / "deck.pptx")).slides) > 15
    vigie("export", "--out", str(tmp_path / "all.parquet"), *db)
    assert len(pd.read_parquet(tmp_path / "all.parquet")) == SITES
    counted = vigie("query", "SELECT COUNT(*) AS n FROM latest_scans", *db).stdout
    assert f"│ {SITES} │" in counted
    assert "run 1: " in vigie("runs", *db).stdout
    vigie("compliance", *db)
    vigie("survey", "design", "--scope", "national", "--out", str(tmp_path / "q.xlsx"), *db)
    refused = vigie("query", "DELETE FROM findings", *db, check=False)
    assert refused.returncode == 2
    engine.dispose()
