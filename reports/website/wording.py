"""The words of the website that several pages share: where each page lives, what kind of
authority it is, its status and why, its score and its rank, each a `Figure` that says when
it is not stated as fact."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from database.geography import DEPARTEMENTS, REGIONS
from database.statuses import SCAN_STATUSES, ScanStatus
from reports.french import counted, french_count, french_fixed, long_date
from reports.scorecard_figures import NOTED, ordinal
from reports.scorecard_peers import members_of
from reports.thresholds import INSUFFICIENT, MIN_SITES
from reports.website.content import NOT_MEASURED_REASON, Figure, Link

KINDS = {
    "commune": "Commune",
    "epci": "Intercommunalité",
    "departement": "Département",
    "region": "Région",
}
NOT_MEASURED = Figure("non mesuré", stated=False)
NBSP = "\u00a0"  # where a line must not break: "n = 15", "13 h 05"
# A figure that rests on no authority at all.
NOBODY = "aucune collectivité notée"
# An authority of the scope the run did not scan at all.
NOT_EXPLORED = ScanStatus(
    "Non exploré dans cette campagne",
    "Cette collectivité ne figurait pas parmi les sites à explorer de cette campagne : elle"
    " n'est ni notée ni classée.",
)
# A site explored but not scored under the model (`vigie score` was not run for it).
NOT_SCORED = ScanStatus(
    "Site exploré, non noté",
    "Le site a été exploré, mais n'a pas été noté avec ce modèle de score : aucun score ni"
    " rang n'est donné.",
)
# A status the labels do not know (a newer crawl): never shown as its code.
UNKNOWN_STATUS = ScanStatus("Non mesuré", "Le site n'a pas pu être mesuré.")
# Why a page shows no score, after "Ce n'est pas une note de zéro :". It follows the status:
# a commune with no site was not failed by Vigie, one left out of the campaign was not tried,
# and an `ok` page not measured is one explored but not scored.
NO_SCORE_REASONS = {
    "no_website": "aucun site connu pour cette collectivité",
    None: "Vigie n'a pas exploré son site dans cette campagne",
    "ok": "son site a été exploré, mais pas noté avec ce modèle de score",
}


def authority_path(kind: str, code: str) -> str:
    """The page of an authority: kind and code, since codes of two kinds may be equal (the
    région 44 and the département 44)."""
    return f"collectivite/{kind}-{_safe(code)}.html"


def departement_path(code: str) -> str:
    return f"departement/{_safe(code)}.html"


def region_path(code: str) -> str:
    return f"region/{_safe(code)}.html"


def _safe(code: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "_", code)


def departement_name(code: str) -> str:
    """'Loire-Atlantique (44)', or 'Département 44' where the name is unknown: how a link or
    a list names a département, its code beside its name."""
    name = DEPARTEMENTS.get(code)
    return f"{name} ({code})" if name else f"Département {code}"


def bare_departement_name(code: str) -> str:
    """'Loire-Atlantique', or 'Département 44' where the name is unknown: a département's
    page shows its code apart."""
    return DEPARTEMENTS.get(code) or f"Département {code}"


def region_name(code: str) -> str:
    return REGIONS.get(code, f"Région {code}")


def departement_link(code: str | None) -> Link | None:
    return Link(departement_name(code), departement_path(code)) if code else None


def region_link(code: str | None) -> Link | None:
    return Link(region_name(code), region_path(code)) if code else None


def kind_label(kind: str) -> str:
    return KINDS.get(kind, "Collectivité")


def stratum_label(stratum: str | None) -> str:
    """'Communes de 500 à 1 999 habitants', 'Intercommunalités', or '' when unknown."""
    if not stratum:
        return ""
    try:
        text = members_of(stratum)
    except KeyError:  # a stratum of no ladder: unknown rather than its code
        return ""
    return text[:1].upper() + text[1:]


def scan_status(status: str | None, scored: bool) -> ScanStatus:
    """The status an authority's page and lists show: its scan's, or why it has no score."""
    if status is None:
        return NOT_EXPLORED
    if status == "ok" and not scored:
        return NOT_SCORED
    return SCAN_STATUSES.get(status, UNKNOWN_STATUS)


def no_score_reason(status: str | None) -> str:
    """Why an authority not measured has no score, by its scan's status (None: no scan)."""
    return NO_SCORE_REASONS.get(status, NOT_MEASURED_REASON)


def score_figure(score: float | None) -> Figure:
    return NOT_MEASURED if score is None else Figure(french_fixed(score))


def rank_figure(
    stratum: str | None, rank: int, count: int, low: int | None, high: int | None
) -> Figure:
    """'3e sur 41 (entre 2e et 5e)': the rank in the stratum and the interval the weights'
    draws give; not stated where the stratum has fewer than MIN_SITES others."""
    if stratum is None:
        return Figure("non classée : strate inconnue (population non renseignée)", stated=False)
    if count - 1 < MIN_SITES:
        noted = counted(count, *NOTED.get(stratum, NOTED["commune"]))
        return Figure(f"{INSUFFICIENT} ({noted})", stated=False)
    text = f"{ordinal(rank)} sur {french_count(count)}"
    if low is not None and high is not None and low != high:
        text += f" (entre {ordinal(low)} et {ordinal(high)})"
    return Figure(text)


def n_text(n: int) -> str:
    """'n = 15' with no-break spaces, so that it never breaks across two lines."""
    return f"n{NBSP}={NBSP}{french_count(n)}"


def insufficient(n: int, nobody: str = NOBODY) -> Figure:
    """A figure on fewer than MIN_SITES: 'effectif insuffisant (n = 3)', not stated; on
    none at all, `nobody` says so ('aucune collectivité notée') rather than 'n = 0'."""
    if n == 0:
        return Figure(nobody, stated=False)
    return Figure(f"{INSUFFICIENT} ({n_text(n)})", stated=False)


def attempt_time(started: datetime) -> str:
    """When a crawl tried a site, to the minute: 'le 30 novembre 2026 à 13 h 05 (heure UTC)'.
    The database stores UTC (SQLite hands it back without its zone)."""
    moment = started.astimezone(UTC) if started.tzinfo is not None else started
    clock = f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"
    return f"le {long_date(moment)} à {clock} (heure UTC)"
