"""Runs inserted directly, for the health check's tests (tests/scoring/test_health.py,
tests/cli/test_runs_health.py): SITES communes, and a run's statuses, features and pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert, select

from database.models import Authority, CrawlRun, FindingRow, PageRow, SiteScan, Website
from database.targets import import_file

NOW = datetime(2026, 11, 2, tzinfo=UTC)
SITES = 20


@dataclass
class Planted:
    """One run's rows: a status per site (ok unless said), features per site, pages."""

    statuses: dict[int, str] = field(default_factory=dict)
    features: dict[str, int] = field(default_factory=dict)  # feature -> first n 'ok' sites
    pages: int = 10  # pages_fetched of each 'ok' site
    pages_of: dict[int, int] = field(default_factory=dict)  # site index -> its own count
    page_rows: int = 3  # page rows per 'ok' site
    failed_pages: int = 0  # of which, the first n (over the run) whose extractor failed
    cached_sites: int = 0  # the first n 'ok' sites' pages came from the HTTP cache
    status: str = "finished"
    kind: str = "complete"
    base_run_id: int | None = None
    sites: int = SITES


def make_sites(engine: Engine, tmp_path: Path) -> list[tuple[int, int]]:
    """(authority id, website id) of SITES communes."""
    path = tmp_path / "targets.csv"
    lines = [f"440{i:02d},Commune {i},commune,http://commune-{i}.fr/,1000" for i in range(SITES)]
    path.write_text("code,name,kind,url,population\n" + "\n".join(lines) + "\n", encoding="utf-8")
    import_file(engine, path)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Authority.id, Website.id)
            .join(Website, Website.authority_id == Authority.id)
            .order_by(Authority.code)
        )
        return [(authority, website) for authority, website in rows]


def add_run(engine: Engine, sites: list[tuple[int, int]], plan: Planted) -> int:
    with engine.begin() as connection:
        run_id = int(
            connection.execute(
                insert(CrawlRun).values(
                    started_at=NOW, status=plan.status, settings={}, targets_count=SITES,
                    kind=plan.kind, base_run_id=plan.base_run_id,
                    selection={"status": ["timeout"]} if plan.kind == "partial" else None,
                )
            ).inserted_primary_key[0]  # type: ignore[index]
        )  # fmt: skip
        ok = [pair for i, pair in enumerate(sites[: plan.sites]) if i not in plan.statuses]
        for i, (authority, website) in enumerate(sites[: plan.sites]):
            status = plan.statuses.get(i, "ok")
            fetched = plan.pages_of.get(i, plan.pages) if status == "ok" else 1
            connection.execute(insert(SiteScan).values(
                run_id=run_id, authority_id=authority, website_id=website, status=status,
                pages_fetched=fetched, finished_at=NOW))  # fmt: skip
        for feature, holders in plan.features.items():
            for authority, website in ok[:holders]:
                connection.execute(insert(FindingRow).values(
                    run_id=run_id, authority_id=authority, website_id=website, feature=feature,
                    value="true", evidence_url="http://x/", snippet="", detector="t/1"))  # fmt: skip
        page = 0
        for index, (_, website) in enumerate(ok):
            for n in range(plan.page_rows):
                error = (
                    "extraction failed: RecursionError: deep" if page < plan.failed_pages else None
                )
                page += 1
                connection.execute(insert(PageRow).values(
                    run_id=run_id, website_id=website, requested_url=f"http://x/{n}",
                    final_url=f"http://x/{n}", http_status=200, fetched_at=NOW, error=error,
                    from_cache=index < plan.cached_sites))  # fmt: skip
    return run_id
