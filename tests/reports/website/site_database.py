"""A small feature database for the website's loaders, filled directly (no crawl): two
campaigns scored with the default model, a full stratum of communes in Loire-Atlantique, two
communes in Cantal (too few for a median), a commune alone in Maine-et-Loire and one not
measured alone in Mayenne, sites not measured for several reasons (one redirected to another
organisation's site), one commune left out of the second campaign, a département and a
région that share the code "44", social accounts behind a login wall, public, or out of
reach and one only declared by its commune, a tracker set without consent, an audit too old
and a check's message that quotes nothing. The second campaign stores its pages (a 404
among them, and the failed request of a domain not found); the first one's were pruned, as
`vigie prune` leaves older runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, Insert, insert

from database.models import (
    Authority,
    CrawlRun,
    FindingRow,
    PageRow,
    SiteScan,
    SocialDeclaration,
    SocialProfile,
    Website,
)
from scoring.compute import score_run
from scoring.model import Model

FIRST_RUN = datetime(2026, 5, 1, tzinfo=UTC)
SECOND_RUN = datetime(2026, 11, 1, tzinfo=UTC)
# When each site's scan starts: five past eight (UTC) on the campaign's day.
SCAN_START = timedelta(hours=8, minutes=5)
# Pages a measured site's scan reads in the second campaign; it asks for one more, a 404.
PAGES_READ = 12
# What the crawl records of each way a site is not measured (`site_scans.detail`).
DETAILS = {
    "dns_failure": "CannotResolveHostError: DNS lookup failed: no address for commune-44008.fr",
    "render_failed": "TimeoutError: Page.goto: Timeout 30000ms exceeded.",
    "redirected_offsite": "redirige vers https://www.annuaire-mairies.example/mayenne",
}
# Where a redirected site ends.
OFFSITE = "https://www.annuaire-mairies.example/mayenne"
# The English message Vigie's skip-link check stores where the page has no such link.
NO_SKIP_LINK = "no link to skip to the content"
# Findings a site may have; each site takes a varied part of them.
POOL = {
    "a11y.mention": "totalement",
    "a11y.statement_url": "https://{code}.fr/accessibilite",
    "legal.notice_url": "https://{code}.fr/mentions-legales",
    "legal.privacy_url": "https://{code}.fr/donnees-personnelles",
    "transparency.acts": "true",
    "transparency.budget": "true",
    "contact.form": "true",
    "alerts.newsletter": "own",
    "eservices.kind": "local-procedure",
    "security.https": "true",
    "participation.platform": "decidim",
    "social.youtube": "https://www.youtube.com/@{code}",
}
# The commune whose page the tests read most: its accounts, one per way of being unknown.
SOCIAL = {
    "social.facebook": "https://www.facebook.com/ville{code}",
    "social.mastodon": "https://mastodon.social/@ville{code}",
    "social.x": "https://x.com/ville{code}",
}


@dataclass(frozen=True)
class Place:
    code: str
    kind: str = "commune"
    departement: str | None = "44"
    region: str | None = "52"
    population: int | None = 800
    stratum: str | None = "500-1999"
    postal_codes: str | None = None
    # Scan status in each campaign (None: not scanned in it)
    statuses: tuple[str | None, str | None] = ("ok", "ok")
    findings: dict[str, str] = field(default_factory=dict)
    # A finding's snippet where it is not the page's HTML: feature -> snippet as stored
    snippets: dict[str, str] = field(default_factory=dict)


def varied(number: int) -> dict[str, str]:
    return {f: v for j, (f, v) in enumerate(POOL.items()) if (number * 7 + j * 3) % 5 < 3}


PLACES = (
    Place("44001", postal_codes="44000 44100", findings={**varied(1), **SOCIAL}),
    # A tracker set without consent, an audit of 2021, a skip link looked for and not found.
    Place("44002", postal_codes="44020", findings={
        **varied(2), "trackers.without_consent": "google-analytics",
        "a11y.audit_date": "2021-01-27", "a11y.check_failed": "skip-link",
    }, snippets={"a11y.check_failed": NO_SKIP_LINK}),
    *(Place(f"4400{n}", postal_codes=f"440{n}0", findings=varied(n)) for n in range(3, 8)),
    Place("44008", statuses=("dns_failure", "dns_failure")),
    Place("44009", statuses=("ok", "render_failed"), findings=varied(9)),
    Place("44010", statuses=("ok", None), findings=varied(10)),
    Place("44011", statuses=("ok", "ok"), findings={}),  # explored, nothing found
    Place("15001", departement="15", region="84", population=120, stratum="0-499",
          findings=varied(11)),
    Place("15002", departement="15", region="84", population=300, stratum="0-499",
          findings=varied(12)),
    Place("49001", departement="49", population=2600, stratum="2000-3499",
          findings=varied(14)),  # the only authority of its département
    Place("53001", departement="53", statuses=("ok", "redirected_offsite"),
          findings=varied(15)),
    Place("44", kind="departement", population=1_450_000, stratum="departement",
          findings=varied(13)),
    Place("44", kind="region", departement=None, region="44", population=5_500_000,
          stratum="region", statuses=("no_website", "no_website")),
)  # fmt: skip
# Accounts `vigie social` read in the second campaign: (URL, reachable, login wall,
# followers, last activity, posts in the last 90 days).
PROFILES = (
    (SOCIAL["social.facebook"], True, True, None, None, None),
    (SOCIAL["social.mastodon"], True, False, 1234, "2026-10-20", 7),
    (SOCIAL["social.x"], False, False, None, None, None),
)
# An account the commune declared (`vigie social import`) that its site does not link:
# (platform, URL, followers, posts in the last 90 days, last activity).
DECLARED = ("instagram", "https://www.instagram.com/ville{code}", 300, 4, "2026-10-15")


def fill(engine: Engine, model: Model) -> tuple[int, int]:
    """The database, both campaigns scored; returns the two run ids, oldest first."""
    with engine.begin() as connection:
        runs = [_run(connection, started) for started in (FIRST_RUN, SECOND_RUN)]
        for place in PLACES:
            authority, website = _authority(connection, place)
            for run, status in zip(runs, place.statuses, strict=True):
                if status is not None:
                    pruned = run == runs[0]
                    _scan(connection, run, authority, website, place, status, pruned)
            if place.code == "44001":
                _profiles(connection, runs[1], authority)
    for run in runs:
        score_run(engine, run, model, now=SECOND_RUN)
    return runs[0], runs[1]


def _new_id(connection: Connection, statement: Insert) -> int:
    key = connection.execute(statement).inserted_primary_key
    assert key is not None
    return int(key[0])


def _run(connection: Connection, started: datetime) -> int:
    return _new_id(
        connection,
        insert(CrawlRun).values(
            started_at=started, status="finished", settings={}, targets_count=len(PLACES)
        ),
    )


def _authority(connection: Connection, place: Place) -> tuple[int, int]:
    authority = _new_id(
        connection,
        insert(Authority).values(
            kind=place.kind,
            code=place.code,
            name=f"{place.kind.capitalize()} {place.code}",
            departement_code=place.departement,
            region_code=place.region,
            population=place.population,
            stratum=place.stratum,
            postal_codes=place.postal_codes,
            source="csv",
            updated_at=FIRST_RUN,
        ),
    )
    website = _new_id(
        connection,
        insert(Website).values(
            authority_id=authority,
            url=f"https://{place.kind}-{place.code}.fr/",
            host=f"{place.kind}-{place.code}.fr",
            is_primary=True,
            source="csv",
            updated_at=FIRST_RUN,
        ),
    )
    return authority, website


def _scan(
    connection: Connection,
    run: int,
    authority: int,
    website: int,
    place: Place,
    status: str,
    pruned: bool,
) -> None:
    """The site's scan, its pages unless `pruned`, and its findings if measured."""
    start = None if status == "no_website" else f"https://{place.kind}-{place.code}.fr/"
    final = {"ok": start, "render_failed": start, "redirected_offsite": OFFSITE}.get(status)
    pages = _pages(status, start)
    connection.execute(
        insert(SiteScan).values(
            run_id=run,
            authority_id=authority,
            website_id=None if status == "no_website" else website,
            status=status,
            detail=DETAILS.get(status),
            start_url=start,
            final_url=final,
            pages_fetched=len(pages),
            started_at=None if start is None else SECOND_RUN + SCAN_START,
            finished_at=SECOND_RUN + SCAN_START + timedelta(minutes=1),
        )
    )
    if pages and not pruned:
        connection.execute(
            insert(PageRow), [{**page, "run_id": run, "website_id": website} for page in pages]
        )
    if status != "ok":
        return
    for feature, value in place.findings.items():
        connection.execute(
            insert(FindingRow).values(
                run_id=run,
                authority_id=authority,
                website_id=website,
                feature=feature,
                value=value.format(code=place.code),
                evidence_url=f"https://{place.kind}-{place.code}.fr/page-{feature}",
                snippet=place.snippets.get(feature, f"<p>{feature} : {value}</p>"),
                detector="test/1",
            )
        )


def _pages(status: str, start: str | None) -> list[dict[str, object]]:
    """The pages a scan asks for: a measured site's PAGES_READ and a 404; the one failed
    request of a domain not found; the one page a redirected or unrendered site answered."""
    if start is None:
        return []

    def page(path: str, http_status: int | None, error: str | None) -> dict[str, object]:
        url = start + path
        return {"requested_url": url, "final_url": url, "http_status": http_status,
                "error": error, "fetched_at": SECOND_RUN + SCAN_START}  # fmt: skip

    if status == "ok":
        read = [page(f"page-{n}" if n else "", 200, None) for n in range(PAGES_READ)]
        return [*read, page("ancienne-page", 404, "HTTP 404")]
    if status == "dns_failure":
        return [page("", None, DETAILS[status])]
    return [page("", 200, None)]


def _profiles(connection: Connection, run: int, authority: int) -> None:
    platform, address, declared, declared_posts, declared_last = DECLARED
    connection.execute(
        insert(SocialDeclaration).values(
            run_id=run, authority_id=authority, platform=platform,
            url=address.format(code="44001"), followers=declared, posts_90d=declared_posts,
            last_activity=declared_last, as_of="2026-10-31", source="declarations.csv",
            imported_at=SECOND_RUN,
        )
    )  # fmt: skip
    for url, reachable, login_wall, followers, last, posts in PROFILES:
        connection.execute(
            insert(SocialProfile).values(
                run_id=run,
                authority_id=authority,
                platform=url.split("/")[2].split(".")[-2],
                url=url.format(code="44001"),
                reachable=reachable,
                login_wall=login_wall,
                followers=followers,
                last_activity=last,
                posts_90d=posts,
                checked_at=SECOND_RUN,
            )
        )
