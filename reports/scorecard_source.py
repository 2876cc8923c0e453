"""The source line every scorecard page carries: the run, its date and the model."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from reports.french import long_date


class Sourced(Protocol):
    @property
    def run_id(self) -> int: ...
    @property
    def run_started(self) -> datetime: ...
    @property
    def model_version(self) -> str: ...


def source(card: Sourced) -> str:
    return (
        f"Source : Vigie, campagne n° {card.run_id} du {long_date(card.run_started)},"
        f" modèle de score {card.model_version}."
    )
