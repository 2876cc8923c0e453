"""vigie query: read-only SQL with parameters, printed or written; writes are refused by the
database itself and change nothing."""

from __future__ import annotations

import csv
import json
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
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


def test_postgresql_refuses_writing_functions_and_stops_long_queries(postgres: str) -> None:
    with admin_connection() as connection:
        connection.execute(text("CREATE SEQUENCE vigie_query_test.s"))
        connection.execute(
            text(
                "CREATE FUNCTION vigie_query_test.grow() RETURNS integer LANGUAGE sql AS "
                "'INSERT INTO vigie_query_test.t VALUES (3) RETURNING n'"
            )
        )
    # The machine's role is a superuser: the read-only transaction refuses it all the same.
    for statement in (
        "SELECT nextval('vigie_query_test.s')",
        "SELECT setval('vigie_query_test.s', 10)",
        "SELECT vigie_query_test.grow()",
        "WITH i AS (INSERT INTO vigie_query_test.t VALUES (4) RETURNING n) SELECT * FROM i",
        "SELECT set_config('transaction_read_only', 'off', true), vigie_query_test.grow()",
    ):
        with pytest.raises(QueryError, match="read-only transaction|read-write mode"):
            run_query(postgres, statement)
    with pytest.raises(QueryError, match="not CREATE"):
        run_query(postgres, "CREATE TABLE vigie_query_test.u (n integer)")
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"longer than 0.5 s .*statement timeout"):
        run_query(postgres, "SELECT pg_sleep(5)", timeout=0.5)
    assert time.monotonic() - started < 4
    assert run_query(postgres, "SELECT pg_sleep(0.1), 1 AS one", timeout=2).rows[0][1] == 1
    assert run_query(postgres, "SHOW statement_timeout").rows == [("30s",)]
    with admin_connection() as connection:
        assert connection.execute(text("SELECT count(*) FROM vigie_query_test.t")).scalar() == 2
        assert connection.execute(text("SELECT last_value FROM vigie_query_test.s")).scalar() == 1
        tables = "SELECT count(*) FROM pg_tables WHERE schemaname = 'vigie_query_test'"
        assert connection.execute(text(tables)).scalar() == 1


def test_sqlite_stops_long_queries_too(filled: Engine, database_url: str) -> None:
    endless = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    )
    started = time.monotonic()
    with pytest.raises(QueryError, match="longer than 0.5 s .*interrupted"):
        run_query(database_url, endless, timeout=0.5)
    assert time.monotonic() - started < 4


@contextmanager
def admin_connection() -> Iterator[Connection]:
    admin = create_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            yield connection
    finally:
        admin.dispose()
