"""A digest of everything extraction finds, to show that a speed-up changed no finding.

Usage: .venv/bin/python benchmarks/extraction_equal.py [--sites 100] [--pages]
Runs `extract_page` over every real page of ../shared/corpus (at its case's URL) and the
HTML pages of a farm, and hashes every finding (feature, value, evidence URL, snippet,
detector) together with the views the spider and the shell checks read (links, embeds, the
JavaScript-shell, injected-navigation and parking verdicts). Run it before and after a change:
the printed digests must be byte-identical. `--pages` prints one digest a page, to find
which page moved.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction_speed import CORPUS, farm_pages  # noqa: E402

from evaluation.accuracy import load_cases  # noqa: E402
from pipelines.extractors import extract_page  # noqa: E402
from pipelines.extractors.documents import page_from_bytes  # noqa: E402
from pipelines.extractors.parking import parking_evidence  # noqa: E402
from pipelines.extractors.shell import injected_navigation, is_javascript_shell  # noqa: E402

Source = tuple[str, bytes, str]


def corpus_sources() -> list[Source]:
    """Each corpus page at its case's URL (same-site checks depend on it), else example.fr."""
    if not CORPUS.is_dir():
        return []
    urls = {case.page: case.url for case in load_cases()}
    return [
        (urls.get(name, f"https://example.fr/{name}"), (CORPUS / name).read_bytes(), "text/html")
        for name in sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.html"))
    ]


def page_record(url: str, body: bytes, content_type: str) -> tuple[str, int]:
    """Everything read of one page, as canonical JSON, and its number of findings."""
    page = page_from_bytes(url, body, content_type)
    findings = [
        [f.feature, f.value, f.evidence_url, f.snippet, f.detector] for f in extract_page(page)
    ]
    views = page_from_bytes(url, body, content_type)  # fresh: no view computed before
    record = {
        "findings": findings,
        "links": [[link.url, link.text, link.rel, link.snippet] for link in views.links],
        "embeds": [[link.url, link.snippet] for link in views.embeds],
        "shell": is_javascript_shell(views),
        "injected": injected_navigation(views),
        "parked": parking_evidence(views),
    }
    return json.dumps(record, ensure_ascii=False, sort_keys=True), len(findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--pages", action="store_true", help="one digest a page")
    args = parser.parse_args()
    for name, sources in (("corpus", corpus_sources()), ("farm", farm_pages(args.sites))):
        whole = hashlib.sha256()
        count = 0
        for url, body, content_type in sources:
            record, found = page_record(url, body, content_type)
            count += found
            whole.update(record.encode("utf-8") + b"\n")
            if args.pages:
                print(f"  {hashlib.sha256(record.encode()).hexdigest()[:16]} {url}")
        print(f"{name}: {len(sources)} pages, {count} findings, sha256 {whole.hexdigest()}")


if __name__ == "__main__":
    main()
