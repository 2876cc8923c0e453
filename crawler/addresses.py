"""Which addresses a crawl may connect to: the one rule the resolver and the address guard
middleware apply (the browser's request hook, `crawler.rendering`, refuses what `is_public`
refuses, and in a farm crawl what is not a farm name).

A farm crawl (VIGIE_FARM_HOSTS) is closed: it asks only for the names of its hosts file,
which resolve to loopback; any other name fails as an unknown host would and an address given
as such (http://127.0.0.1/, http://10.0.0.1/) is refused, so that no link of a farm page,
and no mistake in the file, sends a request anywhere else. A hosts file that names no host
is refused before anything is crawled: read as "no farm", it would send the farm's names to
the real DNS."""

from __future__ import annotations

import ipaddress
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
LOOPBACK_NETWORKS: tuple[Network, ...] = (
    ipaddress.ip_network("127.0.0.0/8"),
    ipaddress.ip_network("::1/128"),
)
REFUSALS_KEPT = 10_000


class FarmHostsError(ValueError):
    """A farm hosts file (VIGIE_FARM_HOSTS) that cannot be read or names no host."""


# A farm of 36,000 sites names about 40,000 hosts: under 2 MB.
MAX_HOSTS_FILE_BYTES = 10_000_000


def read_farm_hosts(path: str) -> frozenset[str]:
    """The host names of a farm, one a line, lower case; an error names the file."""
    file = Path(path)
    if file.exists() and not file.is_file():  # a FIFO or /dev/zero would be read for ever
        raise FarmHostsError(f"VIGIE_FARM_HOSTS (--farm-hosts): {path} is not a regular file")
    try:
        if file.stat().st_size > MAX_HOSTS_FILE_BYTES:
            raise FarmHostsError(
                f"VIGIE_FARM_HOSTS (--farm-hosts): {path} is over "
                f"{MAX_HOSTS_FILE_BYTES // 1_000_000} MB; a farm's hosts file names its hosts"
            )
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise FarmHostsError(
            f"VIGIE_FARM_HOSTS (--farm-hosts): cannot read {path} ({error})"
        ) from None
    hosts = frozenset(line.strip().lower().rstrip(".") for line in lines if line.strip())
    if not hosts:
        raise FarmHostsError(
            f"VIGIE_FARM_HOSTS: {path} names no host: a farm crawl asks only for the names of "
            "its hosts file (write one a line), and with none it would ask the real DNS"
        )
    return hosts


def farm_hosts(settings: BaseSettings) -> frozenset[str] | None:
    """The farm's host names, or None for a real crawl (VIGIE_FARM_HOSTS unset or empty)."""
    path = settings.get("VIGIE_FARM_HOSTS") or ""
    return read_farm_hosts(str(path)) if path else None


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
    `allowed` (the farm's loopback, or what an operator lists); off for an intranet crawl.
    `farm`: in a farm crawl, its host names, the only ones asked for (whatever `public_only`
    says: the farm is a closed world); None in a real crawl."""

    public_only: bool = True
    allowed: tuple[Network, ...] = ()
    farm: frozenset[str] | None = None

    def permits_host(self, host: str) -> bool:
        """In a farm crawl, only its names: never an address given as such."""
        return self.farm is None or host.lower().rstrip(".") in self.farm

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
        farm = farm_hosts(settings)
        return cls(
            settings.getbool("VIGIE_PUBLIC_ADDRESSES_ONLY"),
            allowed or (LOOPBACK_NETWORKS if farm is not None else ()),
            farm,
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
