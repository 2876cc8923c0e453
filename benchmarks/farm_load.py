"""How fast the farm serves, alone: every site's home page fetched once, then wrk across all hosts.

Usage: .venv/bin/python benchmarks/farm_load.py [--sites 40000] [--seconds 20]
Prints the time to build the farm, a check that every live site answers, and wrk's figures
(wrk rotates the Host header over every live site that is not deliberately slow).
Needs `wrk` (Debian package `wrk`) for the load part.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from farm.catalogue import Farm  # noqa: E402
from farm.model import Site  # noqa: E402
from farm.process import farm_server  # noqa: E402
from farm.truth import expected_status  # noqa: E402

WRK_SCRIPT = """
local hosts = {}
for line in io.lines("%(hosts)s") do hosts[#hosts + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/contact", {["Host"] = hosts[(counter %% #hosts) + 1] .. ":%(port)d"})
end
"""


CHECK_CONNECTIONS = 32


def _fetch_homes(farm: Farm, sites: list[Site]) -> int:
    """Home pages over two keep-alive connections, HTTPS ones on the farm's TLS port."""
    plain = http.client.HTTPConnection("127.0.0.1", farm.port, timeout=30)
    secure = http.client.HTTPSConnection(
        "127.0.0.1", farm.tls_port, timeout=30, context=ssl._create_unverified_context()
    )
    answered = 0
    for site in sites:
        connection, port = (secure, farm.tls_port) if site.https else (plain, farm.port)
        connection.request("GET", site.home_path, headers={"Host": f"{site.host}:{port}"})
        response = connection.getresponse()
        response.read()
        answered += response.status == 200
    plain.close()
    secure.close()
    return answered


def check_every_site(farm: Farm) -> tuple[int, int, float]:
    """Fetch every live site's home page over 32 keep-alive connections: (answered, expected, s)."""
    live = [site for site in farm.sites() if expected_status(site) == "ok"]
    shares = [live[start::CHECK_CONNECTIONS] for start in range(CHECK_CONNECTIONS)]
    started = time.monotonic()
    with ThreadPoolExecutor(CHECK_CONNECTIONS) as pool:
        answered = sum(pool.map(lambda share: _fetch_homes(farm, share), shares))
    return answered, len(live), time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    started = time.monotonic()
    with farm_server(args.sites, args.seed) as ports:
        print(f"farm of {args.sites} sites listening after {time.monotonic() - started:.1f} s")
        farm = Farm(args.sites, args.seed, ports.http, ports.tls)
        port = ports.http
        answered, live, seconds = check_every_site(farm)
        print(
            f"every live site's home page: {answered}/{live} answered 200 in {seconds:.1f} s "
            f"({live / seconds:.0f} pages/s over {CHECK_CONNECTIONS} connections, slow sites included)"
        )
        if shutil.which("wrk") is None:
            print("wrk is not installed (apt-get install wrk): load figures skipped")
            return
        with tempfile.TemporaryDirectory() as directory:
            hosts = Path(directory) / "hosts.txt"
            # The farm's deliberately slow sites (5 %) would measure their delays, not the
            # server; HTTPS sites would answer plain HTTP with a redirect.
            fast = [
                s.host
                for s in farm.sites()
                if expected_status(s) == "ok" and not s.slow_ms and not s.https
            ]
            hosts.write_text("\n".join(host for host in fast if host))
            script = Path(directory) / "rotate.lua"
            script.write_text(WRK_SCRIPT % {"hosts": hosts, "port": port})
            result = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    "-c64",
                    f"-d{args.seconds}s",
                    "-s",
                    str(script),
                    f"http://127.0.0.1:{port}/",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
        print(result.stdout)


if __name__ == "__main__":
    main()
