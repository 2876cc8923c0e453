"""A worker reads its share of a run's pending sites a batch at a time, in id order."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert

from database.models import SiteScan
from database.repository import (
    create_run,
    iter_pending_targets,
    pending_count,
    pending_targets,
)
from database.targets import import_file


def test_pending_sites_read_in_batches_are_the_pending_sites(
    engine: Engine, tmp_path: Path
) -> None:
    targets = tmp_path / "targets.csv"
    targets.write_text(
        "code,name,kind,url,population\n"
        + "".join(f"0100{n},Commune {n},commune,http://c{n}.fr/,100\n" for n in range(1, 8)),
        encoding="utf-8",
    )
    import_file(engine, targets)
    run_id = create_run(engine, {})
    everything = pending_targets(engine, run_id)
    assert len(everything) == 7
    assert list(iter_pending_targets(engine, run_id, batch=2)) == everything
    with engine.begin() as connection:
        connection.execute(
            insert(SiteScan).values(
                run_id=run_id,
                authority_id=everything[2].authority_id,
                status="ok",
                finished_at=datetime.now(UTC),
            )
        )
    shard = (1, 2)
    left = [t for t in everything if t != everything[2] and t.authority_id % 2 == 1]
    assert list(iter_pending_targets(engine, run_id, shard, batch=1)) == left
    assert pending_count(engine, run_id, shard) == len(left)
    assert pending_count(engine, run_id) == 6
