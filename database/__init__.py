"""Opening the feature database: one URL in, an engine with an up-to-date schema out.

Two doors. `open_database` is for the verbs that write (import, crawl, score...): it creates
the database when it is absent and brings an older Vigie schema up to date. `read_database`
is for the verbs that only read (runs, rank, report, query, serve...): it opens an existing
Vigie database with this Vigie's schema or refuses, so that pointing them at a wrong file
never creates one nor adds Vigie's tables to another program's database, and that they never
write (an older schema is refused, not upgraded: a read-only role could not, and a crawl may
be writing). Both refuse, with `DatabaseRefused` and one
line that never shows a password, a URL that is not one, a file that is not a database, and
a database that holds another program's tables.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
URL_FORMS = "sqlite:///FILE or postgresql+psycopg://USER@HOST/NAME"


class DatabaseRefused(ValueError):
    """A database URL or file that Vigie cannot use, with what to do instead."""


def shown_url(url: str | URL) -> str:
    """The URL as messages may show it: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(a text that is not a database URL)"


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseRefused(
            f"--db: {shown_url(url)} is not a database URL; expected {URL_FORMS}"
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseRefused(
            f"--db: Vigie stores into SQLite or PostgreSQL, not {parsed.drivername!r}; "
            f"expected {URL_FORMS}"
        )
    return parsed


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets a reader (report, query) work while a crawl writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        # Crawl workers write their sites into one file: a writer waits for the other's
        # transaction instead of failing with "database is locked".
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()


PG_CONNECT_TIMEOUT = 10  # seconds: a server that does not answer must not hang a crawl worker


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url)
        _configure_sqlite(engine)
        return engine
    # A server that restarted leaves dead connections in the pool: each is tested before use.
    options = {"connect_timeout": PG_CONNECT_TIMEOUT} if url.startswith("postgresql") else {}
    return create_engine(url, pool_pre_ping=True, connect_args=options)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is already there)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _sqlite_file(parsed: URL) -> Path | None:
    """The file of an SQLite URL, or None for an in-memory database. An SQLite URI file name
    (`sqlite:///file:...?uri=true`, whose options may create the file or hold it in memory)
    is refused: the checks below, that a reading verb creates nothing, need a plain path."""
    if parsed.query.get("uri") is not None:
        raise DatabaseRefused(
            f"--db: {parsed.database} is an SQLite URI file name (uri=true), which Vigie does"
            " not take; give the file as sqlite:///PATH"
        )
    if not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite database URL (None for another database, or in memory)."""
    parsed = parse_url(url)
    return _sqlite_file(parsed) if parsed.get_backend_name() == "sqlite" else None


# SQLite's answers that say the file is there but cannot be opened, as opposed to a file that
# is not a database (SQLITE_NOTADB) or a damaged one (SQLITE_CORRUPT).
CANNOT_OPEN = ("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH", "SQLITE_IOERR", "SQLITE_BUSY")


def _sqlite_tables(path: Path) -> tuple[set[str], str | None]:
    """The tables of an SQLite file and its Alembic revision, read without changing it (a
    read-only connection: no journal mode set, no file created)."""
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as reading:
            tables = {row[0] for row in reading.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}  # fmt: skip
            revision = None
            if "alembic_version" in tables:
                found = reading.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = found[0] if found else None
    except sqlite3.DatabaseError as error:
        name = getattr(error, "sqlite_errorname", "")
        if name.startswith(CANNOT_OPEN):
            raise DatabaseRefused(
                f"--db: cannot open {path} ({error}); check that you may read it and its folder"
            ) from None
        if name.startswith("SQLITE_CORRUPT"):
            raise DatabaseRefused(
                f"--db: {path} is a damaged SQLite database ({error}); restore it from a copy"
            ) from None
        raise DatabaseRefused(
            f"--db: {path} is not an SQLite database ({error}); give the file Vigie wrote"
        ) from None
    return tables, revision


def _server_tables(engine: Engine) -> tuple[set[str], str | None]:
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return tables, revision


@cache
def _revisions() -> tuple[frozenset[str], str | None]:
    """The schema revisions this program knows, and the newest."""
    scripts = ScriptDirectory(str(MIGRATIONS_DIR))
    return frozenset(s.revision for s in scripts.walk_revisions()), scripts.get_current_head()


def _needs_upgrade(url: str, tables: set[str], revision: str | None, writes: bool) -> bool:
    """Whether the database needs an upgrade; refuses another program's database, and, for a
    verb that only reads (`writes` False), an older Vigie schema: upgrading it would write."""
    if not tables:
        return True
    known, head = _revisions()
    if revision is None:
        raise DatabaseRefused(
            f"--db: {shown_url(url)} is not a Vigie database (no Vigie schema, {len(tables)}"
            " tables of another program); give the database Vigie wrote, or a new file"
        )
    if revision not in known:
        raise DatabaseRefused(
            f"--db: {shown_url(url)} has schema revision {revision!r}, unknown to this Vigie"
            " (a newer Vigie's, or another program's); upgrade Vigie or give another database"
        )
    if revision != head and not writes:
        raise DatabaseRefused(
            f"--db: {shown_url(url)} was made by an older Vigie (schema {revision}, this one's"
            f" is {head}) and a verb that only reads does not change it; bring it up to date"
            " with a verb that writes, `vigie score` (it scores the latest run again) or"
            " `vigie crawl --resume RUN`, then run this one again"
        )
    return revision != head


def _open(url: str, create: bool, writes: bool) -> Engine:
    parsed = parse_url(url)
    path = _sqlite_file(parsed) if parsed.get_backend_name() == "sqlite" else None
    if path is not None:
        if path.is_dir():
            raise DatabaseRefused(f"--db: {path} is a folder; give a database file in it")
        if path.exists() and not path.is_file():  # a FIFO or a device: SQLite would block
            raise DatabaseRefused(f"--db: {path} is not a regular file; give a database file")
        if not path.parent.is_dir():
            raise DatabaseRefused(
                f"--db: no folder {path.parent} for the database {path.name}; create it first"
            )
        if not path.exists() and not create:
            raise DatabaseRefused(
                f"--db: no database at {path}; run `vigie targets import` and `vigie crawl`"
                " to make one, or give the file they wrote"
            )
    engine = make_engine(url)
    try:
        tables, revision = _sqlite_tables(path) if path and path.exists() else (
            _server_tables(engine) if path is None else (set(), None))  # fmt: skip
        if not tables and not create:
            raise DatabaseRefused(
                f"--db: {shown_url(url)} holds no Vigie database (it is empty); run `vigie "
                "targets import` and `vigie crawl` first"
            )
        if _needs_upgrade(url, tables, revision, writes):
            upgrade(engine)  # Vigie's own schema, older: brought up to date as it always was
    except BaseException:
        engine.dispose()
        raise
    return engine


def open_database(url: str, *, create: bool = True) -> Engine:
    """The database to write into: its Vigie schema brought up to date; created when absent,
    unless `create` is False (a verb that changes only what is there: `vigie prune`)."""
    return _open(url, create=create, writes=True)


def read_database(url: str) -> Engine:
    """An existing Vigie database, for a verb that only reads: never created here."""
    return _open(url, create=False, writes=False)
