"""How right the extractors are: a farm crawled and compared with its ground truth, and the real
pages of the corpus compared with what was written by hand from reading them."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.runner import run_crawl, run_social
from database import open_database
from database.targets import import_file, import_targets
from evaluation.findings import document_pairs, saved_page_document
from evaluation.truth import Evaluation, evaluate, load_truth
from farm.catalogue import Farm
from farm.files import COMPOSITION_FILE, HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.process import farm_server

CASES = Path(__file__).with_name("corpus")  # one case a real page: <page's path>.json
MEASURED = "measured"  # the expectation's value for a measurement: any value agrees
MEASUREMENTS = frozenset({"readability.kandel_moles"})
MISS_KINDS = ("missing", "unexpected")
CASE_KEYS = frozenset({"page", "url", "note", "findings", "known_misses"})
FINDING_KEYS = {"feature", "value", "why"}  # and "kind" for a known miss
# The bar for every family on a farm crawl (issue 19: 0.99 both ways).
PRECISION_TARGET, RECALL_TARGET = 0.99, 0.99

Pair = tuple[str, str]


class ExpectationError(ValueError):
    """A case file is malformed; the message names the file and what is wrong."""


@dataclass(frozen=True)
class PageCase:
    """A real page of the corpus: the findings a person read in its markup (the truth), and
    where Vigie differs from them today (known misses, each with its reason)."""

    page: str  # the page's path in the corpus folder
    url: str
    findings: frozenset[Pair]
    known_missing: frozenset[Pair]
    known_unexpected: frozenset[Pair]

    @property
    def expected(self) -> frozenset[Pair]:
        if self.url.startswith("https://"):  # from the URL: saved pages have no headers
            return self.findings | {("security.https", "true")}
        return self.findings


@dataclass(frozen=True)
class PageCheck:
    page: str
    expected: frozenset[Pair]
    missing: frozenset[Pair]
    unexpected: frozenset[Pair]
    known_missing: frozenset[Pair]
    known_unexpected: frozenset[Pair]

    @property
    def holding(self) -> frozenset[Pair]:
        return self.expected - self.missing

    @property
    def new(self) -> frozenset[tuple[str, str, str]]:
        """Differences no case names: (kind, feature, value)."""
        return frozenset(
            {("missing", *pair) for pair in self.missing - self.known_missing}
            | {("unexpected", *pair) for pair in self.unexpected - self.known_unexpected}
        )

    @property
    def stale(self) -> frozenset[tuple[str, str, str]]:
        """Known misses that no longer happen: the case must drop them."""
        return frozenset(
            {("missing", *pair) for pair in self.known_missing - self.missing}
            | {("unexpected", *pair) for pair in self.known_unexpected - self.unexpected}
        )

    @property
    def holds(self) -> bool:
        return not self.new and not self.stale


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key!r} must be a non-empty string, not {value!r}")
    return value


def _pairs(entries: Any, key: str, keys: set[str]) -> list[tuple[str, str, str]]:
    """(feature, value, extra) of a list of objects with exactly `keys`."""
    if not isinstance(entries, list):
        raise ValueError(f"{key!r} must be a list")
    pairs = []
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != keys:
            raise ValueError(f"each of {key!r} has exactly the keys {sorted(keys)}: {entry!r}")
        _text(entry, "why")
        extra = entry.get("kind", "")
        if key == "known_misses" and extra not in MISS_KINDS:
            raise ValueError(f"a known miss's kind is one of {MISS_KINDS}, not {extra!r}")
        pairs.append((_text(entry, "feature"), _text(entry, "value"), extra))
    if len({(f, v) for f, v, _ in pairs}) < len(pairs):
        raise ValueError(f"{key!r} names a finding twice")
    return pairs


def _case(document: Any, relative: Path) -> PageCase:
    if not isinstance(document, dict) or not CASE_KEYS >= set(document) >= CASE_KEYS - {"note"}:
        raise ValueError(f"a case has the keys {sorted(CASE_KEYS)} ('note' optional)")
    page, url = _text(document, "page"), _text(document, "url")
    if Path(page).with_suffix(".json") != relative:
        raise ValueError(f"the case of page {page!r} belongs at {Path(page).with_suffix('.json')}")
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"url {url!r} is not an http(s) address")
    findings = {(f, v) for f, v, _ in _pairs(document["findings"], "findings", FINDING_KEYS)}
    misses = _pairs(document["known_misses"], "known_misses", FINDING_KEYS | {"kind"})
    measured = {(f, v) for f, v in findings | {(f, v) for f, v, _ in misses} if f in MEASUREMENTS}
    if any(v != MEASURED for _, v in measured):
        raise ValueError(f"a measurement's value is {MEASURED!r}: {sorted(measured)}")
    missing = {(f, v) for f, v, kind in misses if kind == "missing"}
    unexpected = {(f, v) for f, v, kind in misses if kind == "unexpected"}
    if missing - findings:
        raise ValueError(f"a 'missing' known miss is not among the findings: {missing - findings}")
    if unexpected & findings:
        raise ValueError(
            f"an 'unexpected' known miss is among the findings: {unexpected & findings}"
        )
    return PageCase(page, url, frozenset(findings), frozenset(missing), frozenset(unexpected))


def load_cases(folder: Path | None = None) -> list[PageCase]:
    """The cases of the real pages, in the order of their pages' paths."""
    folder = CASES if folder is None else folder
    cases = []
    for path in sorted(folder.rglob("*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            cases.append(_case(document, path.relative_to(folder)))
        except (ValueError, TypeError) as error:  # JSONDecodeError is a ValueError
            raise ExpectationError(f"{path}: {error}") from None
    return cases


def corpus_pages(corpus: Path) -> list[str]:
    """The HTML pages of the corpus folder, as paths relative to it."""
    return sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.html") if p.is_file())


def missing_pages(corpus: Path, cases: list[PageCase]) -> list[str]:
    """The pages of the cases that the corpus folder lacks."""
    return [case.page for case in cases if not (corpus / case.page).is_file()]


def pages_without_case(corpus: Path, cases: list[PageCase]) -> list[str]:
    """The corpus's HTML pages that no case reads yet."""
    return sorted(set(corpus_pages(corpus)) - {case.page for case in cases})


def found_on(corpus: Path, case: PageCase) -> set[Pair]:
    """What the extractors report on the saved page (its findings document), measurements
    as MEASURED."""
    document = saved_page_document(corpus / case.page, case.url)
    return {
        (feature, MEASURED if feature in MEASUREMENTS else value)
        for feature, value in document_pairs(document)
    }


def check_corpus(corpus: Path, cases: list[PageCase]) -> list[PageCheck]:
    checks = []
    for case in cases:
        found = found_on(corpus, case)
        checks.append(
            PageCheck(
                case.page,
                case.expected,
                case.expected - found,
                frozenset(found - case.expected),
                case.known_missing,
                case.known_unexpected,
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
        # The communes' EPCI, as INSEE's composition file gives them, before the crawl.
        (composition,) = import_targets(engine, [files[COMPOSITION_FILE]]).reports
        if composition.membership is not None:
            with_epci = composition.membership.in_database - composition.membership.without_epci
            say(f"Membership: {with_epci} communes given their EPCI")
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
