"""Read-only access to the feature database, for `vigie query`.

Four locks, each closing what the others leave open: only a reading statement is taken (its
first word is SELECT, WITH, VALUES, TABLE, EXPLAIN, PRAGMA or SHOW: not COPY, which a PostgreSQL
superuser can aim at the server's files even in a read-only transaction), and only one (a
"COMMIT; BEGIN READ WRITE; ..." would leave the read-only transaction); the database itself
refuses writes (SQLite opened read-only with `query_only`, and an authorizer that allows
reading only, so that ATTACH or VACUUM INTO cannot create a file; PostgreSQL sessions in
read-only transactions, every statement prepared, which admits one statement); and the
transaction is rolled back.

A PostgreSQL read-only transaction also refuses, even to a superuser, the functions that
write (`nextval`, `setval`, ...), and no query runs longer than `QUERY_TIMEOUT_SECONDS`
(`statement_timeout` there, a progress handler on SQLite): a researcher's runaway join
must not hold the crawl's database.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

QUERY_TIMEOUT_SECONDS = 30.0
# SQLite calls the progress handler every this many virtual machine instructions.
SQLITE_PROGRESS_STEPS = 10_000


class QueryError(ValueError):
    """A query that failed, with the database's reason."""


# PRAGMA and SHOW tell about the schema and settings (the SQLite authorizer admits only the
# schema PRAGMAs).
READING_WORDS = frozenset({"select", "with", "values", "table", "explain", "pragma", "show"})
LEADING_NOISE = re.compile(r"(\s+|--[^\n]*(\n|$)|/\*.*?\*/|\()", re.DOTALL)
# What an SQLite authorizer lets a query do: read tables, call functions, recurse; PRAGMAs
# that only tell about the schema. Everything else (ATTACH, writes, transactions) is denied.
SQLITE_READING_ACTIONS = frozenset(
    {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
)
SQLITE_SCHEMA_PRAGMAS = frozenset(
    {"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list"}
)


def first_word(sql: str) -> str:
    position = 0
    while match := LEADING_NOISE.match(sql, position):
        position = match.end()
    word = re.match(r"[A-Za-z]+", sql[position:])
    return word.group(0).lower() if word else ""


def _sqlite_reading_only(action: int, name: str | None, argument: str | None, *_: object) -> int:
    if action in SQLITE_READING_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (name or "").lower() in SQLITE_SCHEMA_PRAGMAS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def read_only_engine(url: str, timeout: float = QUERY_TIMEOUT_SECONDS) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise QueryError("a read-only query needs a database file")
        engine = create_engine(f"sqlite:///file:{parsed.database}?mode=ro&uri=true")

        @event.listens_for(engine, "connect")
        def _query_only(dbapi_connection: Any, _: Any) -> None:
            dbapi_connection.execute("PRAGMA query_only = ON")
            dbapi_connection.set_authorizer(_sqlite_reading_only)

        return engine
    if parsed.get_backend_name() == "postgresql":
        milliseconds = max(1, round(timeout * 1000))
        return create_engine(
            parsed,
            connect_args={
                "options": "-c default_transaction_read_only=on"
                f" -c statement_timeout={milliseconds}",
                "prepare_threshold": 0,
            },
        )
    raise QueryError(f"read-only queries are not set up for {parsed.get_backend_name()}")


def _sqlite_deadline(connection: Any, timeout: float) -> None:
    """SQLite has no statement timeout: its progress handler interrupts the query past the
    deadline (the error then says "interrupted")."""
    deadline = time.monotonic() + timeout
    raw = connection.connection.driver_connection
    raw.set_progress_handler(lambda: int(time.monotonic() > deadline), SQLITE_PROGRESS_STEPS)


def _reason(error: SQLAlchemyError, timeout: float) -> str:
    reason = str(getattr(error, "orig", None) or error).splitlines()[0]
    if "statement timeout" in reason or reason == "interrupted":
        return f"the query ran longer than {timeout:g} s and was stopped ({reason})"
    return reason


def run_query(
    url: str,
    sql: str,
    parameters: Mapping[str, Any] | None = None,
    timeout: float = QUERY_TIMEOUT_SECONDS,
) -> QueryResult:
    if first_word(sql) not in READING_WORDS:
        raise QueryError(
            "only a reading statement is run (SELECT, WITH, VALUES, TABLE, EXPLAIN, PRAGMA, SHOW), "
            f"not {first_word(sql).upper() or 'this'}"
        )
    engine = read_only_engine(url, timeout)
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            if engine.dialect.name == "postgresql":
                # Read-only whatever the session's default says, and fixed so by a first
                # query: a "SET TRANSACTION READ WRITE" in the user's text now fails ("must
                # be called before any query").
                connection.execute(text("SET TRANSACTION READ ONLY"))
                connection.execute(text("SELECT 1"))
            else:
                _sqlite_deadline(connection, timeout)
            try:
                result = connection.execute(text(sql), dict(parameters or {}))
                columns = list(result.keys()) if result.returns_rows else []
                rows = [tuple(row) for row in result] if result.returns_rows else []
            finally:
                transaction.rollback()
    except SQLAlchemyError as error:
        raise QueryError(_reason(error, timeout)) from None
    finally:
        engine.dispose()
    return QueryResult(columns, rows)
