"""The figures of a validation by hand, kept with their run (`validation_results`,
docs/validation.md): written by `vigie validate score`, read by the reports and the export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select

from database.models import ValidationResult

MEASURES = ("precision", "recall", "kappa")
ALL_FEATURES = ""  # the feature of a figure over every feature validated


@dataclass(frozen=True)
class ValidationFigure:
    """One stored figure: for precision and recall, `successes` out of `n` with Wilson's 95 %
    interval; for κ, `successes` rows the coders agree on out of `n` coded by both, and no
    interval. `estimate` is None where the figure is not defined (κ of coders who gave one
    same answer to every row, a proportion of nothing)."""

    feature: str
    measure: str
    successes: int
    n: int
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    sample_sites: int

    def __post_init__(self) -> None:
        if self.measure not in MEASURES:
            raise ValueError(f"unknown measure {self.measure!r} (known: {', '.join(MEASURES)})")


def store_validation(
    engine: Engine, run_id: int, figures: list[ValidationFigure], now: datetime | None = None
) -> int:
    """Replace the run's validation figures by these, in one transaction; how many stored."""
    computed_at = now or datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(delete(ValidationResult).where(ValidationResult.run_id == run_id))
        if figures:
            connection.execute(
                insert(ValidationResult),
                [
                    {
                        "run_id": run_id,
                        "feature": figure.feature,
                        "measure": figure.measure,
                        "successes": figure.successes,
                        "n": figure.n,
                        "estimate": figure.estimate,
                        "ci_low": figure.ci_low,
                        "ci_high": figure.ci_high,
                        "sample_sites": figure.sample_sites,
                        "computed_at": computed_at,
                    }
                    for figure in figures
                ],
            )
    return len(figures)


def run_validation(engine: Engine, run_id: int) -> list[ValidationFigure]:
    """The run's stored validation figures, by feature then measure; empty when none."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                ValidationResult.feature,
                ValidationResult.measure,
                ValidationResult.successes,
                ValidationResult.n,
                ValidationResult.estimate,
                ValidationResult.ci_low,
                ValidationResult.ci_high,
                ValidationResult.sample_sites,
            )
            .where(ValidationResult.run_id == run_id)
            .order_by(ValidationResult.feature, ValidationResult.measure)
        ).all()
    return [ValidationFigure(*row) for row in rows]
