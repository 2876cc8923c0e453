"""`vigie serve`: Datasette shows the database and cannot change it, whatever it is sent."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from database.datasette import datasette_command
from tests.conftest import free_port
from tests.database.test_readonly import count
from tests.scoring.test_compute import FULL, build


def fetch(url: str, data: bytes | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.fixture
def served(engine: Engine, tmp_path: Path) -> Iterator[str]:
    build(engine, [("90001", "0-499", "ok", FULL), ("90002", "0-499", "dns_failure", {})])
    engine.dispose()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.app", "serve", "--db", f"sqlite:///{tmp_path / 'vigie.db'}"]
        + ["--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if fetch(f"{base}/-/versions.json")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail(f"vigie serve did not answer: {server.communicate()[1]!r}")
    yield base
    server.terminate()
    server.wait(timeout=10)
    if server.stderr:
        server.stderr.close()


WRITES = [
    "DELETE FROM findings",
    "UPDATE findings SET value = 'x'",
    "DROP TABLE findings",
    "ATTACH DATABASE '{folder}/attached.db' AS other",
    "VACUUM INTO '{folder}/copy.db'",
    "PRAGMA query_only = 0",
    "SELECT 1; DELETE FROM findings",
]


def test_served_database_reads_and_refuses_every_write(
    served: str, engine: Engine, tmp_path: Path
) -> None:
    database = tmp_path / "vigie.db"
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    findings = count(engine, "findings")
    status, body = fetch(f"{served}/vigie/findings.json?_shape=array")
    assert status == 200
    assert len(json.loads(body)) == findings > 0
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    for statement in WRITES:
        sql = urllib.parse.quote(statement.format(folder=folder))
        status, body = fetch(f"{served}/vigie.json?sql={sql}")
        assert status >= 400 or '"ok": false' in body, (statement, status, body[:200])
    # Datasette 1.0's write API, and forms posted to a query or a table: refused.
    for path in ("/vigie/findings/-/insert", "/vigie/-/create", "/vigie/findings/-/drop"):
        status, _ = fetch(f"{served}{path}", data=b'{"row": {"feature": "x"}}')
        assert status >= 400, path  # Datasette 0.65 has no write API: nothing takes a row
    status, _ = fetch(f"{served}/vigie", data=b"sql=DELETE+FROM+findings")
    assert status >= 400
    assert count(engine, "findings") == findings
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    assert list(folder.iterdir()) == []


def test_every_canned_query_answers_and_none_writes(served: str) -> None:
    status, body = fetch(f"{served}/-/metadata.json")
    assert status == 200
    queries = json.loads(body)["databases"]["vigie"]["queries"]
    assert queries
    for name, query in queries.items():
        assert not query.get("write"), name
        status, _ = fetch(f"{served}/vigie/{name}.json")
        assert status == 200, name


def test_a_row_stored_while_serving_is_shown(served: str, engine: Engine) -> None:
    """Not immutable: what a crawl commits after `vigie serve` started is on the next page,
    write-ahead log included (the writer below keeps its connection open, so the row stays in
    the log, as during a crawl)."""

    def runs() -> list[dict[str, object]]:
        status, body = fetch(f"{served}/vigie/crawl_runs.json?_shape=array&_sort=id")
        assert status == 200, body[:200]
        return list(json.loads(body))

    status, body = fetch(f"{served}/-/plugins.json")
    assert "vigie_read_only.py" in {plugin["name"] for plugin in json.loads(body)}
    before = runs()
    with engine.connect() as writer:
        writer.execute(
            text(
                "INSERT INTO crawl_runs (started_at, status, settings, targets_count, sites_done,"
                " pages_count, findings_count) VALUES ('2026-11-30 12:00:00', 'running', '{}',"
                " 7, 0, 0, 0)"
            )
        )
        writer.commit()
        after = runs()
        assert [run["targets_count"] for run in after[len(before) :]] == [7]
        status, body = fetch(f"{served}/vigie.json?sql=SELECT+count(*)+AS+n+FROM+crawl_runs")
        assert json.loads(body)["rows"] == [[len(before) + 1]]
        assert Path(str(engine.url.database) + "-wal").stat().st_size > 0


def test_every_connection_datasette_opens_to_the_file_refuses_writes(tmp_path: Path) -> None:
    """Its write connection too (opened read-write, for a canned query marked `write`)."""
    database = tmp_path / "vigie.db"
    sqlite3.connect(database).execute("CREATE TABLE t (n integer)").connection.close()
    command = datasette_command(database, tmp_path, "127.0.0.1", 8001)
    assert "--immutable" not in command
    plugin = tmp_path / "plugins" / "vigie_read_only.py"
    namespace: dict[str, Any] = {}
    exec(compile(plugin.read_text(encoding="utf-8"), str(plugin), "exec"), namespace)
    writer = sqlite3.connect(database)
    namespace["prepare_connection"](writer, "vigie")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        writer.execute("INSERT INTO t VALUES (1)")
    internal = sqlite3.connect(":memory:")
    namespace["prepare_connection"](internal, "_internal")  # Datasette's own, left writable
    internal.execute("CREATE TABLE x (n integer)")
