"""How right the findings are: `vigie accuracy`, `extract`, `replay`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Column, Table

from cli.common import (
    MAX_ERRORS_SHOWN,
    console,
    fail,
    family_table,
)

if TYPE_CHECKING:
    from evaluation.accuracy import PageCase, PageCheck

verbs = typer.Typer()  # its commands are the root command's own (cli/app.py)


CorpusOption = Annotated[
    Path | None,
    typer.Option(
        help="The real-pages corpus: the folder of the saved pages that the cases of "
        "evaluation/corpus/ read (required; ../shared/corpus next to a development checkout)."
    ),
]


@verbs.command()
def accuracy(
    corpus: CorpusOption = None,
    sites: Annotated[
        int, typer.Option(min=1, max=1_000_000, help="Synthetic authorities in the farm.")
    ] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the farm.")] = 7,
    workdir: Annotated[
        Path,
        typer.Option(
            help="Emptied, then holds the farm's files and its crawl's database: a new or empty "
            "folder, or one an earlier `vigie accuracy` made."
        ),
    ] = Path("vigie-accuracy"),
    farm: Annotated[
        bool,
        typer.Option(
            "--farm/--no-farm",
            help="Crawl the farm (minutes); --no-farm checks only the real pages (seconds).",
        ),
    ] = True,
    check: Annotated[
        bool,
        typer.Option(
            help="Exit 1 when a family is below target, or a real page differs from its case "
            "other than by a known miss, or a known miss no longer happens, or a page has no case."
        ),
    ] = False,
) -> None:
    """Measure the extractors: precision and recall per family on a crawled farm, and the
    findings read by hand on the real pages of the corpus (evaluation/corpus/).

    Example: vigie accuracy --sites 2000 --corpus ../shared/corpus
    """
    from evaluation.accuracy import WorkdirError, check_workdir

    try:
        if farm:
            check_workdir(workdir)  # before anything is emptied or crawled
    except WorkdirError as error:
        fail(str(error))
    cases = _cases_in(corpus)
    failed = _farm_accuracy(workdir, sites, seed) if farm else False
    failed_pages = _check_real_pages(*cases)
    if check and (failed or failed_pages):
        raise typer.Exit(1)


def _farm_accuracy(workdir: Path, sites: int, seed: int) -> bool:
    """Crawl the farm and print its scores; whether it misses a target or a status."""
    from evaluation.accuracy import PRECISION_TARGET, RECALL_TARGET, farm_accuracy
    from evaluation.accuracy import families_below_target as below_target

    result = farm_accuracy(
        workdir, sites, seed, {"LOG_FILE": str(workdir / "vigie-crawl.log")}, say=console.print
    )
    console.print(f"Farm: {result.status_agreements}/{result.sites} statuses as expected")
    console.print(family_table(result))
    below = below_target(result)
    console.print(
        f"Targets (precision ≥ {PRECISION_TARGET}, recall ≥ {RECALL_TARGET}): "
        + (f"missed by {', '.join(below)}" if below else "met by every family")
    )
    for code, kind, feature, value in result.errors[:MAX_ERRORS_SHOWN]:
        console.print(f"  {code}: {kind} {feature} = {value}")
    return bool(below or result.status_mismatches)


def _cases_in(corpus: Path | None) -> tuple[Path, list[PageCase]]:
    """The corpus folder and the cases of its pages, or a usage error saying what to pass."""
    from evaluation.accuracy import ExpectationError, load_cases, missing_pages

    fix = "pass --corpus DIR: the saved real pages, e.g. ../shared/corpus beside a checkout"
    if corpus is None:
        fail(f"vigie accuracy: no real-pages corpus given; {fix}")
    if not corpus.is_dir():
        fail(f"vigie accuracy: no corpus folder at {corpus.resolve()}; {fix}")
    try:
        cases = load_cases()
    except ExpectationError as error:
        fail(f"vigie accuracy: a malformed case: {error}")
    missing = missing_pages(corpus, cases)
    if missing:
        fail(
            f"vigie accuracy: {corpus.resolve()} lacks {len(missing)} of the"
            f" {len(cases)} pages of evaluation/corpus/ (first: {missing[0]}); {fix}"
        )
    return corpus, cases


def _check_real_pages(corpus: Path, cases: list[PageCase]) -> bool:
    """The real pages against the findings read by hand: print each page, what differs
    other than by a known miss, then the summary; whether anything does."""
    from evaluation.accuracy import check_corpus, pages_without_case

    checks = check_corpus(corpus, cases)
    pages = Table(
        Column("page", overflow="fold"), "expected", "holding", "known misses", "new or stale"
    )
    for page in checks:
        known = len(page.known_missing) + len(page.known_unexpected)
        counts = (len(page.expected), len(page.holding), known, len(page.new | page.stale))
        pages.add_row(page.page, *map(str, counts))
    console.print(pages)
    for page in checks:
        for kind, feature, value in sorted(page.new):
            console.print(f"  {page.page}: {kind} {feature} = {value} (not a known miss)")
        for kind, feature, value in sorted(page.stale):
            console.print(
                f"  {page.page}: known miss {kind} {feature} = {value} no longer happens:"
                " remove it from its case"
            )
    without = pages_without_case(corpus, cases)
    if without:
        console.print(f"  {len(without)} pages of the corpus have no case (first: {without[0]})")
    console.print(_real_pages_summary(checks))
    return bool(without) or not all(page.holds for page in checks)


def _real_pages_summary(checks: list[PageCheck]) -> str:
    expected = sum(len(page.expected) for page in checks)
    holding = sum(len(page.holding) for page in checks)
    missing = sum(len(page.known_missing) for page in checks)
    unexpected = sum(len(page.known_unexpected) for page in checks)
    new = sum(len(page.new) for page in checks)
    stale = sum(len(page.stale) for page in checks)
    return (
        f"Real pages: {len(checks)} pages, {expected} findings expected, {holding} hold; "
        f"known misses: {missing} missing, {unexpected} unexpected; "
        f"{new} new differences, {stale} stale known misses"
    )


@verbs.command()
def extract(
    path: Annotated[Path, typer.Argument(help="A saved page: HTML (any encoding) or PDF.")],
    url: Annotated[str, typer.Option(help="The address the page was served at.")],
) -> None:
    """Run every extractor on one saved page and print its findings as JSON.

    Example: vigie extract mentions.html --url https://www.mairie-exemple.fr/mentions-legales
    """
    from evaluation.findings import document_text, saved_page_document

    try:
        document = saved_page_document(path, url)
    except OSError as error:
        fail(f"{path}: {error.strerror}")
    print(document_text(document))


@verbs.command()
def replay(
    warc: Annotated[Path, typer.Argument(help="A WARC file a crawl wrote (VIGIE_WARC).")],
    url: Annotated[str, typer.Argument(help="The page's address, as archived.")],
) -> None:
    """Run every extractor again on a page as the crawl archived it, and print its findings
    as JSON: the way to check a disputed finding against the bytes the crawler read.

    Example: vigie replay warc/vigie-run-3-4242.warc.gz https://www.mairie-exemple.fr/
    """
    from warcio.exceptions import ArchiveLoadFailed

    from evaluation.findings import PageNotArchived, archived_page_document, document_text

    try:
        document = archived_page_document(warc, url)
    except OSError as error:
        fail(f"{warc}: {error.strerror or error}")
    except PageNotArchived as error:
        fail(str(error))
    except ArchiveLoadFailed as error:
        fail(f"{warc}: not a WARC file a crawl wrote ({str(error).splitlines()[0][:120]})")
    print(document_text(document))
