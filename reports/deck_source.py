"""The source line under every slide of the deck: run, model and scope."""

from __future__ import annotations

from reports.data import ReportData
from reports.french import long_date


def source(data: ReportData) -> str:
    return (
        f"Source : Vigie, campagne n° {data.run_id} du {long_date(data.run_started)}, "
        f"modèle de score {data.model_version}, périmètre : {data.scope.label}."
    )
