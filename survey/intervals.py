"""The 95 % interval of a weighted share: Wilson's score interval on an effective sample size.

Why not the Taylor (Wald or logit) interval alone: its variance p(1 − p)/n vanishes at a
share of 0 or 1, so a cell where nobody (or everybody) chose an option got no interval, or a
zero-width one, as if 0 out of 40 were certainly 0. Wilson's interval inverts the score test,
whose variance is taken at the true share, not the observed one: at 0 out of 40 it reads 0 to
8.8 %, and it keeps its coverage near 95 % for shares near 0 and 1 (Brown, Cai and DasGupta
2001, Statistical Science 16:101–133).

The sample size is an effective one: Kish's n_eff = (Σw)² / Σw² of the cell's weights (the
precision the raking weights leave), lowered to p(1 − p) / se² where the Taylor variance of
the design (weights correlated with the answer; communes as primary units with --clustered)
implies fewer (that variance is 0 at 0 and 1, where Kish's alone remains)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    import svy
    from svy.core.expr import Expr

Z95 = 1.959964


def effective_size(share: float, se: float | None, kish: float) -> float:
    """The effective sample size of a share: Kish's, or fewer where the design's Taylor
    standard error says so (undefined at 0 and 1, and without an se)."""
    if se is None or math.isnan(se) or se <= 0 or not 0 < share < 1:
        return kish
    return min(kish, share * (1 - share) / (se * se))


def wilson(share: float, size: float, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval (95 % by default) of a share observed on `size` (effective)
    respondents; (0, 1) when there is none. The validation by hand reads it too
    (`evaluation.validation_stats`)."""
    if size <= 0:
        return 0.0, 1.0
    share = min(max(share, 0.0), 1.0)  # a weighted sum may land a few ulps outside
    spread = z * z / size
    centre = (share + spread / 2) / (1 + spread)
    half = z * math.sqrt(share * (1 - share) / size + spread / (4 * size)) / (1 + spread)
    return max(0.0, centre - half), min(1.0, centre + half)


def share_interval(share: float, se: float | None, kish: float) -> tuple[float, float]:
    """The 95 % interval of a weighted share (module docstring)."""
    return wilson(share, effective_size(share, se, kish))


def cell_sizes(
    sample: svy.Sample, column: str, by: Sequence[str] = (), where: Expr | None = None
) -> dict[tuple[str, ...], float]:
    """Kish's effective sample size of each cell of `by` (the key () for the whole survey):
    the weights of the respondents who answered `column`, within the domain `where`, as the
    estimation counts them."""
    data = sample.data
    rows = data.collect() if isinstance(data, pl.LazyFrame) else data
    rows = rows.filter(pl.col(column).is_not_null())
    if where is not None:
        rows = rows.filter(where.to_polars())
    weight = pl.col(str(sample.design.wgt))
    sums = (weight.sum() ** 2 / (weight**2).sum()).alias("kish")
    if not by:
        return {(): float(rows.select(sums).item() or 0.0)} if rows.height else {}
    grouped = rows.group_by(list(by)).agg(sums)
    return {
        tuple(str(level) for level in cell[: len(by)]): float(cell[-1])
        for cell in grouped.iter_rows()
    }
