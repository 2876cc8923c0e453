"""How right the extractors are: a farm crawled and compared with its ground truth, and the real
pages of the corpus compared with what was written by hand from reading them."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.runner import run_crawl, run_social
from database import open_database
from database.targets import import_file
from evaluation.findings import document_pairs, saved_page_document
from evaluation.truth import Evaluation, evaluate, load_truth
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.process import farm_server

EXPECTATIONS = Path(__file__).with_name("corpus_expectations.toml")
MEASURED = "measured"  # the expectation's value for a measurement: any value agrees
MEASUREMENTS = frozenset({"readability.kandel_moles"})
# The bar for every family on a farm crawl.
PRECISION_TARGET, RECALL_TARGET = 0.98, 0.95


class ExpectationError(ValueError):
    """The expectations file is malformed; the message names the entry."""


@dataclass(frozen=True)
class PageExpectation:
    file: str
    url: str
    findings: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class PageCheck:
    file: str
    expected: frozenset[tuple[str, str]]
    missing: frozenset[tuple[str, str]]
    unexpected: frozenset[tuple[str, str]]

    @property
    def holds(self) -> bool:
        return not self.missing and not self.unexpected


def load_expectations(path: Path = EXPECTATIONS) -> list[PageExpectation]:
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    pages = []
    for number, entry in enumerate(document.get("page", []), start=1):
        try:
            findings = frozenset((str(f), str(v)) for f, v in entry["findings"])
            pages.append(PageExpectation(str(entry["file"]), str(entry["url"]), findings))
        except (KeyError, TypeError, ValueError) as error:
            raise ExpectationError(f"{path}: page entry {number}: {error!r}") from None
    return pages


def found_on(corpus: Path, expectation: PageExpectation) -> set[tuple[str, str]]:
    """What the extractors report on the saved page (its findings document), measurements
    as MEASURED."""
    document = saved_page_document(corpus / expectation.file, expectation.url)
    return {
        (feature, MEASURED if feature in MEASUREMENTS else value)
        for feature, value in document_pairs(document)
    }


def missing_pages(corpus: Path, expectations: list[PageExpectation]) -> list[str]:
    """The pages of the expectations that the corpus folder lacks."""
    return [e.file for e in expectations if not (corpus / e.file).is_file()]


def check_corpus(corpus: Path, expectations: list[PageExpectation]) -> list[PageCheck]:
    checks = []
    for expectation in expectations:
        expected = set(expectation.findings)
        if expectation.url.startswith("https://"):
            expected.add(("security.https", "true"))  # from the URL: saved pages have no headers
        found = found_on(corpus, expectation)
        checks.append(
            PageCheck(
                expectation.file,
                frozenset(expected),
                frozenset(expected - found),
                frozenset(found - expected),
            )
        )
    return checks


def crawl_farm(
    database_url: str,
    workdir: Path,
    sites: int,
    seed: int,
    crawl_overrides: dict[str, Any] | None = None,
    say: Callable[[str], None] = print,
    social: bool = False,
) -> tuple[int, str, Path]:
    """Serve a farm, import its targets and crawl it, then (`social`) visit the social
    accounts its sites link to on the farm's mock platforms: (run id, run status, truth)."""
    engine = open_database(database_url)
    with farm_server(sites, seed) as ports:
        say(
            f"Farm: {sites} synthetic authority sites served on 127.0.0.1:{ports.http} "
            f"(HTTPS: {ports.tls})"
        )
        files = write_farm_files(Farm(sites, seed, ports.http, ports.tls), workdir)
        imported = import_file(engine, files[TARGETS_FILE])
        say(
            f"Targets: {imported.loaded} authorities imported from {files[TARGETS_FILE]}, "
            f"{imported.with_website} with a website"
        )
        overrides = {"VIGIE_FARM_HOSTS": str(files[HOSTS_FILE]), **(crawl_overrides or {})}
        run_id, run_status = run_crawl(database_url, overrides=overrides)
        if social:
            origin = {"VIGIE_PLATFORM_ORIGIN": f"http://{{host}}:{ports.http}"}
            checked, reachable = run_social(database_url, run_id, {**overrides, **origin})
            say(f"Social: {checked} accounts checked, {reachable} reachable")
    engine.dispose()
    return run_id, run_status, files[TRUTH_FILE]


WORKDIR_MARK = ".vigie-accuracy"  # says a folder is the accuracy check's, so it may be emptied


class WorkdirError(ValueError):
    """A working folder the accuracy check must not empty: a file, or someone else's files."""


def check_workdir(workdir: Path) -> None:
    """Refuse a working folder that is a file, or a folder that holds files Vigie did not put
    there: emptying it would delete them."""
    if workdir.exists() and not workdir.is_dir():
        raise WorkdirError(f"--workdir {workdir}: it is a file; give a folder (new or empty)")
    if workdir.is_dir() and any(workdir.iterdir()) and not (workdir / WORKDIR_MARK).is_file():
        raise WorkdirError(
            f"--workdir {workdir}: this folder holds files that `vigie accuracy` did not make, "
            "and it empties its folder; give a new or empty folder"
        )


def fresh_workdir(workdir: Path) -> None:
    """An empty working folder, marked as the accuracy check's."""
    check_workdir(workdir)
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    (workdir / WORKDIR_MARK).write_text(
        "Made by vigie accuracy, which empties this folder at each run.\n", encoding="utf-8"
    )


def farm_accuracy(
    workdir: Path,
    sites: int,
    seed: int,
    crawl_overrides: dict[str, Any] | None = None,
    say: Callable[[str], None] = print,
) -> Evaluation:
    """A fresh database in `workdir`, the farm crawled into it, compared with its truth."""
    fresh_workdir(workdir)
    database_url = f"sqlite:///{workdir / 'accuracy.db'}"
    run_id, _, truth = crawl_farm(database_url, workdir, sites, seed, crawl_overrides, say)
    engine = open_database(database_url)
    result = evaluate(engine, run_id, load_truth(truth))
    engine.dispose()
    return result


def families_below_target(result: Evaluation) -> list[str]:
    return [
        name
        for name, score in sorted(result.families.items())
        if (score.precision is not None and score.precision < PRECISION_TARGET)
        or (score.recall is not None and score.recall < RECALL_TARGET)
    ]
