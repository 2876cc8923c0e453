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
from database.targets.records import MAX_POSTAL_CODES, TargetError, TargetRecord
from database.upsert import insert_for

BATCH_SIZE = 500
FILLED_FIELDS = ("name", "departement_code", "region_code", "population")
Key = tuple[str, str]
# Completing records whose authority no file had given yet, with the report of their file.
Waiting = list[tuple["ImportReport", TargetRecord]]


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
        row.setdefault("postal_codes", set()).update(record.postal_codes)
        row["source"] = record.source
    return merged


def _postal_codes(old: Any, given: set[str]) -> str | None:
    """Postal codes accumulate: a file adds those it gives and removes none, as no file gives
    them all (the Annuaire gives the town hall's address, La Poste every one)."""
    kept = set((getattr(old, "postal_codes", None) or "").split())
    codes = kept | given
    if len(codes) > MAX_POSTAL_CODES:  # beyond the column: the file's own codes (they fit)
        codes = given
    return " ".join(sorted(codes)) or None


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
    if not merged:
        return {}
    existing = _existing(connection, merged)
    rows = []
    for (kind, code), known in merged.items():
        old = existing.get((kind, code))
        # A file fills what it knows and never erases what another file said.
        row = {name: known.get(name, getattr(old, name, None)) for name in FILLED_FIELDS}
        row["postal_codes"] = _postal_codes(old, known["postal_codes"])
        row.update(kind=kind, code=code, source=known["source"], updated_at=now)
        row["name"] = row["name"] or code
        row["stratum"] = stratum_for(kind, row["population"])
        rows.append(row)
    statement = insert_for(connection, Authority.__table__).values(rows)
    updated = (*FILLED_FIELDS, "postal_codes", "stratum", "source", "updated_at")
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


def _load(
    engine: Engine,
    records: list[TargetRecord],
    now: datetime,
    waiting: Waiting,
    report: ImportReport,
) -> None:
    """Upsert one batch; completing records of authorities not in the database yet wait."""
    with engine.begin() as connection:
        completing = [record for record in records if record.completes_only]
        known = _existing(connection, {(r.kind, r.code) for r in completing}) if completing else {}
        ready = [r for r in records if not r.completes_only or (r.kind, r.code) in known]
        waiting.extend((report, r) for r in completing if (r.kind, r.code) not in known)
        ids = _upsert_authorities(connection, ready, now)
        report.with_website += _upsert_websites(connection, ready, ids, now)
    report.loaded += len(ready)


def _import(engine: Engine, path: Path, now: datetime, waiting: Waiting) -> ImportReport:
    report = ImportReport(str(path))

    def good_records() -> Iterator[TargetRecord]:
        for item in read_targets(path):
            if isinstance(item, TargetError):
                report.errors.append(item)
            else:
                yield item

    for batch in _batches(good_records(), BATCH_SIZE):
        _load(engine, batch, now, waiting, report)
    return report


def _reject_unknown(waiting: Waiting) -> None:
    for report, record in waiting:
        report.errors.extend(
            TargetError(
                report.path,
                line,
                f"{record.kind} {record.code} is not in the database: this file only adds "
                "postal codes to communes another file gives (Annuaire, INSEE COG or "
                "populations, plain CSV); import that file before it or with it",
            )
            for line in record.lines or ("file",)
        )


def _position(error: TargetError) -> int:
    """Errors in file order: "file" first, then by line or record number."""
    number = error.where.rsplit(" ", 1)[-1]
    return int(number) if number.isdigit() else 0


def import_files(
    engine: Engine, paths: list[Path], now: datetime | None = None
) -> list[ImportReport]:
    """Each file in turn, as `import_file`; a file that only completes authorities (La Poste's)
    may come before the file that gives them: its lines wait for the end of the import."""
    now = now or datetime.now(UTC)
    waiting: Waiting = []
    reports = [_import(engine, path, now, waiting) for path in paths]
    still: Waiting = []
    for report in reports:
        mine = [record for owner, record in waiting if owner is report]
        for batch in _batches(mine, BATCH_SIZE):
            _load(engine, batch, now, still, report)
    _reject_unknown(still)
    for report in reports:
        report.errors.sort(key=_position)
    return reports


def import_file(engine: Engine, path: Path, now: datetime | None = None) -> ImportReport:
    """Load every good record of `path`; report the others with their line or record number."""
    (report,) = import_files(engine, [path], now)
    return report
