"""Read-only access to the feature database, for `vigie query`: the database itself refuses
writes (SQLite opened read-only, PostgreSQL sessions in read-only transactions), and every
statement runs in a transaction that is rolled back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError


class QueryError(ValueError):
    """A query that failed, with the database's reason."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def read_only_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise QueryError("a read-only query needs a database file")
        engine = create_engine(f"sqlite:///file:{parsed.database}?mode=ro&uri=true")

        @event.listens_for(engine, "connect")
        def _query_only(dbapi_connection: Any, _: Any) -> None:
            dbapi_connection.execute("PRAGMA query_only = ON")

        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(
            parsed, connect_args={"options": "-c default_transaction_read_only=on"}
        )
    raise QueryError(f"read-only queries are not set up for {parsed.get_backend_name()}")


def run_query(url: str, sql: str, parameters: Mapping[str, Any] | None = None) -> QueryResult:
    engine = read_only_engine(url)
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            if engine.dialect.name == "postgresql":
                # A first query fixes the transaction read-only: a "SET TRANSACTION READ
                # WRITE" in the user's text now fails ("must be called before any query").
                connection.execute(text("SELECT 1"))
            try:
                result = connection.execute(text(sql), dict(parameters or {}))
                columns = list(result.keys()) if result.returns_rows else []
                rows = [tuple(row) for row in result] if result.returns_rows else []
            finally:
                transaction.rollback()
    except SQLAlchemyError as error:
        reason = getattr(error, "orig", None) or error
        raise QueryError(str(reason).splitlines()[0]) from None
    finally:
        engine.dispose()
    return QueryResult(columns, rows)
