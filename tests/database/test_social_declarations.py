"""`vigie social import`'s library: a CSV of declared figures read whole, checked line by
line, resolved to the run's authorities and accounts, and stored all or nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from cli.social import account_address
from database.models import SocialDeclaration
from database.social_audience import run_accounts
from database.social_declaration_file import parse_count, parse_day, platform_key
from database.social_declarations import DeclarationError, ImportResult, import_declarations
from tests.database.test_social_audience import FACEBOOK, NANTES, build_run, link

TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
HEADER = "code,platform,url,followers,posts_90d,last_activity,as_of"


def write(tmp_path: Path, *lines: str, name: str = "declared.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_import(engine: Engine, path: Path, run_id: int = 1) -> ImportResult:
    return import_declarations(engine, path, run_id, account_address, today=TODAY, now=NOW)


def stored(engine: Engine) -> list[tuple[object, ...]]:
    table = SocialDeclaration.__table__
    columns = (table.c.authority_id, table.c.platform, table.c.url, table.c.followers,
               table.c.posts_90d, table.c.last_activity, table.c.as_of)  # fmt: skip
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(*columns).order_by(table.c.url))]


def refused(engine: Engine, path: Path) -> list[str]:
    with pytest.raises(DeclarationError) as raised:
        run_import(engine, path)
    assert stored(engine) == [], "a refused file stored rows"
    return raised.value.lines


def test_a_french_spreadsheets_export_is_read(engine: Engine, tmp_path: Path) -> None:
    """BOM, semicolons, French labels, spaces in numbers, dd/mm/yyyy, empty cells unknown."""
    ids = build_run(engine)
    link(engine, ids[NANTES], "facebook", FACEBOOK)
    path = tmp_path / "export.csv"
    path.write_bytes(
        "\ufeffCode;Plateforme-ignorée;Platform;URL;Followers;posts_90d;last_activity;as_of\r\n"
        "44109;x;Facebook;https://fr-fr.facebook.com/villedenantes/;48\u202f210;61;;18/11/2026\r\n"
        "44109;x;X (Twitter);twitter.com/Nantes;12 345;;2026-11-17;2026-11-18\r\n"
        ";;;;;;;\r\n"  # a blank line of the spreadsheet
        "44143;x;instagram;https://www.instagram.com/reze/?hl=fr;0;0;;2026-11-18\r\n".encode()
    )
    result = run_import(engine, path)
    nantes, reze = ids[NANTES], ids[("commune", "44143")]
    assert stored(engine) == [
        # Stored under the address the site links, whatever the case and form given.
        (nantes, "facebook", FACEBOOK, 48_210, 61, None, "2026-11-18"),
        (reze, "instagram", "https://www.instagram.com/reze", 0, 0, None, "2026-11-18"),
        (nantes, "x", "https://x.com/Nantes", 12_345, None, "2026-11-17", "2026-11-18"),
    ]
    assert (result.run_id, result.accounts, result.authorities, result.replaced) == (1, 3, 2, 0)
    assert [(u.code, u.platform, u.url) for u in result.unlinked] == [
        ("44109", "x", "https://x.com/Nantes"),
        ("44143", "instagram", "https://www.instagram.com/reze"),
    ]
    linked = {account.url: account.linked for account in run_accounts(engine, 1)}
    assert linked == {FACEBOOK: True, "https://x.com/Nantes": False,
                      "https://www.instagram.com/reze": False}  # fmt: skip


def test_importing_again_replaces_those_accounts_and_keeps_the_others(
    engine: Engine, tmp_path: Path
) -> None:
    ids = build_run(engine)
    first = write(tmp_path, HEADER, f"44109,facebook,{FACEBOOK},100,,,2026-11-18",
                  "44109,youtube,https://www.youtube.com/@nantes,50,,,2026-11-18")  # fmt: skip
    assert run_import(engine, first).replaced == 0
    again = write(tmp_path, HEADER, f"44109,facebook,{FACEBOOK.lower()},150,4,,2026-11-19",
                  name="again.csv")  # fmt: skip
    result = run_import(engine, again)
    assert (result.accounts, result.replaced) == (1, 1)
    nantes = ids[NANTES]
    assert stored(engine) == [  # the account as first spelled: handles ignore case
        (nantes, "facebook", FACEBOOK, 150, 4, None, "2026-11-19"),
        (nantes, "youtube", "https://www.youtube.com/@nantes", 50, None, None, "2026-11-18"),
    ]
    assert run_import(engine, again).replaced == 1
    with engine.connect() as connection:
        sources = connection.execute(select(SocialDeclaration.source).distinct()).scalars().all()
    assert sorted(sources) == sorted([str(first), str(again)])


def test_a_siren_and_a_kind_name_the_authority(engine: Engine, tmp_path: Path) -> None:
    ids = build_run(engine)
    path = write(
        tmp_path,
        "siren,code,kind,name,platform,url,followers,posts_90d,last_activity,as_of",
        "244400404,,,Nantes Métropole,linkedin,https://www.linkedin.com/company/nantes-metropole/,"
        "9000,,,2026-11-18",
        ",44,departement,,youtube,https://www.youtube.com/@loireatlantique/videos,300,,,2026-11-18",
        ",44,region,,mastodon,https://mastodon.social/@grandest,800,,,2026-11-18",
        ",44109,,,peertube,https://video.nantes.fr/c/conseil/,20,2,2026-11-10,2026-11-18",
    )
    run_import(engine, path)
    assert {(row[0], row[2]) for row in stored(engine)} == {
        (ids[("epci", "244400404")], "https://www.linkedin.com/company/nantes-metropole"),
        (ids[("departement", "44")], "https://www.youtube.com/@loireatlantique"),
        (ids[("region", "44")], "https://mastodon.social/@grandest"),
        (ids[NANTES], "https://video.nantes.fr/c/conseil"),
    }


ROW = "44109,facebook,https://www.facebook.com/nantes,100,5,2026-11-10,2026-11-18"


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("44109,Facebok,https://www.facebook.com/nantes,100,,,2026-11-18", "plateforme « Facebok » inconnue ; écrire l'une de : facebook"),
        ("99999,facebook,https://www.facebook.com/nantes,100,,,2026-11-18", "code « 99999 » : aucune collectivité"),
        ("4109,facebook,https://www.facebook.com/nantes,100,,,2026-11-18", "0 initial"),
        ("44,facebook,https://www.facebook.com/nantes,100,,,2026-11-18", "désigne plusieurs collectivités"),
        ("44109,facebook,https://www.facebook.com/nantes,-3,,,2026-11-18", "followers « -3 » est négatif"),
        ("44109,facebook,https://www.facebook.com/nantes,,-1,,2026-11-18", "posts_90d « -1 » est négatif"),
        ("44109,facebook,https://www.facebook.com/nantes,12.5k,,,2026-11-18", "n'est pas un nombre entier"),
        ("44109,facebook,https://www.facebook.com/nantes,100,,,2026-12-25", "dans le futur"),
        ("44109,facebook,https://www.facebook.com/nantes,100,,2026-11-19,2026-11-18", "après as_of"),
        ("44109,facebook,https://www.facebook.com/nantes,100,,,", "as_of vide"),
        ("44109,facebook,https://www.facebook.com/nantes,100,,,18.11.2026", "n'est pas une date"),
        ("44109,facebook,https://www.facebook.com/nantes,100,,,31/02/2026", "n'existe pas"),
        ("44109,facebook,https://www.facebook.com/nantes,100,,,2026-05-01", "203 jours de la campagne 1"),
        ("44109,facebook,https://www.facebook.com/nantes,,,,2026-11-18", "aucun chiffre"),
        ("44109,facebook,https://www.facebook.com/nantes,,4,2026-01-02,2026-11-18", "plus ancienne"),
        ("44109,facebook,https://www.facebook.com/nantes,,0,2026-11-02,2026-11-18", "posts_90d est 0"),
        ("44109,instagram,https://www.facebook.com/nantes,100,,,2026-11-18", "est un compte Facebook et platform dit Instagram"),
        ("44109,facebook,https://www.facebook.com/sharer.php?u=x,100,,,2026-11-18", "n'est pas l'adresse d'un compte Facebook"),
        ("44109,facebook,mailto:mairie@nantes.fr,100,,,2026-11-18", "n'est pas une adresse web"),
        ("44109,facebook,,100,,,2026-11-18", "url vide"),
        (",facebook,https://www.facebook.com/nantes,100,,,2026-11-18", "ni code ni siren"),
        ("44109,facebook,https://www.facebook.com/nantes,100,,,2026-11-18,extra", "8 cellules pour 7 colonnes"),
        ("244400404,facebook,https://www.facebook.com/nm,100,,,2026-11-18", "n'a pas été explorée dans la campagne 1"),
    ],
)  # fmt: skip
def test_a_bad_line_is_named_and_nothing_is_stored(
    engine: Engine, tmp_path: Path, line: str, said: str
) -> None:
    # The EPCI was not crawled in the run: its figures would describe nothing of it.
    build_run(engine, crawled=2)
    path = write(tmp_path, HEADER, ROW, line)
    lines = refused(engine, path)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:3: "), lines[0]
    assert said in lines[0], lines[0]
    assert " ; " in lines[0], "the message says how to fix"


def test_every_bad_line_is_named_in_order(engine: Engine, tmp_path: Path) -> None:
    build_run(engine)
    path = write(
        tmp_path,
        HEADER,
        "44109,facebook,https://www.facebook.com/nantes,100,,,2026-11-18",
        "99999,facebook,https://www.facebook.com/x,100,,,2026-11-18",
        "44109,tiktok,https://www.tiktok.com/@nantes,-1,,,2026-11-18",
        "44109,facebook,https://facebook.com/Nantes/,100,,,2026-11-18",
    )
    lines = refused(engine, path)
    assert [line.split(": ", 1)[0] for line in lines] == [f"{path}:{n}" for n in (2, 3, 4, 5)]
    assert "aux lignes 2 et 5" in lines[0]
    assert "aux lignes 2 et 5" in lines[3]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", ":1: fichier vide ; la premi"),
        (b"  \n\n", ":1: fichier vide"),
        (bytes(range(256)) * 4, ":1: ce n'est pas un fichier CSV"),
        (f"{HEADER}\n44109,facebook,https://www.facebook.com/N\xe9,1,,,2026-11-18\n".encode("latin-1"),
         ":2: pas du texte UTF-8"),
        (b"code,url\n44109,https://www.facebook.com/nantes\n",
         ":1: colonnes manquantes : platform, followers, posts_90d, last_activity, as_of ; les "
         "colonnes attendues sont code (ou siren), platform"),
        (b"name,platform,url,followers,posts_90d,last_activity,as_of\n", "manquantes : code (ou siren)"),
        (f"{HEADER},followers\n".encode(), ":1: colonne followers donnée deux fois"),
        (f"{HEADER}\n".encode(), ":2: aucun compte sous la ligne des colonnes"),
        (b'code,platform,url,followers,posts_90d,last_activity,as_of\n"44109' + b"9" * 200_000, "ligne illisible"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_the_documented_csv_is_refused(
    engine: Engine, tmp_path: Path, content: bytes, said: str
) -> None:
    build_run(engine)
    path = tmp_path / "declared.csv"
    path.write_bytes(content)
    lines = refused(engine, path)
    assert len(lines) == 1, lines
    assert lines[0].startswith(str(path)), lines[0]
    assert said in lines[0], lines[0]


def test_the_database_takes_the_callers_canonical_rule(engine: Engine, tmp_path: Path) -> None:
    """The database may not import the extractor: the caller gives the rule."""
    ids = build_run(engine)
    path = write(tmp_path, HEADER, "44109,x,https://X.com/Nantes,10,,,2026-11-18")
    seen: list[tuple[str, str]] = []

    def rule(platform: str, url: str) -> str:
        seen.append((platform, url))
        return url.lower()

    import_declarations(engine, path, 1, rule, today=TODAY, now=NOW)
    assert seen == [("x", "https://X.com/Nantes")]
    assert stored(engine)[0][:3] == (ids[NANTES], "x", "https://x.com/nantes")


@pytest.mark.parametrize(
    ("text", "key"),
    [("facebook", "facebook"), ("X (Twitter)", "x"), ("x (twitter)", "x"), ("Twitter", "x"),
     ("  LinkedIn ", "linkedin"), ("PEERTUBE", "peertube"), ("YouTube", "youtube")],
)  # fmt: skip
def test_platforms_by_key_or_french_label(text: str, key: str) -> None:
    assert platform_key(text) == key


def test_numbers_and_days() -> None:
    assert parse_count("12 345", "followers") == 12_345
    assert parse_count("1\u00a0234\u202f567", "followers") == 1_234_567
    assert parse_count(" ", "followers") is None  # empty is unknown, never 0
    assert parse_count("0", "followers") == 0
    with pytest.raises(ValueError, match="entier"):
        parse_count("9" * 40, "followers")
    with pytest.raises(ValueError, match="entier"):
        parse_count("١٢", "followers")  # digits of another script
    assert parse_day("02/11/2026", "as_of") == date(2026, 11, 2)
    assert parse_day("2/1/2026", "as_of") == date(2026, 1, 2)
    assert parse_day("2026-11-02", "as_of") == date(2026, 11, 2)
    assert parse_day("", "as_of") is None


def test_many_accounts_in_one_file(engine: Engine, tmp_path: Path) -> None:
    """Batches: more accounts than one statement's worth."""
    places = [("commune", f"{44000 + n:05d}", f"Commune {n}", 1000 + n) for n in range(700)]
    build_run(engine, places)
    lines = [f"{code},mastodon,https://mastodon.social/@c{code},{n},,,2026-11-18"
             for n, (_, code, _, _) in enumerate(places)]  # fmt: skip
    result = run_import(engine, write(tmp_path, HEADER, *lines))
    assert (result.accounts, result.authorities, len(result.unlinked)) == (700, 700, 700)
    with engine.connect() as connection:
        total = connection.execute(select(func.sum(SocialDeclaration.followers))).scalar_one()
    assert total == sum(range(700))


def test_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    """The same import and replacement on the other back-end (skipped, saying why, without it)."""
    from database import open_database

    engine = open_database(postgres_url)
    try:
        ids = build_run(engine)
        link(engine, ids[NANTES], "facebook", FACEBOOK)
        path = write(tmp_path, HEADER, "44109,facebook,facebook.com/villedenantes,10,,,2026-11-18",
                     "44143,x,https://x.com/reze,5,1,2026-11-17,2026-11-18")  # fmt: skip
        first = run_import(engine, path)
        assert (first.accounts, first.replaced, len(first.unlinked)) == (2, 0, 1)
        assert (run_import(engine, path).replaced, len(stored(engine))) == (2, 2)
        assert stored(engine)[0][:4] == (ids[NANTES], "facebook", FACEBOOK, 10)
    finally:
        engine.dispose()
