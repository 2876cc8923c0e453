"""How right the findings are: `vigie accuracy`, `extract`, `replay`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cli.common import (
    MAX_ERRORS_SHOWN,
    console,
    errors,
    fail,
    ratio_text,
)

verbs = typer.Typer()  # its commands are the root command's own (cli/app.py)


@verbs.command()
def accuracy(
    sites: Annotated[int, typer.Option(help="Synthetic authorities in the farm.")] = 200,
    seed: Annotated[int, typer.Option(help="Seed of the farm.")] = 7,
    corpus: Annotated[
        Path | None,
        typer.Option(help="The real-pages corpus (default: ../shared/corpus, when present)."),
    ] = None,
    workdir: Annotated[
        Path, typer.Option(help="Emptied, then holds the farm's files and its crawl's database.")
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
        check_corpus,
        families_below_target,
        farm_accuracy,
        load_expectations,
    )

    result = farm_accuracy(
        workdir, sites, seed, {"LOG_FILE": str(workdir / "vigie-crawl.log")}, say=console.print
    )
    console.print(f"Farm: {result.status_agreements}/{result.sites} statuses as expected")
    table = Table("family", "precision", "recall", "true", "spurious", "missed")
    for name, s in sorted(result.families.items()):
        counts = (s.true_positives, s.false_positives, s.false_negatives)
        table.add_row(name, ratio_text(s.precision), ratio_text(s.recall), *map(str, counts))
    console.print(table)
    below = families_below_target(result)
    console.print(
        f"Targets (precision ≥ {PRECISION_TARGET}, recall ≥ {RECALL_TARGET}): "
        + (f"missed by {', '.join(below)}" if below else "met by every family")
    )
    for code, kind, feature, value in result.errors[:MAX_ERRORS_SHOWN]:
        console.print(f"  {code}: {kind} {feature} = {value}")
    corpus = corpus or Path(__file__).resolve().parents[2] / "shared" / "corpus"
    failed_pages = 0
    if not corpus.is_dir():
        console.print(f"Real pages: no corpus at {corpus}, not measured")
    else:
        checks = check_corpus(corpus, load_expectations())
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
    if check and (below or failed_pages or result.status_mismatches):
        raise typer.Exit(1)


@verbs.command()
def extract(
    path: Annotated[Path, typer.Argument(help="A saved page: HTML (any encoding) or PDF.")],
    url: Annotated[str, typer.Option(help="The address the page was served at.")],
) -> None:
    """Run every extractor on one saved page and print its findings as JSON.

    Example: vigie extract mentions.html --url https://www.mairie-exemple.fr/mentions-legales
    """
    import json
    from dataclasses import asdict

    from pipelines.extractors import extract_page
    from pipelines.extractors.documents import page_from_bytes

    try:
        body = path.read_bytes()
    except OSError as error:
        errors.print(f"{path}: {error.strerror}")
        raise typer.Exit(2) from None
    findings = extract_page(page_from_bytes(url, body))
    document = {"url": url, "findings": [asdict(finding) for finding in findings]}
    print(json.dumps(document, ensure_ascii=False, indent=2))


@verbs.command()
def replay(
    warc: Annotated[Path, typer.Argument(help="A WARC file a crawl wrote (VIGIE_WARC).")],
    url: Annotated[str, typer.Argument(help="The page's address, as archived.")],
) -> None:
    """Run every extractor again on a page as the crawl archived it, and print its findings
    as JSON: the way to check a disputed finding against the bytes the crawler read.

    Example: vigie replay warc/vigie-run-3-4242.warc.gz https://www.mairie-exemple.fr/
    """
    import json
    from dataclasses import asdict

    from crawler.warc import archived_response
    from pipelines.extractors import extract_page
    from pipelines.extractors.documents import page_from_bytes

    try:
        found = archived_response(warc, url)
    except OSError as error:
        fail(f"{warc}: {error}")
    if found is None:
        fail(f"{warc} holds no response for {url}")
    status, headers, body = found
    findings = extract_page(page_from_bytes(url, body, headers.get("content-type"), headers))
    document = {"url": url, "status": status, "findings": [asdict(f) for f in findings]}
    print(json.dumps(document, ensure_ascii=False, indent=2))
