"""The open comments' themes as the report shows them: read from survey_results for the deck's
area (survey/comments_stored.py names the rows), with the quotes of the area when the comments
file of `vigie survey analyse` is given (`vigie report --survey-comments`); and what the deck's
slide and the study document both show of them (shares, quotes, note)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reports.french import french_count, french_percent, plural
from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS
from survey.codebook import CodebookError, read_codebook
from survey.comments import COMMENTED, THEME, UNCODED, CommentCoding
from survey.ipa import PRIORITY
from survey.stored import split_measure


@dataclass
class CommentFigures:
    """How many of the area's respondents commented, and how many comments speak of each
    theme (n = those who commented)."""

    respondents: int
    commented: int
    counts: dict[str, int]  # theme key -> comments, in the codebook's order
    uncoded: int
    labels: dict[str, str] = field(default_factory=dict)  # key -> label
    area: str = ""  # "" for the whole survey, else "departement:44"...
    quotes: CommentCoding | None = None  # the area's quotes, when the file is given

    def label(self, key: str) -> str:
        return self.labels.get(key) or key.replace("_", " ").capitalize()

    def ranked(self) -> list[tuple[str, int]]:
        """The themes spoken of, most frequent first (the codebook's order among ties)."""
        return sorted(((k, c) for k, c in self.counts.items() if c), key=lambda kc: -kc[1])


def comment_figures(rows: Iterable[Sequence[Any]], area: str | None) -> CommentFigures | None:
    """The figures of `area` (None: the whole survey) among a survey's rows (family, measure,
    estimate, ci_low, ci_high, respondents); None when the survey stored no comment rows."""
    counts: dict[str, int] = {}
    found: dict[str, tuple[float, int]] = {}
    for family, stored, estimate, _, _, n in rows:
        measure, where = split_measure(str(stored))
        if family or where != area:
            continue
        share, size = float(estimate), int(n)
        if measure.startswith(THEME):
            counts[measure.removeprefix(THEME)] = round(share * size)
        elif measure in (COMMENTED, UNCODED):
            found[measure] = (share, size)
    if COMMENTED not in found:
        return None
    share, respondents = found[COMMENTED]
    uncoded_share, commented = found.get(UNCODED, (0.0, 0))
    return CommentFigures(
        respondents,
        round(share * respondents),
        counts,
        round(uncoded_share * commented),
        _default_labels(),
        area or "",
    )


def _default_labels() -> dict[str, str]:
    try:
        return {theme.key: theme.label for theme in read_codebook().themes}
    except CodebookError:
        return {}


def attach_quotes(figures: CommentFigures, codings: dict[str, CommentCoding]) -> None:
    """The quotes (and the labels of the codebook used) of the figures' area."""
    coding = codings.get(figures.area)
    if coding is not None:
        figures.quotes = coding
        figures.labels = {**figures.labels, **coding.themes}


def read_comment_quotes(path: Path, survey: str) -> dict[str, CommentCoding]:
    """The codings of a comments file of this survey; ValueError saying why not otherwise."""
    from survey.comment_quotes import read_quotes

    name, codings = read_quotes(path)
    if name != survey:
        raise ValueError(
            f"{path} holds the comments of survey {name!r}, and the deck shows survey"
            f" {survey!r}; give the file `vigie survey analyse` wrote for {survey!r}"
        )
    return codings


# What the deck's slide and the study document both show of the comments.
THEMES_SHOWN = 8  # themes drawn or listed, the most frequent
QUOTED_THEMES = 3  # themes quoted, the most frequent
PRIORITY_HEADING = "Sur les services jugés importants mais peu satisfaisants"


def commenters(figures: CommentFigures) -> str:
    """ "n = 593 répondants ayant laissé un commentaire, sur 1 500"."""
    from reports.survey_tables import n_equals  # survey_tables reads this module

    return (
        f"{n_equals(figures.commented)} {plural(figures.commented, 'répondant')} ayant laissé"
        f" un commentaire, sur {french_count(figures.respondents)}"
    )


def theme_shares(figures: CommentFigures) -> list[tuple[str, int, int]]:
    """(label, comments, rounded share of the comments in %) of the leading themes, most
    cited first; none below MIN_RESPONDENTS comments, where no share is stated."""
    if figures.commented < MIN_RESPONDENTS:
        return []
    return [
        (figures.label(key), count, round(100 * count / figures.commented))
        for key, count in figures.ranked()[:THEMES_SHOWN]
    ]


def themes_met(figures: CommentFigures) -> str:
    """The themes spoken of, in the codebook's order (ranking them would state what too
    few comments cannot), "aucun" when none."""
    return ", ".join(figures.label(key) for key, count in figures.counts.items() if count) or (
        "aucun"
    )


def quote_blocks(figures: CommentFigures) -> list[tuple[str, str]]:
    """(heading, quote): one quote for each of the leading themes, one of the residents of
    the "Priorité" quadrant; none when the comments file was not given."""
    coding = figures.quotes
    if coding is None:
        return []
    blocks = [
        (figures.label(key), coding.quotes[key][0])
        for key, _ in figures.ranked()[:QUOTED_THEMES]
        if coding.quotes.get(key)
    ]
    if coding.by_quadrant.get(PRIORITY):
        blocks.append((PRIORITY_HEADING, coding.by_quadrant[PRIORITY][0]))
    return blocks


def comments_note(figures: CommentFigures) -> str:
    """Who commented, the uncoded share, how the quadrant is assigned."""
    if not figures.commented:
        return "Aucun répondant du périmètre n'a laissé de commentaire."
    uncoded = (
        french_percent(100 * figures.uncoded / figures.commented)
        if figures.commented >= MIN_RESPONDENTS
        else INSUFFICIENT
    )
    return (
        f"Un commentaire peut relever de plusieurs thèmes. Sans thème reconnu : {uncoded}"
        f" ({french_count(figures.uncoded)} sur {french_count(figures.commented)}). Parts"
        " non pondérées : ceux qui commentent ne représentent pas tous les habitants. Quadrant"
        " d'un répondant : ses propres moyennes d'importance et de satisfaction face aux seuils"
        " de la matrice. Citations anonymisées (courriels, téléphones, noms, adresses)."
    )


NOT_JOINED = (
    "Citations non jointes : elles restent hors de la base ; les joindre avec vigie report"
    " --survey-comments (fichier écrit par vigie survey analyse)."
)
