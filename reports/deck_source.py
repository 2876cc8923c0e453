"""The source line under every slide of the deck: run, model and scope."""

from __future__ import annotations

from reports.data import ReportData


def source(data: ReportData) -> str:
    return (
        f"Source : Vigie, campagne n° {data.run_id} du {data.run_started:%d/%m/%Y}, "
        f"modèle de score {data.model_version}, périmètre : {data.scope.label}."
    )
