"""The scope's main relays drawn for the deck (matplotlib, as reports/charts.py): one bar per
organisation, its length the authorities of the scope that link to it, its colour its class."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no screen where reports are built

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from database.actor_classes import CLASS_LABELS  # noqa: E402
from reports.actors_figures import Relay  # noqa: E402
from reports.french import counted, french_count  # noqa: E402
from reports.layout import SERIES  # noqa: E402
from reports.short_names import fit_name  # noqa: E402

DPI = 150
# One hue per class of relay, in CLASS_LABELS' order (networks and vendors are not relays).
CLASS_COLOURS = {
    actor_class: f"#{SERIES[index % len(SERIES)]}"
    for index, actor_class in enumerate(
        [c for c in CLASS_LABELS if c not in ("reseau", "prestataire")]
    )
}


def bar_label(relay: Relay, explored: int) -> str:
    """'15 collectivités sur 23': a count with its n, the scope's explored sites."""
    return f"{counted(relay.authorities, 'collectivité')} sur {french_count(explored)}"


def axis_label(explored: int) -> str:
    """'Collectivités qui y renvoient (sur 23 sites explorés)': the n of every bar."""
    return (
        f"Collectivités qui y renvoient (sur {counted(explored, 'site exploré', 'sites explorés')})"
    )


def relays_png(
    relays: list[Relay], explored: int, width: float = 8.0, height: float = 5.2
) -> bytes:
    """Horizontal bars, the most linked to on top, each labelled with its count out of the
    scope's `explored` sites, the axis saying what that n is."""
    figure, axes = plt.subplots(figsize=(width, height))
    ordered = list(reversed(relays))
    labels = [fit_name(relay.label, 38) for relay in ordered]
    values = [relay.authorities for relay in ordered]
    colours = [CLASS_COLOURS.get(relay.actor_class, "#6B7280") for relay in ordered]
    axes.barh(range(len(ordered)), values, color=colours)
    axes.set_yticks(range(len(ordered)), labels, fontsize=12)
    for position, relay in enumerate(ordered):
        axes.text(
            relay.authorities,
            position,
            f"  {bar_label(relay, explored)}",
            va="center",
            fontsize=11,
        )
    axes.set_xlim(0, max(values, default=1) * 1.9)
    axes.set_xticks([])
    axes.set_xlabel(axis_label(explored), fontsize=11)
    axes.spines[["top", "right", "bottom"]].set_visible(False)
    shown = sorted({relay.actor_class for relay in relays}, key=list(CLASS_LABELS).index)
    figure.legend(
        handles=[
            Patch(color=CLASS_COLOURS.get(c, "#6B7280"), label=CLASS_LABELS[c]) for c in shown
        ],
        loc="lower center",
        ncol=min(len(shown), 3),
        frameon=False,
        fontsize=11,
    )
    rows = -(-len(shown) // 3)
    figure.tight_layout(rect=(0, 0.06 * rows, 1, 1))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    plt.close(figure)
    return buffer.getvalue()
