"""The whole farm: every site's name, code and host up front, its details drawn on demand."""

from __future__ import annotations

import random
from functools import lru_cache

from farm.model import DEPARTEMENTS, Site, _name, make_site, slugify

HOST_PATTERNS = (
    "{slug}.fr",
    "mairie-{slug}.fr",
    "ville-{slug}.fr",
    "{slug}.fr",
    "commune-{slug}.fr",
)


class Farm:
    """`sites` synthetic communes for `seed`, served on 127.0.0.1:`port`."""

    def __init__(self, sites: int, seed: int = 1, port: int = 8000):
        self.size, self.seed, self.port = sites, seed, port
        rng = random.Random(f"{seed}:catalogue")
        self._identities: list[tuple[str, str, str, str]] = []
        self._index_of_host: dict[str, int] = {}
        next_number: dict[str, int] = {}
        taken_slugs: set[str] = set()
        for index in range(sites):
            departement = rng.choice(DEPARTEMENTS)
            number = next_number[departement] = next_number.get(departement, 0) + 1
            code = departement + str(number).zfill(5 - len(departement))
            name = _name(rng)
            slug = slugify(name)
            if slug in taken_slugs:
                name, slug = f"{name} {code}", f"{slug}-{code.lower()}"
            taken_slugs.add(slug)
            host = rng.choice(HOST_PATTERNS).format(slug=slug)
            self._identities.append((code, name, slug, host))
            self._index_of_host[host] = index

    def __len__(self) -> int:
        return self.size

    @lru_cache(maxsize=4096)  # noqa: B019 - one Farm lives as long as its server
    def site(self, index: int) -> Site:
        code, name, slug, host = self._identities[index]
        return make_site(self.seed, index, code, name, slug, host)

    def sites(self) -> list[Site]:
        return [self.site(index) for index in range(self.size)]

    def site_for_host(self, host: str) -> Site | None:
        host = host.lower().split(":", 1)[0]
        bare = host.removeprefix("www.")
        index = self._index_of_host.get(bare)
        if index is None:
            return None
        site = self.site(index)
        if site.host is None or site.dead or (host != bare and not site.www_redirect):
            return None
        return site

    def base_url(self, site: Site) -> str:
        return f"http://{site.host}:{self.port}"

    def listed_url(self, site: Site) -> str | None:
        return f"http://{site.listed_host}:{self.port}/" if site.listed_host else None

    def served_hosts(self) -> list[str]:
        hosts = []
        for site in self.sites():
            if site.host and not site.dead:
                hosts.append(site.host)
                if site.www_redirect:
                    hosts.append(f"www.{site.host}")
        return hosts
