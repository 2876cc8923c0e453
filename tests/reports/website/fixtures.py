"""A small website's content built by hand, with realistic French values: one région (Pays de
la Loire), two départements, three measured communes and one that timed out. The website's
tests (these and the browser's) write it with `write_site`; keep it stable.

- Saint-Étienne-de-Montluc (44158, 44360): evidence in two families, one snippet holding a
  `<script>` that must show as text, a gap with the duty behind it, a social account whose
  audience is unknown (connexion exigée), the score's social indicators (active; a largest
  audience that is only a floor, left out of the score), two campaigns in its history;
- Nantes and Angers link no social account: their indicators read "aucun compte lié par le site ni déclaré";
- Nantes (44109): four postal codes;
- Angers (49007): the only scored commune of Maine-et-Loire;
- Montreuil-Bellay (49215): not measured (délai dépassé), no score; its page says when the
  crawl was tried, the address it ended on and the technical message it recorded;
- Saint-Étienne-de-Montluc also has a finding of absence: nothing to quote, only its label;
- territory pages carry bare names ("Loire-Atlantique"), their code apart; links to them
  read "Loire-Atlantique (44)";
- every territory's median rests on fewer than 5 scored communes: not stated.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from datetime import date

from database.statuses import SCAN_STATUSES
from reports.website.content import (
    AuthorityLine,
    AuthorityPage,
    DutyLine,
    Evidence,
    EvidenceGroup,
    Figure,
    Gap,
    HistoryPoint,
    HomePage,
    Link,
    ScoreLine,
    Share,
    SiteContent,
    SocialAccount,
    SocialIndicator,
    SocialRules,
    TerritoryPage,
)

RUN_ID = 12
RUN_DAY = "3 mars 2026"
MODEL_VERSION = "vigie-2026.1"
HOSTILE_SNIPPET = (
    '<a href="https://www.facebook.com/saintetiennedemontluc">Facebook</a><script>alert(1)</script>'
)

LOIRE_ATLANTIQUE = Link("Loire-Atlantique (44)", "departement/44.html")
MAINE_ET_LOIRE = Link("Maine-et-Loire (49)", "departement/49.html")
PAYS_DE_LA_LOIRE = Link("Pays de la Loire (52)", "region/52.html")

TIMEOUT = SCAN_STATUSES["timeout"]
EXPLORED = SCAN_STATUSES["ok"]
NOT_SCORED = Figure("non noté", stated=False)
# A figure of an account behind a login wall.
WALLED = Figure("inconnu (connexion exigée)", stated=False)
NOT_RANKED = Figure("non classé", stated=False)
# The score's social indicators, as the model labels them.
ACTIVE = "Actif sur un réseau social dans les 90 jours"
AUDIENCE = "Audience par 1\u202f000 habitants"
SOCIAL_RULES = SocialRules(90, ACTIVE, AUDIENCE, "500")
# Saint-Étienne-de-Montluc's: active; its largest known audience is only a floor (its
# Instagram is behind a login wall), below full marks: left out of the score.
FLOOR = Figure(
    "inconnu, au moins 303,5 pour 1\u202f000 habitants (Facebook, déclaré) ; autres comptes :"
    " inconnu (connexion exigée)",
    stated=False,
)
# A measured commune with no account: measured, 0.
NO_ACCOUNT_INDICATORS = [
    SocialIndicator(ACTIVE, Figure("non (aucun compte lié par le site ni déclaré)")),
    SocialIndicator(AUDIENCE, Figure("0 (aucun compte lié par le site ni déclaré)")),
]
FEW_IN_44 = Figure("effectif insuffisant (n = 2)", stated=False)
FEW_IN_49 = Figure("effectif insuffisant (n = 1)", stated=False)
SMALL_TOWNS = "3 500 – 9 999 habitants"
CITIES = "100 000 habitants ou plus"
ABSENCE_LABEL = "Aucun lien de prise de rendez-vous sur les 37 pages lues"
ATTEMPTED = "le 2 mars 2026 à 9 h 41 (heure UTC)"
FINAL_ADDRESS = "https://www.montreuil-bellay.fr/accueil"
STATUS_DETAIL = "TimeoutError: Navigation timeout of 30000 ms exceeded"

SAINT_ETIENNE = AuthorityLine(
    code="44158",
    name="Saint-Étienne-de-Montluc",
    kind="Commune",
    path="collectivite/44158.html",
    postal_codes=("44360",),
    departement="44",
    status=EXPLORED.label,
    score=Figure("56,7"),
    rank=Figure("58e sur 412 (entre 41e et 77e)"),
    stratum=SMALL_TOWNS,
)
NANTES = AuthorityLine(
    code="44109",
    name="Nantes",
    kind="Commune",
    path="collectivite/44109.html",
    postal_codes=("44000", "44100", "44200", "44300"),
    departement="44",
    status=EXPLORED.label,
    score=Figure("71,3"),
    rank=Figure("5e sur 42 (entre 3e et 9e)"),
    stratum=CITIES,
)
ANGERS = AuthorityLine(
    code="49007",
    name="Angers",
    kind="Commune",
    path="collectivite/49007.html",
    postal_codes=("49000", "49100"),
    departement="49",
    status=EXPLORED.label,
    score=Figure("64,8"),
    rank=Figure("11e sur 42 (entre 7e et 16e)"),
    stratum=CITIES,
)
MONTREUIL_BELLAY = AuthorityLine(
    code="49215",
    name="Montreuil-Bellay",
    kind="Commune",
    path="collectivite/49215.html",
    postal_codes=("49260",),
    departement="49",
    status=TIMEOUT.label,
    score=NOT_SCORED,
    rank=NOT_RANKED,
    stratum=SMALL_TOWNS,
)
INDEX = [SAINT_ETIENNE, NANTES, ANGERS, MONTREUIL_BELLAY]


def tiny_png(width: int = 8, height: int = 6) -> bytes:
    """A valid grey PNG, standing for the map `reports/france_map.py` draws."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = b"".join(b"\x00" + bytes([0x99] * width) for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def home() -> HomePage:
    few = "effectif insuffisant (n = {})"
    return HomePage(
        authorities=4,
        measured=3,
        not_measured=[(TIMEOUT.label, 1)],
        adoption=[
            (
                "Déclaration d'accessibilité",
                [
                    Share("3 500 – 9 999", Figure(few.format(1), stated=False)),
                    Share("≥ 100 000", Figure(few.format(2), stated=False)),
                ],
            ),
            (
                "Réseau social (tout réseau)",
                [
                    Share("3 500 – 9 999", Figure(few.format(1), stated=False)),
                    Share("≥ 100 000", Figure(few.format(2), stated=False)),
                ],
            ),
        ],
        strata=["3 500 – 9 999 (n = 1)", "≥ 100 000 (n = 2)"],
        map_png=tiny_png(),
        map_text=(
            "Trop peu de communes notées par département pour colorer la carte : la"
            " Loire-Atlantique compte 2 communes notées, le Maine-et-Loire 1 (il en faut 3)."
        ),
        territories=[LOIRE_ATLANTIQUE, MAINE_ET_LOIRE, PAYS_DE_LA_LOIRE],
    )


def territories() -> list[TerritoryPage]:
    return [
        TerritoryPage(
            path=LOIRE_ATLANTIQUE.path,
            kind="Département",
            code="44",
            name="Loire-Atlantique",
            region=PAYS_DE_LA_LOIRE,
            departements=[],
            counts=[(EXPLORED.label, 2)],
            median=FEW_IN_44,
            authorities=[NANTES, SAINT_ETIENNE],
        ),
        TerritoryPage(
            path=MAINE_ET_LOIRE.path,
            kind="Département",
            code="49",
            name="Maine-et-Loire",
            region=PAYS_DE_LA_LOIRE,
            departements=[],
            counts=[(EXPLORED.label, 1), (TIMEOUT.label, 1)],
            median=FEW_IN_49,
            authorities=[ANGERS, MONTREUIL_BELLAY],
        ),
        TerritoryPage(
            path=PAYS_DE_LA_LOIRE.path,
            kind="Région",
            code="52",
            name="Pays de la Loire",
            region=None,
            departements=[LOIRE_ATLANTIQUE, MAINE_ET_LOIRE],
            counts=[(EXPLORED.label, 3), (TIMEOUT.label, 1)],
            median=Figure("effectif insuffisant (n = 3)", stated=False),
            authorities=[NANTES, ANGERS, SAINT_ETIENNE, MONTREUIL_BELLAY],
        ),
    ]


def saint_etienne_page() -> AuthorityPage:
    site = "https://www.saint-etienne-de-montluc.fr"
    return AuthorityPage(
        path=SAINT_ETIENNE.path,
        code=SAINT_ETIENNE.code,
        name=SAINT_ETIENNE.name,
        kind="Commune",
        population="7 612",
        stratum=SMALL_TOWNS,
        departement=LOIRE_ATLANTIQUE,
        region=PAYS_DE_LA_LOIRE,
        website=f"{site}/",
        measured=True,
        status=EXPLORED.label,
        status_meaning=EXPLORED.meaning,
        crawled_on="2 mars 2026",
        pages_read=37,
        score=SAINT_ETIENNE.score,
        rank=SAINT_ETIENNE.rank,
        peers="Comparée aux collectivités notées de sa strate : 412 communes de 3 500 à 9 999 habitants.",
        scores=[
            ScoreLine("Score global", Figure("56,7"), Figure("48,9"), FEW_IN_44),
            ScoreLine("Services en ligne", Figure("62,5"), Figure("50"), FEW_IN_44),
            ScoreLine("Accessibilité et inclusion", Figure("41,2"), Figure("38,6"), FEW_IN_44),
            ScoreLine(
                "Présence sociale et canaux directs", Figure("66,7"), Figure("55"), FEW_IN_44
            ),
        ],
        evidence=[
            EvidenceGroup(
                "Accessibilité",
                [
                    Evidence(
                        feature="Mention d'accessibilité",
                        value="partiellement conforme",
                        url=f"{site}/accessibilite",
                        snippet="<p>Accessibilité : partiellement conforme</p>",
                        detector="a11y/2",
                    ),
                    Evidence(
                        feature="Date de l'audit d'accessibilité",
                        value="14 octobre 2024",
                        url=f"{site}/accessibilite",
                        snippet="<p>Audit réalisé le 14/10/2024 &amp; publié</p>",
                        detector="a11y/2",
                    ),
                ],
            ),
            EvidenceGroup(
                "Services en ligne",
                [
                    Evidence(
                        feature="Prise de rendez-vous en ligne",
                        value="non trouvée sur les pages lues",
                        url="",
                        snippet="",
                        detector="services/3",
                        snippet_label=ABSENCE_LABEL,
                    )
                ],
            ),
            EvidenceGroup(
                "Réseaux sociaux",
                [
                    Evidence(
                        feature="Réseau social : Facebook",
                        value="Facebook",
                        url=f"{site}/",
                        snippet=HOSTILE_SNIPPET,
                        detector="social/2",
                    ),
                    Evidence(
                        feature="Réseau social : Instagram",
                        value="Instagram",
                        url=f"{site}/",
                        snippet='<a href="https://www.instagram.com/stetiennedemontluc/">',
                        detector="social/2",
                    ),
                ],
            ),
        ],
        gaps=[
            Gap(
                "Déclaration d'accessibilité publiée",
                Figure("+ 2,1 points"),
                "Loi n° 2005-102 du 11 février 2005, article 47",
            ),
            Gap("Prise de rendez-vous en ligne", Figure("+ 1,4 point"), None),
        ],
        duties=[
            DutyLine(
                "Déclaration d'accessibilité",
                "Loi n° 2005-102, article 47 ; décret n° 2019-768",
                "unmet",
                "Non respectée",
                None,
            ),
            DutyLine(
                "Mentions légales",
                "Loi n° 2004-575 (LCEN), article 6",
                "met",
                "Respectée",
                f"{site}/mentions-legales",
            ),
            DutyLine(
                "Délégué à la protection des données",
                "Règlement (UE) 2016/679 (RGPD), article 37",
                "unknown",
                "Impossible à dire : la politique de confidentialité n'a pas pu être lue",
                None,
            ),
        ],
        history=[
            HistoryPoint(
                11, "2 septembre 2025", EXPLORED.label, Figure("48,2"), Figure("97e sur 409")
            ),
            HistoryPoint(RUN_ID, RUN_DAY, EXPLORED.label, SAINT_ETIENNE.score, SAINT_ETIENNE.rank),
        ],
        social=[
            SocialAccount(
                "Facebook",
                "https://www.facebook.com/saintetiennedemontluc",
                Figure("2 310 abonnés (déclaré)"),
                Figure("303,5 pour 1\u202f000 habitants (déclaré)"),
                Figure("12 publications (déclaré)"),
                Figure("28 février 2026 (déclaré)"),
            ),
            SocialAccount(
                "Instagram",
                "https://www.instagram.com/stetiennedemontluc/",
                WALLED,
                WALLED,
                WALLED,
                WALLED,
            ),
            SocialAccount(
                "YouTube",
                "https://www.youtube.com/@saintetiennedemontluc",
                Figure("environ 1\u202f200 abonnés"),
                Figure("157,6 pour 1\u202f000 habitants"),
                Figure("au moins 15 publications"),
                Figure("3 mars 2026"),
            ),
        ],
        social_indicators=[
            SocialIndicator(ACTIVE, Figure("oui")),
            SocialIndicator(AUDIENCE, FLOOR),
        ],
    )


def big_city_page(line: AuthorityLine, population: str, website: str) -> AuthorityPage:
    """Nantes or Angers: scored, one finding, one duty met, nothing missing."""
    departement = LOIRE_ATLANTIQUE if line.departement == "44" else MAINE_ET_LOIRE
    few = FEW_IN_44 if line.departement == "44" else FEW_IN_49
    return AuthorityPage(
        path=line.path,
        code=line.code,
        name=line.name,
        kind="Commune",
        population=population,
        stratum=CITIES,
        departement=departement,
        region=PAYS_DE_LA_LOIRE,
        website=website,
        measured=True,
        status=EXPLORED.label,
        status_meaning=EXPLORED.meaning,
        crawled_on="2 mars 2026",
        pages_read=120,
        score=line.score,
        rank=line.rank,
        peers="Comparée aux collectivités notées de sa strate : 42 communes de 100 000 habitants ou plus.",
        scores=[ScoreLine("Score global", line.score, Figure("63,1"), few)],
        evidence=[
            EvidenceGroup(
                "Services en ligne",
                [
                    Evidence(
                        feature="Service en ligne",
                        value="Démarches locales",
                        url=f"{website}demarches",
                        snippet='<a href="/demarches">Mes démarches en ligne</a>',
                        detector="services/3",
                    )
                ],
            )
        ],
        gaps=[],
        duties=[
            DutyLine(
                "Mentions légales",
                "Loi n° 2004-575 (LCEN), article 6",
                "met",
                "Respectée",
                f"{website}mentions-legales",
            )
        ],
        history=[HistoryPoint(RUN_ID, RUN_DAY, EXPLORED.label, line.score, line.rank)],
        social=[],
        social_indicators=list(NO_ACCOUNT_INDICATORS),
    )


def montreuil_bellay_page() -> AuthorityPage:
    line = MONTREUIL_BELLAY
    return AuthorityPage(
        path=line.path,
        code=line.code,
        name=line.name,
        kind="Commune",
        population="3 891",
        stratum=SMALL_TOWNS,
        departement=MAINE_ET_LOIRE,
        region=PAYS_DE_LA_LOIRE,
        website="https://www.ville-montreuil-bellay.fr/",
        measured=False,
        status=TIMEOUT.label,
        status_meaning=TIMEOUT.meaning,
        crawled_on="2 mars 2026",
        pages_read=0,
        score=NOT_SCORED,
        rank=NOT_RANKED,
        peers="",
        scores=[],
        evidence=[],
        gaps=[],
        duties=[],
        history=[HistoryPoint(RUN_ID, RUN_DAY, TIMEOUT.label, NOT_SCORED, NOT_RANKED)],
        social=[],
        attempted=ATTEMPTED,
        final_address=FINAL_ADDRESS,
        status_detail=STATUS_DETAIL,
    )


def authority_pages() -> Iterator[AuthorityPage]:
    yield saint_etienne_page()
    yield big_city_page(NANTES, "323 204", "https://metropole.nantes.fr/")
    yield big_city_page(ANGERS, "157 175", "https://www.angers.fr/")
    yield montreuil_bellay_page()


def sample_content() -> SiteContent:
    """A fresh content each call: its `authority_pages` is an iterator, read once."""
    return SiteContent(
        run_id=RUN_ID,
        run_day=RUN_DAY,
        model_version=MODEL_VERSION,
        scope="Loire-Atlantique et Maine-et-Loire",
        home=home(),
        territories=territories(),
        index=list(INDEX),
        authority_pages=authority_pages(),
        generated_on=date(2026, 3, 5),
        social_rules=SOCIAL_RULES,
    )
