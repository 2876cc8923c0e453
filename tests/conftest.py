"""Shared fixtures: a fresh database, the real-pages corpus, and one crawled farm per session."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from database import open_database
from database.targets import import_file
from evaluation.truth import load_truth
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.process import farm_server

FILES = Path(__file__).parent / "files"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FARM_SITES, FARM_SEED = 60, 949  # a seed whose 60 sites show every status and kind of mess


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'vigie.db'}"


@pytest.fixture
def engine(database_url: str) -> Engine:
    engine = open_database(database_url)
    yield engine
    engine.dispose()


POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh database on the machine's PostgreSQL, dropped afterwards; the test is skipped,
    saying why, where no PostgreSQL answers on 127.0.0.1:5432."""
    try:
        server = create_engine(POSTGRES_SERVER, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            name = f"vigie_test_{uuid.uuid4().hex[:12]}"
            connection.execute(text(f"CREATE DATABASE {name}"))
    except OperationalError as error:
        pytest.skip(f"no PostgreSQL at 127.0.0.1:5432 ({str(error).splitlines()[0]})")
    try:
        yield POSTGRES_SERVER.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with server.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        server.dispose()


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the real-pages corpus is not at {CORPUS} (../shared/corpus of the checkout)")
    return CORPUS


def vigie(
    *arguments: str, cwd: Path | None = None, check: bool = True, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command line as a user does, in its own process (Scrapy's reactor runs once);
    `env` adds to the environment."""
    result = subprocess.run(
        [sys.executable, "-m", "cli.app", *arguments],
        cwd=cwd,
        env={**os.environ, **env} if env else None,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"vigie {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}"
        )
    return result


def free_port() -> int:
    """A TCP port free on loopback now (a server the test starts binds it next)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def copy_database(source: Path, target: Path) -> str:
    """A consistent copy of a SQLite database (its write-ahead log included), as a URL."""
    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)
    return f"sqlite:///{target}"


@dataclass
class CrawledFarm:
    database_url: str
    engine: Engine
    farm: Farm
    truth: dict[str, Any]
    directory: Path
    run_id: int


@pytest.fixture(scope="session")
def crawled_farm(tmp_path_factory: pytest.TempPathFactory) -> CrawledFarm:
    """The test farm crawled once with the real-world defaults (robots, throttle) on."""
    directory = tmp_path_factory.mktemp("farm")
    database_url = f"sqlite:///{directory / 'vigie.db'}"
    engine = open_database(database_url)
    with farm_server(FARM_SITES, FARM_SEED) as ports:
        farm = Farm(FARM_SITES, FARM_SEED, ports.http, ports.tls)
        files = write_farm_files(farm, directory)
        import_file(engine, files[TARGETS_FILE])
        # Real-world defaults stay on, but for the download timeout: the farm's hanging site
        # would otherwise cost three 30-second waits.
        vigie(
            "crawl",
            "--db",
            database_url,
            "--farm-hosts",
            str(files[HOSTS_FILE]),
            "--set",
            "DOWNLOAD_TIMEOUT=5",
            cwd=directory,
        )
        vigie(
            "social",
            "--db",
            database_url,
            "--farm-hosts",
            str(files[HOSTS_FILE]),
            "--platform-origin",
            f"http://{{host}}:{ports.http}",
            cwd=directory,
        )
    vigie("score", "--db", database_url, cwd=directory)
    return CrawledFarm(database_url, engine, farm, load_truth(files[TRUTH_FILE]), directory, 1)
