"""Loading targets into SQL: format detection, idempotent upsert, a report of what was rejected
and of what changed; INSEE's complete list of communes retires those it no longer gives. One
transaction for the whole import, rolled back by a dry run."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, select, update

from crawler.urls import host_of
from database.geography import stratum_for
from database.models import Authority, Website
from database.targets.annuaire import read_annuaire
from database.targets.changes import KindChanges, compare, snapshot
from database.targets.composition import read_xlsx
from database.targets.csv_formats import read_csv, refuse_duplicates
from database.targets.membership import Membership, apply_membership
from database.targets.official import FileFacts
from database.targets.records import MAX_POSTAL_CODES, TargetError, TargetRecord
from database.targets.retirement import ListOutcome, RetirementRefused, apply_list, no_list
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
    facts: FileFacts = field(default_factory=FileFacts)  # its format, what else it says
    listed: set[Key] = field(default_factory=set)  # the authorities it gave
    membership: Membership | None = None  # INSEE's composition of the EPCI only


@dataclass
class ImportOutcome:
    """Each file's report, what the import changed per kind, what its complete list did."""

    reports: list[ImportReport]
    changes: dict[str, KindChanges]
    retirement: ListOutcome
    written: bool  # False for a dry run


def read_targets(
    path: Path, facts: FileFacts | None = None
) -> Iterator[TargetRecord | TargetError]:
    """Every record or error of a targets file; `facts` learns its format and what INSEE's
    official lists say beyond their records."""
    facts = facts if facts is not None else FileFacts()
    if path.is_dir():
        yield TargetError(str(path), "file", "it is a folder; give a targets file")
    elif not path.is_file():
        yield TargetError(str(path), "file", "no such file")
    elif path.suffix.lower() == ".json":
        facts.source = "annuaire"
        yield from read_annuaire(path)
    elif path.suffix.lower() == ".xlsx":
        facts.source = "insee-epci"  # the one workbook read: INSEE's composition of the EPCI
        yield from refuse_duplicates(path, list(read_xlsx(path)))
    elif path.suffix.lower() == ".xls":
        yield TargetError(
            str(path),
            "file",
            "an old Excel .xls workbook is not read: save it as .xlsx, or its sheet as CSV",
        )
    else:
        yield from read_csv(path, facts)


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
    # Many parameter sets for one statement: compiled once, not once per batch.
    statement = insert_for(connection, Authority.__table__)
    updated = (*FILLED_FIELDS, "postal_codes", "stratum", "source", "updated_at")
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["kind", "code"],
            set_={name: statement.excluded[name] for name in updated},
        ),
        rows,
    )
    return {key: row.id for key, row in _existing(connection, merged).items()}


def _upsert_websites(
    connection: Connection, records: list[TargetRecord], ids: dict[Key, int], now: datetime
) -> int:
    """The batch's URLs: the first URL of the last record that gives any becomes its
    authority's primary website (the one crawled; a newer file may change it), the others
    stay listed. One statement each for all the batch's rows."""
    given = [record for record in records if record.urls]
    rows: dict[tuple[int, str], dict[str, Any]] = {}
    primary: dict[int, str] = {}
    for record in given:
        authority_id = ids[(record.kind, record.code)]
        urls = list(dict.fromkeys(record.urls))
        primary[authority_id] = urls[0][0]
        for url, label in urls:
            rows[(authority_id, url)] = {
                "authority_id": authority_id,
                "url": url,
                "host": host_of(url),
                "source": record.source,
                "source_label": label,
                "updated_at": now,
            }
    if not rows:
        return 0
    for (authority_id, url), row in rows.items():
        row["is_primary"] = primary[authority_id] == url
    connection.execute(
        update(Website)
        .where(and_(Website.authority_id == bindparam("a"), Website.url != bindparam("u")))
        .values(is_primary=False),
        [{"a": authority_id, "u": url} for authority_id, url in primary.items()],
    )
    statement = insert_for(connection, Website.__table__)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["authority_id", "url"],
            set_={
                name: statement.excluded[name]
                for name in ("is_primary", "source", "source_label", "updated_at")
            },
        ),
        list(rows.values()),
    )
    return len(given)


def _load(
    connection: Connection,
    records: list[TargetRecord],
    now: datetime,
    waiting: Waiting,
    report: ImportReport,
) -> None:
    """Upsert one batch; completing records of authorities not in the database yet wait, and
    so does the membership a composition file gives (applied once every file is loaded)."""
    membership = [record for record in records if record.gives_epci]
    if membership:
        report.membership = report.membership or Membership()
        report.membership.add(membership)
        records = [record for record in records if not record.gives_epci]
    completing = [record for record in records if record.completes_only]
    known = _existing(connection, {(r.kind, r.code) for r in completing}) if completing else {}
    ready = [r for r in records if not r.completes_only or (r.kind, r.code) in known]
    waiting.extend((report, r) for r in completing if (r.kind, r.code) not in known)
    ids = _upsert_authorities(connection, ready, now)
    report.with_website += _upsert_websites(connection, ready, ids, now)
    report.loaded += len(ready)
    report.listed.update((r.kind, r.code) for r in ready)


def _import(connection: Connection, path: Path, now: datetime, waiting: Waiting) -> ImportReport:
    report = ImportReport(str(path))

    def good_records() -> Iterator[TargetRecord]:
        for item in read_targets(path, report.facts):
            if isinstance(item, TargetError):
                report.errors.append(item)
            else:
                yield item

    for batch in _batches(good_records(), BATCH_SIZE):
        _load(connection, batch, now, waiting, report)
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


def _load_all(connection: Connection, paths: list[Path], now: datetime) -> list[ImportReport]:
    """Each file in turn; a file that only completes authorities (La Poste's) may come before
    the file that gives them: its lines wait for the end of the import."""
    waiting: Waiting = []
    reports = [_import(connection, path, now, waiting) for path in paths]
    still: Waiting = []
    for report in reports:
        mine = [record for owner, record in waiting if owner is report]
        for batch in _batches(mine, BATCH_SIZE):
            _load(connection, batch, now, still, report)
    _reject_unknown(still)
    for report in reports:
        report.errors.sort(key=_position)
        if report.membership is not None:
            apply_membership(connection, report.membership, now)
    return reports


def _retire(
    connection: Connection, reports: list[ImportReport], now: datetime, allow_mass: bool
) -> ListOutcome:
    """What the import's complete list retires and reinstates; a list with a rejected line
    retires nothing (the commune on that line would be retired wrongly)."""
    lists = [report for report in reports if report.facts.complete is not None]
    if len(lists) > 1:
        named = ", ".join(report.path for report in lists)
        raise RetirementRefused(
            f"{named}: several complete lists of communes in one import; import one INSEE "
            "communes file (v_commune_YYYY.csv) at a time, the newest last"
        )
    if not lists:
        return no_list(report.path for report in reports)
    (report,) = lists
    assert report.facts.complete is not None
    if report.errors:
        return ListOutcome(
            report.path,
            why_not=f"{report.path}: {len(report.errors)} line(s) rejected: nothing retired, as "
            "a commune on a rejected line would be; fix them and import again",
        )
    movements = [movement for each in reports for movement in each.facts.movements]
    return apply_list(connection, report.path, report.facts.complete, movements, now, allow_mass)


def import_targets(
    engine: Engine,
    paths: list[Path],
    now: datetime | None = None,
    *,
    dry_run: bool = False,
    allow_mass_retirement: bool = False,
) -> ImportOutcome:
    """Load every good record of each file, retire the communes INSEE's complete list (if one
    is given) no longer gives, and say what changed: all in one transaction, rolled back when
    `dry_run`. Raises RetirementRefused, having written nothing, when the list would retire
    more than MASS_RETIREMENT_SHARE of the active communes (unless allowed) or when several
    lists are given."""
    now = now or datetime.now(UTC)
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            before = snapshot(connection)
            reports = _load_all(connection, paths, now)
            retirement = _retire(connection, reports, now, allow_mass_retirement)
            after = snapshot(connection)
        except BaseException:
            transaction.rollback()
            raise
        if dry_run:
            transaction.rollback()
        else:
            transaction.commit()
    listed = {key for report in reports for key in report.listed}
    return ImportOutcome(reports, compare(before, after, listed), retirement, not dry_run)


def import_files(
    engine: Engine, paths: list[Path], now: datetime | None = None
) -> list[ImportReport]:
    """Each file's report of `import_targets`."""
    return import_targets(engine, paths, now).reports


def import_file(engine: Engine, path: Path, now: datetime | None = None) -> ImportReport:
    """Load every good record of `path`; report the others with their line or record number."""
    (report,) = import_files(engine, [path], now)
    return report
