"""An indicator the score skips where it is unknown (a social account behind a login wall) is
never counted as unmet, and is promoted (a priority, a lever's figure) only when it is known on
at least half the scope's scored sites; where it is listed, its figure says how many are
unknown. A lever is shown with its main indicator's figure and that indicator's n, never a
mean of gaps resting on different sites (docs/report.md)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from database.scope import Scope
from reports.data import ReportData
from reports.deck_levers import gap_text
from reports.document_charts import bar_label
from reports.document_figures import IndicatorFigure, figures_n_text, indicator_rows
from reports.french import french_percent
from reports.levers import lever_gaps
from reports.synthesis import indicator_gap, priorities
from reports.synthesis_data import Campaign, ScoredSite, SynthesisFigures
from reports.synthesis_messages import priority_messages
from scoring.model import DEFAULT_MODEL, load_model

MODEL = load_model(DEFAULT_MODEL)
WEIGHTS = {indicator.key: indicator.weight for indicator in MODEL.indicators}
LABELS = {indicator.key: indicator.label for indicator in MODEL.indicators}
STARTED = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
SCORED = 10


def sites(active_known: int, audience: list[float | None] | None = None) -> list[ScoredSite]:
    """Ten scored sites. "Actif" is known (and unmet: no account) on the first `active_known`,
    unknown on the others (an account behind a login wall); the social platforms are met on
    eight; the contact form is half met everywhere."""
    audience = audience or [None] * SCORED
    return [
        ScoredSite(number, f"{number:05d}", f"Commune {number}", "0-499", 50.0, {}, {
            "social_active": 0.0 if number < active_known else None,
            "social_platforms": 0.0 if number < 2 else 1.0,
            "social_audience": audience[number],
            "contact_form": 0.5,
        })
        for number in range(SCORED)
    ]  # fmt: skip


def chosen(active_known: int) -> list[str]:
    return [gap.key for gap in priorities(sites(active_known), LABELS, WEIGHTS)]


def test_a_skipped_indicator_is_never_counted_as_unmet() -> None:
    gap = indicator_gap(sites(4), "social_active", "Actif", 1.0)
    assert gap is not None
    assert (gap.n, gap.unknown, gap.short) == (4, 6, 4)  # the six unknown are not short of it


def test_an_indicator_known_on_fewer_than_half_the_scored_sites_is_never_a_priority() -> None:
    # Unmet wherever known, "Actif" has the widest weight × gap: on 4 of 10 sites it still
    # describes only the sites without an account, not the scope.
    assert WEIGHTS["social_active"] * 1.0 > WEIGHTS["contact_form"] * 0.5
    assert "social_active" not in chosen(active_known=4)
    assert "contact_form" in chosen(active_known=4)


def test_an_indicator_known_on_half_the_scored_sites_is_promoted_with_its_unknowns_said() -> None:
    assert chosen(active_known=5)[0] == "social_active"
    data = report_data(sites(5))
    [headline] = [
        m.headline for m in priority_messages(data) if LABELS["social_active"] in m.headline
    ]
    assert f"écart à l'objectif {french_percent(100)} (n = 5 sites notés ; 5 inconnus)" in headline
    assert "5 des 5 sites notés ne le remplissent pas" in headline


def test_a_lever_shows_its_main_indicators_gap_with_that_indicators_n_never_a_mean() -> None:
    # Audience known on six sites, none met: 0,5 × 100 % outweighs the platforms' 2 × 20 %;
    # "Actif" (4 of 10 known) would outweigh both but is not promoted.
    audience: list[float | None] = [0.0] * 6 + [None] * 4
    [social] = [g for g in lever_gaps("channels", sites(4, audience), WEIGHTS, LABELS)
                if "social_platforms" in g.lever.indicators]  # fmt: skip
    assert social.main.key == "social_audience"
    assert (social.gap, social.n, social.unknown) == (1.0, 6, 4)
    expected = WEIGHTS["social_platforms"] * 0.2 + WEIGHTS["social_audience"] * 1.0
    assert abs(social.urgency - expected) < 1e-9  # ranked by both promoted indicators
    assert gap_text(social) == f"{french_percent(100)} (n = 6 ; 4 inconnus)"
    assert gap_text(social, named=True).endswith(LABELS["social_audience"])


def test_a_levers_figure_is_its_priority_figure() -> None:
    data = report_data(sites(4))
    [social] = [g for g in lever_gaps("channels", sites(4), WEIGHTS, LABELS)
                if "social_platforms" in g.lever.indicators]  # fmt: skip
    assert social.main.key == "social_platforms"
    figure = gap_text(social)  # '20 % (n = 10)'
    [headline] = [
        m.headline for m in priority_messages(data) if LABELS["social_platforms"] in m.headline
    ]
    assert figure.replace("(n = 10)", "(n = 10 sites notés)") in headline


def test_a_lever_whose_indicators_are_all_mostly_unknown_is_left_out() -> None:
    mostly_unknown = [
        ScoredSite(n, f"{n:05d}", "C", "0-499", 50.0, {}, {"newsletter": 0.0 if n < 4 else None})
        for n in range(SCORED)
    ]
    found = lever_gaps("channels", mostly_unknown, WEIGHTS, LABELS)
    assert all("newsletter" not in g.lever.indicators for g in found)


def test_each_bar_and_row_of_an_axis_carries_its_own_n_and_its_unknowns() -> None:
    [platforms, active] = [next(i for i in MODEL.indicators if i.key == key)
                           for key in ("social_platforms", "social_active")]  # fmt: skip
    figures = [
        IndicatorFigure(platforms, 16, 23, 39.1),
        IndicatorFigure(active, 0, 7, 0.0, unknown=16),
    ]
    assert bar_label(figures[0]) == f"{french_percent(70, 0)} (n = 23)"
    assert bar_label(figures[1]) == f"{french_percent(0)} (n = 7 ; 16 inconnus)"
    assert indicator_rows(figures)[1][3] == "7 (16 inconnus)"
    caption = figures_n_text(figures, 23)
    assert caption.startswith("n = 7 à 23 des 23 sites notés selon l'indicateur")
    assert figures_n_text(figures[:1], 23) == "n = 23 sites notés."


def report_data(scored: list[ScoredSite]) -> ReportData:
    campaign = Campaign(1, STARTED, {site.authority_id: site for site in scored})
    return ReportData(
        1, STARTED, MODEL.version, Scope("national"), Counter({"ok": len(scored)}), ["0-499"],
        Counter({"0-499": len(scored)}), {}, {}, [], indicator_labels=LABELS,
        indicator_weights=WEIGHTS, synthesis=SynthesisFigures(campaign, None, None),
    )  # fmt: skip
