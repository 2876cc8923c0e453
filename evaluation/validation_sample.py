"""`vigie validate sample`: a stratified sample of a run's crawled sites, and one row per
finding of each validated feature on them, or one "nothing found" row where Vigie found
none, for two coders to check by hand (docs/validation.md)."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, select

from database.geography import STRATUM_ORDER
from database.models import Authority, FindingRow, SiteScan
from database.vocabulary import SOCIAL_PLATFORMS
from reports.labels import FEATURE_FAMILIES, FEATURE_LABELS

# What the study cites most, and where real pages showed the extractors' classes of error
# (issue 19): accounts, CMS, trackers, alert apps, legal and accessibility links.
DEFAULT_FEATURES = (
    "a11y.mention",
    "a11y.statement_url",
    "legal.notice_url",
    "legal.privacy_url",
    "social.",
    "tech.cms",
    "trackers",
    "alerts.app",
    "eservices.kind",
    "transparency.acts",
    "contact.form",
)
SNIPPET_CHARACTERS = 300  # of a finding's evidence, in the workbook
UNKNOWN_STRATUM = "inconnue"


class SampleError(ValueError):
    """A sample that cannot be drawn as asked: one line that says why."""


@dataclass(frozen=True)
class SampledSite:
    authority_id: int
    kind: str
    code: str
    name: str
    stratum: str
    url: str


@dataclass(frozen=True)
class SampleRow:
    """One statement of Vigie's for the coders: `value` found for `feature` (a member of the
    validated `group`), or, with `value` None, nothing of the group found on the site."""

    line: int
    site: SampledSite
    group: str
    feature: str
    value: str | None
    evidence_url: str
    snippet: str


@dataclass
class Sample:
    run_id: int
    seed: int
    groups: tuple[str, ...]
    eligible: dict[str, int]  # crawled sites of each stratum in the run
    sites: list[SampledSite]
    rows: list[SampleRow]

    def drawn(self) -> Counter[str]:
        return Counter(site.stratum for site in self.sites)

    def found_on(self, group: str) -> int:
        """Sampled sites on which Vigie found something of the group."""
        return len({row.site.code for row in self.rows if row.group == group and row.value})


def known_feature(feature: str) -> bool:
    """A feature key of docs/features.md, or a family of them ending with a dot ("social.")."""
    if feature in FEATURE_LABELS or feature in FEATURE_FAMILIES:
        return True
    return feature.removeprefix("social.") in SOCIAL_PLATFORMS and feature.startswith("social.")


def in_group(feature: str, group: str) -> bool:
    return feature.startswith(group) if group.endswith(".") else feature == group


def check_groups(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The validated features as given, or SampleError: unknown, repeated or overlapping."""
    if not groups:
        raise SampleError("--features: name at least one feature")
    for group in groups:
        if not known_feature(group):
            raise SampleError(
                f"--features: {group!r} is no feature of docs/features.md (a key such as "
                "tech.cms, or a family ending with a dot such as social.)"
            )
    for index, group in enumerate(groups):
        for other in groups[:index] + groups[index + 1 :]:
            if other == group or in_group(other, group):
                raise SampleError(f"--features: {other} is counted twice (in {group})")
    return groups


def allocate(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Sites to draw from each stratum: proportional to its size (largest remainders), so
    that the sample weighs each stratum as the run does; every stratum gets one site at
    least when `total` allows, taken from the largest allocations."""
    population = sum(sizes.values())
    if total >= population:
        return dict(sizes)
    shares = {stratum: total * size / population for stratum, size in sizes.items()}
    counts = {stratum: int(share) for stratum, share in shares.items()}
    by_remainder = sorted(sizes, key=lambda s: (-(shares[s] - counts[s]), s))
    for stratum in by_remainder[: total - sum(counts.values())]:
        counts[stratum] += 1
    if total >= len(sizes):
        for stratum in sorted(sizes):
            if counts[stratum] == 0 and sizes[stratum] > 0:
                richest = max(sorted(counts), key=lambda s: counts[s])
                counts[richest] -= 1
                counts[stratum] = 1
    return counts


def draw_sample(
    engine: Engine, run_id: int, sites: int, seed: int, groups: tuple[str, ...]
) -> Sample:
    """`sites` of the run's crawled sites (status ok), drawn at random within strata by
    `seed` (the same seed, run and database draw the same sample), with their rows."""
    check_groups(groups)
    crawled = _crawled_sites(engine, run_id)
    if not crawled:
        raise SampleError(f"run {run_id} has no crawled site (status ok) to validate")
    strata: dict[str, list[SampledSite]] = defaultdict(list)
    for site in crawled:
        strata[site.stratum].append(site)
    counts = allocate({stratum: len(members) for stratum, members in strata.items()}, sites)
    rng = random.Random(f"vigie-validation:{seed}")
    ordered = sorted(strata, key=_stratum_order)
    drawn = [site for stratum in ordered for site in rng.sample(strata[stratum], counts[stratum])]
    drawn.sort(key=lambda site: (_stratum_order(site.stratum), site.kind, site.code))
    return Sample(
        run_id=run_id,
        seed=seed,
        groups=groups,
        eligible={stratum: len(strata[stratum]) for stratum in ordered},
        sites=drawn,
        rows=_rows(engine, run_id, drawn, groups),
    )


def _stratum_order(stratum: str) -> tuple[int, str]:
    """Communes by size, then EPCI, départements, régions; any other stratum after them."""
    known = stratum in STRATUM_ORDER
    return (STRATUM_ORDER.index(stratum) if known else len(STRATUM_ORDER), stratum)


def _crawled_sites(engine: Engine, run_id: int) -> list[SampledSite]:
    """The run's sites crawled whole (status ok), by kind and code."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                Authority.id,
                Authority.kind,
                Authority.code,
                Authority.name,
                Authority.stratum,
                SiteScan.final_url,
                SiteScan.start_url,
            )
            .join(SiteScan, SiteScan.authority_id == Authority.id)
            .where(SiteScan.run_id == run_id, SiteScan.status == "ok")
            .order_by(Authority.kind, Authority.code)
        ).all()
    return [
        SampledSite(id_, kind, code, name, stratum or UNKNOWN_STRATUM, final or start or "")
        for id_, kind, code, name, stratum, final, start in rows
    ]


def _rows(
    engine: Engine, run_id: int, sites: list[SampledSite], groups: tuple[str, ...]
) -> list[SampleRow]:
    """For each site, each group: a row per finding of the group (by feature and value), or
    one row saying that nothing of the group was found."""
    found: dict[int, list[tuple[str, str, str, str]]] = defaultdict(list)
    with engine.connect() as connection:
        for authority_id, feature, value, url, snippet in connection.execute(
            select(
                FindingRow.authority_id,
                FindingRow.feature,
                FindingRow.value,
                FindingRow.evidence_url,
                FindingRow.snippet,
            )
            .where(
                FindingRow.run_id == run_id,
                FindingRow.authority_id.in_([site.authority_id for site in sites]),
            )
            .order_by(FindingRow.feature, FindingRow.value)
        ):
            found[authority_id].append((feature, value, url, snippet))
    rows: list[SampleRow] = []
    for site in sites:
        for group in groups:
            members = [f for f in found[site.authority_id] if in_group(f[0], group)]
            for feature, value, url, snippet in members:
                short = snippet[:SNIPPET_CHARACTERS]
                rows.append(SampleRow(len(rows) + 1, site, group, feature, value, url, short))
            if not members:
                rows.append(SampleRow(len(rows) + 1, site, group, group, None, site.url, ""))
    return rows
