"""The social audience in the score (docs/method.md § 2, "Social audience"): an authority is
active when one of its accounts posted in the last 90 days, inactive when it has no account
or every account is known silent, and unknown, skipped rather than zeroed, when an account
it has cannot be seen (a login wall); its audience is its largest account's followers per
1,000 residents, 0 without any account, unknown without a follower count or a population."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select, update

from database.models import Authority, Score, SocialDeclaration, SocialProfile
from database.social_audience import AccountAudience
from scoring.audience import (
    ACTIVE,
    FOLLOWERS_PER_1000,
    active,
    authority_findings,
    derived_findings,
    followers_per_1000,
)
from scoring.compute import score_run
from scoring.model import DEFAULT_MODEL, Model, ModelError, load_model
from tests.scoring.test_compute import NOW, build, stored

DAY = NOW.date()  # the run's day: the 90 days end on it
RECENT, OLD = "2026-10-01", "2026-01-15"  # 31 and 290 days before it


def account(platform: str = "youtube", **figures: Any) -> AccountAudience:
    """One account of authority 1 (4,000 residents), nothing known unless given."""
    fields: dict[str, Any] = {
        "authority_id": 1,
        "population": 4000,
        "platform": platform,
        "url": f"https://{platform}.example/commune",
        "followers": None,
        "followers_rounded": False,
        "followers_declared": False,
        "posts_90d": None,
        "posts_90d_partial": False,
        "last_activity": None,
        "activity_declared": False,
        "why_unknown": None,
    }
    return AccountAudience(**{**fields, **figures})


LOGIN_WALLED = account("facebook", why_unknown="login_wall")


# --- Active on a social network in the last 90 days -----------------------------------------


def test_an_account_that_posted_in_the_window_makes_the_authority_active() -> None:
    assert active([account(posts_90d=3)], DAY) is True
    assert active([account(last_activity=RECENT)], DAY) is True
    assert authority_findings([account(posts_90d=3)], DAY)[ACTIVE] == {"yes"}


def test_one_active_account_is_enough_whatever_the_unknown_ones() -> None:
    assert active([LOGIN_WALLED, account(last_activity=RECENT)], DAY) is True


def test_accounts_all_known_and_silent_make_the_authority_inactive() -> None:
    silent = [account(posts_90d=0), account("bluesky", last_activity=OLD)]
    assert active(silent, DAY) is False
    assert authority_findings(silent, DAY)[ACTIVE] == {"no"}


def test_an_account_behind_a_login_wall_leaves_activity_unknown_not_inactive() -> None:
    assert active([LOGIN_WALLED], DAY) is None
    # the known account is silent, but the Facebook page may be where it posts
    assert active([LOGIN_WALLED, account(posts_90d=0)], DAY) is None
    assert ACTIVE not in authority_findings([LOGIN_WALLED, account(posts_90d=0)], DAY)


def test_no_account_at_all_is_measured_no_presence_and_no_audience() -> None:
    assert authority_findings([], DAY) == {ACTIVE: {"no"}, FOLLOWERS_PER_1000: {"0.0000"}}


def test_a_declared_figure_counts_like_an_observed_one() -> None:
    declared = account("facebook", posts_90d=12, activity_declared=True, why_unknown=None)
    assert active([declared], DAY) is True


# --- Audience per 1,000 residents ------------------------------------------------------------


def test_the_audience_is_the_largest_known_account_not_the_sum() -> None:
    # 1,200 and 400 followers for 4,000 residents: 300 and 100 per 1,000
    accounts = [account(followers=1200), account("bluesky", followers=400)]
    assert followers_per_1000(accounts) == (300.0, False)
    assert authority_findings(accounts, DAY)[FOLLOWERS_PER_1000] == {"300.0000"}


def test_beside_an_account_of_unknown_size_the_largest_known_is_only_a_floor() -> None:
    accounts = [account(followers=1200), LOGIN_WALLED]
    assert followers_per_1000(accounts) == (300.0, True)
    assert authority_findings(accounts, DAY)[FOLLOWERS_PER_1000] == {">=300.0000"}


def test_a_floor_counts_only_where_it_already_earns_full_marks() -> None:
    audience = next(i for i in load_model(DEFAULT_MODEL).indicators if i.key == "social_audience")
    assert audience.measure_site({FOLLOWERS_PER_1000: {">=300.0000"}}, DAY) is None  # unknown
    assert audience.measure_site({FOLLOWERS_PER_1000: {">=800.0000"}}, DAY) == 1.0
    assert audience.measure_site({FOLLOWERS_PER_1000: {"250.0000"}}, DAY) == 0.5


def test_the_audience_is_unknown_when_the_population_is_unknown() -> None:
    accounts = [account(followers=1200, population=None, posts_90d=2)]
    assert followers_per_1000(accounts) is None
    assert authority_findings(accounts, DAY) == {ACTIVE: {"yes"}}


def test_the_audience_is_unknown_when_no_follower_count_is_shown() -> None:
    assert followers_per_1000([LOGIN_WALLED, account(posts_90d=2)]) is None


def test_every_scored_authority_gets_its_own_findings() -> None:
    other = account("mastodon", authority_id=2, followers=40, population=200, posts_90d=0)
    derived = derived_findings([account(posts_90d=1), other], [1, 2, 3], DAY)
    assert derived[1][ACTIVE] == {"yes"}
    assert derived[2] == {ACTIVE: {"no"}, FOLLOWERS_PER_1000: {"200.0000"}}
    assert derived[3] == {ACTIVE: {"no"}, FOLLOWERS_PER_1000: {"0.0000"}}  # no account


# --- In the axis: an unknown is skipped, never zeroed ----------------------------------------

CHANNELS_MODEL = """
version = "channels-1"
[uncertainty]
draws = 20
[[axes]]
key = "channels"
label = "Présence sociale et canaux directs"
weight = 1.0
[[indicators]]
key = "social_platforms"
label = "Réseaux sociaux"
axis = "channels"
feature = "social."
measure = "count"
cap = 2
weight = 2.0
[[indicators]]
key = "social_active"
label = "Actif sur un réseau social dans les 90 jours"
axis = "channels"
feature = "audience.active"
measure = "value"
values = { yes = 1.0, no = 0.0 }
missing = "skip"
weight = 1.0
[[indicators]]
key = "social_audience"
label = "Audience par 1 000 habitants"
axis = "channels"
feature = "audience.followers_per_1000"
measure = "number"
low = 0.0
high = 500.0
missing = "skip"
weight = 1.0
[[indicators]]
key = "newsletter"
label = "Lettre d'information"
axis = "channels"
feature = "alerts.newsletter"
measure = "presence"
weight = 1.0
"""


@pytest.fixture
def channels(tmp_path: Path) -> Model:
    path = tmp_path / "channels.toml"
    path.write_text(CHANNELS_MODEL, encoding="utf-8")
    return load_model(path)


def seen(engine: Engine, run: int, code: str, url: str, **figures: Any) -> None:
    """What `vigie social` stored of one account in a run."""
    with engine.begin() as connection:
        authority = connection.execute(
            select(Authority.id).where(Authority.code == code)
        ).scalar_one()
        connection.execute(
            insert(SocialProfile).values(
                run_id=run,
                authority_id=authority,
                platform=figures.pop("platform", url.split(".")[1]),
                url=url,
                reachable=figures.pop("reachable", True),
                checked_at=NOW,
                **figures,
            )
        )


def declared(engine: Engine, run: int, code: str, url: str, **figures: Any) -> None:
    """What an account's owner declared of it for a run (`vigie social import`)."""
    with engine.begin() as connection:
        authority = connection.execute(
            select(Authority.id).where(Authority.code == code)
        ).scalar_one()
        connection.execute(
            insert(SocialDeclaration).values(
                run_id=run,
                authority_id=authority,
                platform=url.split(".")[1],
                url=url,
                as_of="2026-10-30",
                source="statistiques.csv",
                imported_at=NOW,
                **figures,
            )
        )


def populate(engine: Engine, populations: dict[str, int | None]) -> None:
    with engine.begin() as connection:
        for code, population in populations.items():
            connection.execute(
                update(Authority).where(Authority.code == code).values(population=population)
            )


FACEBOOK, YOUTUBE = "https://www.facebook.com/{}", "https://www.youtube.com/@{}"


def test_an_unknown_is_left_out_of_the_axis_and_no_account_counts_zero(
    engine: Engine, channels: Model
) -> None:
    newsletter = {"alerts.newsletter": "https://lettre.example"}
    run = build(
        engine,
        [
            ("80001", "0-499", "ok", newsletter),  # no account at all
            ("80002", "0-499", "ok", {**newsletter, "social.facebook": FACEBOOK.format(2)}),
            ("80003", "0-499", "ok", {"social.youtube": YOUTUBE.format(3)}),
            ("80004", "0-499", "ok", {"social.facebook": FACEBOOK.format(4)}),
            ("80005", "0-499", "ok", {"social.youtube": YOUTUBE.format(5)}),
        ],
    )
    populate(engine, {"80001": 900, "80002": 900, "80003": 4000, "80004": 2000, "80005": None})
    seen(engine, run, "80002", FACEBOOK.format(2), login_wall=True)
    seen(engine, run, "80003", YOUTUBE.format(3), followers=1000, posts_90d=4)
    seen(engine, run, "80004", FACEBOOK.format(4), login_wall=True)
    declared(engine, run, "80004", FACEBOOK.format(4), followers=2000, posts_90d=0)
    seen(engine, run, "80005", YOUTUBE.format(5), followers=1000, last_activity="2026-10-20")
    score_run(engine, run, channels, now=NOW)
    got = {code: stored(engine, code) for code in ("80001", "80002", "80003", "80004", "80005")}
    # weights: platforms 2, active 1, audience 1, newsletter 1
    assert got["80001"].indicators == {
        "social_platforms": 0.0,
        "social_active": 0.0,  # no account: measured, no presence
        "social_audience": 0.0,
        "newsletter": 1.0,
    }
    assert got["80001"].axes == {"channels": 20.0}  # 1 of 5
    # behind a login wall: neither active nor inactive, left out with its weight
    assert got["80002"].indicators["social_active"] is None
    assert got["80002"].indicators["social_audience"] is None
    assert got["80002"].axes == {"channels": round(100 * 2 / 3, 2)}  # (2 × 0.5 + 1) / 3
    # 1,000 followers for 4,000 residents: 250 per 1,000, half of the full 500
    assert got["80003"].indicators["social_audience"] == 0.5
    assert got["80003"].axes == {"channels": 50.0}  # (1 + 1 + 0.5 + 0) / 5
    # the owner declared 2,000 followers for 2,000 residents and no post in 90 days
    assert (
        got["80004"].indicators["social_active"],
        got["80004"].indicators["social_audience"],
    ) == (0.0, 1.0)
    # population unknown: active counts, the audience is left out
    assert got["80005"].indicators["social_active"] == 1.0
    assert got["80005"].indicators["social_audience"] is None
    assert got["80005"].axes == {"channels": 50.0}  # (1 + 1 + 0) / 4


def without_audience(tmp_path: Path) -> Model:
    """The channels model without its two audience indicators."""
    blocks = CHANNELS_MODEL.split("[[indicators]]")
    kept = [block for block in blocks if "audience." not in block]
    path = tmp_path / "without.toml"
    path.write_text(
        "[[indicators]]".join(kept).replace("channels-1", "channels-0"), encoding="utf-8"
    )
    return load_model(path)


def test_an_unknown_does_not_lower_the_axis(
    engine: Engine, channels: Model, tmp_path: Path
) -> None:
    """An authority whose only account is behind a login wall scores as if the audience
    indicators were not in the model; known silent, it scores lower."""
    run = build(engine, [("81001", "0-499", "ok", {"social.facebook": FACEBOOK.format(1)})])
    seen(engine, run, "81001", FACEBOOK.format(1), login_wall=True)
    score_run(engine, run, channels, now=NOW)
    score_run(engine, run, without_audience(tmp_path), now=NOW)
    with engine.connect() as connection:
        axes: dict[str, object] = dict(
            connection.execute(select(Score.model_version, Score.axes)).all()
        )
    assert axes["channels-1"] == axes["channels-0"] == {"channels": round(100 / 3, 2)}
    with engine.begin() as connection:
        connection.execute(update(SocialProfile).values(login_wall=False, posts_90d=0))
    score_run(engine, run, channels, now=NOW)
    with engine.connect() as connection:
        silent = connection.execute(
            select(Score.axes).where(Score.model_version == "channels-1")
        ).scalar_one()
    assert silent == {"channels": 25.0}  # (2 × 0.5 + 0 + 0) / 4


# --- The default model ----------------------------------------------------------------------


def test_the_default_model_scores_activity_and_audience_in_the_channels_axis() -> None:
    model = load_model()
    by_key = {indicator.key: indicator for indicator in model.indicators}
    for key, feature in (("social_active", ACTIVE), ("social_audience", FOLLOWERS_PER_1000)):
        assert (by_key[key].axis, by_key[key].feature, by_key[key].missing) == (
            "channels",
            feature,
            "skip",
        )
    assert f'version = "{model.version}"' in DEFAULT_MODEL.read_text(encoding="utf-8")


def test_a_derived_key_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.toml"
    path.write_text(CHANNELS_MODEL.replace("audience.active", "audience.actif"), encoding="utf-8")
    with pytest.raises(ModelError, match="'audience.actif' is not a key"):
        load_model(path)
