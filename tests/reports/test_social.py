"""The social networks in the deck, the workbook and the study document, on a run whose
accounts are of every kind (tests/reports/social_database.py): a login wall reads "inconnu
(connexion exigée)" everywhere and never 0, followers unknown and activity unknown are told
apart, every share and median carries its n, below the threshold it is not stated, declared
figures are counted and said to be, in words that do not say who made the file, all networks
together close the table, and each site's two social indicators are what the score read."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from statistics import median

import pytest
from docx import Document
from docx.document import Document as DocumentType
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from sqlalchemy import Engine, text

from database.social_audience import UNKNOWN_LABELS, window_start
from database.vocabulary import platform_label
from reports.data import ReportData, load_report_data
from reports.deck import build_deck
from reports.deck_social import notes
from reports.document import build_document
from reports.document_style import french_text
from reports.french import french_count, french_number
from reports.social import ALL_LABEL
from reports.social_text import NETWORK_HEADER, declared_count, network_row, why_words
from reports.thresholds import INSUFFICIENT, MIN_SITES, Rate, n_label
from reports.workbook import write_workbook
from scoring.model import Model, load_model
from tests.reports.reading import shapes_of, table_rows, texts_of
from tests.reports.social_database import ACCOUNTS, COMMUNES, STARTED, Account, build, day_before
from tests.reports.text_scan import raw_codes, texts_of_xlsx

WALL = UNKNOWN_LABELS["login_wall"]
# Who made a declaration file is not known: the outputs never say "the authority".
OWNER_WORDS = ("par la collectivité", "par les collectivités")


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory, model: Model) -> tuple[Engine, int]:
    from database import open_database

    folder = tmp_path_factory.mktemp("social")
    engine: Engine = open_database(f"sqlite:///{folder / 'vigie.db'}")
    return engine, build(engine, folder, model)


@pytest.fixture(scope="module")
def data(database: tuple[Engine, int], model: Model) -> ReportData:
    return load_report_data(*database, model)


@pytest.fixture(scope="module")
def slide(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> list[object]:
    deck = build_deck(data, tmp_path_factory.mktemp("deck") / "deck.pptx")
    return shapes_of(deck, "Réseaux sociaux")


@pytest.fixture(scope="module")
def book(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    out = write_workbook(data, tmp_path_factory.mktemp("book") / "deck.xlsx")
    return load_workbook(out)


def linked(platform: str | None = None) -> list[Account]:
    """The accounts the sites link to, of one platform or all."""
    return [a for a in ACCOUNTS if a.linked and platform in (None, a.platform)]


def followers(account: Account) -> int | None:
    """Its follower count as the reports know it: observed, else declared."""
    if account.followers is not None:
        return account.followers
    return account.declared[0] if account.declared else None


def is_active(account: Account) -> bool:
    since = window_start(STARTED.date()).isoformat()
    return bool(account.posts_90d) or (account.last_activity or "") >= since


def active_now(account: Account) -> bool:
    """Active as the reports read it: observed activity, else the declared one."""
    if account.posts_90d is not None or account.last_activity is not None:
        return is_active(account)
    _, posts, last = account.declared or (None, None, None)
    return bool(posts) or (last or "") >= window_start(STARTED.date()).isoformat()


def activity_known(account: Account) -> bool:
    observed = account.posts_90d is not None or account.last_activity is not None
    return observed or bool(account.declared and any(account.declared[1:]))


def why(account: Account) -> str:
    """Why a figure of the account is unknown (database/social_audience.py's reasons)."""
    if (account.detail or "").startswith("robots_blocked"):
        return "robots"
    if not account.reachable:
        return "unreachable"
    return "login_wall" if account.login_wall else "not_read"


def reasons(accounts: list[Account]) -> str:
    """'5 (connexion exigée), 1 (compte injoignable)', the most accounts first."""
    counts = Counter(why(account) for account in accounts)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{french_count(count)} ({why_words(w)})" for w, count in ordered) or "aucun"


def rows_by_network(slide: list[object]) -> dict[str, list[str]]:
    rows = table_rows(slide)
    assert rows[0] == NETWORK_HEADER
    return {row[0]: row[1:] for row in rows[1:]}


def test_a_network_behind_a_login_wall_is_unknown_with_why_never_0(slide: list[object]) -> None:
    instagram = rows_by_network(slide)["Instagram"]
    accounts = len(linked("instagram"))
    walled = f"{accounts} (connexion exigée)"
    assert instagram == [french_count(accounts), WALL, WALL, WALL, walled, walled]
    for row in rows_by_network(slide).values():
        assert "0" not in row[1:4], row  # no figure reads 0 where it is unknown
        assert "0 actifs" not in " ".join(row)


def test_declared_figures_are_counted_and_flagged(slide: list[object]) -> None:
    facebook = rows_by_network(slide)["Facebook"]
    accounts = linked("facebook")
    declared = [a for a in accounts if a.declared]
    assert len(accounts) >= MIN_SITES > len(declared) > 0
    assert facebook[0] == french_count(len(accounts))
    # Known followers, of which declared: "38 % (3 sur 8 comptes), dont 3 déclarés".
    known = Rate(len(declared), len(accounts)).text("compte")
    assert facebook[1] == f"{known}, dont {len(declared)} déclarés"
    # The declared counts are too few for a median, or a share of active accounts.
    assert facebook[2] == f"{INSUFFICIENT} ({len(declared)} comptes)"
    assert facebook[3] == f"{INSUFFICIENT} ({len(declared)} comptes)"
    walled = f"{len(accounts) - len(declared)} (connexion exigée)"
    assert facebook[4:] == [walled, walled]
    # The note says how many accounts carry declared figures, and what those are.
    total = sum(1 for a in linked() if a.declared)
    assert f"dont {total} déclarés (chiffres relevés dans les statistiques des comptes" in (
        texts_of(slide)
    )
    assert not any(words in texts_of(slide) for words in OWNER_WORDS)


def test_followers_unknown_and_activity_unknown_are_told_apart(slide: list[object]) -> None:
    youtube = rows_by_network(slide)["YouTube"]
    accounts = linked("youtube")
    known = [a for a in accounts if activity_known(a)]
    assert len(known) >= MIN_SITES
    assert len(known) < len(accounts)
    per_1000 = median(1000 * (a.followers or 0) / a.population for a in accounts)
    assert youtube[1] == Rate(len(accounts), len(accounts)).text("compte")
    assert youtube[2] == f"{french_number(per_1000)} ({n_label(len(accounts), 'compte')})"
    active = sum(map(is_active, known))
    assert 0 < active < len(known)  # the inactive account is counted as such
    assert youtube[3] == Rate(active, len(known)).text("compte")
    # Every subscriber count is public; one account's activity the platform forbids reading.
    assert youtube[4] == "aucun"
    assert youtube[5] == f"1 ({why_words('robots')})"
    assert youtube[5] == "1 (le réseau interdit la lecture automatique)"


def test_unknown_says_every_reason(slide: list[object]) -> None:
    rows = rows_by_network(slide)
    x = rows["X (Twitter)"]
    both = "inconnu (connexion exigée, compte injoignable)"
    assert x[1:4] == [both, both, both]
    assert x[4:] == ["1 (connexion exigée), 1 (compte injoignable)"] * 2
    tiktok = rows["TikTok"]
    assert tiktok[1:4] == [UNKNOWN_LABELS["not_read"]] * 3
    assert tiktok[4:] == ["2 (plateforme non lue)"] * 2
    assert "LinkedIn" not in rows  # declared only: in the workbook, not among accounts found
    assert "1 autre compte déclaré sans lien depuis le site" in texts_of(slide)


def test_all_networks_close_the_table(slide: list[object]) -> None:
    *networks, every = table_rows(slide)[1:]
    assert every[0] == ALL_LABEL
    accounts = linked()
    assert len(networks) == len({a.platform for a in accounts})
    assert every[1] == french_count(len(accounts))
    known = [a for a in accounts if followers(a) is not None]
    declared = sum(1 for a in known if a.followers is None)
    assert every[2] == f"{Rate(len(known), len(accounts)).text('compte')}, dont {declared} déclarés"
    per_1000 = median(1000 * (followers(a) or 0) / a.population for a in known)
    assert every[3] == f"{french_number(per_1000)} ({n_label(len(known), 'compte')})"
    active = [a for a in accounts if activity_known(a)]
    assert every[4] == Rate(sum(map(active_now, active)), len(active)).text("compte")
    assert every[5] == reasons([a for a in accounts if followers(a) is None])
    assert every[6] == reasons([a for a in accounts if not activity_known(a)])


def test_the_note_names_the_sites_linking_an_account_among_those_crawled(
    slide: list[object], data: ReportData
) -> None:
    sites = len({a.number for a in linked()})
    assert sites < COMMUNES == data.crawled  # the last commune links no account
    said = f"{len(linked())} comptes liés depuis {sites} des {COMMUNES} sites explorés"
    assert said in texts_of(slide)
    assert data.social.total is not None
    every = replace(data, social=replace(data.social, total=replace(data.social.total, sites=9)))
    assert notes(every).startswith(f"{len(linked())} comptes liés depuis les 9 sites explorés")


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
            assert row["Abonnés : origine du chiffre"] == "déclaré (statistiques du compte)"
        if not account.linked:
            assert row["Lien depuis le site"] == "non (compte seulement déclaré)"
        if account.followers is not None and not account.declared and activity_known(account):
            assert row["Abonnés"] == account.followers
            assert row["Actif dans les 90 jours"] == ("oui" if is_active(account) else "non")


def test_a_declared_row_gives_the_day_it_was_read_and_its_file(book: Workbook) -> None:
    by_url = {row["Adresse du compte"]: row for row in sheet(book, "Comptes sociaux")}
    for account in ACCOUNTS:
        row = by_url[account.url]
        read_on, source = (
            row["Chiffres déclarés : relevés le"],
            row["Chiffres déclarés : fichier importé"],
        )
        if account.declared:
            # A date cell, shown day/month/year, and the file as it was imported.
            assert read_on == datetime.fromisoformat(day_before(1)), row
            assert source == "statistiques.csv"
        else:
            assert (read_on, source) == (None, None)
    column = next(
        c for c in book["Comptes sociaux"][1] if c.value == "Chiffres déclarés : relevés le"
    )
    cells = book["Comptes sociaux"].iter_rows(
        min_row=2, min_col=column.column, max_col=column.column
    )
    assert {cell.number_format for (cell,) in cells if cell.value} == {"DD/MM/YYYY"}


def test_the_workbook_summary_has_the_slides_figures_with_their_n(book: Workbook) -> None:
    rows = {row["Réseau"]: row for row in sheet(book, "Réseaux sociaux")}
    instagram = rows["Instagram"]
    assert instagram["Abonnés connus (%)"] == WALL
    assert instagram["Actifs dans les 90 jours (%)"] == WALL
    walled = len(linked("instagram"))
    assert (
        instagram["Comptes à abonnés inconnus"]
        == instagram["Comptes à activité inconnue"]
        == walled
    )
    youtube = rows["YouTube"]
    accounts = linked("youtube")
    per_1000 = median(1000 * (a.followers or 0) / a.population for a in accounts)
    assert youtube["Abonnés pour 1\u202f000 habitants : médiane"] == round(per_1000, 1)
    assert youtube["n (comptes à abonnés et population connus)"] == len(accounts)
    assert (youtube["Comptes à abonnés inconnus"], youtube["Comptes à activité inconnue"]) == (0, 1)
    assert youtube["Activité inconnue : pourquoi"] == f"1 ({why_words('robots')})"
    facebook = rows["Facebook"]
    assert facebook["Abonnés pour 1\u202f000 habitants : médiane"] == INSUFFICIENT
    assert facebook["Dont comptes à chiffres déclarés (statistiques du compte)"] == 3
    assert facebook["Dont abonnés déclarés (comptes)"] == 3
    assert list(rows)[-1] == ALL_LABEL
    every = rows[ALL_LABEL]
    assert every["Comptes trouvés (liés depuis les sites explorés)"] == len(linked())
    assert every["Sites explorés qui y renvoient"] == len({a.number for a in linked()})
    assert every["Comptes à abonnés inconnus"] == sum(1 for a in linked() if followers(a) is None)


def test_each_sites_social_indicators_are_what_the_score_read(
    book: Workbook, database: tuple[Engine, int]
) -> None:
    """The sheet agrees with the stored score: a number where the score counted one, its
    credit 0 at 0 and full at the model's high; "inconnu (why)" where the score left the
    indicator out; "aucun compte lié par le site ni déclaré" and 0 for a site linking no account."""
    engine, run_id = database
    with engine.connect() as connection:
        stored = {
            code: json.loads(value) if isinstance(value, str) else value
            for code, value in connection.execute(
                text("SELECT a.code, s.indicators FROM scores s JOIN authorities a"
                     " ON a.id = s.authority_id WHERE s.run_id = :run"), {"run": run_id})
        }  # fmt: skip
    [audience_rule] = [i for i in load_model().indicators if i.key == "social_audience"]
    rows = sheet(book, "Audience par collectivité")
    assert sorted(str(row["Code"]) for row in rows) == sorted(stored)  # every crawled site
    audience = "Audience pour 1\u202f000 habitants (plus grand compte connu)"
    for row in rows:
        scored = stored[str(row["Code"])]
        active = row["Actif dans les 90 jours"]
        assert isinstance(active, str)
        if scored["social_active"] is None:
            assert active.startswith("inconnu ("), row
        else:
            assert active.startswith("oui" if scored["social_active"] else "non"), row
        value = row[audience]
        if isinstance(value, int | float):
            credit = min(max(value / audience_rule.high, 0.0), 1.0)
            assert scored["social_audience"] == pytest.approx(credit, abs=1e-3), row
        elif scored["social_audience"] is None:  # a floor below full marks is unknown too
            assert str(value).startswith(("inconnu (", "inconnu, au moins ")), row
        else:  # a floor at full marks already
            assert str(value).startswith("au moins "), row
            assert scored["social_audience"] == 1.0, row
    [empty] = [row for row in rows if str(row["Code"]).endswith(str(COMMUNES))]
    assert empty["Comptes (liés depuis le site ou déclarés)"] == 0
    assert empty["Actif dans les 90 jours"] == "non (aucun compte lié par le site ni déclaré)"
    assert empty[audience] == 0
    assert (
        empty["Audience : réseau du compte retenu, ou pourquoi"]
        == "aucun compte lié par le site ni déclaré"
    )
    kinds = {str(row["Actif dans les 90 jours"]).split(" (")[0] for row in rows}
    assert kinds == {"oui", "non", "inconnu"}


def test_the_workbook_shows_no_raw_code_nor_who_declared(data: ReportData, tmp_path: Path) -> None:
    texts = texts_of_xlsx(write_workbook(data, tmp_path / "b.xlsx"))
    assert raw_codes(texts) == []
    assert not [t for t in texts if any(words in t for words in OWNER_WORDS)]


def test_the_study_gives_the_slides_table_once_with_n(
    data: ReportData, model: Model, tmp_path: Path
) -> None:
    document = Document(str(build_document(data, model, tmp_path / "etude.docx")))
    texts = chapter(document, "Réseaux sociaux")
    # The table, not the table again as a list: no paragraph opens with a network's name.
    labels = {network.label for network in data.social.networks}
    assert not [t for t in texts if t.split(" : ")[0] in labels]
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Réseau"]
    assert len(tables) == 1
    rows = [[cell.text for cell in row.cells] for row in tables[0].rows]
    assert rows[0] == [french_text(h) for h in NETWORK_HEADER]
    expected = [network_row(n) for n in data.social.networks]
    assert data.social.total is not None
    assert rows[1:] == [
        [french_text(c) for c in row] for row in [*expected, network_row(data.social.total)]
    ]
    assert any(french_text(declared_count(3)) in text for text in texts)
    assert any(french_text(f"depuis {len({a.number for a in linked()})} des") in t for t in texts)
    said = texts + [cell for row in rows for cell in row]
    assert raw_codes(said) == []
    assert not [t for t in said if any(words in t for words in OWNER_WORDS)]


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
