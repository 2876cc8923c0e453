"""The open comments coded into the codebook's themes: each comment's themes (several or none),
how many comments speak of each theme among those who commented, the share left uncoded, and
a few short anonymised quotes per theme and per importance–satisfaction quadrant.

Pure functions: the comments come in as text with their respondent's quadrant, the figures go
out; storing them is `comments_stored.py`'s job."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from survey.codebook import Codebook
from survey.intervals import wilson as share_wilson
from survey.ipa import QUADRANTS

# survey_results' measures (family ""): share of respondents who commented (n = respondents),
# share of commenters whose comment speaks of a theme / of no theme (n = who commented).
COMMENTED = "commentaires"
THEME = "theme:"  # + the codebook's key: "theme:demarches"
UNCODED = "sans_theme"
QUOTES = 3  # at most, per theme and per quadrant
QUOTE_LENGTH = 160  # characters; longer comments are quoted only when no shorter one exists

# What could name or reach a resident, replaced before a comment is quoted.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
URL = re.compile(r"\b(https?://|www\.)\S+", re.IGNORECASE)
PHONE = re.compile(r"(\+33\s?|\b0)[1-9]([\s.-]?\d{2}){4}\b")
TITLE = re.compile(
    r"\b(M\.|Mr\.?|Mme\.?|Mlle\.?|Monsieur|Madame|Mademoiselle|Docteur|Dr\.?|Ma[iî]tre)"
    r"\s+[A-ZÀ-Ý][\w'-]+(\s+[A-ZÀ-Ý][\w'-]+)?"
)
INTRODUCED = re.compile(  # the cue in any case, the name capitalised
    r"\b((?i:je m'appelle|je suis|moi c'est|signé))\s+[A-ZÀ-Ý][\w'-]+(\s+[A-ZÀ-Ý][\w'-]+)?"
)
ADDRESS = re.compile(
    r"\b\d{1,4}\s*(bis|ter)?,?\s+(rue|avenue|av\.|boulevard|bd|chemin|impasse|allée|place|route)"
    r"\s+[\w' -]{2,40}",
    re.IGNORECASE,
)


def anonymise(text: str) -> str:
    """A comment without what could name or reach its author: e-mail addresses, web links,
    phone numbers, a name after a title (M., Madame...) or an introduction (je m'appelle...),
    a street address with its number. A bare name or a first name alone is not caught."""
    text = EMAIL.sub("[courriel]", text)
    text = URL.sub("[lien]", text)
    text = PHONE.sub("[téléphone]", text)
    text = ADDRESS.sub("[adresse]", text)
    text = TITLE.sub("[nom]", text)
    text = INTRODUCED.sub(lambda m: f"{m.group(1)} [nom]", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Comment:
    text: str
    quadrant: str | None = None  # the respondent's own quadrant (respondent_quadrant)
    area: tuple[str, ...] = ()  # areas the respondent lives in ("departement:44"...)


@dataclass
class CommentCoding:
    """The comments of a survey, coded: n = respondents who commented."""

    themes: dict[str, str]  # key -> label, the codebook's order
    commented: int
    counts: dict[str, int]
    uncoded: int
    quotes: dict[str, list[str]] = field(default_factory=dict)  # theme key -> quotes
    by_quadrant: dict[str, list[str]] = field(default_factory=dict)  # quadrant -> quotes

    def share(self, key: str) -> float:
        return self.counts[key] / self.commented if self.commented else 0.0


def wilson(count: int, n: int) -> tuple[float, float]:
    """The Wilson 95 % interval of count/n (unweighted: n is its own effective size)."""
    return share_wilson(count / n if n else 0.0, n)


def code_comments(comments: Sequence[Comment], codebook: Codebook) -> CommentCoding:
    """Each non-empty comment's themes, the counts, the uncoded and the quotes."""
    said = [comment for comment in comments if comment.text.strip()]
    coded = [(comment, codebook.code(comment.text)) for comment in said]
    counts = {theme.key: 0 for theme in codebook.themes}
    for _, keys in coded:
        for key in keys:
            counts[key] += 1
    quotable = [
        (anonymise(comment.text), keys, comment.quadrant, index)
        for index, (comment, keys) in enumerate(coded)
        if keys
    ]
    return CommentCoding(
        {theme.key: theme.label for theme in codebook.themes},
        len(said),
        counts,
        sum(1 for _, keys in coded if not keys),
        {key: _theme_quotes(quotable, key) for key in counts if counts[key]},
        {
            quadrant: found
            for quadrant in QUADRANTS.values()
            if (found := _quadrant_quotes(quotable, quadrant))
        },
    )


Quotable = tuple[str, list[str], str | None, int]


def _order(item: Quotable) -> tuple[int, int, int, int]:
    """Short comments on one theme first, the longest last; then the answers' order."""
    text, keys, _, index = item
    return (len(text) > QUOTE_LENGTH, len(keys), abs(len(text) - 80) // 20, index)


def _theme_quotes(quotable: list[Quotable], key: str) -> list[str]:
    chosen: list[str] = []
    for text, *_ in sorted((q for q in quotable if key in q[1]), key=_order):
        if text not in chosen:
            chosen.append(text)
        if len(chosen) == QUOTES:
            break
    return [_short(text) for text in chosen]


def _quadrant_quotes(quotable: list[Quotable], quadrant: str) -> list[str]:
    """Quotes of the quadrant's respondents, each on a theme the others did not speak of."""
    chosen: list[str] = []
    seen: set[str] = set()
    for text, keys, _, _ in sorted((q for q in quotable if q[2] == quadrant), key=_order):
        if text not in chosen and not seen.intersection(keys):
            chosen.append(text)
            seen.update(keys)
        if len(chosen) == QUOTES:
            break
    return [_short(text) for text in chosen]


def _short(text: str) -> str:
    if len(text) <= QUOTE_LENGTH:
        return text
    return text[: QUOTE_LENGTH - 1].rsplit(" ", 1)[0] + " […]"


def respondent_quadrant(
    ratings: dict[str, tuple[float | None, float | None]], split: tuple[float, float] | None
) -> str | None:
    """The quadrant of a respondent's own mean importance and mean satisfaction (over the
    services they rated), against the survey's thresholds (survey/ipa.thresholds); None for a
    respondent who rated no service's satisfaction or when no threshold exists.
    `ratings`: service key -> (importance, satisfaction)."""
    if split is None:
        return None
    importance = [i for i, _ in ratings.values() if i is not None]
    satisfaction = [s for _, s in ratings.values() if s is not None]
    if not importance or not satisfaction:
        return None
    mean_i, mean_s = sum(importance) / len(importance), sum(satisfaction) / len(satisfaction)
    return QUADRANTS[(mean_i >= split[0], mean_s >= split[1])]
