"""A run stored straight from a farm's ground truth, with planted errors of Vigie's, and the
coding workbook filled from the same truth, with planted disagreements of the coders: the
validation's end-to-end tests (test_validation.py) and its round trip on the demo."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import Engine, select

from cli.main import run
from crawler.items import Finding, PageRecord, SiteItem
from database.models import Authority
from database.repository import create_run, finish_run, pending_targets, store_site
from database.targets import import_file
from evaluation.truth import load_truth
from farm.catalogue import Farm
from farm.files import TARGETS_FILE, TRUTH_FILE, write_farm_files

WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# A personal profile in a "site réalisé par" credit, taken for the authority's account.
CREDIT_PROFILE = ("social.linkedin", "https://www.linkedin.com/in/jeanne-martin-webdesign")


@dataclass(frozen=True)
class Plan:
    """Vigie's planted errors, by site code: a spurious account, a legal notice missed, a
    CMS read wrong (WordPress for any other, Drupal for WordPress)."""

    spurious: frozenset[str] = frozenset()
    missed_notice: frozenset[str] = frozenset()
    wrong_cms: frozenset[str] = frozenset()


@dataclass
class StoredFarm:
    run_id: int
    truth: dict[tuple[str, str], set[tuple[str, str]]]  # (kind, code) -> true findings
    ok: list[tuple[str, str]] = field(default_factory=list)  # the sites crawled whole


def store_farm(engine: Engine, folder: Path, sites: int, seed: int, plan: Plan) -> StoredFarm:
    """The farm's sites imported and stored as a crawl that saw the truth would, but for the
    plan's errors; nothing is served or crawled."""
    files = write_farm_files(Farm(sites, seed, 8000, 8443), folder)
    import_file(engine, files[TARGETS_FILE])
    truth_sites = load_truth(files[TRUTH_FILE])["sites"]
    by_key = {(site["kind"], site["code"]): site for site in truth_sites}
    with engine.connect() as connection:
        keys = {id_: (kind, code) for id_, kind, code in
                connection.execute(select(Authority.id, Authority.kind, Authority.code))}  # fmt: skip
    run_id = create_run(engine, {"VIGIE_RENDERING": True}, now=WHEN)
    stored = StoredFarm(run_id, {})
    for target in pending_targets(engine, run_id):
        site = by_key[keys[target.authority_id]]
        true = {(f["feature"], f["value"]) for f in site["findings"]}
        stored.truth[keys[target.authority_id]] = true
        if site["status"] == "ok":
            stored.ok.append(keys[target.authority_id])
        store_site(engine, _item(run_id, target.authority_id, target.website_id,
                                 target.url, site, _seen(site["code"], true, plan)))  # fmt: skip
    finish_run(engine, run_id, now=WHEN)
    return stored


def _seen(code: str, true: set[tuple[str, str]], plan: Plan) -> set[tuple[str, str]]:
    seen = set(true)
    if code in plan.spurious:
        seen.add(CREDIT_PROFILE)
    if code in plan.missed_notice:
        seen = {(feature, value) for feature, value in seen if feature != "legal.notice_url"}
    if code in plan.wrong_cms:
        cms = {(feature, value) for feature, value in seen if feature == "tech.cms"}
        seen -= cms
        seen |= {
            ("tech.cms", "drupal" if value == "wordpress" else "wordpress") for _, value in cms
        }
    return seen


def _item(
    run_id: int,
    authority_id: int,
    website_id: int | None,
    url: str | None,
    site: dict[str, Any],
    seen: set[tuple[str, str]],
) -> SiteItem:
    if site["status"] != "ok" or url is None:
        return SiteItem(run_id, authority_id, website_id, site["status"], None, url, None,
                        WHEN, WHEN)  # fmt: skip
    home = PageRecord(url, url, 200, "text/html", 1000, WHEN, 10.0, "0" * 64, 0)
    findings = [
        Finding(feature, value, url, f"{feature}: {value}", "truth/1")
        for feature, value in sorted(seen)
    ]
    return SiteItem(run_id, authority_id, website_id, "ok", None, url, url, WHEN, WHEN,
                    [home], findings)  # fmt: skip


def in_group(feature: str, group: str) -> bool:
    """The test's own reading of docs/validation.md: a family ends with a dot."""
    return feature.startswith(group) if group.endswith(".") else feature == group


@dataclass(frozen=True)
class Row:
    number: int  # the spreadsheet's row
    line: str
    kind: str
    code: str
    group: str
    feature: str
    value: str | None
    true: str  # what the site shows: "oui" or "non", from the truth


def rows_with_truth(
    workbook: Path, truth: dict[tuple[str, str], set[tuple[str, str]]]
) -> list[Row]:
    """Each row of the coding sheet with the answer a coder who saw the truth gives."""
    sheet = load_workbook(workbook)["codage"]
    header = [cell.value for cell in sheet[1]]
    rows = []
    for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        cell = dict(zip(header, cells, strict=True))
        site = truth[(str(cell["type"]), str(cell["code"]))]
        group, value = str(cell["contrôle"]), str(cell["valeur Vigie"])
        if value == "(rien trouvé)":
            shown = any(in_group(feature, group) for feature, _ in site)
            found = None
        else:
            shown = (str(cell["constat"]), value) in site
            found = value
        rows.append(Row(number, str(cell["ligne"]), str(cell["type"]), str(cell["code"]), group,
                        str(cell["constat"]), found, "oui" if shown else "non"))  # fmt: skip
    return rows


def fill(workbook: Path, out: Path, codes: dict[str, dict[int, str]]) -> Path:
    """A copy of the workbook with columns filled: column name -> {spreadsheet row: code}."""
    book = load_workbook(workbook)
    sheet = book["codage"]
    header = [cell.value for cell in sheet[1]]
    for column, by_row in codes.items():
        letter = header.index(column) + 1
        for number, code in by_row.items():
            sheet.cell(row=number, column=letter, value=code)
    book.save(out)
    return out


@dataclass(frozen=True)
class Ran:
    status: int
    stdout: str
    stderr: str


def vigie_here(*arguments: str) -> Ran:
    """The command line run in this process, through its error boundary (cli/main.py): the
    validation's verbs start no crawl, and a process costs seconds to start."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = run(list(arguments))
    return Ran(status, out.getvalue(), err.getvalue())
