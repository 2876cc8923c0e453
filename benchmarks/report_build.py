"""Building the national deck from a 36,000-authority database: how long each step takes.

The database is filled as `rescore.py` fills it (the farm's ground truth as findings, no
crawl), scored with the default model, then the national report is built as `vigie report`
builds it: figures read from SQL, the deck, the study document (docx), the Excel workbook,
the charts as PNG. The deck is then opened again with python-pptx to count its slides.
Target: the national deck (figures and deck) under 30 s.

    .venv/bin/python benchmarks/report_build.py --sites 36000
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from pptx import Presentation
from rescore import fill  # the sibling benchmark's database filler

from database import open_database
from database.scope import parse_scope
from reports.charts import write_charts
from reports.data import load_report_data
from reports.deck import build_deck
from reports.document import build_document
from reports.workbook import write_workbook
from scoring.compute import score_run
from scoring.model import load_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=36000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scope", default="national")
    parser.add_argument("--db", help="SQLAlchemy URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        url = args.db or f"sqlite:///{folder / 'report.db'}"
        started = time.monotonic()
        findings = fill(url, args.sites, args.seed)
        print(f"filled: {args.sites} authorities, {findings} findings in {_since(started)}")
        engine, model = open_database(url), load_model()
        started = time.monotonic()
        scored = score_run(engine, 1, model)
        print(f"scored: {scored} authorities in {_since(started)}")
        steps = []
        began = started = time.monotonic()
        data = load_report_data(engine, 1, model, parse_scope(args.scope))
        steps.append(("figures read from SQL", _since(started)))
        started = time.monotonic()
        deck = build_deck(data, folder / "national.pptx")
        steps.append(("deck written", _since(started)))
        started = time.monotonic()
        build_document(data, model, folder / "national.docx")
        steps.append(("study document written", _since(started)))
        started = time.monotonic()
        write_workbook(data, folder / "national.xlsx")
        steps.append(("workbook written", _since(started)))
        started = time.monotonic()
        charts = write_charts(data, folder / "png")
        steps.append((f"{len(charts)} charts drawn", _since(started)))
        total = time.monotonic() - began
        for label, elapsed in steps:
            print(f"  {label:24s} {elapsed}")
        slides = len(Presentation(str(deck)).slides)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"report ({args.scope}): {total:.1f} s for {data.authorities} authorities, "
            f"{data.crawled} crawled, {len(data.ranking)} ranked; {slides} slides, "
            f"{deck.stat().st_size / 1e6:.1f} MB; peak RSS {peak:.0f} MB"
        )
        engine.dispose()


def _since(started: float) -> str:
    return f"{time.monotonic() - started:.1f} s"


if __name__ == "__main__":
    main()
