"""A small feature database for the website's loaders, filled directly (no crawl): two
campaigns scored with the default model, a full stratum of communes in Loire-Atlantique, two
communes in Cantal (too few for a median), sites not measured for several reasons, one
commune left out of the second campaign, a département and a région that share the code
"44", and social accounts behind a login wall, public, or out of reach."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, Insert, insert

from database.models import (
    Authority,
    CrawlRun,
    FindingRow,
    SiteScan,
    SocialProfile,
    Website,
)
from scoring.compute import score_run
from scoring.model import Model

FIRST_RUN = datetime(2026, 5, 1, tzinfo=UTC)
SECOND_RUN = datetime(2026, 11, 1, tzinfo=UTC)
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


def varied(number: int) -> dict[str, str]:
    return {f: v for j, (f, v) in enumerate(POOL.items()) if (number * 7 + j * 3) % 5 < 3}


PLACES = (
    Place("44001", postal_codes="44000 44100", findings={**varied(1), **SOCIAL}),
    *(Place(f"4400{n}", postal_codes=f"440{n}0", findings=varied(n)) for n in range(2, 8)),
    Place("44008", statuses=("dns_failure", "dns_failure")),
    Place("44009", statuses=("ok", "render_failed"), findings=varied(9)),
    Place("44010", statuses=("ok", None), findings=varied(10)),
    Place("44011", statuses=("ok", "ok"), findings={}),  # explored, nothing found
    Place("15001", departement="15", region="84", population=120, stratum="0-499",
          findings=varied(11)),
    Place("15002", departement="15", region="84", population=300, stratum="0-499",
          findings=varied(12)),
    Place("44", kind="departement", population=1_450_000, stratum="departement",
          findings=varied(13)),
    Place("44", kind="region", departement=None, region="44", population=5_500_000,
          stratum="region", statuses=("no_website", "no_website")),
)  # fmt: skip
# Accounts `vigie social` read in the second campaign: (URL, reachable, login wall,
# followers, last activity).
PROFILES = (
    (SOCIAL["social.facebook"], True, True, None, None),
    (SOCIAL["social.mastodon"], True, False, 1234, "2026-10-20"),
    (SOCIAL["social.x"], False, False, None, None),
)


def fill(engine: Engine, model: Model) -> tuple[int, int]:
    """The database, both campaigns scored; returns the two run ids, oldest first."""
    with engine.begin() as connection:
        runs = [_run(connection, started) for started in (FIRST_RUN, SECOND_RUN)]
        for place in PLACES:
            authority, website = _authority(connection, place)
            for run, status in zip(runs, place.statuses, strict=True):
                if status is not None:
                    _scan(connection, run, authority, website, place, status)
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
    connection: Connection, run: int, authority: int, website: int, place: Place, status: str
) -> None:
    connection.execute(
        insert(SiteScan).values(
            run_id=run,
            authority_id=authority,
            website_id=None if status == "no_website" else website,
            status=status,
            pages_fetched=12 if status == "ok" else 0,
            finished_at=SECOND_RUN,
        )
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
                snippet=f"<p>{feature} : {value}</p>",
                detector="test/1",
            )
        )


def _profiles(connection: Connection, run: int, authority: int) -> None:
    for url, reachable, login_wall, followers, last in PROFILES:
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
                checked_at=SECOND_RUN,
            )
        )
