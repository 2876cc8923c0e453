"""On the test farm crawled once (tests/conftest.py), with INSEE's composition file the farm
writes imported: every commune's services per resident are the farm's truth, exactly, and the
planning-permit duty reads the EPCI's desk where the commune's site shows none."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import frictionless
import pytest
from pptx import Presentation
from sqlalchemy import Engine, select

from database import open_database
from database.models import CrawlRun
from database.targets import import_targets
from farm.files import COMPOSITION_FILE
from farm.residents import FAMILIES as FARM_FAMILIES
from reports.data import load_report_data
from reports.deck import build_deck
from scoring.compliance import MET, UNKNOWN
from scoring.compliance_layers import PERMIT_DUTY
from scoring.compliance_run import compliance_rows
from scoring.layers import FAMILIES, ResidentServices, residents_of_run
from scoring.model import load_model
from tests.conftest import CrawledFarm, copy_database, vigie
from tests.reports.reading import table_rows, texts_of, titles


@pytest.fixture(scope="module")
def with_membership(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A copy of the crawled farm's database with the communes' EPCI imported."""
    source = Path(crawled_farm.database_url.removeprefix("sqlite:///"))
    url = copy_database(source, tmp_path_factory.mktemp("layers") / "vigie.db")
    engine = open_database(url)
    (report,) = import_targets(engine, [crawled_farm.directory / COMPOSITION_FILE]).reports
    assert report.membership is not None
    assert report.membership.in_database == len(crawled_farm.truth["residents"])
    with engine.connect() as connection:
        settings = connection.execute(
            select(CrawlRun.settings).where(CrawlRun.id == crawled_farm.run_id)
        ).scalar_one()
    if not (settings or {}).get("VIGIE_RENDERING"):
        pytest.skip("the crawl ran without a browser: the truth's JavaScript sites owe nothing")
    return engine


def as_truth(services: ResidentServices) -> dict[str, Any]:
    """What the run says of one commune, in the truth file's shape (farm/residents.py)."""
    families = {
        reach.family: {
            "state": reach.state,
            "by": [[provider.layer, provider.code] for provider in reach.providers],
        }
        for reach in services.families
    }
    unread = [[u.layer, u.code, u.why] for u in services.unread]
    return {"code": services.commune.code, "families": families, "unread": unread}


def test_the_farm_and_the_score_know_the_same_service_families() -> None:
    assert sorted(FAMILIES) == list(FARM_FAMILIES)


def test_every_commune_s_services_per_resident_match_the_truth_exactly(
    crawled_farm: CrawledFarm, with_membership: Engine
) -> None:
    residents = residents_of_run(with_membership, crawled_farm.run_id)
    assert [as_truth(r) for r in residents] == crawled_farm.truth["residents"]
    # The cases the rule is about are all on the farm: a service found only on the EPCI's
    # site, a family no explored site offers yet unknown for want of a layer, an EPCI whose
    # site could not be read.
    states = {(f, r.reach(f).state) for r in residents for f in FAMILIES}
    assert ("planning-permit", "unknown") in states
    assert any(
        [p.layer for p in r.reach("planning-permit").providers] == ["epci"] for r in residents
    )


def test_each_offer_s_evidence_is_a_page_of_the_site_that_offers_it(
    crawled_farm: CrawledFarm, with_membership: Engine
) -> None:
    hosts = {(s.kind, s.code): s.host for s in crawled_farm.farm.sites()}
    for services in residents_of_run(with_membership, crawled_farm.run_id):
        for reach in services.families:
            for provider in reach.providers:
                url = urlsplit(provider.evidence_url)
                assert url.hostname == hosts[(provider.layer, provider.code)], provider


def test_the_permit_duty_reads_the_epci_s_desk_and_cannot_tell_falls(
    crawled_farm: CrawledFarm, with_membership: Engine
) -> None:
    truth = {
        c["code"]: c["families"]["planning-permit"]["by"] for c in crawled_farm.truth["residents"]
    }
    rows = {
        row.code: row
        for row in compliance_rows(with_membership, crawled_farm.run_id)
        if row.duty == PERMIT_DUTY
    }
    via_epci = [code for code, by in truth.items() if by and by[0][0] == "epci"]
    assert via_epci
    for code in via_epci:
        assert (rows[code].status, rows[code].via) == (MET, "epci")
        assert "via l'intercommunalité" in str(rows[code].note)
    for code, by in truth.items():
        if not by:
            assert rows[code].status == UNKNOWN
            assert rows[code].note  # says which sites were read and which could not be
    before = sum(row.status == UNKNOWN or row.via == "epci" for row in rows.values())
    after = sum(row.status == UNKNOWN for row in rows.values())
    assert after == before - len(via_epci)


def test_the_deck_says_what_a_resident_can_do_by_stratum_and_territory_with_each_n(
    crawled_farm: CrawledFarm, with_membership: Engine, tmp_path: Path
) -> None:
    deck = build_deck(
        load_report_data(with_membership, crawled_farm.run_id, load_model()), tmp_path / "d.pptx"
    )
    communes = len(crawled_farm.truth["residents"])
    for title, first in (("Ce qu'un habitant peut faire en ligne", "Strate"),
                         ("Ce qu'un habitant peut faire en ligne : par région", "Territoire")):  # fmt: skip
        shapes = shapes_of_titled(deck, title)
        rows = table_rows(shapes)
        assert rows[0][:2] == [first, "Communes"]
        assert rows[-1][:2] == ["Ensemble", str(communes)]  # every commune, its n said
        assert sum(int(row[1]) for row in rows[1:-1]) == communes
        said = texts_of(shapes)
        assert f"{communes} communes : en moyenne, un habitant trouve en ligne au moins" in said
        assert "Sites non lus : " in said  # the farm has no département: never read, said why


def shapes_of_titled(deck: Path, title: str) -> list[Any]:
    """The shapes of the slide whose title is exactly `title`."""
    [number] = [n for n, t in enumerate(titles(deck)) if t == title]
    return list(Presentation(str(deck)).slides[number].shapes)


def test_the_data_package_carries_each_commune_s_services_per_resident_as_the_truth(
    crawled_farm: CrawledFarm, with_membership: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "paquet"
    vigie("export", "--format", "datapackage", "--out", str(out),
          "--db", with_membership.url.render_as_string(hide_password=False))  # fmt: skip
    report = frictionless.validate(out / "datapackage.json")
    assert report.valid, report.flatten(["type", "message"])[:20]
    with (out / "resident_services.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(crawled_farm.truth["residents"]) * len(FAMILIES)
    published, unread = {}, {}
    for row in rows:
        layers, codes = row["offered_by"].split(" | "), row["provider_codes"].split(" | ")
        by = [[layer, code] for layer, code in zip(layers, codes, strict=True) if layer]
        published[(row["authority_code"], row["family"])] = {"state": row["state"], "by": by}
        assert bool(row["unread_layers"]) == bool(row["unread_fr"])
        unread[row["authority_code"]] = row["unread_layers"]
    truth = {
        (commune["code"], family): reach
        for commune in crawled_farm.truth["residents"]
        for family, reach in commune["families"].items()
    }
    assert published == truth
    assert unread == {  # unknown always names the layers not read, and why
        commune["code"]: " | ".join(f"{layer}:{why}" for layer, _, why in commune["unread"])
        for commune in crawled_farm.truth["residents"]
    }
