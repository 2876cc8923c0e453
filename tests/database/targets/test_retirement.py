"""Communes that merged or disappeared: INSEE's complete list retires them (kept, with the
commune they went into and why, in words), no other file retires anything, a list that would
retire too many is refused, a commune listed again is reinstated; a new run neither crawls nor
counts a retired commune, an old run keeps it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

from database import open_database
from database.models import Authority
from database.repository import create_run, pending_targets, store_site, target_of
from database.targets import RetirementRefused, import_file, import_targets
from tests.database.targets.insee_files import (
    COMMUNES_2025,
    movement,
    part_line,
    write_cog,
    write_movements,
)
from tests.database.test_repository import scan

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
# 2026: Ancourteville-sur-Héricourt (76001) and Fauville-en-Caux (76258) form the commune
# nouvelle Terres-de-Caux (76258), both communes déléguées; Héricourt-en-Caux (76300) merges
# into it without being déléguée (only the movements file says so); Santeau (45301) is gone
# and no file says where.
COMMUNES_2026 = {
    **{code: name for code, name in COMMUNES_2025.items() if code not in ("76001", "76300")},
    "76258": "Terres-de-Caux",
}
del COMMUNES_2026["45301"]
PARTS_2026 = [
    part_line("COMD", "76001", "Ancourteville-sur-Héricourt", "76258"),
    part_line("COMD", "76258", "Fauville-en-Caux", "76258"),
]
MOVEMENTS_2026 = [
    movement("32", "2026-01-01", ("COM", "76001", "Ancourteville-sur-Héricourt"),
             ("COM", "76258", "Terres-de-Caux")),
    movement("32", "2026-01-01", ("COM", "76001", "Ancourteville-sur-Héricourt"),
             ("COMD", "76001", "Ancourteville-sur-Héricourt")),
    movement("32", "2026-01-01", ("COM", "76258", "Fauville-en-Caux"),
             ("COM", "76258", "Terres-de-Caux")),
    movement("31", "2026-01-01", ("COM", "76300", "Héricourt-en-Caux"),
             ("COM", "76258", "Terres-de-Caux")),
]  # fmt: skip


def state(engine: Engine) -> dict[str, dict[str, Any]]:
    """Each authority by code: its name, retirement, reason and successor's code."""
    with engine.connect() as connection:
        rows = connection.execute(select(Authority)).mappings().all()
    code_of = {row["id"]: row["code"] for row in rows}
    return {
        row["code"]: {
            "name": row["name"],
            "retired_at": row["retired_at"],
            "successor": code_of.get(row["successor_id"]),
            "reason": row["retired_reason"],
        }
        for row in rows
    }


def retired(engine: Engine) -> dict[str, tuple[str | None, str | None]]:
    return {
        code: (row["successor"], row["reason"])
        for code, row in state(engine).items()
        if row["retired_at"] is not None
    }


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "2025": write_cog(tmp_path / "v_commune_2025.csv", COMMUNES_2025),
        "2026": write_cog(tmp_path / "v_commune_2026.csv", COMMUNES_2026, PARTS_2026),
        "mvt": write_movements(tmp_path / "v_mvt_commune_2026.csv", MOVEMENTS_2026),
    }


def test_the_complete_list_retires_merged_communes_with_their_successor(
    engine: Engine, files: dict[str, Path]
) -> None:
    import_file(engine, files["2025"])
    outcome = import_targets(engine, [files["2026"], files["mvt"]], NOW)
    assert retired(engine) == {
        "76001": ("76258", "fusionnée dans Terres-de-Caux (76258) le 1er janvier 2026, commune déléguée"),
        "76300": ("76258", "fusionnée dans Terres-de-Caux (76258) le 1er janvier 2026"),
        "45301": (None, "absente de la liste des communes de l'Insee (v_commune_2026.csv)"),
    }  # fmt: skip
    assert state(engine)["76001"]["retired_at"].replace(tzinfo=UTC) == NOW
    assert state(engine)["76258"]["name"] == "Terres-de-Caux"
    assert (outcome.retirement.retired, outcome.retirement.active) == (3, 20)
    commune = outcome.changes["commune"]
    assert [change.code for change in commune.retired] == ["45301", "76001", "76300"]
    assert (commune.active, commune.retired_total) == (17, 3)


def test_without_the_movements_file_a_commune_dissolved_outright_has_no_successor(
    engine: Engine, files: dict[str, Path]
) -> None:
    import_file(engine, files["2025"])
    import_file(engine, files["2026"])
    assert retired(engine)["76001"] == (
        "76258",
        "fusionnée dans Terres-de-Caux (76258), commune déléguée",  # no date without movements
    )
    assert retired(engine)["76300"][0] is None


def test_a_successor_the_database_lacks_is_followed_to_one_it_holds(
    engine: Engine, files: dict[str, Path], tmp_path: Path
) -> None:
    import_file(engine, files["2025"])
    old = tmp_path / "old-list.csv"  # a commune of an older list: merged in 2019, then again
    old.write_text("code,name,kind\n45999,Vieux-Bourg,commune\n", encoding="utf-8")
    import_file(engine, old)
    chain = write_movements(tmp_path / "v_mvt_commune_2026.csv", [
        movement("32", "2019-01-01", ("COM", "45999", "Vieux-Bourg"), ("COM", "45998", "Bourg-Neuf")),
        movement("31", "2026-01-01", ("COM", "45998", "Bourg-Neuf"), ("COM", "45300", "Sandillon")),
    ])  # fmt: skip
    import_targets(engine, [files["2026"], chain], NOW)
    assert retired(engine)["45999"] == (
        "45300",  # Bourg-Neuf (45998) was never in the database: its own successor
        "fusionnée dans Bourg-Neuf (45998) le 1er janvier 2019",
    )


def test_a_file_that_is_not_a_complete_list_retires_nothing(
    engine: Engine, files: dict[str, Path], tmp_path: Path
) -> None:
    import_file(engine, files["2025"])
    partial = tmp_path / "a-few.csv"
    partial.write_text(
        "code,name,kind,url\n45300,Sandillon,commune,https://www.sandillon.fr/\n", encoding="utf-8"
    )
    outcome = import_targets(engine, [partial], NOW)
    assert retired(engine) == {}
    assert outcome.retirement.why_not is not None
    assert "no complete official list" in outcome.retirement.why_not
    assert outcome.changes["commune"].unchanged == 19


def test_a_complete_list_with_a_rejected_line_retires_nothing(
    engine: Engine, files: dict[str, Path]
) -> None:
    import_file(engine, files["2025"])
    broken = files["2026"].read_text(encoding="utf-8").replace('"45300"', '"4530"', 1)
    files["2026"].write_text(broken, encoding="utf-8")
    outcome = import_targets(engine, [files["2026"]], NOW)
    assert retired(engine) == {}  # Sandillon's line rejected: it would have been retired
    assert "1 line(s) rejected" in (outcome.retirement.why_not or "")


def test_a_truncated_list_is_refused_and_nothing_is_written(
    engine: Engine, files: dict[str, Path], tmp_path: Path
) -> None:
    import_file(engine, files["2025"])
    before = state(engine)
    truncated = write_cog(tmp_path / "v_commune_2026.csv", {"45300": "Sandillon-sur-Loire"})
    with pytest.raises(
        RetirementRefused, match=r"would retire 19 of the 20 active communes \(95%\)"
    ):
        import_targets(engine, [truncated], NOW)
    assert state(engine) == before  # not even the renaming
    import_targets(engine, [truncated], NOW, allow_mass_retirement=True)
    assert len(retired(engine)) == 19


def test_exactly_the_share_allowed_is_retired_and_one_more_is_refused(
    engine: Engine, tmp_path: Path
) -> None:
    import_file(engine, write_cog(tmp_path / "v_commune_2025.csv", COMMUNES_2025))
    kept = dict(list(COMMUNES_2025.items())[:16])  # 4 of 20 gone: 20 %
    with pytest.raises(RetirementRefused):
        import_targets(engine, [write_cog(tmp_path / "a.csv", dict(list(kept.items())[:15]))])
    import_targets(engine, [write_cog(tmp_path / "b.csv", kept)])
    assert len(retired(engine)) == 4


def test_two_complete_lists_in_one_import_are_refused(
    engine: Engine, files: dict[str, Path]
) -> None:
    with pytest.raises(RetirementRefused, match="several complete lists"):
        import_targets(engine, [files["2025"], files["2026"]], NOW)
    assert state(engine) == {}


def test_a_commune_listed_again_is_reinstated_and_only_by_the_complete_list(
    engine: Engine, files: dict[str, Path], tmp_path: Path
) -> None:
    import_file(engine, files["2025"])
    import_targets(engine, [files["2026"], files["mvt"]], NOW)
    directory = tmp_path / "a-few.csv"  # a directory extract that still lists Santeau
    directory.write_text("code,name,kind\n45301,Santeau,commune\n", encoding="utf-8")
    listed = import_targets(engine, [directory], NOW)
    assert "45301" in retired(engine)
    assert [change.code for change in listed.changes["commune"].still_retired] == ["45301"]
    restored = write_cog(tmp_path / "v_commune_2027.csv", {**COMMUNES_2026, "45301": "Santeau"})
    outcome = import_targets(engine, [restored], NOW)
    assert state(engine)["45301"] | {"name": None} == {
        "name": None, "retired_at": None, "successor": None, "reason": None,
    }  # fmt: skip
    reinstated = outcome.changes["commune"].reinstated
    assert [(change.code, change.detail) for change in reinstated] == [
        ("45301", "was: absente de la liste des communes de l'Insee (v_commune_2026.csv)")
    ]
    assert outcome.retirement.reinstated == 1


def test_a_new_run_neither_crawls_nor_counts_a_retired_commune_and_an_old_run_keeps_it(
    engine: Engine, files: dict[str, Path], tmp_path: Path
) -> None:
    import_file(engine, files["2025"])
    urls = tmp_path / "urls.csv"
    urls.write_text("code,name,kind,url\n76300,Héricourt-en-Caux,commune,http://hericourt.fr/\n")
    import_file(engine, urls)
    old_run = create_run(engine, {})
    target = next(t for t in pending_targets(engine, old_run) if t.url == "http://hericourt.fr/")
    store_site(engine, scan(target, "ok", ["http://hericourt.fr/"], ["legal.notice_url"]))
    import_targets(engine, [files["2026"], files["mvt"]], NOW)
    new_run = create_run(engine, {})
    with engine.connect() as connection:
        counts: dict[int, int] = dict(
            connection.execute(text("SELECT id, targets_count FROM crawl_runs")).all()
        )
        kept = connection.execute(
            text("SELECT s.status, COUNT(f.id) FROM site_scans s LEFT JOIN findings f"
                 " ON f.run_id = s.run_id AND f.authority_id = s.authority_id"
                 " WHERE s.run_id = :run AND s.authority_id = :id GROUP BY s.status"),
            {"run": old_run, "id": target.authority_id},
        ).all()  # fmt: skip
    assert counts == {old_run: 20, new_run: 17}
    assert target.authority_id not in {t.authority_id for t in pending_targets(engine, new_run)}
    assert len(pending_targets(engine, new_run)) == 17
    assert target_of(engine, new_run, target.authority_id) is None
    assert kept == [("ok", 1)]  # the old run's scan and finding, untouched


def test_on_postgresql_a_list_retires_refuses_and_reinstates_as_on_sqlite(
    postgres_url: str, files: dict[str, Path], tmp_path: Path
) -> None:
    engine = open_database(postgres_url)
    try:
        import_file(engine, files["2025"])
        truncated = write_cog(tmp_path / "v_commune_short.csv", {"45300": "Sandillon"})
        with pytest.raises(RetirementRefused):
            import_targets(engine, [truncated], NOW)
        import_targets(engine, [files["2026"], files["mvt"]], NOW)
        assert retired(engine)["76300"] == (
            "76258",
            "fusionnée dans Terres-de-Caux (76258) le 1er janvier 2026",
        )
        restored = write_cog(
            tmp_path / "v_commune_2027.csv", {**COMMUNES_2026, "76300": "Héricourt"}
        )
        outcome = import_targets(engine, [restored], NOW, dry_run=True)
        assert [change.code for change in outcome.changes["commune"].reinstated] == ["76300"]
        assert "76300" in retired(engine)  # a dry run
        import_targets(engine, [restored], NOW)
        assert sorted(retired(engine)) == ["45301", "76001"]
    finally:
        engine.dispose()
