"""Loading targets into SQL: format detection, idempotent upsert, a report of what was rejected."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, select, update

from crawler.urls import host_of
from database.geography import stratum_for
from database.models import Authority, Website
from database.targets.annuaire import read_annuaire
from database.targets.csv_formats import read_csv
from database.targets.records import TargetError, TargetRecord
from database.upsert import insert_for

BATCH_SIZE = 500
FILLED_FIELDS = ("name", "departement_code", "region_code", "population")
Key = tuple[str, str]


@dataclass
class ImportReport:
    path: str
    loaded: int = 0
    with_website: int = 0
    errors: list[TargetError] = field(default_factory=list)


def read_targets(path: Path) -> Iterator[TargetRecord | TargetError]:
    if path.is_dir():
        yield TargetError(str(path), "file", "it is a folder; give a targets file")
    elif not path.is_file():
        yield TargetError(str(path), "file", "no such file")
    elif path.suffix.lower() == ".json":
        yield from read_annuaire(path)
    else:
        yield from read_csv(path)


def _batches(items: Iterable[TargetRecord], size: int) -> Iterator[list[TargetRecord]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _merge(records: list[TargetRecord]) -> dict[Key, dict[str, Any]]:
    """One row per authority; within a batch, a later record's known values win."""
    merged: dict[Key, dict[str, Any]] = {}
    for record in records:
        row = merged.setdefault((record.kind, record.code), {})
        for name in FILLED_FIELDS:
            value = getattr(record, name)
            if value is not None:
                row[name] = value
        row["source"] = record.source
    return merged


def _existing(connection: Connection, keys: Iterable[Key]) -> dict[Key, Any]:
    wanted = set(keys)
    kinds, codes = {kind for kind, _ in wanted}, {code for _, code in wanted}
    rows = connection.execute(
        select(Authority).where(Authority.kind.in_(kinds), Authority.code.in_(codes))
    )
    return {(row.kind, row.code): row for row in rows if (row.kind, row.code) in wanted}


def _upsert_authorities(
    connection: Connection, records: list[TargetRecord], now: datetime
) -> dict[Key, int]:
    merged = _merge(records)
    existing = _existing(connection, merged)
    rows = []
    for (kind, code), known in merged.items():
        old = existing.get((kind, code))
        # A file fills what it knows and never erases what another file said.
        row = {name: known.get(name, getattr(old, name, None)) for name in FILLED_FIELDS}
        row.update(kind=kind, code=code, source=known["source"], updated_at=now)
        row["name"] = row["name"] or code
        row["stratum"] = stratum_for(kind, row["population"])
        rows.append(row)
    statement = insert_for(connection, Authority.__table__).values(rows)
    updated = (*FILLED_FIELDS, "stratum", "source", "updated_at")
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["kind", "code"],
            set_={name: statement.excluded[name] for name in updated},
        )
    )
    return {key: row.id for key, row in _existing(connection, merged).items()}


def _upsert_websites(
    connection: Connection, records: list[TargetRecord], ids: dict[Key, int], now: datetime
) -> int:
    count = 0
    for record in records:
        if not record.urls:
            continue
        authority_id = ids[(record.kind, record.code)]
        urls = list(dict.fromkeys(record.urls))
        # The first URL a record gives is the one crawled; a newer file may change it.
        connection.execute(
            update(Website)
            .where(and_(Website.authority_id == authority_id, Website.url != urls[0][0]))
            .values(is_primary=False)
        )
        rows = [
            {
                "authority_id": authority_id,
                "url": url,
                "host": host_of(url),
                "is_primary": index == 0,
                "source": record.source,
                "source_label": label,
                "updated_at": now,
            }
            for index, (url, label) in enumerate(urls)
        ]
        statement = insert_for(connection, Website.__table__).values(rows)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["authority_id", "url"],
                set_={
                    name: statement.excluded[name]
                    for name in ("is_primary", "source", "source_label", "updated_at")
                },
            )
        )
        count += 1
    return count


def import_file(engine: Engine, path: Path, now: datetime | None = None) -> ImportReport:
    """Load every good record of `path`; report the others with their line or record number."""
    now = now or datetime.now(UTC)
    report = ImportReport(str(path))

    def good_records() -> Iterator[TargetRecord]:
        for item in read_targets(path):
            if isinstance(item, TargetError):
                report.errors.append(item)
            else:
                yield item

    for batch in _batches(good_records(), BATCH_SIZE):
        with engine.begin() as connection:
            ids = _upsert_authorities(connection, batch, now)
            report.with_website += _upsert_websites(connection, batch, ids, now)
        report.loaded += len(batch)
    return report
