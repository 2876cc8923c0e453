"""The study document's own charts (matplotlib, the deck's colours), drawn at the size of an
A4 page: per axis, the share of scored sites meeting each indicator and the axis by stratum."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen where reports are built

import matplotlib.pyplot as plt  # noqa: E402

from reports.document_figures import IndicatorFigure  # noqa: E402
from reports.french import french_percent  # noqa: E402
from reports.layout import SCALE  # noqa: E402
from reports.thresholds import INSUFFICIENT  # noqa: E402

DPI = 200
BAR, MUTED = f"#{SCALE[3]}", "#6B7280"


def _wrap(text: str, width: int = 38) -> str:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def bar_label(item: IndicatorFigure) -> str:
    """'70 % (n = 23)', '0 % (n = 7 ; 16 inconnus)': each bar's own n, never the axis's."""
    share = item.share
    return f"{INSUFFICIENT if share is None else french_percent(share)} ({item.n_text})"


def indicator_chart(path: Path, figures: list[IndicatorFigure]) -> Path:
    """Horizontal bars: each indicator's share of the scored sites where it is known, with
    that n (and the unknown) beside the bar, the first at the top; an indicator resting on
    too few sites is named, with no bar."""
    height = 0.9 + 0.42 * len(figures)
    figure, axes = plt.subplots(figsize=(6.3, height))
    positions = list(range(len(figures)))[::-1]
    for position, item in zip(positions, figures, strict=True):
        share = item.share
        if share is None:
            axes.text(1, position, bar_label(item), va="center", fontsize=8, color=MUTED)
            continue
        axes.barh(position, share, color=BAR, height=0.62)
        axes.text(share + 1, position, bar_label(item), va="center", fontsize=8)
    axes.set_yticks(positions, [_wrap(item.indicator.label) for item in figures], fontsize=8)
    axes.set_xlim(0, 135)  # room for the n of a full bar
    axes.set_xticks([0, 25, 50, 75, 100], ["0 %", "25 %", "50 %", "75 %", "100 %"], fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlabel("Part des sites notés où il est connu qui remplissent l'indicateur", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    plt.close(figure)
    return path
