"""Services per resident as the deck states them: every share with its n, nothing stated under
MIN_SITES communes, a share some unread site could raise shown as a minimum."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font

from database.layers import CommuneLayers
from database.scope import Scope
from reports.deck_residents import TABLE_PT, WIDTHS, lead
from reports.layout import CONTENT_WIDTH
from reports.residents import (
    FAMILY_HEADERS,
    FLOOR,
    OTHERS,
    UNDETERMINED,
    UNDETERMINED_SHORT,
    by_stratum,
    by_territory,
    elsewhere_only,
    group_row,
    merged_strata_note,
    unmeasured_sentence,
    unread_sentence,
)
from reports.thresholds import INSUFFICIENT, MIN_SITES
from scoring.layers import (
    FAMILIES,
    NOT_A_TARGET,
    NOT_OFFERED,
    OFFERED,
    UNKNOWN,
    FamilyReach,
    Provider,
    ResidentServices,
    Unread,
)


def commune(
    code: str,
    stratum: str = "0-499",
    region: str = "24",
    offered: tuple[str, ...] = ("payment",),
    by: str = "epci",
    read_all: bool = False,
) -> ResidentServices:
    layers = CommuneLayers(code, f"Commune {code}", stratum, "244500468", code[:2], region)
    families = tuple(
        FamilyReach(f, OFFERED, (Provider(by, "x", "X", "https://x.fr/p"),))
        if f in offered
        else FamilyReach(f, NOT_OFFERED if read_all else UNKNOWN)
        for f in FAMILIES
    )
    unread = () if read_all else (Unread("departement", code[:2], NOT_A_TARGET),)
    return ResidentServices(layers, families, unread, "CC des Loges")


def test_a_group_under_the_threshold_states_no_share() -> None:
    row = group_row("≥ 100 000", [commune(f"4500{i}") for i in range(MIN_SITES - 1)])
    cells = row.cells()
    assert cells[1] == str(MIN_SITES - 1)
    assert cells[2:-1] == ["–"] * len(FAMILIES)
    assert cells[-1] == INSUFFICIENT


def test_a_share_resting_on_unread_sites_is_a_minimum_and_a_known_one_is_not() -> None:
    residents = [commune(f"4500{i}") for i in range(MIN_SITES - 1)]
    unread = group_row("g", [*residents, commune("45009", offered=())])
    assert unread.families["payment"].text() == f"{FLOOR}80\u202f%"  # 4 of 5, the 5th unread
    assert group_row("g", residents + residents[:1]).families["payment"].text() == "100\u202f%"
    assert unread.families["appointment"].text() == UNDETERMINED  # none known, the rest unread
    read = group_row("g", [commune(f"4500{i}", read_all=True) for i in range(MIN_SITES)])
    assert read.families["payment"].text() == "100\u202f%"
    assert read.families["appointment"].text() == "0\u202f%"  # all four sites read: a fact
    assert read.mean.percent == 100 / len(FAMILIES)


def test_strata_are_merged_where_thin_and_territories_below_the_threshold_grouped() -> None:
    residents = [commune(f"450{i:02d}", region="24") for i in range(MIN_SITES)]
    residents += [commune(f"451{i:02d}", stratum="500-1999", region="24") for i in range(MIN_SITES)]
    residents += [commune("75001", stratum="100000+", region="11")]
    strata = by_stratum(residents)
    # The large commune alone would be too few: merged with the stratum below it.
    assert [(row.label, row.n) for row in strata] == [
        ("< 500 hab.", MIN_SITES),
        ("≥ 500", MIN_SITES + 1),
        ("Ensemble", 2 * MIN_SITES + 1),
    ]
    assert [row.label for row in by_stratum(residents[:2])] == ["Ensemble"]
    territories = by_territory(residents, Scope("national"))
    assert [(row.label, row.n) for row in territories] == [
        ("Centre-Val de Loire", 2 * MIN_SITES),
        (OTHERS, 1),
        ("Ensemble", 2 * MIN_SITES + 1),
    ]


def test_the_notes_say_what_only_another_site_offers_and_which_sites_were_not_read() -> None:
    residents = [commune("45001"), commune("45002", by="commune")]
    assert elsewhere_only(residents)["payment"] == 1
    assert unread_sentence(residents) == (
        "Sites non lus : département pour 2 communes (site du département non retenu dans l'étude)."
    )
    assert unread_sentence([commune("45001", read_all=True)]) is None


def _without(services: ResidentServices, family: str) -> ResidentServices:
    """The commune with that family unknown: none of its read sites offers it, one was not."""
    families = tuple(
        FamilyReach(r.family, UNKNOWN) if r.family == family else r for r in services.families
    )
    return replace(services, families=families)


def test_the_mean_rests_on_the_families_measured_somewhere_and_names_the_others() -> None:
    # FranceConnect unknown for every commune: left out of the mean, not counted as missing.
    read = [_without(commune(f"4500{i}", read_all=True), "identity") for i in range(MIN_SITES)]
    row = group_row("Ensemble", read)
    assert row.unmeasured == ("identity",)
    assert row.mean.percent == pytest.approx(100 / (len(FAMILIES) - 1))
    assert not row.mean.floor  # every family it rests on is known for every commune
    said = unmeasured_sentence(row)
    assert said is not None
    assert said.startswith("FranceConnect laissé hors de la moyenne : non mesuré")
    assert f"{MIN_SITES} communes" in said
    # A family unknown for some communes only stays in the mean, which is then a minimum.
    partly = group_row("g", [*read[:-1], _without(read[-1], "appointment")])
    assert "appointment" in partly.measured
    assert partly.mean.floor
    assert unmeasured_sentence(group_row("g", [commune("45001", read_all=True)] * 5)) is None


def test_the_headline_counts_only_the_services_measured() -> None:
    read = [_without(commune(f"4500{i}", read_all=True), "identity") for i in range(MIN_SITES)]
    assert lead(read) == (
        f"{MIN_SITES} communes : en moyenne, un habitant trouve en ligne 20\u202f% des"
        f" {len(FAMILIES) - 1} services mesurés sur {len(FAMILIES)}."
    )
    partly = [*read[:-1], _without(read[-1], "appointment")]
    assert "au moins 20\u202f% des 5 services mesurés" in lead(partly)
    full = [commune(f"4500{i}", read_all=True) for i in range(MIN_SITES)]
    assert lead(full).endswith(f"des {len(FAMILIES)} services suivis.")


def _words(text: str) -> list[str]:
    """The pieces a table cell may break between: spaces, and after a hyphen."""
    return [piece for word in text.split() for piece in re.split(r"(?<=-)", word) if piece]


def _points(text: str, bold: bool) -> float:
    """The width of `text` at the table's type in DejaVu Sans, the widest font the slides
    may be drawn with (LibreOffice's fallback for Calibri here)."""
    weight = "bold" if bold else "normal"
    font = FT2Font(font_manager.findfont(FontProperties(family="DejaVu Sans", weight=weight)))
    font.set_size(TABLE_PT, 72)
    font.set_text(text)
    return font.get_width_height()[0] / 64


def test_a_residents_table_cell_never_cuts_a_word() -> None:
    """Each column holds its longest word, 0.1 in of margin each side: no « indétermi / né »."""
    undetermined = group_row("Intercommunalité non renseignée",
                             [commune(f"4500{i}", offered=()) for i in range(MIN_SITES)])  # fmt: skip
    floor = group_row("Strate inconnue", [commune(f"4500{i}") for i in range(MIN_SITES)])
    thin = group_row("Territoire", [commune("45001")])
    header = ["Territoire", "Communes", *(FAMILY_HEADERS[f] for f in FAMILIES), "Moyenne"]
    width_pt = CONTENT_WIDTH / 12700
    for column, share in enumerate(WIDTHS):
        room = share * width_pt - 14.4
        cells = [(True, header[column])]
        cells += [(False, row.cells()[column]) for row in (undetermined, floor, thin)]
        for bold, text in cells:
            for word in _words(text):
                assert _points(word, bold) <= room, (word, column)
    assert UNDETERMINED_SHORT in undetermined.cells()
    assert UNDETERMINED not in undetermined.cells()
    assert sum(WIDTHS) == pytest.approx(1)


def test_the_strata_table_says_which_strata_it_merged() -> None:
    residents = [commune(f"450{i:02d}") for i in range(MIN_SITES)]
    residents += [commune(f"451{i:02d}", stratum="500-1999") for i in range(MIN_SITES)]
    residents += [commune("75001", stratum="100000+")]
    note = merged_strata_note(residents)
    assert note is not None
    assert note.startswith(f"Strates de moins de {MIN_SITES} communes réunies : « ≥ 500 » réunit")
    assert "(n = 1)" in note
    assert merged_strata_note(residents[:MIN_SITES]) is None
