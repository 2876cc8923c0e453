"""Servers that answer garbage cost the crawl their own sites only: each is stored once with
a status, the other sites as if nothing happened, and the command ends normally."""

from __future__ import annotations

import gzip
import random
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from database import open_database
from database.targets import import_file
from evaluation.truth import evaluate, load_truth
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.process import farm_server
from tests.conftest import vigie

FARM_SITES, FARM_SEED = 12, 949
NOISE = random.Random(7).randbytes(64 * 1024)
HTML = b"Content-Type: text/html; charset=utf-8\r\n"


def _answer(head: bytes, body: bytes = b"") -> bytes:
    return b"HTTP/1.1 " + head + b"\r\nConnection: close\r\n" + body


# What each garbage server sends to every request, whatever it asked.
GARBAGE: dict[str, bytes] = {
    "noise": NOISE,  # not HTTP at all
    "empty": b"",  # closes without a word
    "bad-status": b"HTTP/1.1 9999 ???\r\n\r\n<html></html>",
    "no-colon-headers": _answer(b"200 OK", b"this is not a header\r\n" * 50 + b"\r\n<p>x</p>"),
    "huge-header": _answer(b"200 OK", b"X-Junk: " + b"a" * 300_000 + b"\r\n\r\n<p>x</p>"),
    "short-body": _answer(b"200 OK", HTML + b"Content-Length: 100000\r\n\r\n<html><body>Bienv"),
    "broken-chunks": _answer(b"200 OK", HTML + b"Transfer-Encoding: chunked\r\n\r\nZZ\r\nxx\r\n"),
    "false-gzip": _answer(b"200 OK", HTML + b"Content-Encoding: gzip\r\n\r\n" + NOISE[:4096]),
    "binary-html": _answer(b"200 OK", HTML + b"\r\n" + NOISE),
    "nested-html": _answer(b"200 OK", HTML + b"\r\n" + b"<div>" * 200_000 + b"Mairie"),
    "bad-redirect": _answer(b"301 Moved", b"Location: http://[::1\r\n\r\n"),
    "gzip-garbage-inside": _answer(
        b"200 OK", HTML + b"Content-Encoding: gzip\r\n\r\n" + gzip.compress(NOISE)
    ),
}


class GarbageServer:
    """One listening socket per kind of garbage, on loopback, each in its own thread."""

    def __init__(self) -> None:
        self.sockets: dict[str, socket.socket] = {}
        self.running = True

    def start(self) -> dict[str, int]:
        for name, reply in GARBAGE.items():
            listener = socket.create_server(("127.0.0.1", 0))
            listener.settimeout(0.5)
            self.sockets[name] = listener
            threading.Thread(target=self._serve, args=(listener, reply), daemon=True).start()
        return {name: listener.getsockname()[1] for name, listener in self.sockets.items()}

    def _serve(self, listener: socket.socket, reply: bytes) -> None:
        while self.running:
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._reply, args=(connection, reply), daemon=True).start()

    @staticmethod
    def _reply(connection: socket.socket, reply: bytes) -> None:
        with connection:
            try:
                connection.settimeout(5)
                connection.recv(65536)
                connection.sendall(reply)
            except OSError:
                pass

    def stop(self) -> None:
        self.running = False
        for listener in self.sockets.values():
            listener.close()


@pytest.fixture
def garbage() -> Iterator[dict[str, int]]:
    server = GarbageServer()
    yield server.start()
    server.stop()


def test_servers_answering_garbage_cost_only_their_own_sites(
    garbage: dict[str, int], tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    engine = open_database(database_url)
    with farm_server(FARM_SITES, FARM_SEED) as ports:
        files = write_farm_files(Farm(FARM_SITES, FARM_SEED, ports.http, ports.tls), tmp_path)
        import_file(engine, files[TARGETS_FILE])
        hosts = files[HOSTS_FILE]
        hosts.write_text(hosts.read_text() + "".join(f"{name}.garbage.fr\n" for name in garbage))
        targets = tmp_path / "garbage.csv"
        targets.write_text(
            "code,name,kind,url,population\n"
            + "".join(
                f"9{index:04d},Garbage {name},commune,http://{name}.garbage.fr:{port}/,100\n"
                for index, (name, port) in enumerate(sorted(garbage.items()))
            ),
            encoding="utf-8",
        )
        import_file(engine, targets)
        done = vigie(
            "crawl", "--db", database_url, "--farm-hosts", str(hosts),
            "--set", "DOWNLOAD_TIMEOUT=5", "--set", "VIGIE_RENDERING=false", cwd=tmp_path,
        )  # fmt: skip
    assert "Run 1 finished" in done.stdout
    with engine.connect() as connection:
        statuses: dict[str, str] = dict(
            connection.execute(
                text(
                    "SELECT a.name, s.status FROM site_scans s JOIN authorities a"
                    " ON a.id = s.authority_id WHERE a.name LIKE 'Garbage %'"
                )
            ).all()
        )
        scans = connection.execute(text("SELECT count(*) FROM site_scans")).scalar_one()
    assert scans == FARM_SITES + len(GARBAGE)  # each site once
    assert set(statuses) == {f"Garbage {name}" for name in GARBAGE}
    # What could not be read is a failure of that site; what was HTTP is read as it came.
    for name in ("noise", "empty", "bad-status", "short-body", "broken-chunks", "false-gzip"):
        assert statuses[f"Garbage {name}"] != "ok", name
    # The farm's own sites, crawled beside them, end as the farm's truth says (the truth
    # knows nothing of the garbage sites, which the evaluation leaves out).
    result = evaluate(engine, 1, load_truth(files[TRUTH_FILE]))
    assert result.status_mismatches == []
    assert result.errors == []
    engine.dispose()
