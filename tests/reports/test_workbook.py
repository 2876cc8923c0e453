"""The workbook (`vigie report --xlsx`) as a reader opens it: a first sheet saying which run,
date, model, scope and thresholds the figures come from, held to the database; French headers
and labels, never a code; every rate a percentage with its n in the column to its right."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from database.geography import STRATUM_ORDER
from reports.labels import FEATURE_LABELS, STATUS_LABELS, STRATUM_LABELS
from reports.residents import FAMILY_HEADERS
from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS, MIN_SITES, MIN_TILE
from scoring.layers import FAMILIES, residents_of_run
from tests.conftest import CrawledFarm, vigie
from tests.reports.reading import sql

IDENTIFIER = re.compile(r"[a-z0-9_.-]+")
SHEETS = [
    "Provenance",
    "Couverture",
    "Adoption",
    "Axes",
    "Classement",
    "Obligations",
    "Services aux habitants",
    "Habitants par commune",
    "Réseaux sociaux",
    "Comptes sociaux",
    "Audience par collectivité",
]


@pytest.fixture(scope="module")
def book(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    folder = tmp_path_factory.mktemp("workbook")
    vigie("report", "--db", crawled_farm.database_url, "--out", str(folder / "deck.pptx"),
          "--xlsx", str(folder / "deck.xlsx"))  # fmt: skip
    return load_workbook(folder / "deck.xlsx")


def headers(book: Workbook, sheet: str) -> list[str]:
    return [str(cell.value) for cell in book[sheet][1]]


def column(book: Workbook, sheet: str, header: str) -> list[object]:
    index = headers(book, sheet).index(header)
    return [row[index].value for row in book[sheet].iter_rows(min_row=2)]


def test_the_sheets_come_in_order_with_the_provenance_first(book: Workbook) -> None:
    assert book.sheetnames == SHEETS


def test_the_provenance_is_the_databases(crawled_farm: CrawledFarm, book: Workbook) -> None:
    said = {row[0].value: row[1] for row in book["Provenance"].iter_rows(min_row=2)}
    [(run_id, started)] = sql(
        crawled_farm,
        "SELECT id, started_at FROM crawl_runs WHERE status = 'finished' ORDER BY id DESC LIMIT 1",
    )
    [(version,)] = sql(crawled_farm, "SELECT DISTINCT model_version FROM scores")
    [(authorities, crawled)] = sql(
        crawled_farm,
        "SELECT COUNT(*), SUM(status = 'ok') FROM site_scans WHERE run_id = :run",
        run=run_id,
    )
    assert said["Campagne Vigie (numéro)"].value == run_id
    day = said["Date de la campagne"]
    assert day.value.date() == datetime.fromisoformat(str(started)).date()
    assert day.number_format == "DD/MM/YYYY"  # a date, shown as a French date
    assert said["Modèle de score (version)"].value == version
    assert said["Périmètre"].value == "France entière"
    assert said["Collectivités du périmètre"].value == authorities
    assert said["Sites explorés (mesurés)"].value == crawled
    assert said["Seuil : sites pour donner un taux ou une moyenne"].value == MIN_SITES
    assert said["Seuil : répondants pour une cellule de l'enquête"].value == MIN_RESPONDENTS
    assert said["Seuil : collectivités notées pour colorer un département"].value == MIN_TILE
    assert "Licence Ouverte" in said["Référentiels et licences"].value


def test_every_rate_is_a_percentage_with_its_n_beside_it(book: Workbook) -> None:
    rates = 0
    for sheet in SHEETS:
        names = headers(book, sheet)
        for index, name in enumerate(names):
            if not name.endswith("(%)"):
                continue
            rates += 1
            assert names[index + 1].startswith("n ("), (sheet, name)
            for row in book[sheet].iter_rows(min_row=2):
                rate, n = row[index], row[index + 1]
                assert isinstance(n.value, int)
                if isinstance(rate.value, float | int):
                    assert "%" in rate.number_format
                    assert 0 <= rate.value <= 1
                    assert n.value >= MIN_SITES  # a rate is stated only on enough sites
                elif not str(rate.value).startswith("inconnu ("):  # none known: why
                    assert rate.value in (INSUFFICIENT, "sans objet (absence non probante)")
    assert rates >= 4  # coverage, overall adoption, one stratum at least, compliance


def test_the_adoption_of_each_stratum_rests_on_its_crawled_sites(
    crawled_farm: CrawledFarm, book: Workbook
) -> None:
    counts = dict(
        sql(
            crawled_farm,
            "SELECT a.stratum, COUNT(*) FROM site_scans s JOIN authorities a"
            " ON a.id = s.authority_id WHERE s.status = 'ok' GROUP BY a.stratum",
        )
    )
    for stratum, count in counts.items():
        label = STRATUM_LABELS[stratum]
        assert set(column(book, "Adoption", f"n ({label} : sites explorés)")) == {count}
    assert set(column(book, "Adoption", "n (Ensemble : sites explorés)")) == {sum(counts.values())}


def test_no_code_reaches_the_reader(crawled_farm: CrawledFarm, book: Workbook) -> None:
    codes = (set(STATUS_LABELS) | set(STRATUM_ORDER) | set(FEATURE_LABELS)) - set(
        STATUS_LABELS.values()
    )
    texts = {
        cell.value
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    assert not texts & codes
    coverage = dict(
        zip(
            column(book, "Couverture", "Statut du site"),
            column(book, "Couverture", "Collectivités"),
            strict=True,
        )
    )
    assert coverage == {
        STATUS_LABELS[status]: count
        for status, count in sql(
            crawled_farm, "SELECT status, COUNT(*) FROM site_scans WHERE run_id = 1 GROUP BY 1"
        )
    }
    for sheet in SHEETS:  # headers are words, not identifiers ("rank_low", "statut")
        assert not [name for name in headers(book, sheet) if IDENTIFIER.fullmatch(name)]


def test_scores_show_one_decimal(crawled_farm: CrawledFarm, book: Workbook) -> None:
    index = headers(book, "Classement").index("Score (sur 100)")
    cells = [row[index] for row in book["Classement"].iter_rows(min_row=2)]
    assert sorted(cell.value for cell in cells) == sorted(
        score for (score,) in sql(crawled_farm, "SELECT score FROM scores WHERE run_id = 1")
    )
    assert {cell.number_format for cell in cells} == {"0.0"}


def test_each_commune_says_what_its_residents_can_do_online_and_why_not_known(
    crawled_farm: CrawledFarm, book: Workbook
) -> None:
    residents = {r.commune.code: r for r in residents_of_run(crawled_farm.engine, 1)}
    sheet = "Habitants par commune"
    codes = column(book, sheet, "Code INSEE")
    assert sorted(codes) == sorted(residents)  # every commune crawled, once
    online = column(book, sheet, f"Services en ligne (sur {len(FAMILIES)})")
    for row, code in enumerate(codes):
        services = residents[str(code)]
        assert online[row] == services.offered
        for family in FAMILIES:
            said = str(column(book, sheet, FAMILY_HEADERS[family])[row])
            state = services.reach(family).state
            if state == "unknown":  # never "no": which site could not be read, and why
                assert said.startswith("indéterminé : "), said
                assert said.removeprefix("indéterminé : ").strip()
            else:
                assert said.startswith("en ligne : " if state == "offered" else "non proposé")


def test_the_residents_groups_rest_on_their_communes_and_name_their_minimums(
    crawled_farm: CrawledFarm, book: Workbook
) -> None:
    sheet = "Services aux habitants"
    residents = residents_of_run(crawled_farm.engine, 1)
    groups = column(book, sheet, "Groupe")
    whole = [i for i, group in enumerate(groups) if group == "Ensemble"]
    assert whole  # each grouping ends with all the communes
    unread = [
        FAMILY_HEADERS[f] for f in FAMILIES if any(r.reach(f).state == "unknown" for r in residents)
    ]
    assert unread  # the test farm's communes have no EPCI known: some families are unknown
    for index in whole:
        assert column(book, sheet, "n (Part moyenne des services mesurés : communes)")[
            index
        ] == len(residents)
        # the mean rests on the families measured for some commune; the others are named
        measured = [f for f in FAMILIES if any(r.reach(f).state != "unknown" for r in residents)]
        reached = sum(r.reach(f).state == "offered" for r in residents for f in measured)
        mean = column(book, sheet, "Part moyenne des services mesurés (%)")[index]
        assert mean == pytest.approx(reached / (len(residents) * len(measured)))
        left_out = column(book, sheet, "Hors de la moyenne (indéterminé pour toutes les communes)")
        assert (left_out[index] or "") == ", ".join(
            FAMILY_HEADERS[f] for f in FAMILIES if f not in measured
        )
        # a share resting on communes whose other sites were not read is said to be a minimum
        assert column(book, sheet, "Parts minimales (sites non lus)")[index] == ", ".join(unread)
        for family in FAMILIES:
            offered = sum(r.reach(family).state == "offered" for r in residents)
            rate = column(book, sheet, f"{FAMILY_HEADERS[family]} (%)")[index]
            if offered:
                assert rate == pytest.approx(offered / len(residents))
            else:
                assert rate == "inconnu (sites non lus)"
