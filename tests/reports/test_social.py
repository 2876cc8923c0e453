"""The social networks in the deck, the workbook and the study document, on a run whose
accounts are of every kind (tests/reports/social_database.py): a login wall reads "inconnu
(connexion exigée)" everywhere and never 0, every share and median carries its n, below the
threshold it is not stated, and figures the communes declared are counted and said to be."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from statistics import median

import pytest
from docx import Document
from docx.document import Document as DocumentType
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from sqlalchemy import Engine

from database.social_audience import UNKNOWN_LABELS, window_start
from database.vocabulary import platform_label
from reports.data import ReportData, load_report_data
from reports.deck import build_deck
from reports.document import build_document
from reports.document_style import french_text
from reports.french import french_count, french_number
from reports.social_text import NETWORK_HEADER, declared_count, network_sentence
from reports.thresholds import INSUFFICIENT, MIN_SITES, Rate, n_label
from reports.workbook import write_workbook
from scoring.model import Model, load_model
from tests.reports.reading import shapes_of, table_rows, texts_of
from tests.reports.social_database import ACCOUNTS, STARTED, Account, build
from tests.reports.text_scan import raw_codes, texts_of_xlsx

WALL = UNKNOWN_LABELS["login_wall"]


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory, model: Model) -> ReportData:
    from database import open_database

    folder = tmp_path_factory.mktemp("social")
    engine: Engine = open_database(f"sqlite:///{folder / 'vigie.db'}")
    run_id = build(engine, folder, model)
    return load_report_data(engine, run_id, model)


@pytest.fixture(scope="module")
def slide(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> list[object]:
    deck = build_deck(data, tmp_path_factory.mktemp("deck") / "deck.pptx")
    return shapes_of(deck, "Réseaux sociaux")


@pytest.fixture(scope="module")
def book(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    out = write_workbook(data, tmp_path_factory.mktemp("book") / "deck.xlsx")
    return load_workbook(out)


def linked(platform: str) -> list[Account]:
    return [a for a in ACCOUNTS if a.platform == platform and a.linked]


def is_active(account: Account) -> bool:
    since = window_start(STARTED.date()).isoformat()
    return bool(account.posts_90d) or (account.last_activity or "") >= since


def rows_by_network(slide: list[object]) -> dict[str, list[str]]:
    rows = table_rows(slide)
    assert rows[0] == NETWORK_HEADER
    return {row[0]: row[1:] for row in rows[1:]}


def test_a_network_behind_a_login_wall_is_unknown_with_why_never_0(slide: list[object]) -> None:
    instagram = rows_by_network(slide)["Instagram"]
    accounts = len(linked("instagram"))
    assert instagram == [french_count(accounts), WALL, WALL, WALL, f"{accounts} (connexion exigée)"]
    for row in rows_by_network(slide).values():
        assert "0" not in row[1:4], row  # no figure reads 0 where it is unknown
        assert "0 actifs" not in " ".join(row)


def test_declared_figures_are_counted_and_flagged(slide: list[object]) -> None:
    facebook = rows_by_network(slide)["Facebook"]
    accounts = linked("facebook")
    declared = [a for a in accounts if a.declared]
    assert len(accounts) >= MIN_SITES > len(declared) > 0
    assert facebook[0] == f"{len(accounts)}, dont {len(declared)} déclarés"
    assert facebook[1] == Rate(len(declared), len(accounts)).text("compte")
    # The declared counts are too few for a median, or a share of active accounts.
    assert facebook[2] == f"{INSUFFICIENT} ({len(declared)} comptes)"
    assert facebook[3] == f"{INSUFFICIENT} ({len(declared)} comptes)"
    walled = len(accounts) - len(declared)
    assert facebook[4] == f"{walled} (connexion exigée)"
    # The slide says how many figures the communes declared.
    total = sum(1 for a in ACCOUNTS if a.linked and a.declared)
    assert declared_count(total) in texts_of(slide)
    assert f"dont {total} déclarés par les collectivités" in texts_of(slide)


def test_public_accounts_show_the_median_per_1000_residents_and_the_share_active(
    slide: list[object],
) -> None:
    youtube = rows_by_network(slide)["YouTube"]
    accounts = linked("youtube")
    assert len(accounts) >= MIN_SITES
    per_1000 = median(1000 * (a.followers or 0) / a.population for a in accounts)
    assert youtube[1] == Rate(len(accounts), len(accounts)).text("compte")
    assert youtube[2] == f"{french_number(per_1000)} ({n_label(len(accounts), 'compte')})"
    active = sum(map(is_active, accounts))
    assert 0 < active < len(accounts)  # the inactive account is counted as such
    assert youtube[3] == Rate(active, len(accounts)).text("compte")
    assert youtube[4] == "aucun"


def test_unknown_says_every_reason(slide: list[object]) -> None:
    rows = rows_by_network(slide)
    x = rows["X (Twitter)"]
    both = "inconnu (connexion exigée, compte injoignable)"
    assert x[1:4] == [both, both, both]
    assert x[4] == "1 (connexion exigée), 1 (compte injoignable)"
    tiktok = rows["TikTok"]
    assert tiktok[1:4] == [UNKNOWN_LABELS["not_read"]] * 3
    assert "LinkedIn" not in rows  # declared only: in the workbook, not among accounts found
    assert "1 autre compte déclaré sans lien depuis le site" in texts_of(slide)


def test_the_slide_says_nothing_was_checked_when_nothing_was(
    data: ReportData, tmp_path: Path
) -> None:
    unchecked = replace(data, social=replace(data.social, checked=False))
    shapes = shapes_of(build_deck(unchecked, tmp_path / "deck.pptx"), "Réseaux sociaux")
    assert table_rows(shapes)[0][:3] == ["Réseau", "Comptes trouvés", "Sites qui y renvoient"]
    assert "n'ont pas été vérifiés" in texts_of(shapes)


def sheet(book: Workbook, name: str) -> list[dict[str, object]]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_workbook_lists_every_account_unknown_never_0(book: Workbook) -> None:
    rows = sheet(book, "Comptes sociaux")
    assert len(rows) == len(ACCOUNTS)
    figures = ["Abonnés", "Abonnés pour 1\u202f000 habitants", "Publications dans les 90 jours",
               "Dernière publication", "Actif dans les 90 jours"]  # fmt: skip
    for row in rows:
        if row["Réseau"] == "Instagram":
            assert [row[f] for f in figures] == [WALL] * len(figures)
        for figure in figures:
            assert row[figure] != 0 or row["Réseau"] == "YouTube", row  # a measured 0 only
    by_url = {row["Adresse du compte"]: row for row in rows}
    for account in ACCOUNTS:
        row = by_url[account.url]
        assert row["Réseau"] == platform_label(account.platform)
        if account.partial:
            assert row["Publications dans les 90 jours"] == f"au moins {account.posts_90d}"
        if account.rounded:
            assert row["Abonnés : origine du chiffre"] == "observé, arrondi par la plateforme"
        if account.declared and account.declared[0] is not None:
            assert row["Abonnés"] == account.declared[0]
            assert row["Abonnés : origine du chiffre"] == "déclaré par la collectivité"
        if not account.linked:
            assert row["Lien depuis le site"] == "non (compte déclaré par la collectivité)"
        if account.followers is not None and not account.declared:
            assert row["Abonnés"] == account.followers
            assert row["Actif dans les 90 jours"] == ("oui" if is_active(account) else "non")


def test_the_workbook_summary_has_the_slides_figures_with_their_n(book: Workbook) -> None:
    rows = {row["Réseau"]: row for row in sheet(book, "Réseaux sociaux")}
    instagram = rows["Instagram"]
    assert instagram["Abonnés visibles (%)"] == WALL
    assert instagram["Actifs dans les 90 jours (%)"] == WALL
    assert instagram["Comptes à chiffre inconnu"] == len(linked("instagram"))
    youtube = rows["YouTube"]
    accounts = linked("youtube")
    per_1000 = median(1000 * (a.followers or 0) / a.population for a in accounts)
    assert youtube["Abonnés pour 1\u202f000 habitants : médiane"] == round(per_1000, 1)
    assert youtube["n (comptes à abonnés et population connus)"] == len(accounts)
    facebook = rows["Facebook"]
    assert facebook["Abonnés pour 1\u202f000 habitants : médiane"] == INSUFFICIENT
    assert facebook["Dont comptes à chiffres déclarés par la collectivité"] == 3


def test_the_workbook_shows_no_raw_code(data: ReportData, tmp_path: Path) -> None:
    assert raw_codes(texts_of_xlsx(write_workbook(data, tmp_path / "b.xlsx"))) == []


def test_the_study_says_the_slide_in_sentences_with_n(
    data: ReportData, model: Model, tmp_path: Path
) -> None:
    document = Document(str(build_document(data, model, tmp_path / "etude.docx")))
    texts = chapter(document, "Réseaux sociaux")
    for network in data.social.networks:
        assert french_text(network_sentence(network)) in texts
    [instagram] = [t for t in texts if t.startswith("Instagram")]
    assert french_text(f"Abonnés visibles : {WALL}") in instagram
    assert " 0 " not in instagram
    assert any(french_text(declared_count(3)) in text for text in texts)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Réseau")
    texts += [cell.text for row in table.rows for cell in row.cells]
    assert raw_codes(texts) == []


def chapter(document: DocumentType, title: str) -> list[str]:
    """The paragraphs of the chapter whose heading ends with `title`, heading first."""
    texts: list[str] = []
    for paragraph in document.paragraphs:
        heading = (paragraph.style.name if paragraph.style else "") == "Heading 1"
        if heading and texts:
            break
        if texts or (heading and paragraph.text.endswith(title)):
            texts.append(paragraph.text)
    assert texts
    return texts
