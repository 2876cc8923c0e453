"""Comparing a crawl run with a farm's ground truth: status agreement, precision and recall."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from database.models import (
    Authority,
    CrawlRun,
    FindingRow,
    PageRow,
    SiteScan,
    SocialProfile,
    Website,
)
from database.social_audience import run_day
from farm.catalogue import Farm
from farm.model import SocialLink
from farm.platforms import public_profile
from farm.relays import social_relays

ANY_VALUE = "*"  # farm/truth.py's mark for a measurement whose value it does not predict
# farm/truth.py's mark for a measurement it predicts a floor of (">=3000": 3,000 or more).
AT_LEAST = ">="


def family(feature: str) -> str:
    return feature.split(".", 1)[0]


@dataclass
class FamilyScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float | None:
        """None when nothing was found: there is nothing to be precise about."""
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else None


@dataclass
class Evaluation:
    sites: int = 0
    status_agreements: int = 0
    status_mismatches: list[tuple[str, str, str]] = field(default_factory=list)  # code, want, got
    families: dict[str, FamilyScore] = field(default_factory=lambda: defaultdict(FamilyScore))
    # (code, "missed" | "spurious" | "decoy", feature, value); a decoy is a spurious finding the
    # farm planted on purpose, such as the tourist office's account linked from a commune.
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)


def evaluate(engine: Engine, run_id: int, truth: dict[str, Any]) -> Evaluation:
    with engine.connect() as connection:
        settings = connection.execute(
            select(CrawlRun.settings).where(CrawlRun.id == run_id)
        ).scalar_one()
        rendered = bool((settings or {}).get("VIGIE_RENDERING"))
        axe = rendered and str((settings or {}).get("VIGIE_AXE")).lower() in ("home", "all")
        statuses = {
            (kind, code): status
            for kind, code, status in connection.execute(
                select(Authority.kind, Authority.code, SiteScan.status)
                .join(SiteScan, SiteScan.authority_id == Authority.id)
                .where(SiteScan.run_id == run_id)
            )
        }
        found: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        for kind, code, feature, value in connection.execute(
            select(Authority.kind, Authority.code, FindingRow.feature, FindingRow.value)
            .join(FindingRow, FindingRow.authority_id == Authority.id)
            .where(FindingRow.run_id == run_id)
        ):
            found[(kind, code)].add((feature, value))
        cached = {(kind, code) for kind, code in connection.execute(_cached_homes(run_id))}
    result = Evaluation()
    for site in [_as_run_saw_it(site, rendered) for site in truth["sites"]]:
        key = (site["kind"], site["code"])
        result.sites += 1
        got_status = statuses.get(key, "not scanned")
        if got_status == site["status"]:
            result.status_agreements += 1
        else:
            result.status_mismatches.append((site["code"], site["status"], got_status))
        _score_site(result, site, found[key], rendered, axe, key not in cached)
    return result


def _cached_homes(run_id: int) -> Any:
    """(kind, code) of the sites whose home page the run took from the HTTP cache (plain
    fetch, revalidated): the run timed no download of it, so it owes no load time."""
    return (
        select(Authority.kind, Authority.code)
        .join(Website, Website.authority_id == Authority.id)
        .join(PageRow, PageRow.website_id == Website.id)
        .where(PageRow.run_id == run_id, PageRow.depth == 0, ~PageRow.rendered, PageRow.from_cache)
    )


def _as_run_saw_it(site: dict[str, Any], rendered: bool) -> dict[str, Any]:
    """A site built by JavaScript (what it shows needs a browser) is not measured by a run
    that did not render: its status says so and it owes no finding (docs/statuses.md)."""
    built = any(finding.get("needs_rendering") for finding in site["findings"])
    if rendered or not built or site["status"] != "ok":
        return site
    return {**site, "status": "no_browser", "findings": []}


def _score_site(
    result: Evaluation,
    site: dict[str, Any],
    found: set[tuple[str, str]],
    rendered: bool,
    axe: bool,
    fresh_home: bool = True,
) -> None:
    found = {(feature, _as_truth_says(site, feature, value)) for feature, value in found}
    expected = {(f["feature"], f["value"]) for f in site["findings"]}
    # Findings only a rendered page shows are owed only by a run that rendered pages, and
    # axe-core's only by a run that ran it in them; the home page's load time only by a run
    # that downloaded the home page (not revalidated from the HTTP cache).
    required = {
        (f["feature"], f["value"])
        for f in site["findings"]
        if (rendered or not f.get("needs_rendering"))
        and (axe or f["feature"] != "a11y.axe_violation")
        and (fresh_home or not f.get("needs_fresh_home"))
    }
    decoys = {(d["feature"], d["value"]) for d in site.get("decoys", [])}
    for feature, value in sorted(required | found):
        score = result.families[family(feature)]
        if (feature, value) in found and (feature, value) in expected:
            score.true_positives += 1
        elif (feature, value) in required:
            score.false_negatives += 1
            result.errors.append((site["code"], "missed", feature, value))
        else:
            score.false_positives += 1
            kind = "decoy" if (feature, value) in decoys else "spurious"
            result.errors.append((site["code"], kind, feature, value))


def _as_truth_says(site: dict[str, Any], feature: str, value: str) -> str:
    """A found value as the truth writes it when it agrees with it: "*" (any value) for a
    measurement the truth gives as such, ">=N" for one at least N that the truth gives so."""
    for truth in (f["value"] for f in site["findings"] if f["feature"] == feature):
        if truth == ANY_VALUE:
            return ANY_VALUE
        if truth.startswith(AT_LEAST):
            try:
                if float(value) >= float(truth.removeprefix(AT_LEAST)):
                    return str(truth)
            except ValueError:
                return value
    return value


PROFILE_FIELDS = (
    "reachable",
    "login_wall",
    "followers",
    "followers_rounded",
    "posts",
    "last_activity",
    "posts_90d",
    "posts_90d_partial",
)
FLAGS = ("login_wall", "followers_rounded", "posts_90d_partial")  # False when the truth omits them


@dataclass
class ProfileEvaluation:
    """The social spider's records against what the farm's platforms show."""

    expected: int = 0
    agreements: int = 0
    recorded: int = 0  # profiles the run has at all (0: `vigie social` was not run)
    # (code, profile URL, what differs) for each profile not recorded as the truth says
    mismatches: list[tuple[str, str, str]] = field(default_factory=list)


def _farm_accounts(truth: dict[str, Any]) -> dict[tuple[str, str], SocialLink]:
    """(code, profile URL) -> the farm's account, for the sites whose profiles the truth
    lists; empty when the truth does not name its farm (then its own figures are used)."""
    described, sites = truth.get("farm"), truth["sites"]
    size = described.get("sites") if isinstance(described, dict) else None
    seed = described.get("seed") if isinstance(described, dict) else None
    # The truth lists every site of its farm: any other count is not a farm's truth.
    if not isinstance(size, int) or not isinstance(seed, int) or size != len(sites):
        return {}
    farm = Farm(size, seed)
    links = {}
    for index, site in enumerate(sites):
        if isinstance(site, dict) and site.get("social_profiles"):
            made = farm.site(index)
            if made.code == site.get("code"):
                relayed = [relay.account for relay in social_relays(farm, made)]
                links.update(
                    {(made.code, link.expected): link for link in [*made.socials, *relayed]}
                )
    return links


def evaluate_profiles(engine: Engine, run_id: int, truth: dict[str, Any]) -> ProfileEvaluation:
    """Each profile the truth lists against the run's record of it. The figures that depend
    on the day (posts in the window) are the farm's for the run's day, the day the crawl
    started, whatever day `vigie social` ran."""
    day = run_day(engine, run_id)
    with engine.connect() as connection:
        columns = [getattr(SocialProfile, name) for name in PROFILE_FIELDS]
        rows = connection.execute(
            select(Authority.code, SocialProfile.url, *columns)
            .join(SocialProfile, SocialProfile.authority_id == Authority.id)
            .where(SocialProfile.run_id == run_id)
        ).all()
    recorded = {
        (code, url): dict(zip(PROFILE_FIELDS, values, strict=True)) for code, url, *values in rows
    }
    links = _farm_accounts(truth)
    result = ProfileEvaluation(recorded=len(recorded))
    for site in truth["sites"]:
        for listed in site.get("social_profiles", []):
            result.expected += 1
            link = links.get((site["code"], listed["url"]))
            expected = public_profile(link, day) if link else listed
            want = {
                name: expected.get(name, False if name in FLAGS else None)
                for name in PROFILE_FIELDS
            }
            got = recorded.get((site["code"], listed["url"]))
            if got == want:
                result.agreements += 1
                continue
            differences = (
                "not checked"
                if got is None
                else ", ".join(
                    f"{n}: {got[n]!r} instead of {want[n]!r}"
                    for n in PROFILE_FIELDS
                    if got[n] != want[n]
                )
            )
            result.mismatches.append((site["code"], listed["url"], differences))
    return result


def load_truth(path: Path) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return truth
