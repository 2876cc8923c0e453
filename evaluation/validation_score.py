"""`vigie validate score`: the coders' workbooks read back, checked against their run, and
turned into precision, recall (Wilson 95 % intervals) and Cohen's κ per validated feature
(docs/validation.md)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from database.models import Authority, CrawlRun, FindingRow
from database.validation import ALL_FEATURES, ValidationFigure
from evaluation.validation_sample import in_group
from evaluation.validation_stats import Agreement, wilson_interval
from evaluation.validation_workbook import (
    ADJUDICATION,
    CODER_A,
    CODER_B,
    CODERS,
    FEATURES,
    NO,
    NOTHING_FOUND,
    YES,
    WorkbookError,
    WorkbookRows,
    read_workbook,
)


@dataclass(frozen=True)
class CodedRow:
    line: str
    code: str
    kind: str
    group: str
    feature: str
    value: str | None  # None: Vigie found nothing of the group on the site
    first: str  # coder A's code
    second: str  # coder B's
    adjudication: str  # "" where none was written

    @property
    def reference(self) -> str | None:
        """The answer scored: the adjudication's, else the coders' when they agree; None for
        a disagreement left without adjudication."""
        if self.adjudication:
            return self.adjudication
        return self.first if self.first == self.second else None


@dataclass
class CodedSample:
    run_id: int
    groups: tuple[str, ...]
    rows: list[CodedRow]

    @property
    def sites(self) -> int:
        return len({(row.kind, row.code) for row in self.rows})


def read_coded_sample(paths: list[Path]) -> CodedSample:
    """One workbook holding both coders' columns, or one per coder (each filled in its own
    column): the rows must be the same in each; WorkbookError otherwise."""
    books = [read_workbook(path) for path in paths]
    first = books[0]
    for other in books[1:]:
        _same_rows(first, other)
    codes = {column: _column(books, column) for column in CODERS}
    adjudication = _adjudication(books)
    groups = tuple(first.about.get(FEATURES, "").split())
    rows = [
        CodedRow(
            line,
            code,
            kind,
            group,
            feature,
            None if value == NOTHING_FOUND else value,
            codes[CODER_A][index],
            codes[CODER_B][index],
            adjudication[index],
        )  # fmt: skip
        for index, (line, code, kind, group, feature, value) in enumerate(first.keys)
    ]
    unknown = sorted({row.group for row in rows} - set(groups))
    if unknown:
        raise WorkbookError(f"{first.path}: « contrôle » {unknown[0]!r} is not one of the"
                            f" sample's features ({' '.join(groups)})")  # fmt: skip
    return CodedSample(first.run_id, groups, rows)


def _same_rows(first: WorkbookRows, other: WorkbookRows) -> None:
    if other.run_id != first.run_id:
        raise WorkbookError(
            f"{other.path} was drawn from run {other.run_id}, {first.path} from run"
            f" {first.run_id}: score the workbooks of one sample together"
        )
    for index, (mine, theirs) in enumerate(zip(first.keys, other.keys, strict=False)):
        if mine != theirs:
            raise WorkbookError(
                f"{other.path}: row {index + 2} (ligne {theirs[0]}) differs from {first.path}"
                f" (ligne {mine[0]}): the copies of one sample must keep the same rows"
            )
    if len(first.keys) != len(other.keys):
        raise WorkbookError(
            f"{other.path} has {len(other.keys)} rows, {first.path} {len(first.keys)}: the"
            " copies of one sample must keep the same rows"
        )


def _column(books: list[WorkbookRows], column: str) -> list[str]:
    """The coder's codes, from the one workbook that holds them."""
    holding = [book for book in books if book.filled(column)]
    if not holding:
        given = " and ".join(str(book.path) for book in books)
        raise WorkbookError(f"« {column} » is empty in {given}: give the workbook its coder filled")
    if len(holding) > 1:
        raise WorkbookError(
            f"« {column} » is filled in both {holding[0].path} and {holding[1].path}: each"
            " coder codes one column, in one copy"
        )
    return holding[0].codes[column]


def _adjudication(books: list[WorkbookRows]) -> list[str]:
    """The adjudication's codes, row by row, from whichever workbook holds each."""
    merged = [""] * len(books[0].keys)
    for book in books:
        for index, code in enumerate(book.codes[ADJUDICATION]):
            if code and merged[index] and code != merged[index]:
                raise WorkbookError(
                    f"{book.path}: « {ADJUDICATION} » of ligne {book.keys[index][0]} says"
                    f" {code!r}, another copy {merged[index]!r}"
                )
            merged[index] = merged[index] or code
    return merged


def check_against_run(engine: Engine, sample: CodedSample) -> None:
    """The workbook's statements are the run's: each value it shows is a finding of the run,
    each "nothing found" has none of its feature. WorkbookError at the first that is not."""
    with engine.connect() as connection:
        run = select(CrawlRun.id).where(CrawlRun.id == sample.run_id)
        if connection.execute(run).scalar_one_or_none() is None:
            raise WorkbookError(
                f"the workbooks were drawn from run {sample.run_id}, which this database does"
                " not hold: give the --db they were drawn from"
            )
        found: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        for kind, code, feature, value in connection.execute(
            select(Authority.kind, Authority.code, FindingRow.feature, FindingRow.value)
            .join(FindingRow, FindingRow.authority_id == Authority.id)
            .where(FindingRow.run_id == sample.run_id)
        ):
            found[(kind, code)].add((feature, value))
    for row in sample.rows:
        site = found.get((row.kind, row.code), set())
        if row.value is not None and (row.feature, row.value) not in site:
            said = f"{row.feature} = {row.value}"
        elif row.value is None and any(in_group(feature, row.group) for feature, _ in site):
            said = f"nothing of {row.group}"
        else:
            continue
        raise WorkbookError(
            f"ligne {row.line}: run {sample.run_id} did not find {said} on {row.kind}"
            f" {row.code}: the workbook was not drawn from this run of this database"
        )


@dataclass
class FeatureScore:
    """One validated feature's counts (or every feature's, pooled)."""

    true_positives: int = 0  # a value found, and the site shows it
    false_positives: int = 0  # a value found that the site does not show
    found_sites: int = 0  # (site) where a value found is shown: the recall's successes
    missed_sites: int = 0  # (site) where nothing was found and the site shows the feature
    agreement: Agreement = field(default_factory=Agreement)
    cannot_tell: int = 0  # rows whose scored answer is "?"
    unresolved: int = 0  # rows the coders disagree on, without adjudication

    def figures(self, feature: str, sites: int) -> list[ValidationFigure]:
        precision_n = self.true_positives + self.false_positives
        recall_n = self.found_sites + self.missed_sites
        return [
            _proportion(feature, "precision", self.true_positives, precision_n, sites),
            _proportion(feature, "recall", self.found_sites, recall_n, sites),
            ValidationFigure(feature, "kappa", self.agreement.agreements, self.agreement.n,
                             self.agreement.kappa, None, None, sites),
        ]  # fmt: skip


def _proportion(feature: str, measure: str, successes: int, n: int, sites: int) -> ValidationFigure:
    interval = wilson_interval(successes, n)
    low, high = interval if interval else (None, None)
    estimate = successes / n if n else None
    return ValidationFigure(feature, measure, successes, n, estimate, low, high, sites)


def score_sample(sample: CodedSample) -> dict[str, FeatureScore]:
    """Counts per validated feature, in the sample's order, then ALL_FEATURES pooled."""
    scores = {group: FeatureScore() for group in sample.groups}
    shown: dict[tuple[str, str, str], bool] = {}  # (kind, code, group): a found value shown
    for row in sample.rows:
        score = scores[row.group]
        if row.first in (YES, NO) and row.second in (YES, NO):
            score.agreement = score.agreement.add(row.first == YES, row.second == YES)
        reference = row.reference
        site = (row.kind, row.code, row.group)
        if reference is None:
            score.unresolved += 1
        elif reference not in (YES, NO):
            score.cannot_tell += 1
        elif row.value is None:
            score.missed_sites += reference == YES
        else:
            score.true_positives += reference == YES
            score.false_positives += reference == NO
            shown[site] = shown.get(site, False) or reference == YES
    for (_, _, group), is_shown in shown.items():
        scores[group].found_sites += is_shown
    scores[ALL_FEATURES] = _pooled(list(scores.values()))
    return scores


def _pooled(scores: list[FeatureScore]) -> FeatureScore:
    agreement = Agreement(
        *(sum(getattr(s.agreement, name) for s in scores)
          for name in ("both_yes", "both_no", "first_yes_second_no", "first_no_second_yes"))
    )  # fmt: skip
    pooled = FeatureScore(agreement=agreement)
    for name in ("true_positives", "false_positives", "found_sites", "missed_sites",
                 "cannot_tell", "unresolved"):  # fmt: skip
        setattr(pooled, name, sum(getattr(s, name) for s in scores))
    return pooled


def sample_figures(sample: CodedSample) -> tuple[dict[str, FeatureScore], list[ValidationFigure]]:
    """The counts per feature, and the figures stored with the run."""
    scores = score_sample(sample)
    figures = [
        figure
        for feature, score in scores.items()
        for figure in score.figures(feature, sample.sites)
    ]
    return scores, figures
