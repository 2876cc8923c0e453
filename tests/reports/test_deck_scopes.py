"""Decks for a part of the country: one département, one région, a list of authorities; and the
charts as images. Every figure is held to a SQL query restricted to the same scope."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from database.geography import DEPARTEMENTS, REGION_OF_DEPARTEMENT
from database.scope import ScopeError, parse_scope
from reports.labels import STRATUM_LABELS
from reports.thresholds import INSUFFICIENT, MIN_SITES
from tests.conftest import CrawledFarm, vigie
from tests.reports.test_deck import shapes_of, sql, table_rows, titles


def busiest_departement(crawled_farm: CrawledFarm) -> str:
    [(code,)] = sql(
        crawled_farm,
        """
        SELECT a.departement_code FROM scores s JOIN authorities a ON a.id = s.authority_id
        WHERE a.departement_code IS NOT NULL
        GROUP BY a.departement_code ORDER BY COUNT(*) DESC, a.departement_code LIMIT 1""",
    )
    return str(code)


def report(crawled_farm: CrawledFarm, out: Path, *arguments: str) -> Path:
    vigie("report", "--db", crawled_farm.database_url, "--out", str(out), *arguments)
    return out


def test_departement_deck_covers_its_authorities_only(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    departement = busiest_departement(crawled_farm)
    deck = report(crawled_farm, tmp_path / "dep.pptx", "--scope", f"departement:{departement}")
    coverage = table_rows(shapes_of(deck, "Méthode et couverture"))
    counted = sql(
        crawled_farm,
        """
        SELECT s.status, COUNT(*) FROM site_scans s JOIN authorities a ON a.id = s.authority_id
        WHERE s.run_id = 1 AND a.departement_code = :d GROUP BY s.status""",
        d=departement,
    )
    assert coverage[-1] == ["Total", str(sum(n for _, n in counted))]
    subtitle = Presentation(str(deck)).slides[0].shapes[1].text_frame.text
    assert f"Baromètre Vigie, {DEPARTEMENTS[departement]} ({departement}) :" in subtitle
    assert not any(title.startswith("Carte") for title in titles(deck))
    for (stratum,) in sql(
        crawled_farm,
        """
        SELECT DISTINCT s.stratum FROM scores s JOIN authorities a ON a.id = s.authority_id
        WHERE a.departement_code = :d""",
        d=departement,
    ):
        best = sql(
            crawled_farm,
            """
            SELECT a.code, s.score, s.rank_in_stratum, s.stratum_count
            FROM scores s JOIN authorities a ON a.id = s.authority_id
            WHERE a.departement_code = :d AND s.stratum = :s
            ORDER BY s.score DESC, a.name""",
            d=departement,
            s=stratum,
        )
        if len(best) < MIN_SITES:  # too few to rank: listed by score with the national rank
            listed = {row[2]: row for row in table_rows(shapes_of(deck, "Hors classement"))[1:]}
            for code, _, _, count in best:
                if code in listed or len(listed) < 12:  # the list shows the twelve best
                    stratum_shown, *_, national = listed[code]
                    assert stratum_shown == STRATUM_LABELS[stratum]
                    assert national.endswith(f"/ {count}") == (count >= MIN_SITES), national
                    assert national.startswith(INSUFFICIENT) == (count < MIN_SITES), national
            continue
        title = f"Classement : {STRATUM_LABELS[stratum]} ({len(best)} classée"
        rows = table_rows(shapes_of(deck, title))[1:]
        # Rank within the département's stratum, then the national rank kept beside it.
        scores = [score for _, score, _, _ in best]
        assert [(row[0], row[3]) for row in rows] == [
            (f"{1 + sum(other > score for other in scores)} / {len(best)}", code)
            for code, score, _, _ in best[:12]
        ]
        assert all(
            row[1].endswith(f"/ {count}") for row, (*_, count) in zip(rows, best, strict=False)
        )


def test_region_deck_covers_its_authorities_and_maps_them(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    region = REGION_OF_DEPARTEMENT[busiest_departement(crawled_farm)]
    deck = report(crawled_farm, tmp_path / "reg.pptx", "--scope", f"region:{region}")
    inside = {d for d, r in REGION_OF_DEPARTEMENT.items() if r == region}
    # The map zoomed on the région: tests/reports/test_france_map.py.
    assert len(inside) == 1 or any(title.startswith("Carte") for title in titles(deck))
    [(authorities,)] = sql(
        crawled_farm,
        """
        SELECT COUNT(*) FROM site_scans s JOIN authorities a ON a.id = s.authority_id
        WHERE s.run_id = 1 AND (a.region_code = :r OR a.departement_code IN
            (SELECT value FROM json_each(:inside)))""",
        r=region,
        inside=str(sorted(inside)).replace("'", '"'),
    )
    assert table_rows(shapes_of(deck, "Méthode et couverture"))[-1] == [
        "Total",
        str(authorities),
    ]


def test_list_deck_ranks_the_listed_authorities(crawled_farm: CrawledFarm, tmp_path: Path) -> None:
    listed = [
        code
        for (code,) in sql(
            crawled_farm,
            "SELECT a.code FROM scores s JOIN authorities a ON a.id = s.authority_id"
            " ORDER BY a.code LIMIT 6",
        )
    ]
    codes = tmp_path / "codes.txt"
    codes.write_text("# our benchmark\n" + "\n".join(listed) + "\n\n", encoding="utf-8")
    deck = report(crawled_farm, tmp_path / "list.pptx", "--scope", f"list:{codes}")
    ranked = {
        row[3]
        for title in titles(deck)
        if title.startswith("Classement")
        for row in table_rows(shapes_of(deck, title))[1:]
    }
    unranked = {  # strata with fewer than MIN_SITES of the listed authorities
        row[2]
        for title in titles(deck)
        if title.startswith("Hors classement")
        for row in table_rows(shapes_of(deck, title))[1:]
    }
    assert ranked | unranked == set(listed)
    assert not ranked & unranked
    assert table_rows(shapes_of(deck, "Méthode et couverture"))[-1] == ["Total", "6"]


def test_a_bad_scope_is_refused_with_its_reason(crawled_farm: CrawledFarm, tmp_path: Path) -> None:
    codes = tmp_path / "codes.txt"
    codes.write_text("44109\n44001, 44002\n", encoding="utf-8")
    for scope, reason in [
        ("departement:999", "unknown département code '999'"),
        ("canton:12", "expected national, departement:CODE, region:CODE or list:FILE"),
        (f"list:{codes}", "line 2: one code per line"),
        (f"list:{tmp_path / 'missing.txt'}", "cannot read the list of authorities"),
    ]:
        refused = vigie("report", "--db", crawled_farm.database_url, "--scope", scope, check=False)
        assert refused.returncode == 2
        assert reason in refused.stderr.replace("\n", " ")
    codes.write_text("nope-1\n", encoding="utf-8")
    refused = vigie(
        "report", "--db", crawled_farm.database_url, "--scope", f"list:{codes}", check=False
    )
    assert refused.returncode == 2
    assert "nope-1" in refused.stderr


def test_scope_forms() -> None:
    assert parse_scope("departement:2a").code == "2A"
    assert parse_scope("departement:1").code == "01"
    assert parse_scope("region:52").label == "région Pays de la Loire"
    assert parse_scope("national").is_national
    with pytest.raises(ScopeError):
        parse_scope("national:44")


def test_charts_are_written_as_images(crawled_farm: CrawledFarm, tmp_path: Path) -> None:
    folder = tmp_path / "png"
    report(crawled_farm, tmp_path / "deck.pptx", "--png", str(folder))
    written = sorted(path.name for path in folder.iterdir())
    assert written == [
        "adoption-1.png",
        "adoption-2.png",
        "adoption-3.png",
        "axes.png",
        "carte-departements.png",
    ]
    for name in written:
        with Image.open(folder / name) as image:
            assert image.width >= 1000
            # Not blank: a chart has many colours (bars in the scale, text, axes).
            assert len(image.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 8
