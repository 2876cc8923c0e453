"""The whole farm: every site's kind, name, code and host up front, its details drawn on demand."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cached_property, lru_cache

from farm.generation import draw_name, make_site
from farm.model import DEPARTEMENTS, FREE_HOST, REGIONS, Site, former_host, slugify
from farm.outage import Outage

HOST_PATTERNS = (
    "{slug}.fr",
    "mairie-{slug}.fr",
    "ville-{slug}.fr",
    "{slug}.fr",
    "commune-{slug}.fr",
)
# Real proportions: ~34,900 communes, ~1,250 EPCI, 101 départements, 18 régions.
COMMUNES_PER_EPCI, SITES_PER_DEPARTEMENT, SITES_PER_REGION = 29, 360, 2000


@dataclass(frozen=True)
class Identity:
    kind: str
    code: str
    name: str
    slug: str
    host: str
    departement: str | None


def kinds_for(size: int) -> list[str]:
    regions = min(len(REGIONS), size // SITES_PER_REGION)
    departements = min(len(DEPARTEMENTS), size // SITES_PER_DEPARTEMENT)
    epci = size // COMMUNES_PER_EPCI
    communes = size - regions - departements - epci
    return (
        ["commune"] * communes
        + ["epci"] * epci
        + ["departement"] * departements
        + ["region"] * regions
    )


def assign_epci(identities: list[Identity]) -> dict[str, str | None]:
    """Each commune's EPCI (its SIREN), deterministic and drawing nothing: the communes in
    order of département and code are cut into as many runs of consecutive communes as there
    are EPCI, which take one run each in order of their seat's département, so that an EPCI's
    communes are neighbours and its seat's département is mostly theirs. None for every
    commune of a farm too small to hold an EPCI."""
    communes = sorted(
        (identity for identity in identities if identity.kind == "commune"),
        key=lambda identity: (identity.departement or "", identity.code),
    )
    epcis = sorted(
        (identity for identity in identities if identity.kind == "epci"),
        key=lambda identity: (identity.departement or "", identity.code),
    )
    if not epcis:
        return {commune.code: None for commune in communes}
    return {
        commune.code: epcis[position * len(epcis) // len(communes)].code
        for position, commune in enumerate(communes)
    }


class Farm:
    """`sites` synthetic authorities for `seed`, served on 127.0.0.1:`port` (HTTPS: `tls_port`);
    `outage`: the sites whose home page hangs besides the drawn ones (farm/outage.py)."""

    def __init__(
        self,
        sites: int,
        seed: int = 1,
        port: int = 8000,
        tls_port: int | None = None,
        outage: Outage | None = None,
    ):
        self.size, self.seed, self.port = sites, seed, port
        self.outage = outage or Outage()
        self.tls_port = tls_port if tls_port is not None else port + 1
        rng = random.Random(f"{seed}:catalogue")
        self._identities: list[Identity] = []
        self._index_of_host: dict[str, int] = {}
        next_number: dict[str, int] = {}
        taken_slugs: set[str] = set()
        counters = {"departement": 0, "region": 0}
        for index, kind in enumerate(kinds_for(sites)):
            departement: str | None = rng.choice(DEPARTEMENTS)
            if kind == "commune":
                number = next_number[departement or ""] = next_number.get(departement or "", 0) + 1
                code = f"{departement}{number:0{5 - len(departement or '')}d}"
                name = draw_name(rng)
            elif kind == "epci":
                code, name = f"2{index:08d}", f"Communauté de communes {draw_name(rng)}"
            else:
                position = counters[kind]
                counters[kind] += 1
                code = (DEPARTEMENTS if kind == "departement" else REGIONS)[position]
                departement = code if kind == "departement" else None
                name = f"{'Département' if kind == 'departement' else 'Région'} {code}"
            slug = slugify(name)
            if slug in taken_slugs:
                name, slug = f"{name} {code}", f"{slug}-{code.lower()}"
            taken_slugs.add(slug)
            host = self._host(rng, kind, slug)
            self._identities.append(Identity(kind, code, name, slug, host, departement))
            self._index_of_host[host] = index
            # Where the site lives if it turns out to be an e-monsite one (drawn per site).
            self._index_of_host[f"{slug}.{FREE_HOST}"] = index
            # And the domain it left, if it turns out to have moved or to redirect offsite.
            self._index_of_host.setdefault(former_host(slug, host), index)
        self.outage.check_codes(identity.code for identity in self._identities)

    @staticmethod
    def _host(rng: random.Random, kind: str, slug: str) -> str:
        if kind == "commune":
            return rng.choice(HOST_PATTERNS).format(slug=slug)
        return f"{slug}.fr"

    def __len__(self) -> int:
        return self.size

    def identities(self) -> list[Identity]:
        """Every site's identity (kind, code, name, département), drawn up front: cheap."""
        return list(self._identities)

    @cached_property
    def epci_of(self) -> dict[str, str | None]:
        """Commune code → the SIREN of its EPCI (None: the farm has no EPCI): the truth of
        INSEE's composition file the farm writes."""
        return assign_epci(self._identities)

    @lru_cache(maxsize=8192)  # noqa: B019 - one Farm lives as long as its server
    def site(self, index: int) -> Site:
        identity = self._identities[index]
        site = make_site(
            self.seed,
            index,
            identity.kind,
            identity.code,
            identity.name,
            identity.slug,
            identity.host,
            identity.departement,
        )
        site.hangs = site.hangs or self.outage.takes_down(self.seed, site)
        return site

    def sites(self) -> list[Site]:
        return [self.site(index) for index in range(self.size)]

    def site_for_host(self, host: str) -> Site | None:
        """The live site a Host header names (www. included where the site redirects it)."""
        host = host.lower().split(":", 1)[0]
        bare = host.removeprefix("www.")
        index = self._index_of_host.get(bare)
        if index is None:
            return None
        site = self.site(index)
        if site.host and site.fate in ("moved", "offsite") and bare == site.listed_host:
            return site if host == bare else None
        if site.host != bare or site.dead or (host != bare and not site.www_redirect):
            return None
        return site

    def base_url(self, site: Site) -> str:
        """Where the site's pages really are, after any redirect to HTTPS."""
        if site.https:
            return f"https://{site.host}:{self.tls_port}"
        return f"http://{site.host}:{self.port}"

    def listed_url(self, site: Site) -> str | None:
        """The URL the targets file gives, as a directory would list it."""
        if not site.listed_host:
            return None
        scheme = "https" if site.tls_broken else "http"
        return f"{scheme}://{site.listed_host}:{self.port}/"

    def served_hosts(self) -> list[str]:
        hosts = []
        for site in self.sites():
            if site.host and not site.dead:
                hosts.append(site.host)
                if site.www_redirect:
                    hosts.append(f"www.{site.host}")
                if site.fate in ("moved", "offsite") and site.listed_host:
                    hosts.append(site.listed_host)
        return hosts
