"""Running a farm server in a child process, so it has its own core and reactor."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from farm.outage import Outage

READY = re.compile(r"on http://127\.0\.0\.1:(\d+)/ and https://127\.0\.0\.1:(\d+)/")


@dataclass(frozen=True)
class FarmPorts:
    http: int
    tls: int


@contextmanager
def farm_server(
    sites: int, seed: int, port: int = 0, latency_ms: float = 0.0, outage: Outage | None = None
) -> Iterator[FarmPorts]:
    """Serve a farm until the block ends; yields the ports it listens on (0: any free ones).
    `latency_ms`: the median wait of every site's answers (`farm.server.site_latency`);
    `outage`: sites whose home page hangs (`farm.outage`; `Farm(..., outage=)` gives its truth)."""
    planted = outage or Outage()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "farm.server",
            "--sites",
            str(sites),
            "--seed",
            str(seed),
            "--port",
            str(port),
            "--latency-ms",
            str(latency_ms),
            "--outage-share",
            repr(planted.share),
            "--outage-codes",
            ",".join(planted.codes),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        ready = READY.search(line)
        if not ready:
            process.kill()
            _, error = process.communicate(timeout=10)
            raise RuntimeError(f"the farm server did not start: {line}{error}")
        yield FarmPorts(int(ready.group(1)), int(ready.group(2)))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
