"""The survey's tables as the deck and the study document both show them: the closed
questions' shares by age band (how residents get local information, their digital uses) and
the changes since the previous wave, each column headed by its n, each cell under
MIN_RESPONDENTS respondents said in words; and the wording of "significant" that the deck, the
document and `vigie survey compare` share."""

from __future__ import annotations

from dataclasses import dataclass

from reports.french import counted, french_count, french_number, french_percent
from reports.survey_questions import WaveComparison
from reports.survey_summary import SurveyFigure, SurveySummary
from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS
from survey.compare import Change, is_mean
from survey.question_labels import estimate_label, option_label
from survey.questionnaire import AGE_BANDS
from survey.stored import split_option

NBSP = "\u00a0"  # "n = 136" never breaks inside
# The digital-uses table: (question, option, its row's words), in this order.
USES = (
    ("internet", "quotidien", "Vont sur internet tous les jours ou presque"),
    ("internet", "jamais", "Ne vont jamais sur internet"),
    ("difficultes", "vue", "Difficulté à voir ou lire l'écran"),
    ("difficultes", "audition", "Difficulté à entendre une vidéo, un son"),
    ("difficultes", "motricite", "Difficulté avec souris, clavier, écran tactile"),
    ("difficultes", "comprehension", "Difficulté à comprendre textes ou démarches"),
    ("besoin_aide", "souvent", "Ont souvent besoin d'aide pour une démarche en ligne"),
    ("participerait", "oui", "Participeraient à une consultation en ligne"),
)
CHANNELS_TITLE = "Comment les habitants s'informent sur leur commune"
CHANNELS_NOTE = "Part des répondants citant chaque moyen (plusieurs réponses possibles)."
USES_TITLE = "Le numérique au quotidien des habitants"
USES_NOTE = "Part des répondants à chaque question, « Je ne sais pas » exclu."
WAVES_TITLE = "Ce qui a changé depuis la vague précédente"
WAVE_ROWS = 8  # changes listed: the significant first, then the largest
# "Significant" is decided after Holm's correction while each interval is the estimate's
# own: said plainly, an interval clear of 0 beside "non" is no contradiction.
SIGNIFICANT_HEADER = "Significative après correction pour comparaisons multiples"


def significance_note(compared: int) -> str:
    """What "significative" means, in one plain French sentence."""
    return (
        "« Significative » : l'écart dépasse ce que le hasard explique, même en tenant compte"
        f" des {french_count(compared)} estimations comparées à la fois ; l'intervalle"
        " entre parenthèses vaut pour l'estimation prise seule."
    )


def n_equals(count: int) -> str:
    """ "n = 136", with no-break spaces: a narrow column never splits it."""
    return f"n{NBSP}={NBSP}{french_count(count)}"


@dataclass(frozen=True)
class SurveyTable:
    header: list[str]
    rows: list[list[str]]


def share_cell(figure: SurveyFigure | None) -> str:
    """A share with its interval, "effectif insuffisant" below the threshold."""
    if figure is None:
        return "–"
    if not figure.shown:
        return INSUFFICIENT
    return french_percent(100 * figure.estimate) + interval_text(figure)


def interval_text(figure: SurveyFigure) -> str:
    """ " (58–66)": a share's 95 % interval in points, as every share of 0 % or 100 % has one
    too ("0 % (0–9)", survey/intervals.py); a bound within a point of 0 or 100 keeps a
    decimal, so that a narrow interval never reads "(0–0)". Empty without an interval."""
    if figure.ci_low is None or figure.ci_high is None:
        return ""
    return f" ({_points(figure.ci_low)}–{_points(figure.ci_high)})"


def _points(bound: float) -> str:
    points = 100 * bound
    return french_number(points, 1 if 0 < points < 1 or 99 < points < 100 else 0)


def channel_rows(survey: SurveySummary) -> list[tuple[str, str, str]]:
    """(words, question, option) of each channel, named as the questionnaire words it, the
    most cited first; none when the analysis estimated no channel."""
    channels = survey.questions.get("canaux") or {}
    ranked = sorted(
        (m for m in channels if "|" not in m and m != "nsp"), key=lambda m: -channels[m].estimate
    )
    return [(option_label("canaux", option), "canaux", option) for option in ranked]


def use_rows(survey: SurveySummary) -> list[tuple[str, str, str]]:
    """(words, question, option) of the digital uses the analysis estimated."""
    return [
        (words, question, option)
        for question, option, words in USES
        if option in survey.questions.get(question, {})
    ]


def by_age_table(survey: SurveySummary, rows: list[tuple[str, str, str]]) -> SurveyTable:
    """One row per (words, question, option), named by its words: the whole scope then each
    age band, each column headed by the first row's n."""
    option = rows[0][2]
    figures = survey.questions[rows[0][1]]
    header = ["Réponse", _head("Ensemble", figures.get(option))]
    header += [
        _head(label, figures.get(split_option(option, "age", band))) for band, label in AGE_BANDS
    ]
    table = []
    for what, question, choice in rows:
        shares = survey.questions[question]
        table.append(
            [what, share_cell(shares.get(choice))]
            + [share_cell(shares.get(split_option(choice, "age", band))) for band, _ in AGE_BANDS]
        )
    return SurveyTable(header, table)


def by_age_note(note: str) -> str:
    """The note under a table by age band: what it counts, the interval, n, the threshold."""
    return (
        f"{note} Entre parenthèses : intervalle de confiance à 95 %. n : répondants de la"
        f" colonne ; sous {MIN_RESPONDENTS} répondants, la part n'est pas présentée"
        f" ({INSUFFICIENT})."
    )


def _head(label: str, figure: SurveyFigure | None) -> str:
    return f"{label} ({n_equals(0 if figure is None else figure.respondents)})"


def wave_table(waves: WaveComparison) -> SurveyTable:
    """The significant changes first, then the others by p-value, each with both waves' n
    and the change's 95 % interval."""
    ranked = sorted(waves.changes, key=lambda c: (not c.significant, c.p_value))[:WAVE_ROWS]
    header = ["Indicateur", "Vague précédente", "Cette vague", "Évolution (IC 95 %)",
              SIGNIFICANT_HEADER]  # fmt: skip
    return SurveyTable(header, [_wave_row(change) for change in ranked])


def waves_note(waves: WaveComparison) -> str:
    """The previous wave, how many changes are significant, what that means, the left out."""
    significant = len(waves.significant)
    note = (
        f"Vague précédente : « {waves.before} ». "
        f"{counted(significant, 'évolution significative', 'évolutions significatives')} sur"
        f" {french_count(len(waves.changes))} estimations comparées (échantillons indépendants,"
        f" test de Wald, correction de Holm, risque 5 %). {significance_note(len(waves.changes))}"
        # A reader subtracting the rounded shares may find one point more or less.
        " Les évolutions sont calculées sur les estimations avant arrondi."
    )
    if waves.left_out:
        note += (
            f" {french_count(waves.left_out)} estimations sur moins de {MIN_RESPONDENTS}"
            f" répondants dans l'une des vagues : {INSUFFICIENT}, non comparées."
        )
    return note


def _wave_row(change: Change) -> list[str]:
    what, which = estimate_label(change.family, change.measure)
    mean = is_mean(change.family, change.measure)

    def value(number: float) -> str:
        return f"{number:.2f}".replace(".", ",") if mean else french_percent(100 * number)

    def moved(delta: float) -> str:
        rounded = round(delta, 2) if mean else round(100 * delta)
        if rounded == 0:  # no "−0"
            return "0"
        text = f"{rounded:+.2f}" if mean else f"{rounded:+d}"
        return text.replace(".", ",").replace("-", "−")

    unit = "" if mean else " points"
    return [
        f"{what} : {which}",
        f"{value(change.before.estimate)} ({n_equals(change.before.respondents)})",
        f"{value(change.after.estimate)} ({n_equals(change.after.respondents)})",
        f"{moved(change.change)}{unit} ({moved(change.ci_low)} à {moved(change.ci_high)})",
        "oui" if change.significant else "non",
    ]
