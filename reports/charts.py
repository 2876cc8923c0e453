"""The deck's charts and map as PNG images (matplotlib), for those who write their own
documents: the same figures as the deck (ReportData), the same colours, French labels."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen where reports are built

import matplotlib.pyplot as plt  # noqa: E402

from reports.adoption import ADOPTION_GROUPS  # noqa: E402
from reports.data import ReportData  # noqa: E402
from reports.france_map import map_png  # noqa: E402
from reports.french import long_date  # noqa: E402
from reports.layout import SERIES  # noqa: E402
from reports.stratum_groups import merge_note  # noqa: E402

DPI = 150


def _grouped_bars(
    path: Path,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[float | None]]],
    unit: str,
    source: str,
    note: str = "",
) -> Path:
    """Strata (with their n) as categories, one colour a series; a value of None (a stratum
    under the threshold) draws no bar; `note` says which strata are merged."""
    figure, axes = plt.subplots(figsize=(13.3, 6.4))
    width = 0.8 / max(len(series), 1)
    for index, (label, values) in enumerate(series):
        positions = [c + (index - (len(series) - 1) / 2) * width for c in range(len(categories))]
        heights = [math.nan if value is None else value for value in values]
        axes.bar(positions, heights, width, label=label, color=f"#{SERIES[index % len(SERIES)]}")
    axes.set_xticks(range(len(categories)), categories, fontsize=12)
    axes.set_xlim(-0.5, len(categories) - 0.5)  # a category without bars keeps its room
    axes.set_ylim(0, 100)
    axes.set_ylabel(unit, fontsize=12)
    axes.tick_params(axis="y", labelsize=12)
    if "%" in unit:
        axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0f}\u202f%")
    axes.set_title(title, fontsize=16, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False, fontsize=12)
    figure.text(0.01, 0.01, source, fontsize=10, color="#6B7280")
    figure.text(0.01, 0.045, note, fontsize=11, color="#6B7280", wrap=True)
    figure.tight_layout(rect=(0, 0.08 if note else 0.03, 1, 1))
    figure.savefig(path, dpi=DPI)
    plt.close(figure)
    return path


def _map(path: Path, data: ReportData, source: str) -> Path:
    """The deck's map, the same bytes as on its slide (reports/france_map.py); the source
    line is the slide's, the PNG's legend names the run and scope."""
    del source
    path.write_bytes(map_png(data))
    return path


def _axes_png(path: Path, data: ReportData, source: str) -> Path:
    figures = data.by_group
    scored = [group.category(figures.scored[group.key]) for group in figures.groups]
    series = [
        (
            data.axis_labels[key],
            [
                figures.axis_value(key, group)
                if figures.scored[group.key] >= group.minimum
                else None
                for group in figures.groups
            ],
        )
        for key in data.axis_labels
    ]
    note = merge_note(figures.groups, lambda group: figures.scored[group.key])
    title = "Les six axes du score, par strate"
    return _grouped_bars(path, title, scored, series, "Score moyen, sur 100", source, note)


def write_charts(data: ReportData, folder: Path) -> list[Path]:
    """One PNG per chart of the deck: adoption groups, axes, and the map (not for a
    département scope, as in the deck)."""
    folder.mkdir(parents=True, exist_ok=True)
    source = (
        f"Source : Vigie, campagne n° {data.run_id} du {long_date(data.run_started)}, "
        f"modèle {data.model_version}, périmètre : {data.scope.label}."
    )
    written: list[Path] = []
    if not data.crawled:
        return written
    figures = data.by_group
    groups = figures.groups
    if any(group.shown for group in groups):  # else the deck says why, and so no image
        adoption = [group.category() for group in groups]
        for number, (title, features) in enumerate(ADOPTION_GROUPS, start=1):
            series = [
                (label, [figures.adoption_value(key, group) for group in groups])
                for key, label in features
            ]
            written.append(
                _grouped_bars(
                    folder / f"adoption-{number}.png",
                    title,
                    adoption,
                    series,
                    "Part des sites explorés (%)",
                    source,
                    merge_note(groups, lambda group: group.n),
                )
            )
        written.append(_axes_png(folder / "axes.png", data, source))
    if data.scope.kind != "departement":
        written.append(_map(folder / "carte-departements.png", data, source))
    return written
