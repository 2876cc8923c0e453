"""Whom an authority's page compares it with, computed once for the run: the median of a group
but one read from its sorted values equals the median of the others; a thin stratum is
widened as on the scorecard; a rank among too few is not stated; a median of no other says
so in words, never "n = 0"."""

from __future__ import annotations

import random
from statistics import median

import pytest

from reports.scorecard import load_scorecard
from reports.scorecard_figures import Scorecard
from reports.scorecard_peers import median_of
from reports.thresholds import INSUFFICIENT
from reports.website.comparisons import median_without
from reports.website.content import Figure
from reports.website.wording import rank_figure
from tests.reports.website.conftest import Site

# "n = 7" as the pages write it: no-break spaces, never broken across two lines.
N_IS = "n\u00a0=\u00a0"


@pytest.mark.parametrize("seed", range(40))
def test_the_median_of_a_group_but_one_is_the_median_of_the_others(seed: int) -> None:
    draw = random.Random(seed)
    values = sorted(
        draw.choice([0.0, 12.5, 50.0, draw.uniform(0, 100)]) for _ in range(draw.randint(1, 12))
    )
    own = draw.choice(values)
    others = list(values)
    others.remove(own)
    assert median_without(values, own) == (median_of(others), len(others))
    assert median_without(values, None) == (round(median(values), 1), len(values))


def test_a_group_of_one_leaves_nothing_to_compare() -> None:
    assert median_without([42.0], 42.0) == (None, 0)
    assert median_without([], None) == (None, 0)


def test_a_thin_stratum_is_widened_as_on_the_scorecard(site: Site) -> None:
    page = site.page("15001")
    card = load_scorecard(site.engine, site.run, site.model, "15001")
    assert isinstance(card, Scorecard)
    assert card.peers.widened
    assert "sa strate et des strates voisines" in page.peers
    assert f"{card.peers.n} communes" in page.peers
    assert "n'en compte qu'une autre" in page.peers  # 15002, the other of its stratum
    for line, row in zip(page.scores, card.scores, strict=True):
        assert line.peers.text.split(f" ({N_IS}")[0] == (
            "non mesuré" if row.peers is None else f"{row.peers:.1f}".replace(".", ",")
        )
    # Two communes in Cantal: no département median, and no rank in a stratum of two.
    assert all(not line.departement.stated for line in page.scores)
    assert page.scores[0].departement.text == f"{INSUFFICIENT} ({N_IS}1)"
    assert not page.rank.stated
    assert page.rank.text.startswith(INSUFFICIENT)


def test_a_median_of_no_other_says_so_in_words(site: Site) -> None:
    # The only authority scored in Maine-et-Loire; the only département in its stratum.
    alone_in_departement = site.page("49001").scores
    assert all(
        line.departement == Figure("aucune autre collectivité notée dans le département", False)
        for line in alone_in_departement
    )
    alone_in_stratum = site.page("44", "departement").scores
    assert all(
        line.peers == Figure("aucune autre collectivité notée parmi ses pairs", False)
        for line in alone_in_stratum
    )
    texts = [
        figure.text
        for page in site.pages
        for line in page.scores
        for figure in (line.peers, line.departement)
    ]
    assert texts
    assert not [text for text in texts if "n = " in text or f"{N_IS}0" in text]


def test_a_rank_is_given_with_its_interval_where_the_stratum_is_full() -> None:
    assert rank_figure("500-1999", 3, 41, 2, 5).text == "3e sur 41 (entre 2e et 5e)"
    assert rank_figure("500-1999", 1, 41, 1, 1).text == "1er sur 41"
    thin = rank_figure("100000+", 1, 3, 1, 2)
    assert not thin.stated
    assert thin.text == f"{INSUFFICIENT} (3 communes notées)"
    assert not rank_figure(None, 1, 41, 1, 1).stated
