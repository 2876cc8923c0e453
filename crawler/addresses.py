"""Which addresses a crawl may connect to: the one rule the resolver and the address guard
middleware apply (the browser's request hook, `crawler.rendering`, refuses what `is_public`
refuses)."""

from __future__ import annotations

import ipaddress
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK_NETWORKS: tuple[Network, ...] = (
    ipaddress.ip_network("127.0.0.0/8"),
    ipaddress.ip_network("::1/128"),
)
REFUSALS_KEPT = 10_000


def is_public(address: str) -> bool:
    return ipaddress.ip_address(address).is_global


def parse_networks(text: str) -> tuple[Network, ...]:
    """ "127.0.0.1/32, 10.0.0.0/8" as networks; a malformed one is named in the error."""
    networks = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError as error:
            raise ValueError(
                f"VIGIE_ALLOWED_NETWORKS: {part!r} is not a network ({error})"
            ) from error
    return tuple(networks)


@dataclass(frozen=True)
class AddressPolicy:
    """`public_only`: refuse every address that is not on the public internet, except those in
    `allowed` (the farm's loopback, or what an operator lists); off for an intranet crawl."""

    public_only: bool = True
    allowed: tuple[Network, ...] = ()

    def permits(self, address: str) -> bool:
        if not self.public_only:
            return True
        parsed = ipaddress.ip_address(address)
        return parsed.is_global or any(parsed in network for network in self.allowed)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> AddressPolicy:
        """VIGIE_PUBLIC_ADDRESSES_ONLY and VIGIE_ALLOWED_NETWORKS; a farm crawl
        (VIGIE_FARM_HOSTS) allows loopback, where the farm lives, unless networks are listed
        (which narrows it: the guard's own tests)."""
        allowed = parse_networks(settings.get("VIGIE_ALLOWED_NETWORKS") or "")
        farm = bool(settings.get("VIGIE_FARM_HOSTS"))
        return cls(
            settings.getbool("VIGIE_PUBLIC_ADDRESSES_ONLY"),
            allowed or (LOOPBACK_NETWORKS if farm else ()),
        )


class RefusedNames:
    """Names whose answer the resolver refused, with that answer: when a connection fails
    because its name now resolves to a private address, the scan status says so instead of
    calling it a DNS failure (the connection sees only "no address")."""

    def __init__(self) -> None:
        self._answers: OrderedDict[str, str] = OrderedDict()

    def add(self, name: str, address: str) -> None:
        self._answers[name.lower()] = address
        self._answers.move_to_end(name.lower())
        while len(self._answers) > REFUSALS_KEPT:
            self._answers.popitem(last=False)

    def get(self, name: str) -> str | None:
        return self._answers.get(name.lower())


REFUSED = RefusedNames()  # one per process, as the resolver installed on the reactor is
