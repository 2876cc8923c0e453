"""A resolver for the address guard's tests: names of a test network on loopback, one of
which tells the guard middleware one address and the connection another, as a DNS rebinding
attacker's name does when its answer changes between two questions."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from crawler.resolver import FarmAwareResolver

ALLOWED = "127.0.0.1"  # the tests allow this address only (VIGIE_ALLOWED_NETWORKS)
FORBIDDEN = "127.0.0.2"  # stands for a private address: a server there counts any visit
ANSWERS = {
    "site.test": ALLOWED,
    "redirect-literal.test": ALLOWED,
    "redirect-name.test": ALLOWED,
    "inside.test": FORBIDDEN,
}
FLIPPING = "rebind.test"


def _asked_by_the_guard_middleware() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_globals.get("__name__") == "crawler.middlewares":
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


class FlippingResolver(FarmAwareResolver):
    def lookup(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        if name == FLIPPING:
            return defer.succeed(ALLOWED if _asked_by_the_guard_middleware() else FORBIDDEN)
        if name in ANSWERS:
            return defer.succeed(ANSWERS[name])
        return defer.fail(DNSLookupError(f"{name} is not a test host"))
