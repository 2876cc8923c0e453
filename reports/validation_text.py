"""The validation by hand as the reports cite it, in French (docs/validation.md): each
figure with its n and its 95 % interval, not stated below the threshold of
reports/thresholds.py, and the features whose precision is under 90 % flagged."""

from __future__ import annotations

from dataclasses import dataclass

from database.validation import ALL_FEATURES, ValidationFigure
from reports.french import NARROW_NBSP, counted, french_number, french_percent
from reports.labels import feature_label
from reports.thresholds import INSUFFICIENT, MIN_SITES

PRECISION_FLOOR = 0.9  # a feature checked less precise than this is flagged
INTERVAL = f"intervalle de confiance à 95{NARROW_NBSP}%"
AGREEMENT = "accord entre codeurs (κ de Cohen)"
# What the n of each measure counts.
NOUNS = {"precision": "constat contrôlé", "recall": "site", "kappa": "constat"}
PLURALS = {"precision": "constats contrôlés", "recall": "sites", "kappa": "constats"}
MEASURE_WORDS = {"precision": "précision", "recall": "rappel", "kappa": AGREEMENT}


@dataclass(frozen=True)
class FeatureCheck:
    """One validated feature's stored figures (or the whole's, feature "")."""

    feature: str
    precision: ValidationFigure | None
    recall: ValidationFigure | None
    kappa: ValidationFigure | None

    @property
    def label(self) -> str:
        return (
            "Ensemble des constats contrôlés" if not self.feature else feature_label(self.feature)
        )

    @property
    def flagged(self) -> bool:
        """A feature's precision stated (n at the threshold or above) and under 90 % (the
        pooled figure of all features is not a feature, and is not flagged)."""
        figure = self.precision
        return bool(
            self.feature and figure and stated(figure) and figure.estimate is not None
            and figure.estimate < PRECISION_FLOOR
        )  # fmt: skip


def stated(figure: ValidationFigure) -> bool:
    return figure.n >= MIN_SITES and figure.estimate is not None


def checks(figures: list[ValidationFigure]) -> list[FeatureCheck]:
    """Each validated feature's figures, the whole's first."""
    features = sorted({figure.feature for figure in figures})
    found = {(figure.feature, figure.measure): figure for figure in figures}
    return [
        FeatureCheck(
            feature,
            found.get((feature, "precision")),
            found.get((feature, "recall")),
            found.get((feature, "kappa")),
        )  # fmt: skip
        for feature in features
    ]


def n_text(figure: ValidationFigure) -> str:
    """'n = 40 constats contrôlés'; a pooled recall counts (site, feature) pairs, not sites."""
    if figure.measure == "recall" and figure.feature == ALL_FEATURES:
        return f"n = {counted(figure.n, 'constat attendu', 'constats attendus')}"
    return f"n = {counted(figure.n, NOUNS[figure.measure], PLURALS[figure.measure])}"


def figure_text(figure: ValidationFigure | None, named: bool = True, interval: bool = True) -> str:
    """'précision 85 % (intervalle de confiance à 95 % : 70 % – 93 %, n = 40 constats
    contrôlés)'; 'rappel : effectif insuffisant (n = 3 sites)'; κ as a decimal, 0,82."""
    if figure is None:
        return ""
    word = f"{MEASURE_WORDS[figure.measure]} " if named else ""
    said = f"{word}: " if named else ""
    if figure.n == 0 or figure.estimate is None and figure.measure != "kappa":
        return f"{said}non mesurable ({n_text(figure)})"
    if figure.estimate is None:  # κ of coders who gave one same answer to every row
        return f"{said}non défini, les deux codeurs ayant tout codé de même ({n_text(figure)})"
    if figure.n < MIN_SITES:
        return f"{said}{INSUFFICIENT} ({n_text(figure)})"
    if figure.measure == "kappa":
        return f"{said}{french_number(figure.estimate, 2)} ({n_text(figure)})"
    value = french_percent(100 * figure.estimate, 1)
    if interval and figure.ci_low is not None and figure.ci_high is not None:
        low, high = (french_percent(100 * bound, 1) for bound in (figure.ci_low, figure.ci_high))
        bounds = f"{low} – {high}"
        return f"{said}{value} ({INTERVAL} : {bounds}, {n_text(figure)})"
    return f"{said}{value} ({n_text(figure)})"


def summary_text(figures: list[ValidationFigure]) -> str:
    """One sentence: what was checked, how much the coders agree, the overall precision and
    recall; empty when the run has no validation."""
    whole = next((check for check in checks(figures) if check.feature == ALL_FEATURES), None)
    if whole is None or whole.kappa is None:
        return ""
    sites = counted(whole.kappa.sample_sites, "site")
    parts = [figure_text(whole.kappa), figure_text(whole.precision), figure_text(whole.recall)]
    return (
        f"Contrôle à la main : sur un échantillon de {sites} tiré au hasard dans chaque"
        f" strate, deux codeurs ont vérifié les constats de Vigie ; {parts[0]} ; sur"
        f" l'ensemble, {parts[1]} et {parts[2]}."
    )


def flagged_text(figures: list[ValidationFigure], shown: int = 3) -> str:
    """The features under 90 % of precision, worst first, each with its figure; or that no
    feature is, saying which could not be told."""
    per_feature = [check for check in checks(figures) if check.feature != ALL_FEATURES]
    if not per_feature:
        return ""
    flagged = sorted((c for c in per_feature if c.flagged),
                     key=lambda c: (c.precision.estimate if c.precision else 0, c.feature))  # fmt: skip
    untold = [c.label for c in per_feature if not (c.precision and stated(c.precision))]
    if flagged:
        listed = "; ".join(f"{c.label} : {figure_text(c.precision, named=False)}"
                           for c in flagged[:shown])  # fmt: skip
        more = len(flagged) - shown
        text = (f"Précision sous {french_percent(100 * PRECISION_FLOOR)}, constats à citer avec"
                f" prudence : {listed}")  # fmt: skip
        text += f" ; et {counted(more, 'autre')}." if more > 0 else "."
    else:
        text = (f"Aucun constat contrôlé n'a une précision mesurée sous"
                f" {french_percent(100 * PRECISION_FLOOR)}.")  # fmt: skip
    if untold:
        text += f" Précision non établie ({INSUFFICIENT}) : {', '.join(untold)}."
    return text


def column_check(column: str, figures: list[ValidationFigure]) -> FeatureCheck | None:
    """The validated feature an export column's findings belong to: the feature itself, or
    its family ("social." for social.facebook)."""
    for check in checks(figures):
        feature = check.feature
        if feature and (
            column == feature or (feature.endswith(".") and column.startswith(feature))
        ):
            return check
    return None


def column_text(column: str, figures: list[ValidationFigure]) -> str:
    """The data dictionary's validation cell of an export column: its feature's precision
    and recall, and the flag when the precision is under 90 %."""
    check = column_check(column, figures)
    if check is None:
        return ""
    family = f" (contrôlé comme « {check.label} »)" if check.feature != column else ""
    text = f"{figure_text(check.precision)} ; {figure_text(check.recall)}{family}"
    if check.flagged:
        text = f"ATTENTION, précision sous {french_percent(100 * PRECISION_FLOOR)} : {text}"
    return text
