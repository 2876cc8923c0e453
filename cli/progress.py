"""The live display of a long crawl: sites stored out of all, pages per second, problems, ETA."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from crawler.runner import Progress as CrawlProgress


class CrawlDisplay:
    """A rich progress bar fed with what the database says (`crawler.runner.Progress`)."""

    def __init__(self, console: Console, run_id: int | None = None):
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("sites · {task.fields[pages_per_second]:.1f} pages/s"),
            TextColumn("· {task.fields[not_ok]} not crawlable"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        label = f"Run {run_id}" if run_id is not None else "Crawl"
        self.task = self.progress.add_task(label, total=None, pages_per_second=0.0, not_ok=0)
        self.first: CrawlProgress | None = None
        self.started = False

    def __enter__(self) -> CrawlDisplay:
        # The bar is drawn at the first progress only: a crawl refused before it starts (a
        # selection that matches nothing, a busy run) prints its one line, no empty bar.
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.started:
            self.progress.stop()

    def update(self, progress: CrawlProgress) -> None:
        if not self.started:
            self.progress.start()
            self.started = True
        # A resumed run starts with sites already stored: the rate counts this session only.
        first = self.first = self.first or progress
        pages = progress.pages - first.pages
        self.progress.update(
            self.task,
            total=progress.sites_total,
            completed=progress.sites_done,
            pages_per_second=pages / progress.elapsed if progress.elapsed > 0 else 0.0,
            not_ok=progress.not_ok,
        )
