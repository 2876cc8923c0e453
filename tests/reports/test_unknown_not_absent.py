"""The two social indicators are derived from the accounts, not found on a page: where one
authority's is listed (its scorecard, a good practice) it reads with its figure from the
accounts, never "absence constatée", and an unknown one (skipped by the score) says
"inconnu (why)"; a peer whose value is unknown is never counted as lacking it
(tests/reports/social_database.py: accounts of every kind)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation
from sqlalchemy import Engine, select

from database import open_database
from database.models import Authority, Score
from database.social_audience import UNKNOWN_LABELS, AccountAudience
from reports.audience_figures import active_text, audience_text, unknown_accounts
from reports.document_practices import offer_text
from reports.french import NARROW_NBSP, long_date
from reports.practices import Offer, figure_text, good_practices
from reports.scorecard import build_scorecard, load_scorecard
from reports.scorecard_actions import ranked_actions
from reports.scorecard_figures import Scorecard
from scoring.model import Model, load_model
from tests.reports.social_database import COMMUNES, build, day_before, run_day

WALL = UNKNOWN_LABELS["login_wall"]
AUDIENCE, ACTIVE = (
    "Audience par 1\u202f000 habitants",
    "Actif sur un réseau social dans les 90 jours",
)
ABSENT = "absence constatée"
KEYS = {AUDIENCE: "social_audience", ACTIVE: "social_active"}


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, model: Model) -> tuple[Engine, int]:
    folder = tmp_path_factory.mktemp("unknown")
    engine = open_database(f"sqlite:///{folder / 'vigie.db'}")
    return engine, build(engine, folder, model)


def card(built: tuple[Engine, int], model: Model, code: str) -> Scorecard:
    found = load_scorecard(*built, model, code)
    assert isinstance(found, Scorecard)
    return found


def page_text(deck: Path, index: int) -> str:
    """The text of one slide: its text boxes, then its table cells, one a line."""
    slide = Presentation(str(deck)).slides[index]
    parts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    for shape in (shape for shape in slide.shapes if shape.has_table):
        parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def account(platform: str, **figures: object) -> AccountAudience:
    base = AccountAudience(1, 2000, platform, f"https://{platform}.example/ville", None, False,
                           False, None, False, None, False, "login_wall")  # fmt: skip
    return replace(base, **figures)  # type: ignore[arg-type]


def indicators_of(built: tuple[Engine, int], code: str) -> dict[str, float | None]:
    engine, run_id = built
    query = (
        select(Score.indicators)
        .join(Authority, Authority.id == Score.authority_id)
        .where(Score.run_id == run_id, Authority.code == code)
    )
    with engine.connect() as connection:
        return dict(connection.execute(query).scalar_one() or {})


def test_a_social_indicator_is_its_figure_when_met_and_inconnu_when_skipped_never_absent(
    built: tuple[Engine, int], model: Model, tmp_path: Path
) -> None:
    seen = set()
    for number in range(1, COMMUNES + 1):
        code = f"8710{number}"
        found = card(built, model, code)
        page = page_text(build_scorecard(found, tmp_path / f"{code}.pptx"), 2)
        lines = page.split("\n")
        values = indicators_of(built, code)
        met = {s.label: s.figure or "" for s in found.strengths}
        unknown = {u.label: u.figure or "" for u in found.unknown}
        for key, label in (("social_audience", AUDIENCE), ("social_active", ACTIVE)):
            value = values[key]
            if value == 1.0:  # its figure, from the accounts, in the evidence column
                seen.add(("met", key))
                assert lines[lines.index(label) + 1] == met[label] != ABSENT
                expected = "abonnés pour 1" if key == "social_audience" else "actif : "
                assert expected in met[label]
            elif value is None:  # said unknown, with why, never absent nor left unsaid
                seen.add(("unknown", key))
                assert label not in met
                said = f"{label} : inconnu, laissé hors du score — {unknown[label]}"
                assert said in page
                assert any(why in unknown[label] for why in UNKNOWN_LABELS.values())
            else:
                assert label not in met
                assert label not in unknown
    assert {("met", k) for k in ("social_audience", "social_active")} <= seen
    assert {("unknown", k) for k in ("social_audience", "social_active")} <= seen


def test_a_peer_whose_value_is_unknown_is_never_counted_as_lacking_it(model: Model) -> None:
    peers = [{"social_audience": v} for v in (1.0, 1.0, 1.0, 0.0, 0.2, 0.0)] + [
        {"social_audience": None}
    ] * 6
    [action] = [a for a in ranked_actions(model, {"social_audience": 0.0}, peers, [])
                if a.key == "social_audience"]  # fmt: skip
    assert (action.peers, action.known, action.unknown) == (12, 6, 6)
    assert action.share(action.peers_meeting).percent == 50
    said = action.share_text(action.peers_meeting)
    assert said == f"50{NARROW_NBSP}% (3 sur 6 pairs à valeur connue ; 6 inconnus)"
    assert action.share_text(action.peers_partly) == (
        f"67{NARROW_NBSP}% (4 sur 6 pairs à valeur connue ; 6 inconnus)"
    )
    known = [a for a in ranked_actions(model, {"social_audience": 0.0}, peers[:6], [])]
    assert known[0].share_text(3) == f"50{NARROW_NBSP}% (3 sur 6 pairs)"  # none unknown


def test_too_few_peers_known_is_insufficient_with_the_unknown_said(model: Model) -> None:
    peers = [{"social_active": 1.0}] * 2 + [{"social_active": None}] * 8
    [action] = [a for a in ranked_actions(model, {"social_active": 0.0}, peers, [])
                if a.key == "social_active"]  # fmt: skip
    assert action.share_text(2) == "effectif insuffisant (2 pairs à valeur connue ; 8 inconnus)"


def test_figures_from_the_accounts_name_the_unknown_in_unknown_labels_words() -> None:
    on = run_day()
    walled = [account("facebook"), account("instagram")]
    idle = account("peertube", followers=9467, population=355153, posts_90d=0,
                   last_activity=day_before(246), why_unknown=None)  # fmt: skip
    assert audience_text(walled).text == f"Facebook, Instagram : {WALL}"
    assert active_text(walled, on).text == f"Facebook, Instagram : {WALL}"
    assert audience_text([idle, *walled]).text == (
        f"au moins 26,7 abonnés pour 1{NARROW_NBSP}000 habitants (PeerTube) ;"
        f" Facebook, Instagram : {WALL}"
    )
    last = long_date(date.fromisoformat(day_before(246)))
    assert active_text([idle, *walled], on).text == (
        f"PeerTube : dernière publication le {last} ; Facebook, Instagram : {WALL}"
    )
    assert unknown_accounts([]) == ""
    for text in (audience_text([]).text, active_text([], on).text):
        assert text == "aucun compte lié par le site ni déclaré"


def test_a_good_practice_gives_the_social_figures_and_the_unknown(
    built: tuple[Engine, int], model: Model
) -> None:
    practices = {p.axis: p for p in good_practices(*built, model)}
    example = practices["channels"].example
    assert example is not None
    values = indicators_of(built, example.code)
    # Every social indicator met or unknown is listed with its figure, an unknown one last.
    listed = {
        label
        for key, label in (("social_audience", AUDIENCE), ("social_active", ACTIVE))
        if values[key] is None or values[key]
    }
    derived = {o.label: o for o in example.offers if o.figure}
    assert listed
    assert set(derived) == listed
    for offer in derived.values():
        assert offer.unknown == (values[KEYS[offer.label]] is None)
        if offer.label == AUDIENCE and not offer.unknown:
            assert f"abonnés pour 1{NARROW_NBSP}000 habitants" in offer.figure
        assert offer_text(offer).startswith(figure_text(offer))  # the document as the slide
    unknowns = [offer.unknown for offer in example.offers]
    assert unknowns == sorted(unknowns)
    unknown = Offer(ACTIVE, False, figure=f"Facebook : {WALL}", unknown=True)
    assert figure_text(unknown) == f"{ACTIVE} : inconnu, hors du score — Facebook : {WALL}"
    part = Offer(AUDIENCE, False, figure="au moins 26,7 abonnés")
    assert figure_text(part) == f"{AUDIENCE} (en partie) : au moins 26,7 abonnés"
