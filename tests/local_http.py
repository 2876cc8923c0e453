"""Small HTTP servers of a test's own, on a loopback address, each in its own thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.conftest import vigie


class QuietHandler(BaseHTTPRequestHandler):
    """A handler that answers with `answer` and writes no access log."""

    def answer(self, status: int, body: bytes = b"", location: str | None = None) -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@contextmanager
def serving(
    handler: type[BaseHTTPRequestHandler], address: str = "127.0.0.1", port: int = 0
) -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer((address, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def crawl_one_site(folder: Path, host: str, port: int, *settings: str) -> str:
    """Import one commune whose website is `host` (resolved to loopback) on `port`, crawl it
    without rendering, with each `NAME=VALUE` of `settings`; the database's URL."""
    hosts = folder / "hosts.txt"
    hosts.write_text(f"{host}\n")
    targets = folder / "targets.csv"
    targets.write_text(
        f"code,name,kind,url,population\n01001,Essai,commune,http://{host}:{port}/,100\n"
    )
    database_url = f"sqlite:///{folder / 'vigie.db'}"
    vigie("targets", "import", str(targets), "--db", database_url)
    overrides = [word for setting in settings for word in ("--set", setting)]
    vigie("crawl", "--db", database_url, "--farm-hosts", str(hosts),
          "--set", "VIGIE_RENDERING=false", *overrides, cwd=folder)  # fmt: skip
    return database_url
