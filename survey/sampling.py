"""The sampling plan: how many respondents for a margin of error, quotas on the population's
margins, and the communes to survey in, drawn with probability proportional to size."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import svy
from sqlalchemy import Engine, select

from database.models import ACTIVE, Authority
from database.scope import Scope

EXAMPLE_MARGINS = Path(__file__).with_name("marges-exemple.csv")
QUOTA_VARIABLES = ("sexe", "age", "strate", "region")


class MarginsError(ValueError):
    """A margins file that cannot be read; the message names the line."""


def read_margins(path: Path) -> dict[str, dict[str, float]]:
    """Population margins: variable -> level -> population, from a CSV with the columns
    `variable,level,population` (a `#` line is a comment)."""
    margins: dict[str, dict[str, float]] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise MarginsError(f"cannot read the margins file {path}: {error}") from error
    lines = [line for line in text.splitlines()]
    rows = csv.reader(lines)
    header = next(rows, None)
    if header is None or [c.strip() for c in header] != ["variable", "level", "population"]:
        raise MarginsError(f"{path}, line 1: expected the header variable,level,population")
    for number, row in enumerate(rows, start=2):
        if not row or row[0].lstrip().startswith("#"):
            continue
        if len(row) != 3:
            raise MarginsError(f"{path}, line {number}: expected 3 columns, found {len(row)}")
        variable, level, population = (cell.strip() for cell in row)
        if variable not in QUOTA_VARIABLES:
            raise MarginsError(
                f"{path}, line {number}: unknown variable {variable!r}"
                f" (known: {', '.join(QUOTA_VARIABLES)})"
            )
        try:
            count = float(population)
        except ValueError:
            raise MarginsError(
                f"{path}, line {number}: population {population!r} is not a number"
            ) from None
        if count <= 0 or level in margins.get(variable, {}):
            raise MarginsError(f"{path}, line {number}: {variable}={level} is zero or repeated")
        margins.setdefault(variable, {})[level] = count
    if not margins:
        raise MarginsError(f"{path} holds no margin")
    return margins


def sample_size(margin: float, confidence: float, population: float | None, p: float = 0.5) -> int:
    """Respondents needed to estimate a proportion `p` within ±`margin` at that confidence
    level, with the finite-population correction when the population is given."""
    size = svy.SampleSize().estimate_prop(
        p=p, moe=margin, alpha=1 - confidence, pop_size=population
    )
    return int(size.n)  # type: ignore[arg-type]  # one figure: no domains were given


def quotas(size: int, margin: dict[str, float]) -> dict[str, int]:
    """`size` respondents shared out in proportion to one margin, summing exactly to `size`
    (largest remainders)."""
    total = sum(margin.values())
    exact = {level: size * count / total for level, count in margin.items()}
    shares = {level: int(value) for level, value in exact.items()}
    left = size - sum(shares.values())
    for level in sorted(exact, key=lambda lv: (-(exact[lv] - shares[lv]), lv))[:left]:
        shares[level] += 1
    return shares


@dataclass(frozen=True)
class DrawnCommune:
    code: str
    name: str
    population: int
    probability: float  # of being drawn
    respondents: int  # planned in this commune


def draw_communes(
    engine: Engine, scope: Scope, communes: int, respondents: int, seed: int
) -> list[DrawnCommune]:
    """`communes` communes of the scope drawn with probability proportional to population
    (systematic PPS, reproducible with `seed`; a commune large enough is taken for sure),
    and the respondents to survey in each."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Authority.code, Authority.name, Authority.population)
            .where(
                Authority.kind == "commune", Authority.population > 0, ACTIVE, *scope.conditions()
            )
            .order_by(Authority.code)
        ).all()
    if len(rows) < communes:
        raise ValueError(
            f"the scope ({scope.label}) has {len(rows)} communes with a population,"
            f" fewer than the {communes} to draw"
        )
    frame = pl.DataFrame(
        {
            "code": [row.code for row in rows],
            "name": [row.name for row in rows],
            "population": [float(row.population) for row in rows],
        }
    )
    selected = svy.Sample(frame, svy.Design(mos="population")).sampling.pps_sys(
        n=communes, rstate=seed, certainty_threshold=1.0
    )
    assert isinstance(selected, svy.Sample)  # one draw asked, one sample back
    data = selected.data
    drawn = (data.collect() if isinstance(data, pl.LazyFrame) else data).sort("code")
    # Each commune's share of the respondents is the population it stands for (its own
    # over its chance of being drawn): equal in the communes drawn by chance, larger in those
    # taken for sure; then every resident of the scope has the same chance to be asked.
    stands_for = {
        row["code"]: row["population"] / row["svy_prob_selection"]
        for row in drawn.iter_rows(named=True)
    }
    planned = quotas(respondents, stands_for)
    return [
        DrawnCommune(
            row["code"],
            row["name"],
            int(row["population"]),
            round(float(row["svy_prob_selection"]), 6),
            planned[row["code"]],
        )
        for row in drawn.iter_rows(named=True)
    ]


# A commune's quota above this share of its residents is implausible: at the 10 to 20 %
# response rates of a local survey by post, leaflet or online, 5 % of the residents answering
# means asking a quarter to a half of them, and its respondents would outweigh what so small a
# commune stands for in a self-selected panel. Draw more communes or a smaller sample.
PLAUSIBLE_SHARE = 0.05


def implausible(drawn: list[DrawnCommune]) -> list[DrawnCommune]:
    """The communes drawn whose quota exceeds PLAUSIBLE_SHARE of their residents."""
    return [c for c in drawn if c.respondents > PLAUSIBLE_SHARE * c.population]


DRAWN_COLUMNS = ("code", "name", "population", "probability", "respondents")


def write_drawn_communes(drawn: list[DrawnCommune], out: Path) -> Path:
    """The communes drawn, one row each, as CSV."""
    with out.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(DRAWN_COLUMNS)
        for commune in drawn:
            writer.writerow([getattr(commune, column) for column in DRAWN_COLUMNS])
    return out
