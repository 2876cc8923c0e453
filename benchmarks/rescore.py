"""Re-scoring a national database: how long `vigie score` takes on 36,000 authorities.

The database is filled without crawling: authorities, scans and findings are the farm's
ground truth for a farm of that size (every site "ok" in the truth gets its findings), so
the feature mix is the farm's. Then the run is scored with the default model, and again
with a changed weight (a new model version), as a user re-scoring without re-crawling does.

    .venv/bin/python benchmarks/rescore.py --sites 36000
    .venv/bin/python benchmarks/rescore.py --sites 36000 --digest  # and a hash of the scores

`--digest` prints a SHA-256 of every stored Score row (numbers rounded to 9 decimals, the
time of computation left out), so that a faster scoring can be shown to store the same scores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, insert, select

from database import open_database
from database.models import Authority, CrawlRun, FindingRow, Score, SiteScan, Website
from farm.catalogue import Farm
from farm.truth import ANY_VALUE, site_truth
from scoring.compute import score_run
from scoring.model import DEFAULT_MODEL, load_model

RUN_DAY = datetime(2026, 11, 1, tzinfo=UTC)


def fill(database_url: str, sites: int, seed: int) -> int:
    engine = open_database(database_url)
    farm = Farm(sites, seed, 8000, 8443)
    authorities, websites, scans, findings = [], [], [], []
    for number, site in enumerate(farm.sites(), start=1):
        truth = site_truth(farm, site)
        authorities.append(
            {
                "id": number,
                "kind": site.kind,
                "code": site.code,
                "name": site.name,
                "departement_code": site.departement,
                "population": site.population,
                "stratum": site.stratum,
                "source": "farm",
                "updated_at": RUN_DAY,
            }
        )
        websites.append(
            {
                "id": number,
                "authority_id": number,
                "url": truth["url"] or f"http://{site.slug}.invalid/",
                "host": site.host or f"{site.slug}.invalid",
                "is_primary": True,
                "source": "farm",
                "updated_at": RUN_DAY,
            }
        )
        scans.append(
            {
                "run_id": 1,
                "authority_id": number,
                "website_id": number,
                "status": truth["status"],
                "finished_at": RUN_DAY,
            }
        )
        for finding in truth["findings"]:
            value = "55" if finding["value"] == ANY_VALUE else finding["value"]
            findings.append(
                {
                    "run_id": 1,
                    "authority_id": number,
                    "website_id": number,
                    "feature": finding["feature"],
                    "value": value,
                    "evidence_url": truth["url"] or "",
                    "snippet": "-",
                    "detector": "truth/1",
                }
            )
    with engine.begin() as connection:
        connection.execute(
            insert(CrawlRun).values(
                id=1, started_at=RUN_DAY, status="finished", settings={}, targets_count=sites
            )
        )
        connection.execute(insert(Authority), authorities)
        connection.execute(insert(Website), websites)
        connection.execute(insert(SiteScan), scans)
        connection.execute(insert(FindingRow), findings)
    engine.dispose()
    return len(findings)


def _rounded(value: object) -> object:
    """Floats to 9 decimals (inside JSON dicts too), so that the digest ignores the last bits."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in sorted(value.items())}
    return value


def digest(engine: Engine) -> str:
    """SHA-256 of all Score rows in a fixed order, without `id` and `computed_at`."""
    columns = [
        Score.model_version, Score.run_id, Score.authority_id, Score.score, Score.stratum,
        Score.rank_in_stratum, Score.stratum_count, Score.rank_low, Score.rank_high,
        Score.indicators, Score.axes,
    ]  # fmt: skip
    hashed = hashlib.sha256()
    with engine.connect() as connection:
        rows = connection.execute(select(*columns).order_by(*columns[:3]))
        for row in rows:
            line = json.dumps([_rounded(value) for value in row], sort_keys=True)
            hashed.update(line.encode() + b"\n")
    return hashed.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=36000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="SQLAlchemy URL (default: a temporary SQLite file)")
    parser.add_argument("--digest", action="store_true", help="print a hash of the scores")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        url = args.db or f"sqlite:///{Path(directory) / 'rescore.db'}"
        started = time.monotonic()
        count = fill(url, args.sites, args.seed)
        print(
            f"filled: {args.sites} authorities, {count} findings in {time.monotonic() - started:.1f} s"
        )
        engine = open_database(url)
        model = load_model()
        changed_path = Path(directory) / "changed.toml"
        changed_path.write_text(
            DEFAULT_MODEL.read_text(encoding="utf-8")
            .replace(f'version = "{model.version}"', 'version = "changed-weight"')
            .replace("weight = 2.0", "weight = 4.0", 1),
            encoding="utf-8",
        )
        for label, scoring_model in (
            ("default model", model),
            ("changed weight", load_model(changed_path)),
        ):
            started = time.monotonic()
            scored = score_run(engine, 1, scoring_model)
            elapsed = time.monotonic() - started
            print(
                f"{label:15s} {scored} authorities scored in {elapsed:.1f} s "
                f"({scoring_model.uncertainty.draws} Monte Carlo draws)"
            )
        with engine.connect() as connection:
            stored = connection.execute(select(func.count()).select_from(Score)).scalar_one()
        print(f"scores stored: {stored} (two model versions)")
        if args.digest:
            print(f"digest: {digest(engine)}")
        engine.dispose()


if __name__ == "__main__":
    main()
