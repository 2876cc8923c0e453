"""The schema: migrations build exactly the models, and docs/schema.md documents every column."""

from __future__ import annotations

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from database import open_database
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
