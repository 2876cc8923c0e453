"""Relay links: the organisations a farm site's home page points its residents to, with the
class and the registered domain a perfect crawler stores for each (`docs/actors.md`).

A commune links to its intercommunalité's site and to a neighbour of the same one, an
intercommunalité to some of its communes, a département to its région; any site to the
préfecture, to its territory's tourist office (an intercommunalité's communes share theirs),
to a local newspaper's article, to its school's blog, to an association's ticket office. Each
site draws them on a stream of its own (`{seed}:{index}:relays`), so that planting them
changed no other draw of the farm. The link texts avoid the words the extractors read in
links (tourisme, école, associations...): a relay is no finding of the site's own.

Some sites also relay another authority's own social account (`social_relays`, a stream of
its own: `{seed}:{index}:social-relays`): a commune its intercommunalité's or a neighbour's,
an intercommunalité one of its communes', a département its région's. Its text names nobody,
so the extractor reads it as one of the site's accounts: it is in the site's `social.*`
findings and social profiles (farm/truth.py), and the actors' graph makes it an edge to its
owner when the owner's own site shows it too (`docs/actors.md`).
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from functools import lru_cache

from farm.catalogue import Farm, Identity
from farm.composition import REGION_OF_DEPARTEMENT
from farm.model import Site, SocialLink

# (host, path of an article about the commune): real regional newspapers' domains.
NEWSPAPERS = (
    ("www.ouest-france.fr", "Ouest-France"),
    ("actu.fr", "Actu.fr"),
    ("www.lanouvellerepublique.fr", "La Nouvelle République"),
    ("www.ledauphine.com", "Le Dauphiné libéré"),
)
ACADEMIES = ("nantes", "rennes", "lyon", "lille", "bordeaux")
CHANCES = {
    "epci": 0.7,
    "neighbour": 0.25,
    "member": 0.5,
    "region": 0.8,
    "etat": 0.5,
    "tourisme": 0.4,
    "presse": 0.3,
    "ecole": 0.25,
    "association": 0.3,
}
MEMBERS_LINKED = 3
SOCIAL_RELAY_CHANCE = 0.2


@dataclass(frozen=True)
class Relay:
    url: str
    text: str
    domain: str  # the registered domain of the link's host
    actor_class: str  # as database/actor_classes.py names it
    code: str | None = None  # another authority's code


def _linkable(farm: Farm, index: int) -> Site | None:
    """Another authority whose site a link can name: one that lives at its own address."""
    other = farm.site(index)
    return other if other.host and other.fate is None else None


def _authority(farm: Farm, other: Site, text: str) -> Relay:
    url = farm.base_url(other) + "/"
    return Relay(url, text, other.host or "", "autorite", other.code)


@lru_cache(maxsize=4)
def _directory(farm: Farm) -> tuple[dict[tuple[str, str], int], dict[str, list[Identity]]]:
    """Each authority's index by (kind, code), and each EPCI's communes in code order."""
    identities = farm.identities()
    members: dict[str, list[Identity]] = {}
    for identity in sorted(identities, key=lambda i: i.code):
        epci = farm.epci_of.get(identity.code) if identity.kind == "commune" else None
        if epci:
            members.setdefault(epci, []).append(identity)
    return {(i.kind, i.code): n for n, i in enumerate(identities)}, members


def _authorities(farm: Farm, site: Site, rng: random.Random) -> list[Relay]:
    """Links to other authorities of the farm: the commune's EPCI and a neighbour, an EPCI's
    communes, a département's région."""
    index_of, members_of = _directory(farm)
    wanted: list[tuple[int, str]] = []
    epci = farm.epci_of.get(site.code) if site.kind == "commune" else None
    if epci:
        if rng.random() < CHANCES["epci"]:
            wanted.append((index_of[("epci", epci)], "Notre communauté de communes"))
        others = [i for i in members_of.get(epci, []) if i.code != site.code]
        if others and rng.random() < CHANCES["neighbour"]:
            neighbour = rng.choice(others)
            wanted.append((index_of[("commune", neighbour.code)], f"Mairie de {neighbour.name}"))
    elif site.kind == "epci":
        for member in members_of.get(site.code, [])[:MEMBERS_LINKED]:
            if rng.random() < CHANCES["member"]:
                wanted.append((index_of[("commune", member.code)], member.name))
    elif site.kind == "departement" and rng.random() < CHANCES["region"]:
        region = index_of.get(("region", REGION_OF_DEPARTEMENT.get(site.code, "")))
        if region is not None:
            wanted.append((region, "Notre région"))
    linkable = [(_linkable(farm, index), text) for index, text in wanted]
    return [_authority(farm, other, text) for other, text in linkable if other is not None]


def _territory_slug(farm: Farm, site: Site) -> str:
    """The slug of the territory a tourist office serves: the EPCI's, else the site's own."""
    epci = farm.epci_of.get(site.code) if site.kind == "commune" else None
    index_of, _ = _directory(farm)
    slug = farm.identities()[index_of[("epci", epci)]].slug if epci else site.slug
    return slug.removeprefix("communaute-de-communes-")


def _others(farm: Farm, site: Site, rng: random.Random) -> list[Relay]:
    """State, tourist office, press, school, association."""
    relays = []
    if rng.random() < CHANCES["etat"]:
        departement = (site.departement or "").lower()
        domain = (
            f"prefecture-{departement}.gouv.fr" if departement else "prefectures-regions.gouv.fr"
        )
        relays.append(Relay(f"https://www.{domain}/", "La préfecture", domain, "etat"))
    if rng.random() < CHANCES["tourisme"]:
        territory = _territory_slug(farm, site)
        domain, name = f"tourisme-{territory}.fr", territory.replace("-", " ").title()
        relays.append(Relay(f"https://www.{domain}/", f"Destination {name}", domain, "tourisme"))
    if rng.random() < CHANCES["presse"]:
        host, title = rng.choice(NEWSPAPERS)
        url = f"https://{host}/{site.slug}/la-fete-du-village-{site.index}.html"
        relays.append(Relay(url, f"Lu dans {title}", host.removeprefix("www."), "presse"))
    if site.kind == "commune" and rng.random() < CHANCES["ecole"]:
        academy = rng.choice(ACADEMIES)
        url = f"https://ecole-{site.slug}.ac-{academy}.fr/blog/"
        relays.append(Relay(url, "Le blog des CM2", f"ac-{academy}.fr", "ecole"))
    if rng.random() < CHANCES["association"]:
        url = f"https://www.helloasso.com/associations/comite-des-fetes-de-{site.slug}"
        relays.append(Relay(url, "Comité des fêtes : billetterie", "helloasso.com", "association"))
    return relays


def relays(farm: Farm, site: Site) -> list[Relay]:
    """The site's relay links, in page order; none for a site without pages of its own."""
    if not site.host:
        return []
    rng = random.Random(f"{farm.seed}:{site.index}:relays")
    return _authorities(farm, site, rng) + _others(farm, site, rng)


@dataclass(frozen=True)
class SocialRelay:
    """A link to another authority's own account (one its own site shows)."""

    account: SocialLink
    owner: Site

    @property
    def text(self) -> str:
        return f"À suivre aussi sur {self.account.platform}"


def _related(farm: Farm, site: Site) -> list[int]:
    """The authorities whose accounts the site may relay: a commune's intercommunalité and
    its other communes, an intercommunalité's communes, a département's région."""
    index_of, members_of = _directory(farm)
    epci = farm.epci_of.get(site.code) if site.kind == "commune" else None
    if epci:
        members = [index_of[("commune", i.code)] for i in members_of.get(epci, [])]
        return [index_of[("epci", epci)], *(i for i in members if i != site.index)]
    if site.kind == "epci":
        return [index_of[("commune", i.code)] for i in members_of.get(site.code, [])]
    region = index_of.get(("region", REGION_OF_DEPARTEMENT.get(site.code, "")))
    return [region] if site.kind == "departement" and region is not None else []


def social_relays(farm: Farm, site: Site) -> list[SocialRelay]:
    """At most one: the first account of a related authority that lives at its own address
    and shows accounts."""
    if not site.host:
        return []
    rng = random.Random(f"{farm.seed}:{site.index}:social-relays")
    owners = [o for i in _related(farm, site) if (o := _linkable(farm, i)) and o.socials]
    if not owners or rng.random() >= SOCIAL_RELAY_CHANCE:
        return []
    owner = rng.choice(owners)
    return [SocialRelay(owner.socials[0], owner)]


def relay_block(farm: Farm, site: Site) -> str:
    """The home page's "Liens utiles" section, or nothing."""
    links = [(relay.url, relay.text) for relay in relays(farm, site)]
    links += [(relay.account.url, relay.text) for relay in social_relays(farm, site)]
    items = "".join(
        f'<li><a href="{html.escape(url)}">{html.escape(text)}</a></li>' for url, text in links
    )
    return (
        f'<section class="liens-utiles"><h2>Liens utiles</h2><ul>{items}</ul></section>'
        if items
        else ""
    )


def relay_truth(farm: Farm, site: Site) -> list[dict[str, str]]:
    """What the crawl stores of them: one organisation per domain, its class, the authority's
    code where it is one, in domain order."""
    by_domain = {relay.domain: relay for relay in reversed(relays(farm, site))}
    return [
        {
            "domain": domain,
            "class": relay.actor_class,
            "code": relay.code or "",
            "url": relay.url,
            "text": relay.text,
        }
        for domain, relay in sorted(by_domain.items())
    ]


def social_relay_truth(farm: Farm, site: Site) -> list[dict[str, str]]:
    """The accounts of other authorities the site links to, each with its owner. The actors'
    graph draws the edge only when the owner's own site is measured (it then shows the account
    too); else the relaying site alone shows it, and it reads as the site's own. That depends
    on the owner's status, so it is not written here: the owner's own truth says it."""
    return [
        {
            "url": relay.account.expected,
            "platform": relay.account.platform,
            "owner_kind": relay.owner.kind,
            "owner_code": relay.owner.code,
            "text": relay.text,
        }
        for relay in social_relays(farm, site)
    ]
