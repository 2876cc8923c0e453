"""The deck's charts and map as PNG images (matplotlib), for those who write their own
documents: the same figures as the deck (ReportData), the same colours, French labels."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen where reports are built

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

from reports.adoption import ADOPTION_GROUPS  # noqa: E402
from reports.data import ReportData  # noqa: E402
from reports.labels import STRATUM_LABELS  # noqa: E402
from reports.layout import SCALE  # noqa: E402
from reports.tilemap import COLUMNS, ROWS, TILES, UNSCORED  # noqa: E402
from reports.tilemap import OUT_OF_SCOPE as OUTSIDE  # noqa: E402

MAP_CLASS_COLOURS = tuple(f"#{SCALE[index]}" for index in (0, 1, 2, 4, 5))
NO_SCORE, OUT_OF_SCOPE = "#C8C8C8", "#F1F1F1"
TILE_COLOURS = {UNSCORED: NO_SCORE, OUTSIDE: OUT_OF_SCOPE}
DPI = 150


def _grouped_bars(
    path: Path,
    title: str,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    unit: str,
    source: str,
) -> Path:
    figure, axes = plt.subplots(figsize=(13.3, 6.2))
    width = 0.8 / max(len(series), 1)
    for index, (label, values) in enumerate(series):
        positions = [c + (index - (len(series) - 1) / 2) * width for c in range(len(categories))]
        axes.bar(positions, values, width, label=label, color=f"#{SCALE[index % len(SCALE)]}")
    axes.set_xticks(range(len(categories)), [_wrap(c) for c in categories], fontsize=10)
    axes.set_ylim(0, 100)
    axes.set_ylabel(unit)
    axes.set_title(title, fontsize=14, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=5, frameon=False)
    figure.text(0.01, 0.01, source, fontsize=8, color="#6B7280")
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    figure.savefig(path, dpi=DPI)
    plt.close(figure)
    return path


def _wrap(text: str, width: int = 22) -> str:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + len(word) < width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "\n".join(lines)


def _stratum_series(
    data: ReportData, values: dict[str, dict[str, float]], keys: list[str]
) -> list[tuple[str, list[float]]]:
    return [
        (
            f"{STRATUM_LABELS.get(stratum, stratum)} ({data.ok_by_stratum[stratum]})",
            [values[key].get(stratum, 0.0) for key in keys],
        )
        for stratum in data.strata
    ]


def _map(path: Path, data: ReportData, source: str) -> Path:
    figure, axes = plt.subplots(figsize=(9, 8))
    shading = data.map_shading()
    for code, (row, column) in TILES.items():
        shade = shading.tiles[code]
        colour = TILE_COLOURS[shade] if isinstance(shade, str) else MAP_CLASS_COLOURS[shade]
        axes.add_patch(Rectangle((column, -row), 0.92, 0.92, color=colour))
        dark = isinstance(shade, int) and shade >= 2
        axes.text(column + 0.46, -row + 0.46, code, ha="center", va="center", fontsize=8,
                  color="white" if dark else "#222222")  # fmt: skip
    axes.set_xlim(-0.2, COLUMNS + 0.2)
    axes.set_ylim(-ROWS + 0.8, 1.1)
    axes.set_aspect("equal")
    axes.axis("off")
    axes.set_title("Score moyen par département", fontsize=14, loc="left")
    handles = [
        Patch(color=MAP_CLASS_COLOURS[step], label=f"Score moyen de {label}")
        for step, label in shading.legend
    ] + [Patch(color=NO_SCORE, label="Aucune collectivité notée")]
    axes.legend(handles=handles, loc="upper right", frameon=False, fontsize=9)
    figure.text(0.01, 0.01, source, fontsize=7, color="#6B7280")
    figure.savefig(path, dpi=DPI)
    plt.close(figure)
    return path


def write_charts(data: ReportData, folder: Path) -> list[Path]:
    """One PNG per chart of the deck: adoption groups, axes, and the map (not for a
    département scope, as in the deck)."""
    folder.mkdir(parents=True, exist_ok=True)
    source = (
        f"Source : Vigie, campagne n° {data.run_id} du {data.run_started:%d/%m/%Y}, "
        f"modèle {data.model_version}, périmètre : {data.scope.label}."
    )
    written: list[Path] = []
    if not data.crawled:
        return written
    for number, (title, features) in enumerate(ADOPTION_GROUPS, start=1):
        keys = [key for key, _ in features]
        written.append(
            _grouped_bars(
                folder / f"adoption-{number}.png",
                title,
                [label for _, label in features],
                _stratum_series(data, data.adoption, keys),
                "Part des sites explorés (%)",
                source,
            )
        )
    axis_keys = list(data.axes_by_stratum)
    written.append(
        _grouped_bars(
            folder / "axes.png",
            "Les six axes du score, par strate",
            [data.axis_labels[key] for key in axis_keys],
            _stratum_series(data, data.axes_by_stratum, axis_keys),
            "Score moyen de l'axe (0 à 100)",
            source,
        )
    )
    if data.scope.kind != "departement":
        written.append(_map(folder / "carte-departements.png", data, source))
    return written
