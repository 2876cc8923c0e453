"""`vigie social import FILE` as a user meets it, and `vigie social` itself unchanged beside it:
a group whose callback runs the check when no subcommand is given."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

import crawler.runner
from cli.app import app
from cli.main import run
from database.models import SocialDeclaration
from database.social_audience import run_accounts
from tests.database.test_social_audience import NANTES, build_run, link

DOC = Path(__file__).resolve().parents[2] / "docs" / "social.md"
HEADER = "code,platform,url,followers,posts_90d,last_activity,as_of"
LATER = datetime(2026, 11, 25, tzinfo=UTC)


def vigie(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of the command line, through its entry point."""
    status = run(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


def rows(engine: Engine, run_id: int | None = None) -> int:
    query = select(func.count()).select_from(SocialDeclaration)
    if run_id is not None:
        query = query.where(SocialDeclaration.run_id == run_id)
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "declarations.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_documented_example_imports(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = build_run(engine)
    link(engine, ids[NANTES], "facebook", "https://www.facebook.com/VilleDeNantes")
    example = re.search(r"```csv\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert example is not None, "docs/social.md has no example file"
    path = tmp_path / "declarations.csv"
    path.write_text(example.group(1), encoding="utf-8")
    status, out, err = vigie(capsys, "social", "import", str(path), "--db", database_url)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "4 comptes déclarés importés pour la campagne 1 (3 collectivités) ; 3 comptes ne sont "
        "liés par aucun site exploré :",
        "  Nantes (44109) : X (Twitter) https://x.com/nantesfr",
        "  Nantes Métropole (244400404) : LinkedIn "
        "https://www.linkedin.com/company/nantes-metropole",
        "  Rezé (44143) : Instagram https://www.instagram.com/villedereze",
    ]
    accounts = {account.url: account for account in run_accounts(engine, 1)}
    facebook = accounts["https://www.facebook.com/VilleDeNantes"]
    assert (facebook.followers, facebook.followers_declared, facebook.linked) == (
        48_210,
        True,
        True,
    )
    assert accounts["https://x.com/nantesfr"].linked is False


def test_one_account_is_said_in_the_singular_and_a_second_import_replaces(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = build_run(engine)
    link(engine, ids[NANTES], "youtube", "https://www.youtube.com/@nantes")
    path = write(tmp_path, HEADER, "44109,YouTube,youtube.com/@Nantes/videos,1 200,,,2026-11-18")
    status, out, _ = vigie(capsys, "social", "import", str(path), "--db", database_url)
    assert (status, out) == (0, "1 compte déclaré importé pour la campagne 1 (1 collectivité).\n")
    status, out, _ = vigie(capsys, "social", "import", str(path), "--db", database_url)
    assert status == 0
    assert out == ("1 compte déclaré importé pour la campagne 1 (1 collectivité) ; 1 compte "
                   "déjà importé a été remplacé.\n")  # fmt: skip
    assert rows(engine) == 1


def test_the_latest_run_by_default_or_the_one_named(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_run(engine)
    build_run(engine, [("commune", "44190", "Saint-Nazaire", 70_000)], run_id=2, started=LATER)
    path = write(tmp_path, HEADER, "44109,facebook,https://www.facebook.com/nantes,5,,,2026-11-20")
    status, _, err = vigie(capsys, "social", "import", str(path), "--db", database_url)
    assert status == 1  # run 2 did not crawl Nantes
    assert f"{path}:2: Nantes (44109) n'a pas été explorée dans la campagne 2" in err
    status, out, _ = vigie(
        capsys, "social", "import", str(path), "--db", database_url, "--run", "1"
    )
    assert status == 0
    assert "pour la campagne 1" in out
    assert (rows(engine, 1), rows(engine, 2)) == (1, 0)


def test_options_given_before_the_subcommand_are_its_own(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_run(engine)
    path = write(tmp_path, HEADER, "44109,facebook,https://www.facebook.com/nantes,5,,,2026-11-20")
    status, out, _ = vigie(
        capsys, "social", "--db", database_url, "--run", "1", "import", str(path)
    )
    assert status == 0
    assert "pour la campagne 1" in out
    assert rows(engine) == 1
    status, _, err = vigie(capsys, "social", "--farm-hosts", "hosts.txt", "import", str(path))
    assert status == 2
    assert "--farm-hosts" in err


def test_every_bad_line_then_nothing_imported_exit_1(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_run(engine)
    path = write(
        tmp_path,
        "code;platform;url;followers;posts_90d;last_activity;as_of",
        "44109;facebook;https://www.facebook.com/nantes;100;;;2026-11-18",
        "44109;myspace;https://myspace.com/nantes;100;;;2026-11-18",
        "44109;x;https://x.com/nantes;-4;;;2026-11-18",
        "44109;x;https://x.com/other;4;;2026-11-19;2026-11-18",
    )
    status, out, err = vigie(capsys, "social", "import", str(path), "--db", database_url)
    assert (status, out) == (1, "")
    lines = err.splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [f"{path}:{n}" for n in (3, 4, 5)]
    assert "plateforme « myspace » inconnue" in lines[0]
    assert "followers « -4 » est négatif" in lines[1]
    assert "après as_of" in lines[2]
    assert lines[-1] == f"Rien n'a été importé (3 lignes à corriger) : corriger {path} puis " + (
        "relancer la commande."
    )
    assert rows(engine) == 0


def test_a_missing_file_is_refused_before_any_database_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    absent = tmp_path / "absent.db"
    status, _, err = vigie(capsys, "social", "import", str(tmp_path / "nope.csv"), "--db",
                           f"sqlite:///{absent}")  # fmt: skip
    assert status == 2
    assert "fichier introuvable" in err
    assert not absent.exists()


def test_vigie_social_alone_still_runs_the_check(
    engine: Engine, database_url: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    build_run(engine)
    calls: list[tuple[str, int, dict[str, Any]]] = []

    def checked(url: str, run_id: int, overrides: dict[str, Any]) -> tuple[int, int]:
        calls.append((url, run_id, overrides))
        return 7, 5

    monkeypatch.setattr(crawler.runner, "run_social", checked)
    status, out, _ = vigie(capsys, "social", "--db", database_url, "--run", "1",
                           "--platform-origin", "http://{host}:8000", "--farm-hosts", "h.txt")  # fmt: skip
    assert (status, out) == (0, "Run 1: 7 social profiles checked, 5 reachable.\n")
    assert calls == [(database_url, 1, {"LOG_FILE": "vigie-crawl.log",
                                         "VIGIE_PLATFORM_ORIGIN": "http://{host}:8000",
                                         "VIGIE_FARM_HOSTS": "h.txt"})]  # fmt: skip
    status, out, _ = vigie(capsys, "social", "--db", database_url, "-v")
    assert status == 0
    assert calls[-1][1:] == (1, {"LOG_LEVEL": "INFO"})


def test_help_lists_the_check_and_the_import() -> None:
    root = CliRunner().invoke(app, ["--help"])
    assert root.exit_code == 0
    assert re.search(r"social\s+Visit the social accounts", root.output)
    group = CliRunner().invoke(app, ["social", "--help"])
    assert group.exit_code == 0
    for shown in ("--platform-origin", "--farm-hosts", "import", "Example: vigie social --run"):
        assert shown in group.output
    command = CliRunner().invoke(app, ["social", "import", "--help"])
    assert command.exit_code == 0
    assert "Example: vigie social import" in command.output


def test_a_long_list_of_problems_is_cut_and_counted(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_run(engine)
    bad = [f"44109,facebook,https://www.facebook.com/n{n},-{n + 1},,,2026-11-18" for n in range(60)]
    status, _, err = vigie(capsys, "social", "import", str(write(tmp_path, HEADER, *bad)),
                           "--db", database_url)  # fmt: skip
    lines = err.splitlines()
    assert status == 1
    assert len(lines) == 52
    assert lines[49].startswith(f"{tmp_path / 'declarations.csv'}:51: followers « -50 »")
    assert lines[50] == "… et 10 autres lignes à corriger"
    assert lines[51].startswith("Rien n'a été importé (60 lignes à corriger)")


def test_an_import_after_the_scores_says_to_score_again(
    engine: Engine, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scoring.compute import score_run
    from scoring.model import load_model

    ids = build_run(engine)
    link(engine, ids[NANTES], "facebook", "https://www.facebook.com/nantes")
    path = write(tmp_path, HEADER, "44109,facebook,https://www.facebook.com/nantes,5,,,2026-11-20")
    status, out, _ = vigie(capsys, "social", "import", str(path), "--db", database_url)
    assert status == 0
    assert "relancer" not in out  # nothing scored yet: nothing stale
    score_run(engine, 1, load_model())
    status, out, _ = vigie(capsys, "social", "import", str(path), "--db", database_url)
    assert status == 0
    assert (
        "Les scores de la campagne 1 ont été calculés avant cet import : relancer "
        "« vigie score --run 1 » puis les rapports" in " ".join(out.split())
    )
