"""vigie query: read-only SQL with parameters, printed or written; writes are refused by the
database itself and change nothing."""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from cli.app import app
from database.readonly import QueryError, run_query
from tests.scoring.test_compute import FULL, build


@pytest.fixture
def filled(engine: Engine) -> Engine:
    build(engine, [("90001", "0-499", "ok", FULL), ("90002", "0-499", "dns_failure", {})])
    return engine


def count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_a_query_with_parameters(filled: Engine, database_url: str, tmp_path: Path) -> None:
    result = run_query(
        database_url,
        "SELECT a.code, s.status FROM site_scans s JOIN authorities a ON a.id = s.authority_id "
        "WHERE s.status = :status",
        {"status": "dns_failure"},
    )
    assert (result.columns, result.rows) == (["code", "status"], [("90002", "dns_failure")])
    out, out_json = tmp_path / "f.csv", tmp_path / "f.json"
    printed = CliRunner().invoke(
        app,
        [
            "query",
            "SELECT feature, value FROM findings WHERE feature LIKE :family ORDER BY value",
            *("--db", database_url, "--param", "family=social.%"),
            *("--csv", str(out), "--json", str(out_json)),
        ],
    )
    assert printed.exit_code == 0, printed.output
    assert "2 rows" in printed.output
    with out.open(encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [
            ["feature", "value"],
            ["social.facebook", "https://www.facebook.com/a"],
            ["social.x", "https://x.com/a"],
        ]
    assert json.loads(out_json.read_text(encoding="utf-8"))[1] == {
        "feature": "social.x",
        "value": "https://x.com/a",
    }


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM findings",
        "UPDATE scores SET score = 100",
        "DROP TABLE findings",
        "INSERT INTO crawl_runs (started_at, status, settings, targets_count) "
        "VALUES ('2026-01-01', 'x', '{}', 0)",
        "PRAGMA query_only = OFF; DELETE FROM findings",
        "SELECT 1; DELETE FROM findings",
        "WITH x AS (SELECT 1) DELETE FROM findings",
        "PRAGMA user_version = 5",
    ],
)
def test_writes_are_refused_and_change_nothing(
    filled: Engine, database_url: str, statement: str
) -> None:
    before = {table: count(filled, table) for table in ("findings", "crawl_runs")}
    with pytest.raises(QueryError):
        run_query(database_url, statement)
    assert {table: count(filled, table) for table in before} == before
    printed = CliRunner().invoke(app, ["query", statement, "--db", database_url])
    assert printed.exit_code == 2
    assert {table: count(filled, table) for table in before} == before


@pytest.mark.parametrize(
    "statement",
    ["ATTACH DATABASE '{folder}/attached.db' AS other", "VACUUM INTO '{folder}/copy.db'"],
)
def test_sqlite_queries_create_no_file(
    filled: Engine, database_url: str, tmp_path: Path, statement: str
) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    with pytest.raises(QueryError):
        run_query(database_url, statement.format(folder=folder))
    assert list(folder.iterdir()) == []


def test_schema_pragmas_still_answer(filled: Engine, database_url: str) -> None:
    columns = run_query(database_url, "PRAGMA table_info(findings)").rows
    assert "feature" in {row[1] for row in columns}


def test_a_malformed_parameter_is_named(filled: Engine, database_url: str) -> None:
    printed = CliRunner().invoke(
        app, ["query", "SELECT 1", "--db", database_url, "--param", "oops"]
    )
    assert printed.exit_code == 2
    assert "expected NAME=VALUE" in printed.output


POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def postgres() -> Iterator[str]:
    """A scratch schema in the machine's PostgreSQL, dropped afterwards."""
    try:
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS vigie_query_test CASCADE"))
            connection.execute(text("CREATE SCHEMA vigie_query_test"))
            connection.execute(text("CREATE TABLE vigie_query_test.t (n integer)"))
            connection.execute(text("INSERT INTO vigie_query_test.t VALUES (1), (2)"))
    except OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable at 127.0.0.1:5432: {error}")
    yield POSTGRES_URL
    with admin.begin() as connection:
        connection.execute(text("DROP SCHEMA vigie_query_test CASCADE"))
    admin.dispose()


def test_postgresql_reads_and_refuses_writes(postgres: str, tmp_path: Path) -> None:
    assert run_query(postgres, "SELECT sum(n) AS total FROM vigie_query_test.t").rows == [(3,)]
    with pytest.raises(QueryError, match="not DELETE"):
        run_query(postgres, "DELETE FROM vigie_query_test.t")
    # A reading first word does not make a reading statement: the transaction refuses.
    with pytest.raises(QueryError, match="read-only transaction"):
        run_query(
            postgres, "WITH d AS (DELETE FROM vigie_query_test.t RETURNING n) SELECT * FROM d"
        )
    # Leaving the read-only transaction takes a second statement: one is run, prepared.
    for escape in (
        "SELECT 1; SET TRANSACTION READ WRITE; DELETE FROM vigie_query_test.t",
        "SELECT 1; COMMIT; BEGIN READ WRITE; DELETE FROM vigie_query_test.t; COMMIT",
    ):
        with pytest.raises(QueryError, match="multiple commands"):
            run_query(postgres, escape)
    # A superuser's COPY writes the server's files even in a read-only transaction.
    target = Path(tempfile.gettempdir()) / f"vigie-copy-{tmp_path.name}.txt"
    with pytest.raises(QueryError, match="not COPY"):
        run_query(postgres, f"/* x */ COPY (SELECT 1) TO '{target}'")
    assert not target.exists()
    assert run_query(postgres, "SELECT count(*) FROM vigie_query_test.t").rows == [(2,)]
