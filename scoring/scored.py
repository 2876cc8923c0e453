"""The scored authorities of a run: the one query joining a run's scores to their
authorities, which the ranks, the deck, the scorecard and the export all start from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, select

from database.models import Authority, Score


def scored_authorities(
    run_id: int,
    model_version: str,
    *columns: Any,
    conditions: Sequence[ColumnElement[bool]] = (),
) -> Select[Any]:
    """The given columns (of `authorities` and `scores`) of each authority scored in the run
    under the model version that meets `conditions`, best score first (ties by name).
    Callers add their own columns, conditions or order on the returned statement."""
    return (
        select(*columns)
        .select_from(Authority)
        .join(Score, Score.authority_id == Authority.id)
        .where(Score.run_id == run_id, Score.model_version == model_version, *conditions)
        .order_by(Score.score.desc(), Authority.name)
    )
