"""The schema: migrations build exactly the models, docs/schema.md documents every column, and
who may upgrade it (a verb that writes), or refuse a database (one that only reads)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from database import DatabaseRefused, open_database, read_database
from database.models import Base

SCHEMA_DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"


def documented_columns() -> dict[str, set[str]]:
    tables: dict[str, set[str]] = {}
    current = None
    for line in SCHEMA_DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\w+)$", line)
        if heading:
            current = heading.group(1)
            tables[current] = set()
        column = re.match(r"^\| `(\w+)` \|", line)
        if column and current:
            tables[current].add(column.group(1))
    tables.pop("alembic_version", None)
    return tables


def test_migrations_build_exactly_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_every_table_and_column_is_documented() -> None:
    modelled = {
        name: {column.name for column in table.columns}
        for name, table in Base.metadata.tables.items()
    }
    assert documented_columns() == modelled


def test_opening_twice_keeps_the_data(database_url: str) -> None:
    first = open_database(database_url)
    with first.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO authorities (kind, code, name, source, updated_at) "
            "VALUES ('commune', '63244', 'Murol', 'csv', '2026-01-01')"
        )
    first.dispose()
    second = open_database(database_url)
    with second.connect() as connection:
        assert connection.exec_driver_sql("SELECT name FROM authorities").scalar_one() == "Murol"
    assert "alembic_version" in inspect(second).get_table_names()
    second.dispose()


def older_schema(database_url: str) -> str:
    """A Vigie database one migration behind this Vigie's; its revision."""
    from alembic import command

    from database import alembic_config

    engine = open_database(database_url)
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    engine.dispose()
    return str(revision)


def test_a_reading_verb_refuses_an_older_schema_and_leaves_it_as_it_is(
    database_url: str, tmp_path: Path
) -> None:
    revision = older_schema(database_url)
    file = tmp_path / "vigie.db"
    before = file.read_bytes()
    with pytest.raises(DatabaseRefused, match=f"older Vigie \\(schema {revision}") as refused:
        read_database(database_url)
    assert "`vigie score`" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert file.read_bytes() == before
    # A verb that writes upgrades it, as it always did; then reading works.
    open_database(database_url).dispose()
    read_database(database_url).dispose()


def test_prune_opens_only_an_existing_database_but_upgrades_it(database_url: str) -> None:
    with pytest.raises(DatabaseRefused, match="no database at"):
        open_database(database_url, create=False)
    older_schema(database_url)
    open_database(database_url, create=False).dispose()
    read_database(database_url).dispose()


def test_an_sqlite_uri_file_name_is_refused_and_not_created(tmp_path: Path) -> None:
    target = tmp_path / "made.db"
    for opener in (read_database, open_database):
        with pytest.raises(DatabaseRefused, match="SQLite URI file name"):
            opener(f"sqlite:///file:{target}?mode=rwc&uri=true")
    assert not target.exists()


def test_cannot_open_is_not_said_to_be_not_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text_file = tmp_path / "notes.db"
    text_file.write_text("hello, not a database\n" * 100, encoding="utf-8")
    with pytest.raises(DatabaseRefused, match="is not an SQLite database"):
        read_database(f"sqlite:///{text_file}")

    def unable(*_: object, **__: object) -> None:
        error = sqlite3.OperationalError("unable to open database file")
        error.sqlite_errorname = "SQLITE_CANTOPEN"
        raise error

    monkeypatch.setattr(sqlite3, "connect", unable)
    with pytest.raises(DatabaseRefused, match="cannot open") as refused:
        read_database(f"sqlite:///{text_file}")
    assert "not an SQLite database" not in str(refused.value)
