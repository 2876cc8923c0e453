"""Serves every farm site and mock platform on one loopback port, dispatching on the Host header."""

from __future__ import annotations

import argparse
import hashlib
import sys
from datetime import UTC, datetime, time
from email.utils import format_datetime
from typing import Any

from twisted.internet import reactor as _reactor
from twisted.internet.task import LoopingCall
from twisted.web import http, resource, server
from twisted.web.server import Request

from farm.catalogue import Farm
from farm.model import LAST_MODIFIED_DAY
from farm.outage import Outage, parse_codes
from farm.routes import Answer, route
from farm.tls import self_signed_options

LOOPBACK = "127.0.0.1"
# Every page of the farm last changed on this day (FARM_TODAY's eve), as HTTP dates say it.
LAST_MODIFIED = format_datetime(
    datetime.combine(LAST_MODIFIED_DAY, time(8), tzinfo=UTC), usegmt=True
)
HANG_SECONDS = 300  # a hanging page is dropped after this, so that no connection leaks forever
reactor: Any = _reactor  # Twisted's reactor module is typed as a module, not a reactor


def site_latency(host: str, median_ms: float) -> float:
    """Seconds a site's server takes before each answer: between a quarter of the median and
    four times it, log-uniformly, fixed per host (real servers differ, each keeps its pace)."""
    if not median_ms:
        return 0.0
    share = int.from_bytes(hashlib.sha1(host.encode()).digest()[:4], "big") / 2**32
    return median_ms * 4 ** (2 * share - 1) / 1000


class FarmResource(resource.Resource):
    isLeaf = True

    def __init__(self, farm: Farm, latency_ms: float = 0.0):
        super().__init__()
        self.farm = farm
        self.latency_ms = latency_ms

    def render_GET(self, request: Request) -> bytes | int:
        answer = route(
            self.farm,
            request.getHeader("host") or "",
            request.uri.decode("latin-1"),
            secure=request.isSecure(),
        )
        if self.latency_ms:
            host = (request.getHeader("host") or "").lower().split(":", 1)[0]
            answer.delay += site_latency(host, self.latency_ms)
        if answer.hangs:
            call = reactor.callLater(HANG_SECONDS, request.loseConnection)
            request.notifyFinish().addBoth(lambda _: call.active() and call.cancel())
            return server.NOT_DONE_YET
        if answer.delay:
            reactor.callLater(answer.delay, self._send, request, answer)
            return server.NOT_DONE_YET
        if answer.stream:
            self._stream(request, answer)
            return server.NOT_DONE_YET
        return self._prepare(request, answer)

    def _prepare(self, request: Request, answer: Answer) -> bytes:
        request.setResponseCode(answer.status)
        for name, value in answer.headers.items():
            request.setHeader(name, value)
        if answer.validators:
            etag = f'"{hashlib.sha1(answer.body).hexdigest()[:20]}"'
            request.setHeader("ETag", etag)
            request.setHeader("Last-Modified", LAST_MODIFIED)
            if request.getHeader("if-none-match") == etag:
                request.setResponseCode(304)
                return b""
        return answer.body

    def _send(self, request: Request, answer: Answer) -> None:
        if request.finished or request.channel is None:
            return  # the client gave up waiting
        if answer.stream:
            self._stream(request, answer)
            return
        request.write(self._prepare(request, answer))
        request.finish()

    def _stream(self, request: Request, answer: Answer) -> None:
        assert answer.stream is not None
        self._prepare(request, answer)
        BodyStream(request, *answer.stream).start()

    def render_HEAD(self, request: Request) -> bytes | int:
        return self.render_GET(request)


class BodyStream:
    """A body of `total` bytes written `size` at a time, `interval` seconds apart; with no
    interval, as fast as the client reads (a pull producer: nothing piles up in memory)."""

    FILLER = b"<p>Registre des d\xc3\xa9lib\xc3\xa9rations.</p>\n" * 8192

    def __init__(self, request: Request, total: int, size: int, interval: float):
        self.request, self.left, self.interval = request, total, interval
        self.chunk = (self.FILLER * (size // len(self.FILLER) + 1))[:size]
        self.loop: LoopingCall | None = None
        self.stopped = False

    def start(self) -> None:
        self.request.notifyFinish().addBoth(lambda _: self.stopProducing())
        if self.interval:
            self.loop = LoopingCall(self.resumeProducing)
            self.loop.start(self.interval)
        else:
            self.request.registerProducer(self, False)

    def resumeProducing(self) -> None:
        if self.stopped:
            return
        chunk = self.chunk[: self.left]
        self.left -= len(chunk)
        self.request.write(chunk)
        if self.left <= 0:
            self.stopProducing()
            if not self.interval:
                self.request.unregisterProducer()
            self.request.finish()

    def stopProducing(self) -> None:
        self.stopped = True
        if self.loop is not None and self.loop.running:
            self.loop.stop()


TLS_HANDSHAKE = b"\x16\x03"  # a TLS record of type handshake: a client speaking HTTPS
PLAIN_400 = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


class FarmChannel(http.HTTPChannel):
    """An HTTP connection that, like nginx, answers a TLS handshake on the plain port at once."""

    _first_bytes_seen = False

    def dataReceived(self, data: bytes) -> None:
        if not self._first_bytes_seen:
            self._first_bytes_seen = True
            # Behind the TLS listener this channel sees decrypted HTTP, never a handshake.
            if data.startswith(TLS_HANDSHAKE):
                transport: Any = self.transport
                transport.write(PLAIN_400)
                transport.loseConnection()
                return
        super().dataReceived(data)


class QuietSite(server.Site):
    protocol = FarmChannel  # type: ignore[assignment]

    def log(self, request: http.Request) -> None:
        """No access log: at benchmark rates it would cost more than the pages."""


def listen(farm: Farm, port: int, tls_port: int, latency_ms: float = 0.0) -> tuple[int, int]:
    """Start listening for HTTP and HTTPS (the reactor must then run); returns the ports bound."""
    site = QuietSite(FarmResource(farm, latency_ms))
    site.noisy = False
    plain = reactor.listenTCP(port, site, interface=LOOPBACK, backlog=1024)
    secure = reactor.listenSSL(
        tls_port, site, self_signed_options(), interface=LOOPBACK, backlog=1024
    )
    return int(plain.getHost().port), int(secure.getHost().port)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve a synthetic farm of authority websites.")
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--tls-port", type=int, default=None, help="HTTPS port (default: port + 1)")
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=0.0,
        help="median wait of every site's answers (each site its own, a quarter to 4 times it)",
    )
    parser.add_argument(
        "--outage-share",
        type=float,
        default=0.0,
        help="share of the sites that answer whose home page hangs (farm/outage.py)",
    )
    parser.add_argument(
        "--outage-codes", default="", help="codes of sites whose home page hangs, comma-separated"
    )
    args = parser.parse_args(argv)
    tls_port = args.tls_port if args.tls_port is not None else (args.port + 1 if args.port else 0)
    try:
        outage = Outage(args.outage_share, parse_codes(args.outage_codes))
        farm = Farm(args.sites, args.seed, args.port, tls_port, outage)
    except ValueError as error:
        parser.error(str(error))
    # Redirects name the ports really bound, also when asked for port 0.
    farm.port, farm.tls_port = listen(farm, args.port, tls_port, args.latency_ms)
    print(
        f"farm: {args.sites} sites on http://{LOOPBACK}:{farm.port}/ "
        f"and https://{LOOPBACK}:{farm.tls_port}/",
        flush=True,
    )
    sys.stdout.flush()
    reactor.run()


if __name__ == "__main__":
    main()
