"""The survey slides on the closed questions beyond the services, and on the change since
the previous wave: how residents get local information (each channel's share, overall and by
age band), their digital uses and needs of help, and, when `vigie survey compare` recorded an
earlier wave, what changed. Every column carries its n; a cell on fewer than MIN_RESPONDENTS
respondents reads "effectif insuffisant"."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches

from reports.deck_survey import TOP, scope_line
from reports.french import counted, french_count, french_percent
from reports.layout import CONTENT_WIDTH, MARGIN, MUTED, NAVY, add_table, add_text, titled_slide
from reports.survey_summary import SurveyFigure, SurveySummary
from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS
from survey.compare import Change
from survey.question_labels import estimate_label, option_label, question_title
from survey.questionnaire import AGE_BANDS
from survey.stored import split_option

# The digital-uses slide: (question, option, its row's words), in this order.
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
NOTE_TOP = Inches(6.45)
WAVES_NOTE_TOP = Inches(6.05)  # a longer note: the previous wave, the test, the left out
WAVE_ROWS = 8  # changes listed: the significant first, then the largest


def channels_slides(presentation: PresentationType, source: str, survey: SurveySummary) -> None:
    """The slides on the closed questions, and the waves' comparison (nothing where the
    analysis estimated none of them)."""
    channels = survey.questions.get("canaux")
    if channels:
        ranked = sorted(
            (m for m in channels if "|" not in m and m != "nsp"),
            key=lambda m: -channels[m].estimate,
        )
        _by_age_slide(
            presentation, source, survey,
            "Comment les habitants s'informent sur leur commune",
            [(question_title("canaux"), "canaux", option) for option in ranked],
            "Part des répondants citant chaque moyen (plusieurs réponses possibles).",
        )  # fmt: skip
    uses = [
        (words, question, option)
        for question, option, words in USES
        if option in survey.questions.get(question, {})
    ]
    if uses:
        _by_age_slide(
            presentation, source, survey, "Le numérique au quotidien des habitants", uses,
            "Part des répondants à chaque question, « Je ne sais pas » exclu.",
        )  # fmt: skip
    if survey.waves is not None:
        _waves_slide(presentation, source, survey)


def _cell(figure: SurveyFigure | None) -> str:
    """A share with its interval, "effectif insuffisant" below the threshold."""
    if figure is None:
        return "–"
    if not figure.shown:
        return INSUFFICIENT
    text = french_percent(100 * figure.estimate)
    if figure.ci_low is not None and figure.ci_high is not None:
        text += f" ({round(100 * figure.ci_low)}–{round(100 * figure.ci_high)})"
    return text


def _by_age_slide(
    presentation: PresentationType,
    source: str,
    survey: SurveySummary,
    title: str,
    rows: list[tuple[str, str, str]],
    note: str,
) -> None:
    """A table of shares: one row per (title, question, option), the whole scope then each
    age band, each column headed by its n."""
    slide = titled_slide(presentation, title, source)
    add_text(slide, MARGIN, Inches(1.08), CONTENT_WIDTH, Inches(0.3), scope_line(survey),
             size=12, color=NAVY)  # fmt: skip
    first, option = rows[0][1], rows[0][2]  # one question (its options), or several
    if any(row[1] != first for row in rows):
        first = ""
    figures = survey.questions[rows[0][1]]
    header = ["Réponse", _head("Ensemble", figures.get(option))]
    header += [
        _head(label, figures.get(split_option(option, "age", band))) for band, label in AGE_BANDS
    ]
    table = []
    for what, question, choice in rows:
        shares = survey.questions[question]
        label = option_label(question, choice) if question == first else what
        table.append(
            [label, _cell(shares.get(choice))]
            + [_cell(shares.get(split_option(choice, "age", band))) for band, _ in AGE_BANDS]
        )
    add_table(slide, MARGIN, TOP, CONTENT_WIDTH, header, table,
              (0.34, 0.11, *([0.11] * len(AGE_BANDS))), size=12)  # fmt: skip
    add_text(slide, MARGIN, NOTE_TOP, CONTENT_WIDTH, Inches(0.5),
             f"{note} Entre parenthèses : intervalle de confiance à 95 %. n : répondants de la"
             f" colonne ; sous {MIN_RESPONDENTS} répondants, la part n'est pas présentée"
             f" ({INSUFFICIENT}).", size=12, color=MUTED)  # fmt: skip


def _head(label: str, figure: SurveyFigure | None) -> str:
    n = 0 if figure is None else figure.respondents
    return f"{label} (n = {french_count(n)})"


def _waves_slide(presentation: PresentationType, source: str, survey: SurveySummary) -> None:
    """What changed since the previous wave: the significant changes first, then the
    largest others, each with both waves' n and the change's 95 % interval."""
    waves = survey.waves
    assert waves is not None
    slide = titled_slide(presentation, "Ce qui a changé depuis la vague précédente", source)
    add_text(slide, MARGIN, Inches(1.08), CONTENT_WIDTH, Inches(0.3), scope_line(survey),
             size=12, color=NAVY)  # fmt: skip
    ranked = sorted(waves.changes, key=lambda c: (not c.significant, c.p_value))[:WAVE_ROWS]
    rows = [_wave_row(change) for change in ranked]
    add_table(slide, MARGIN, TOP, CONTENT_WIDTH,
              ["Indicateur", "Vague précédente", "Cette vague", "Évolution (IC 95 %)",
               "Significative"], rows, (0.40, 0.14, 0.14, 0.19, 0.13),
              size=12)  # fmt: skip
    significant = len(waves.significant)
    note = (
        f"Vague précédente : « {waves.before} ». "
        f"{counted(significant, 'évolution significative', 'évolutions significatives')} sur"
        f" {french_count(len(waves.changes))} estimations comparées (échantillons indépendants,"
        " test de Wald, correction de Holm, risque 5 %)."
    )
    if waves.left_out:
        note += (
            f" {french_count(waves.left_out)} estimations sur moins de {MIN_RESPONDENTS}"
            f" répondants dans l'une des vagues : {INSUFFICIENT}, non comparées."
        )
    add_text(slide, MARGIN, WAVES_NOTE_TOP, CONTENT_WIDTH, Inches(0.7), note, size=12,
             color=MUTED)  # fmt: skip


def _wave_row(change: Change) -> list[str]:
    from survey.compare import is_mean

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
        f"{value(change.before.estimate)} (n = {french_count(change.before.respondents)})",
        f"{value(change.after.estimate)} (n = {french_count(change.after.respondents)})",
        f"{moved(change.change)}{unit} ({moved(change.ci_low)} à {moved(change.ci_high)})",
        "oui" if change.significant else "non",
    ]
