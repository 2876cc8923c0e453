"""What the public website says, as plain values already worded in French: the loaders
(`load.py` and the modules it calls) read them from the database, the writer (`build.py`)
pours them into the Jinja2 templates. Templates hold no logic beyond loops and tests, so
every rule (a figure on too few is not stated, unknown is not "no") lives in the loaders,
where it is tested; `docs/website.md` says what each page shows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

# Why a site not measured has no score, unless its status says otherwise (wording.py).
NOT_MEASURED_REASON = "Vigie n'a pas pu mesurer son site"


@dataclass(frozen=True)
class Link:
    """A link inside the site: `path` is relative to the site's root ("departement/44.html")."""

    text: str
    path: str


@dataclass(frozen=True)
class Figure:
    """One figure of a table: its French text ("62,5", "effectif insuffisant (n = 3)",
    "inconnu") and whether it is stated as a fact (False: greyed and explained)."""

    text: str
    stated: bool = True


@dataclass(frozen=True)
class ScoreLine:
    """The global score or one axis: the authority's, its peers' median, its département's."""

    label: str
    own: Figure
    peers: Figure
    departement: Figure


@dataclass(frozen=True)
class Evidence:
    """One finding: what was found, on which page, the HTML that shows it, which detector."""

    feature: str  # French label of the feature
    value: str  # French label of the value ("oui", "Facebook", "12 mars 2025"...)
    url: str  # the page it was read on (outside the site)
    snippet: str  # the HTML or text it was read from, as stored (escaped by the template)
    detector: str  # name/version
    # What the snippet is, for its summary line: "Extrait lu sur la page", or, for a finding
    # of absence that has nothing to quote, what was looked for and not found.
    snippet_label: str = "Extrait lu sur la page"


@dataclass(frozen=True)
class EvidenceGroup:
    family: str  # French label of the family ("Accessibilité", "Réseaux sociaux"...)
    findings: list[Evidence]


@dataclass(frozen=True)
class Gap:
    """An indicator the authority does not meet in full, and the legal duty behind it if any."""

    label: str
    points: Figure  # points the composite score would gain if met
    duty: str | None  # the text of the law that requires it, None when it is good practice


@dataclass(frozen=True)
class DutyLine:
    label: str
    source: str  # the law or decree
    status: str  # "met" | "unmet" | "unknown" | "n/a" (a CSS class, never shown)
    status_text: str  # "Respectée", "Non respectée", "Impossible à dire : …", "Non concernée"
    evidence_url: str | None


@dataclass(frozen=True)
class HistoryPoint:
    """One campaign of the authority: its date, its status, its score and rank if scored."""

    run_id: int
    day: str  # French date ("3 mars 2026")
    status: str  # French status label
    score: Figure
    rank: Figure


@dataclass(frozen=True)
class SocialAccount:
    """An account and what is known of it; unknown reads "inconnu (why)", never 0."""

    platform: str
    url: str
    audience: Figure  # "1 234 abonnés", "environ 12 300 abonnés", "250 abonnés (déclaré)"
    per_1000: Figure  # "8,5 pour 1 000 habitants"
    posts: Figure  # posts in the last 90 days: "12 publications", "au moins 15 publications"
    last_activity: Figure  # the newest post's date
    linked: bool = True  # False: only the authority declared it, its site does not link it


@dataclass(frozen=True)
class SocialIndicator:
    """One of the score's social indicators for the authority, as the score reads it: "oui",
    "26,7 pour 1 000 habitants (PeerTube)", "0 (aucun compte lié par le site ni déclaré)", or "inconnu (why)"
    (not stated: left out of the score)."""

    label: str  # the model's label: "Actif sur un réseau social dans les 90 jours"
    figure: Figure


@dataclass(frozen=True)
class AuthorityPage:
    path: str  # "collectivite/<kind>-<code>.html": a région and a département may share a code
    code: str
    name: str
    kind: str  # French: "Commune", "Intercommunalité", "Département", "Région"
    population: str  # French count, or "" when unknown
    stratum: str  # French stratum label, or ""
    departement: Link | None
    region: Link | None
    website: str | None  # the site's address as crawled
    measured: bool  # False: the page says why, and shows no score
    status: str  # French status label
    status_meaning: str  # the sentence that explains the status
    crawled_on: str  # French date of the crawl of this site, or ""
    pages_read: int
    score: Figure
    rank: Figure  # "3e sur 41 (entre 2e et 5e)" or why it is not given
    peers: str  # the sentence that says whom the medians compare it with ("Comparée aux …")
    scores: list[ScoreLine]
    evidence: list[EvidenceGroup]
    gaps: list[Gap]
    duties: list[DutyLine]
    history: list[HistoryPoint]
    social: list[SocialAccount]
    # For a site not measured: when the crawl tried ("le 30 novembre 2026 à 13 h 05"), the
    # address it ended on if other than `website`, and the technical message it recorded
    # (often in English: shown as quoted evidence, labelled so).
    attempted: str = ""
    final_address: str | None = None
    status_detail: str = ""
    # Why it has no score, following its status ("aucun site connu pour cette collectivité").
    no_score_reason: str = NOT_MEASURED_REASON
    # The score's social indicators, as it reads them (a measured site's, and only those the
    # model scores)
    social_indicators: list[SocialIndicator] = field(default_factory=list)


@dataclass(frozen=True)
class AuthorityLine:
    """An authority in a list or the search index."""

    code: str
    name: str
    kind: str
    path: str
    postal_codes: tuple[str, ...]
    departement: str  # code
    status: str  # French status label
    score: Figure
    rank: Figure
    stratum: str = ""  # French stratum label: ranks are within it


@dataclass(frozen=True)
class TerritoryPage:
    """A département or a région: its authorities, their scores and ranks."""

    path: str  # "departement/<code>.html" or "region/<code>.html"
    kind: str  # "Département" or "Région"
    code: str
    name: str
    region: Link | None  # a département's région
    departements: list[Link]  # a région's départements
    counts: list[tuple[str, int]]  # (French status label, how many), most first
    median: Figure  # median score of its scored authorities, with n
    authorities: list[AuthorityLine]  # best score first, then the not measured


@dataclass(frozen=True)
class Share:
    """A share of sites with its n: "62 % (n = 40)", or not stated below the threshold."""

    label: str
    figure: Figure


@dataclass(frozen=True)
class HomePage:
    authorities: int
    measured: int
    not_measured: list[tuple[str, int]]  # (French status label, how many)
    adoption: list[tuple[str, list[Share]]]  # (feature label, its share per stratum group)
    strata: list[str]  # the column heads of `adoption`, with their n
    map_png: bytes | None  # the map of mean scores by département, when drawn
    map_text: str  # the map's alternative text: what it shows, in words
    territories: list[Link]  # every département and région with a page


@dataclass(frozen=True)
class SocialRules:
    """What the method page says of the social figures, from the model the site is scored
    under: the activity window, and the score's two social indicators (their labels, and
    the audience per 1,000 residents that earns full marks), None where the model has none."""

    window_days: int
    active: str | None  # the model's label of the activity indicator
    audience: str | None  # the model's label of the audience indicator
    full_audience: str | None  # "500": followers per 1,000 residents for full marks


@dataclass
class SiteContent:
    """Everything the site shows. `authority_pages` is an iterator so that 36,000 pages
    are written one at a time, memory flat."""

    run_id: int
    run_day: str  # French date of the campaign
    model_version: str
    scope: str  # French: "France entière", "Loire-Atlantique"...
    home: HomePage
    territories: list[TerritoryPage]
    index: list[AuthorityLine]  # every authority of the scope, for search and lists
    authority_pages: Iterator[AuthorityPage] = field(default_factory=lambda: iter(()))
    generated_on: date | None = None
    # The files the site offers for download (exports written into the site's folder).
    downloads: list[Link] = field(default_factory=list)
    # Where an authority sends a dispute (a web address or "mailto:"), None when not given.
    contact_url: str | None = None
    # The rules of the social figures, for the method page; None: the page says them without
    # the model's numbers
    social_rules: SocialRules | None = None
