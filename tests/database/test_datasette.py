"""`vigie serve`: Datasette shows the database and cannot change it, whatever it is sent."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

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
