"""Which authority a linked domain is: the study side's reading of `outbound_links`
(`reports/actors.py`) names another authority by its websites, never by a rule.

The crawl stores each link's registered domain (public suffix list, free hosts' subdomains
apart: `crawler/urls.py`), which the study side may not compute (it imports nothing of the
crawl). It needs not: a domain is an authority's when it is one of its websites' hosts (`www.`
aside), or else the parent of the hosts of that authority alone (`saint-denis.re` for
`mairie.saint-denis.re`); a parent several authorities' hosts share (a free host, a
département's domain its communes live under) names none of them.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from sqlalchemy import Engine, select

from database.models import Authority, SiteScan, Website

Who = tuple[str, str, str]  # kind, code, name


class AuthorityDomains:
    """The authorities' hosts: the targets' websites, and where the run found the measured
    sites (a site that moved to a new domain)."""

    def __init__(self, hosts: list[tuple[str, Who]]):
        self.exact: dict[str, Who] = {}
        under: defaultdict[str, set[Who]] = defaultdict(set)
        for host, who in hosts:
            bare = host.lower().removeprefix("www.")
            self.exact.setdefault(bare, who)
            labels = bare.split(".")
            for start in range(1, len(labels) - 1):
                under[".".join(labels[start:])].add(who)
        self.under = {
            parent: next(iter(owners)) for parent, owners in under.items() if len(owners) == 1
        }

    def get(self, domain: str) -> Who | None:
        return self.exact.get(domain) or self.under.get(domain)


def authority_domains(engine: Engine, run_id: int) -> AuthorityDomains:
    """Every authority's hosts; a host two authorities list is the first one's by id (their
    primary site first)."""
    listed = (
        select(Website.host, Authority.kind, Authority.code, Authority.name)
        .join(Authority, Authority.id == Website.authority_id)
        .order_by(Website.is_primary.desc(), Authority.id)
    )
    found = (
        select(SiteScan.final_url, Authority.kind, Authority.code, Authority.name)
        .join(Authority, Authority.id == SiteScan.authority_id)
        .where(SiteScan.run_id == run_id, SiteScan.status == "ok")
        .order_by(Authority.id)
    )
    hosts: list[tuple[str, Who]] = []
    with engine.connect() as connection:
        for host, kind, code, name in connection.execute(listed):
            hosts.append((host, (kind, code, name)))
        for url, kind, code, name in connection.execute(found):
            host = _host(url)
            if host:
                hosts.append((host, (kind, code, name)))
    return AuthorityDomains(hosts)


def _host(url: str | None) -> str:
    try:
        return (urlsplit(url or "").hostname or "").lower()
    except ValueError:
        return ""
