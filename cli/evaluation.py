"""How right the findings are: `vigie accuracy`, `extract`, `replay`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cli.common import (
    MAX_ERRORS_SHOWN,
    console,
    fail,
    family_table,
)

if TYPE_CHECKING:
    from evaluation.accuracy import PageExpectation

verbs = typer.Typer()  # its commands are the root command's own (cli/app.py)


CorpusOption = Annotated[
    Path | None,
    typer.Option(
        help="The real-pages corpus: the folder of the saved pages that "
        "evaluation/corpus_expectations.toml names (required; ../shared/corpus next to a "
        "development checkout)."
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
    check: Annotated[
        bool, typer.Option(help="Exit 1 when a family is below target or an expectation fails.")
    ] = False,
) -> None:
    """Measure the extractors: precision and recall per family on a crawled farm, and the
    hand-written expectations on the real pages of the corpus.

    Example: vigie accuracy --sites 2000 --corpus ../shared/corpus
    """
    from evaluation.accuracy import (
        PRECISION_TARGET,
        RECALL_TARGET,
        WorkdirError,
        check_workdir,
        farm_accuracy,
    )
    from evaluation.accuracy import families_below_target as below_target

    try:
        check_workdir(workdir)  # before anything is emptied or crawled
    except WorkdirError as error:
        fail(str(error))
    expectations = _expectations_in(corpus)
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
    failed_pages = _check_real_pages(expectations)
    if check and (below or failed_pages or result.status_mismatches):
        raise typer.Exit(1)


def _expectations_in(corpus: Path | None) -> tuple[Path, list[PageExpectation]]:
    """The corpus folder and the pages expected in it, or a usage error saying what to pass."""
    from evaluation.accuracy import load_expectations, missing_pages

    fix = "pass --corpus DIR: the saved real pages, e.g. ../shared/corpus beside a checkout"
    if corpus is None:
        fail(f"vigie accuracy: no real-pages corpus given; {fix}")
    if not corpus.is_dir():
        fail(f"vigie accuracy: no corpus folder at {corpus.resolve()}; {fix}")
    expectations = load_expectations()
    missing = missing_pages(corpus, expectations)
    if missing:
        fail(
            f"vigie accuracy: {corpus.resolve()} lacks {len(missing)} of the"
            f" {len(expectations)} pages of evaluation/corpus_expectations.toml"
            f" (first: {missing[0]}); {fix}"
        )
    return corpus, expectations


def _check_real_pages(corpus_pages: tuple[Path, list[PageExpectation]]) -> int:
    """The real pages against the findings written by hand: print each page, then the
    summary; the number of pages that differ."""
    from evaluation.accuracy import check_corpus

    checks = check_corpus(*corpus_pages)
    pages = Table("page", "expected", "missing", "unexpected")
    for page in checks:
        pages.add_row(
            page.file,
            str(len(page.expected)),
            ", ".join(f"{f}={v}" for f, v in sorted(page.missing)) or "-",
            ", ".join(f"{f}={v}" for f, v in sorted(page.unexpected)) or "-",
        )
    console.print(pages)
    failed_pages = sum(not page.holds for page in checks)
    expected = sum(len(page.expected) for page in checks)
    console.print(
        f"Real pages: {len(checks) - failed_pages}/{len(checks)} pages as written by hand "
        f"({expected} findings expected)"
    )
    return failed_pages


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
