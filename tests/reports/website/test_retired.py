"""A commune retired by the official geography (merged into a commune nouvelle) is no longer a
commune the website lists as not measured: its pages belong to the campaigns that measured it.
An authority that still exists and was not scanned stays listed, as not measured."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from database import open_database
from database.models import Authority
from database.scope import Scope
from reports.website.facts import read_facts
from scoring.model import load_model
from tests.reports.website.site_database import fill


def test_a_retired_commune_is_not_listed_but_an_unscanned_active_one_is(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'vigie.db'}")
    model = load_model()
    _, run = fill(engine, model)
    common = {
        "kind": "commune",
        "departement_code": "44",
        "region_code": "52",
        "source": "test",
        "updated_at": datetime(2025, 1, 1, tzinfo=UTC),
    }
    with engine.begin() as connection:
        connection.execute(
            insert(Authority),
            [
                {**common, "code": "44999", "name": "Ancienne-Commune",
                 "retired_at": datetime(2025, 1, 1, tzinfo=UTC),
                 "retired_reason": "fusionnée dans Saint-Étienne-de-Montluc"},
                {**common, "code": "44998", "name": "Commune-Sans-Scan",
                 "retired_at": None, "retired_reason": None},
            ],
        )  # fmt: skip
    codes = {
        authority.code
        for authority in read_facts(engine, run, model, Scope("national")).authorities
    }
    engine.dispose()
    assert "44998" in codes
    assert "44999" not in codes
