"""The codebook of the open comments: themes, each with expressions a person can read and edit
(survey/codebook-commentaires.toml), and the rules that find them in a comment.

A comment is folded (lower case, no accents, apostrophes and hyphens as spaces) and cut into
words; an expression's words must follow one another ("..": up to three words between); a
word matches itself and its simple feminine and plural forms, a word ending in "*" any word
it begins. Expressions under `sauf` are blanked out first; with `negation`, a negation among
the three words before an expression cancels it; both within one sentence. docs/survey.md says what the rules miss."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_CODEBOOK = Path(__file__).with_name("codebook-commentaires.toml")
GAP = ".."  # up to MAX_GAP words between the two words around it
MAX_GAP = 3
NEGATORS = frozenset({"ne", "n", "pas", "jamais", "aucun", "aucune", "guere", "sans", "peu"})
NEGATION_WINDOW = 3
KEY = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
WORD = re.compile(r"^[a-z0-9]+\*?$")
SENTENCE_END = re.compile(r"[.!?;:\n]+")
Pattern = tuple[str, ...]  # folded words, GAP between some


class CodebookError(ValueError):
    """A codebook that cannot be read: the message says where and how to fix it."""


def fold(text: str) -> str:
    """Lower case without accents, every run of non-letters one space: "L'Été-là !" ->
    "l ete la"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe").replace("æ", "ae"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", plain))


@cache
def forms(word: str) -> frozenset[str]:
    """A plain word and its simple feminine and plural forms: "lent" -> lent, lente, lents,
    lentes, lentx; "local" -> ... locaux; "travail" -> ... travaux."""
    found = {word, word + "e", word + "s", word + "es", word + "x"}
    for singular in ("al", "ail"):
        if word.endswith(singular):
            found.add(word.removesuffix(singular) + "aux")
    return frozenset(found)


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    patterns: tuple[Pattern, ...]
    unless: tuple[Pattern, ...] = ()
    negation: bool = False

    def found_in(self, sentence: str) -> bool:
        """Whether one of the theme's expressions is in a folded sentence."""
        for pattern in self.unless:
            sentence = _regex(pattern).sub(" | ", sentence)
        if not self.negation:
            return _union(self.patterns).search(sentence) is not None
        return any(
            not (self.negation and _negated(sentence, found.start()))
            for pattern in self.patterns
            for found in _regex(pattern).finditer(sentence)
        )


@dataclass(frozen=True)
class Codebook:
    path: Path
    themes: tuple[Theme, ...]

    def code(self, comment: str) -> list[str]:
        """The keys of the themes a comment speaks of, in the codebook's order; expressions
        and negations are sought within one sentence."""
        sentences = [folded for part in SENTENCE_END.split(comment) if (folded := fold(part))]
        return [
            theme.key
            for theme in self.themes
            if any(theme.found_in(sentence) for sentence in sentences)
        ]

    def label(self, key: str) -> str:
        return next(theme.label for theme in self.themes if theme.key == key)


@cache
def _union(patterns: tuple[Pattern, ...]) -> re.Pattern[str]:
    """Any of the expressions (one search instead of one a pattern)."""
    return re.compile("|".join(f"(?:{_regex(pattern).pattern})" for pattern in patterns))


@cache
def _regex(pattern: Pattern) -> re.Pattern[str]:
    """The expression as a regular expression on folded text, whole words only."""
    body, gap = "", False
    for word in pattern:
        if word == GAP:
            gap = True
            continue
        if body:
            body += rf"(?: [a-z0-9]+){{0,{MAX_GAP}}} " if gap else " "
        gap = False
        if word.endswith("*"):
            body += re.escape(word[:-1]) + "[a-z0-9]*"
        else:
            body += "(?:" + "|".join(sorted(forms(word), key=len, reverse=True)) + ")"
    return re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])")


def _negated(sentence: str, start: int) -> bool:
    """Whether one of the NEGATION_WINDOW words before `start` is a negation."""
    return any(word in NEGATORS for word in sentence[:start].split()[-NEGATION_WINDOW:])


def read_codebook(path: Path | None = None) -> Codebook:
    """The codebook in a TOML file (default: the bundled one); CodebookError names the theme
    and the field at fault."""
    path = path or DEFAULT_CODEBOOK
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CodebookError(f"{path}: cannot read the codebook ({error.strerror})") from error
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CodebookError(f"{path}: not a TOML codebook ({error}); see docs/survey.md") from error
    entries = data.get("theme")
    if not isinstance(entries, list) or not entries:
        raise CodebookError(f"{path}: no [[theme]] table; each theme has cle, libelle and mots")
    themes = [_theme(path, number, entry) for number, entry in enumerate(entries, start=1)]
    keys = [theme.key for theme in themes]
    doubled = sorted({key for key in keys if keys.count(key) > 1})
    if doubled:
        raise CodebookError(f"{path}: theme key(s) {', '.join(doubled)} given twice")
    return Codebook(path, tuple(themes))


def _theme(path: Path, number: int, entry: object) -> Theme:
    where = f"{path}: theme {number}"
    if not isinstance(entry, dict):
        raise CodebookError(f"{where} is not a [[theme]] table")
    unknown = sorted(set(entry) - {"cle", "libelle", "mots", "sauf", "negation"})
    if unknown:
        raise CodebookError(
            f"{where}: unknown field(s) {', '.join(unknown)} (fields: cle, libelle, mots, sauf,"
            " negation)"
        )
    key, label = entry.get("cle"), entry.get("libelle")
    if not isinstance(key, str) or not KEY.match(key):
        raise CodebookError(f"{where}: cle = {key!r}; give a short key of a-z, 0-9, _ (≤ 20)")
    if not isinstance(label, str) or not label.strip():
        raise CodebookError(f"{where} ({key}): libelle is missing; give the label to show")
    negation = entry.get("negation", False)
    if not isinstance(negation, bool):
        raise CodebookError(f"{where} ({key}): negation must be true or false")
    patterns = _patterns(f"{where} ({key}) mots", entry.get("mots"))
    if not patterns:
        raise CodebookError(f"{where} ({key}): mots is empty; give at least one expression")
    unless = _patterns(f"{where} ({key}) sauf", entry.get("sauf", []))
    return Theme(key, label.strip(), patterns, unless, negation)


def _patterns(where: str, value: object) -> tuple[Pattern, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise CodebookError(f'{where}: give a list of expressions in quotes, ["démarche*"]')
    found = []
    for expression in value:
        pattern = _pattern(expression)
        if pattern is None:
            raise CodebookError(
                f"{where}: {expression!r} is not an expression (words of letters or digits, a"
                " final * to match any ending, .. between two words for a gap)"
            )
        found.append(pattern)
    return tuple(found)


def _pattern(expression: str) -> Pattern | None:
    """An expression as folded words: "Pièce* justificative" -> ("piece*", "justificative")."""
    pattern: list[str] = []
    for part in expression.split():
        if part == GAP:
            pattern.append(GAP)
            continue
        star = part.endswith("*")
        words = fold(part.rstrip("*")).split()
        if not words:
            return None
        pattern += words[:-1] + [words[-1] + ("*" if star else "")]
    if not pattern or pattern[0] == GAP or pattern[-1] == GAP:
        return None
    if any(a == b == GAP for a, b in zip(pattern, pattern[1:], strict=False)):
        return None
    return tuple(pattern) if all(p == GAP or WORD.match(p) for p in pattern) else None
