"""One row per authority with its scan, score and findings pivoted into columns, ready for
pandas or R: the table researchers start from (`vigie export`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Engine, select

from database.models import Authority, FindingRow, Score, SiteScan
from database.scope import Scope
from database.validation import ValidationFigure
from reports.spreadsheet import write_sheets
from reports.validation_text import checks, column_text, figure_text
from scoring.scored import scored_authorities

FORMATS = ("csv", "parquet", "xlsx")
# Values of a multi-valued feature in one cell, sorted: "facebook | instagram".
JOINER = " | "
IDENTITY = ["code", "name", "kind", "departement_code", "region_code", "population", "stratum"]
SCAN = ["run_id", "status", "final_url", "pages_fetched", "crawled_at"]
SCORE = ["score", "rank_in_stratum", "rank_low", "rank_high", "stratum_count"]
DESCRIPTIONS = {
    "code": "INSEE code (communes, départements, régions) or SIREN (EPCI)",
    "name": "name of the authority",
    "kind": "commune, epci, departement or region",
    "departement_code": "its département",
    "region_code": "its région",
    "population": "legal population",
    "stratum": "size stratum (communes) or kind (others)",
    "run_id": "the crawl run",
    "status": "scan status of its website in the run (docs/statuses.md)",
    "final_url": "the URL the crawl ended on",
    "pages_fetched": "pages fetched",
    "crawled_at": "when the crawl stored the site (ISO 8601, UTC): its crawl date",
    "model_version": "version of the scoring model the score columns come from",
    "score": "composite score, 0–100 (docs/method.md); empty when not scored",
    "rank_in_stratum": "rank within the stratum",
    "rank_low": "best rank under the weights' uncertainty",
    "rank_high": "worst rank under the weights' uncertainty",
    "stratum_count": "scored authorities of the stratum",
}


def authority_table(
    engine: Engine, run_id: int, model_version: str, scope: Scope | None = None
) -> pd.DataFrame:
    """Authorities scanned in the run (within the scope), one row each: identity, scan,
    score and one column per feature key (its values joined, sorted), `axis.<key>` columns
    for the score's axes."""
    conditions = (scope or Scope("national")).conditions()
    with engine.connect() as connection:
        base = _scanned(connection, run_id, conditions)
        scores = _scores(connection, run_id, model_version)
        findings = _findings(connection, run_id, conditions)
    axes = pd.DataFrame(
        [
            {
                "authority_id": row.authority_id,
                **{f"axis.{k}": v for k, v in (row.axes or {}).items()},
            }
            for row in scores.itertuples()
        ],
    )
    table = base.merge(scores.drop(columns="axes"), on="authority_id", how="left")
    table.insert(table.columns.get_loc("score"), "model_version", model_version)
    if not axes.empty:
        table = table.merge(axes, on="authority_id", how="left")
    if not findings.empty:
        pivot = (
            findings.drop_duplicates()
            .sort_values(["authority_id", "feature", "value"])
            .groupby(["authority_id", "feature"])["value"]
            .agg(JOINER.join)
            .unstack("feature")
        )
        table = table.merge(pivot[sorted(pivot.columns)], on="authority_id", how="left")
    return table.drop(columns="authority_id")


def _scanned(
    connection: Connection, run_id: int, conditions: list[ColumnElement[bool]]
) -> pd.DataFrame:
    """Identity and scan of each authority scanned in the run, by code."""
    table = pd.DataFrame(
        connection.execute(
            select(
                Authority.id.label("authority_id"),
                *(getattr(Authority, column) for column in IDENTITY),
                SiteScan.run_id,
                SiteScan.status,
                SiteScan.final_url,
                SiteScan.pages_fetched,
                SiteScan.finished_at,
            )
            .join(SiteScan, SiteScan.authority_id == Authority.id)
            .where(SiteScan.run_id == run_id, *conditions)
            .order_by(Authority.code)
        ).all(),
        columns=["authority_id", *IDENTITY, *SCAN],
    )
    table["crawled_at"] = [utc_text(moment) for moment in table["crawled_at"]]
    return table


def utc_text(moment: datetime) -> str:
    """A stored time as ISO 8601 in UTC (SQLite gives it without its zone, which is UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _scores(connection: Connection, run_id: int, model_version: str) -> pd.DataFrame:
    """Score, ranks and axes of every authority scored in the run, whatever the scope: the
    `axis.` columns are there as soon as the run has scores, even if the scope has none."""
    return pd.DataFrame(
        connection.execute(
            scored_authorities(
                run_id,
                model_version,
                Score.authority_id,
                *(getattr(Score, column) for column in SCORE),
                Score.axes,
            )
        ).all(),
        columns=["authority_id", *SCORE, "axes"],
    )


def _findings(
    connection: Connection, run_id: int, conditions: list[ColumnElement[bool]]
) -> pd.DataFrame:
    """(authority, feature, value) of every finding of the run."""
    return pd.DataFrame(
        connection.execute(
            select(FindingRow.authority_id, FindingRow.feature, FindingRow.value)
            .join(Authority, Authority.id == FindingRow.authority_id)
            .where(FindingRow.run_id == run_id, *conditions)
        ).all(),
        columns=["authority_id", "feature", "value"],
    )


def describe(columns: list[str], validation: list[ValidationFigure] | None = None) -> pd.DataFrame:
    """The data dictionary of an export's columns; with the run's validation by hand, a
    column "validation" gives each finding column's precision and recall, in French, and
    flags a precision under 90 % (reports/validation_text.py)."""
    dictionary = pd.DataFrame(
        [
            (
                column,
                DESCRIPTIONS.get(column)
                or (
                    f"score of the axis {column.removeprefix('axis.')}, 0–100"
                    if column.startswith("axis.")
                    else f"finding {column} (docs/features.md); several values joined by"
                    f" '{JOINER.strip()}'"
                ),
            )
            for column in columns
        ],
        columns=["column", "meaning"],
    )
    if validation:
        dictionary["validation"] = [column_text(column, validation) for column in columns]
    return dictionary


def validation_sheet(validation: list[ValidationFigure]) -> pd.DataFrame:
    """The run's validation figures, one row per feature and measure, as stored, with the
    sentence the reports cite."""
    return pd.DataFrame(
        [
            (
                check.feature or "(tous)",
                check.label,
                figure.measure,
                figure.estimate,
                figure.ci_low,
                figure.ci_high,
                figure.successes,
                figure.n,
                figure.sample_sites,
                "oui" if check.flagged and figure.measure == "precision" else "",
                figure_text(figure),
            )
            for check in checks(validation)
            for figure in (check.precision, check.recall, check.kappa)
            if figure is not None
        ],  # fmt: skip
        columns=[
            "feature",
            "libelle",
            "measure",
            "estimate",
            "ci_low",
            "ci_high",
            "successes",
            "n",
            "sample_sites",
            "precision_sous_90",
            "texte",
        ],  # fmt: skip
    )


def write_export(
    table: pd.DataFrame,
    out: Path,
    file_format: str,
    validation: list[ValidationFigure] | None = None,
) -> Path:
    """The table as csv, parquet or xlsx; an xlsx also holds the data dictionary and, when
    the run was validated by hand (`vigie validate score`), its figures."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if file_format == "csv":
        table.to_csv(out, index=False)
    elif file_format == "parquet":
        table.to_parquet(out, index=False)
    elif file_format == "xlsx":
        # Values are written as they were found; in the workbook no text becomes a formula.
        sheets = {
            "collectivites": (table, False),
            "colonnes": (describe(list(table.columns), validation), False),
        }
        if validation:
            sheets["validation"] = (validation_sheet(validation), False)
        write_sheets(out, sheets)
    else:
        raise ValueError(f"unknown format {file_format!r} (known: {', '.join(FORMATS)})")
    return out
