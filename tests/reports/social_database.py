"""A small scored run whose sites link social accounts of every kind the reports tell apart,
their figures stored as `vigie social` and `vigie social import` would (the rows inserted
here, as the helpers that fill them are tested on their own): accounts behind a login wall,
some of them with figures their commune declared, a network all behind a login wall, public
accounts with exact or rounded follower counts and a post count that is a lower bound, one
account inactive, one whose followers are public but whose activity the platform's robots.txt
forbids reading, one out of reach, a platform Vigie does not read, an account only declared,
and a commune whose site links no account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert

from crawler.items import Finding, PageRecord, SiteItem
from database.models import SocialDeclaration, SocialProfile
from database.repository import create_run, finish_run, pending_targets, store_site
from database.targets import import_file
from scoring.compute import score_run
from scoring.model import Model

STARTED = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
COMMUNES = 9  # the ninth links no account
# A commune's residents: 1,000 times its number.
POPULATION = 1000


def day_before(days: int) -> str:
    return (STARTED.date() - timedelta(days=days)).isoformat()


@dataclass(frozen=True)
class Account:
    """One account of commune `number` (1 to COMMUNES) and what is stored of it."""

    number: int
    platform: str
    reachable: bool = True
    login_wall: bool = False
    followers: int | None = None
    rounded: bool = False
    posts_90d: int | None = None
    partial: bool = False
    last_activity: str | None = None
    checked: bool = True  # `vigie social` stored a row of it
    detail: str | None = None  # what `vigie social` recorded of it ("robots_blocked ...")
    linked: bool = True  # the commune's site links it
    # Figures the commune declared: (followers, posts in 90 days, last activity)
    declared: tuple[int | None, int | None, str | None] | None = None

    @property
    def url(self) -> str:
        return f"https://www.{self.platform}.com/ville{self.number}"

    @property
    def population(self) -> int:
        return POPULATION * self.number


ACCOUNTS = (
    # Facebook on every site but the last, behind a login wall; three communes declared
    # their figures.
    *(Account(n, "facebook", login_wall=True) for n in range(4, COMMUNES)),
    Account(1, "facebook", login_wall=True, declared=(1200, 12, day_before(3))),
    Account(2, "facebook", login_wall=True, declared=(800, None, day_before(200))),
    Account(3, "facebook", login_wall=True, declared=(2500, 30, day_before(1))),
    # Instagram: five accounts, all behind a login wall, nothing declared.
    *(Account(n, "instagram", login_wall=True) for n in range(1, 6)),
    # YouTube: public; rounded counts, a lower bound of posts, one account inactive.
    Account(1, "youtube", followers=12300, rounded=True, posts_90d=15, partial=True,
            last_activity=day_before(2)),
    Account(2, "youtube", followers=4500, rounded=True, posts_90d=4, last_activity=day_before(9)),
    Account(3, "youtube", followers=310, posts_90d=2, last_activity=day_before(30)),
    Account(4, "youtube", followers=95, posts_90d=1, last_activity=day_before(80)),
    Account(5, "youtube", followers=620, posts_90d=6, last_activity=day_before(5)),
    Account(6, "youtube", followers=40, posts_90d=0, last_activity=day_before(400)),
    # Its subscribers shown; its feed forbidden by the platform's robots.txt: activity unknown.
    Account(7, "youtube", followers=900, detail="robots_blocked: /feeds/"),
    # X: one out of reach, one behind a login wall.
    Account(7, "x", reachable=False),
    Account(8, "x", login_wall=True),
    # TikTok: reachable, its figures not read by Vigie.
    Account(1, "tiktok"),
    Account(2, "tiktok"),
    # A LinkedIn page the commune declared that its site does not link.
    Account(4, "linkedin", login_wall=True, checked=False, linked=False,
            declared=(150, 2, day_before(20))),
)  # fmt: skip


def run_day() -> date:
    return STARTED.date()


def build(engine: Engine, folder: Path, model: Model) -> int:
    """Import the communes, store each site with its links, the accounts' rows, score the
    run; its id."""
    targets = folder / "targets.csv"
    lines = ["code,name,kind,url,population"]
    lines += [f"8710{n},Commune {n},commune,https://commune{n}.fr/,{POPULATION * n}"
              for n in range(1, COMMUNES + 1)]  # fmt: skip
    targets.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_file(engine, targets)
    run_id = create_run(engine, {}, now=STARTED)
    for target in pending_targets(engine, run_id):
        home = str(target.url)
        number = int(target.name.split()[-1])
        found = [
            Finding(f"social.{a.platform}", a.url, home, a.url, "social/2")
            for a in ACCOUNTS
            if a.number == number and a.linked
        ]
        page = PageRecord(home, home, 200, "text/html", 100, STARTED, 1.0, "0" * 64, 0)
        store_site(engine, SiteItem(run_id, target.authority_id, target.website_id, "ok", None,
                                    home, home, STARTED, STARTED, [page], found, None))  # fmt: skip
        _accounts(engine, run_id, target.authority_id, number)
    finish_run(engine, run_id)
    score_run(engine, run_id, model)
    return run_id


def _accounts(engine: Engine, run_id: int, authority_id: int, number: int) -> None:
    with engine.begin() as connection:
        for a in (a for a in ACCOUNTS if a.number == number):
            where = {"run_id": run_id, "authority_id": authority_id, "platform": a.platform,
                     "url": a.url}  # fmt: skip
            if a.checked:
                connection.execute(insert(SocialProfile).values(
                    **where, reachable=a.reachable, login_wall=a.login_wall,
                    followers=a.followers, followers_rounded=a.rounded,
                    posts_90d=a.posts_90d, posts_90d_partial=a.partial,
                    last_activity=a.last_activity, checked_at=STARTED, detail=a.detail,
                ))  # fmt: skip
            if a.declared:
                followers, posts, last = a.declared
                connection.execute(insert(SocialDeclaration).values(
                    **where, followers=followers, posts_90d=posts, last_activity=last,
                    as_of=day_before(1), source="statistiques.csv", imported_at=STARTED,
                ))  # fmt: skip
