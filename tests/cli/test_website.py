"""`vigie site build`: the public website of a crawled, scored run, built from the database
alone; a rebuild replaces the previous site whole, and a folder Vigie did not build is never
emptied."""

from __future__ import annotations

from pathlib import Path

import frictionless
import lxml.html
import pandas as pd
import pytest
from sqlalchemy import select

from database.models import Authority, FindingRow, SiteScan
from tests.conftest import CrawledFarm, copy_database, vigie


@pytest.fixture(scope="module")
def built(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("website")
    database = copy_database(crawled_farm.directory / "vigie.db", folder / "vigie.db")
    result = vigie("site", "build", "--db", database, "--out", "site", cwd=folder)
    assert "pages" in result.stdout
    assert "index.html" in result.stdout
    return folder / "site"


def _text(page: Path) -> str:
    return " ".join(lxml.html.parse(str(page)).getroot().text_content().split())


def test_every_scanned_authority_has_its_page(crawled_farm: CrawledFarm, built: Path) -> None:
    with crawled_farm.engine.connect() as connection:
        scanned = connection.execute(
            select(Authority.kind, Authority.code, SiteScan.status)
            .join(SiteScan, SiteScan.authority_id == Authority.id)
            .where(SiteScan.run_id == crawled_farm.run_id)
        ).all()
    assert len(scanned) > 20
    for kind, code, status in scanned:
        page = built / "collectivite" / f"{kind}-{code}.html"
        assert page.is_file(), page
        if status != "ok":
            text = _text(page)
            assert "Non mesuré" in text
            assert "Score :" not in text


def test_an_authority_page_shows_each_finding_with_the_page_it_was_read_on(
    crawled_farm: CrawledFarm, built: Path
) -> None:
    with crawled_farm.engine.connect() as connection:
        kind, code, url = connection.execute(
            select(Authority.kind, Authority.code, FindingRow.evidence_url)
            .join(FindingRow, FindingRow.authority_id == Authority.id)
            .where(
                FindingRow.run_id == crawled_farm.run_id, FindingRow.feature == "legal.notice_url"
            )
            .limit(1)
        ).one()
    page = lxml.html.parse(str(built / "collectivite" / f"{kind}-{code}.html")).getroot()
    assert url in page.xpath("//a/@href")
    assert "Mentions légales" in page.text_content()


def test_the_site_offers_the_data_and_says_whom_to_write_to(built: Path) -> None:
    downloads = sorted(path.name for path in (built / "donnees").iterdir())
    assert downloads == ["paquet", "vigie-campagne-1-colonnes.csv", "vigie-campagne-1.csv"]
    dictionary = pd.read_csv(built / "donnees" / "vigie-campagne-1-colonnes.csv")
    table = pd.read_csv(built / "donnees" / "vigie-campagne-1.csv")
    assert list(dictionary["column"]) == list(table.columns)
    labels = dict(zip(dictionary["column"], dictionary["libelle"].fillna(""), strict=True))
    assert labels["legal.notice_url"] == "Mentions légales"
    assert labels["code"] == ""
    page = (built / "donnees.html").read_text(encoding="utf-8")
    assert "donnees/vigie-campagne-1.csv" in page
    # The citable package of the same run, linked from the page and valid as published.
    assert "donnees/paquet/datapackage.json" in page
    report = frictionless.validate(built / "donnees" / "paquet" / "datapackage.json")
    assert report.valid, report.flatten(["type", "message"])[:20]
    assert (built / "donnees" / "paquet" / "README.md").is_file()
    # The farm crawl's user agent names the default contact address.
    dispute = lxml.html.parse(str(built / "contester.html")).getroot()
    assert any(href.startswith("https://") for href in dispute.xpath("//main//a/@href"))


def test_a_rebuild_replaces_the_previous_site(
    crawled_farm: CrawledFarm, built: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    vigie("site", "build", "--db", crawled_farm.database_url, "--out", str(site))
    stale = site / "collectivite" / "commune-00000.html"
    stale.write_text("an authority that left the targets", encoding="utf-8")
    vigie("site", "build", "--db", crawled_farm.database_url, "--out", str(site))
    assert not stale.exists()
    assert (site / "index.html").is_file()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]  # no staging left


def test_a_folder_vigie_did_not_build_is_never_emptied(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    mine = tmp_path / "mes-documents"
    mine.mkdir()
    (mine / "lettre.odt").write_text("à garder", encoding="utf-8")
    result = vigie(
        "site", "build", "--db", crawled_farm.database_url, "--out", str(mine), check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "not a site Vigie built" in result.stderr
    assert sorted(path.name for path in mine.iterdir()) == ["lettre.odt"]


def test_a_contact_that_is_no_address_is_refused_before_any_work(tmp_path: Path) -> None:
    result = vigie(
        "site",
        "build",
        *("--db", f"sqlite:///{tmp_path / 'never-opened.db'}", "--contact", "la mairie"),
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "--contact" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_current_folder_is_refused_since_the_site_replaces_its_folder(tmp_path: Path) -> None:
    result = vigie(
        "site",
        "build",
        *("--db", f"sqlite:///{tmp_path / 'never-opened.db'}", "--out", "."),
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "a folder of its own" in result.stderr
    assert list(tmp_path.iterdir()) == []
