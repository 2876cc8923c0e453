"""The website's authority pages, as `load_site` reads them: a measured authority's evidence
grouped by family with its page and snippet (a check's own message is no extract); its gaps
with their points and duty; its duties with their status, an unmet one with what was seen or
on how many pages it was looked for; a site not measured says why, when it was tried, where
it ended and what the crawl recorded, and shows no score; an account behind a login wall is
unknown, never 0, a declared figure says so; every campaign of the authority in its history; one page, one path, even
where two authorities share a code."""

from __future__ import annotations

import inspect
import json
from datetime import date
from typing import Any

from sqlalchemy import text

from database.social_audience import UNKNOWN_LABELS
from database.statuses import SCAN_STATUSES
from reports.french import french_count, french_fixed, french_number, long_date
from reports.labels import feature_label, value_label
from reports.scorecard import load_scorecard
from reports.scorecard_actions import points_if_met
from reports.scorecard_figures import Scorecard
from reports.website.content import AuthorityPage, Figure
from reports.website.duties import BREACHES, gap_points, not_found
from reports.website.evidence import FAMILY_LABELS, OTHER_FAMILY, family_of, is_quoted
from reports.website.load import load_site
from scoring.compliance import DUTIES, UNMET
from scoring.compliance_run import compliance_rows
from scoring.model import FAMILY_PREFIXES, KNOWN_FEATURES
from tests.reports.text_scan import raw_codes
from tests.reports.website.conftest import Site
from tests.reports.website.site_database import (
    DETAILS,
    FIRST_RUN,
    NO_SKIP_LINK,
    OFFSITE,
    PAGES_READ,
    SECOND_RUN,
)

# "n = 7" as the pages write it: no-break spaces, never broken across two lines.
N_IS = "n\u00a0=\u00a0"


def sql(site: Site, query: str, **params: Any) -> list[Any]:
    with site.engine.connect() as connection:
        return list(connection.execute(text(query), params))


def shown_texts(page: AuthorityPage) -> list[str]:
    """What a reader reads on the page, addresses and stored HTML aside."""
    figures = [page.score, page.rank]
    figures += [f for line in page.scores for f in (line.own, line.peers, line.departement)]
    figures += [gap.points for gap in page.gaps]
    figures += [f for point in page.history for f in (point.score, point.rank)]
    figures += [
        f
        for account in page.social
        for f in (account.audience, account.per_1000, account.posts, account.last_activity)
    ]
    return [
        page.kind, page.population, page.stratum, page.status, page.status_meaning,
        page.crawled_on, page.peers, *(figure.text for figure in figures),
        *(line.label for line in page.scores), *(gap.label for gap in page.gaps),
        *(group.family for group in page.evidence),
        *(e.feature for group in page.evidence for e in group.findings),
        *(e.value for group in page.evidence for e in group.findings if "://" not in e.value),
        *(duty.status_text for duty in page.duties), *(point.status for point in page.history),
        *(e.snippet_label for group in page.evidence for e in group.findings), page.attempted,
    ]  # fmt: skip


def features(page: AuthorityPage) -> set[str]:
    return {evidence.feature for group in page.evidence for evidence in group.findings}


def test_a_measured_authoritys_evidence_is_grouped_by_family_with_its_page_and_snippet(
    site: Site,
) -> None:
    page = site.page("44001")
    stored = sql(
        site,
        "SELECT f.feature, f.value, f.evidence_url, f.snippet, f.detector FROM findings f"
        " JOIN authorities a ON a.id = f.authority_id"
        " WHERE a.code = '44001' AND a.kind = 'commune' AND f.run_id = :run",
        run=site.run,
    )
    shown = [(group.family, e) for group in page.evidence for e in group.findings]
    assert len(shown) == len(stored) > 5
    for feature, value, url, snippet, detector in stored:
        [(family, evidence)] = [
            (family, e) for family, e in shown if e.url == url and e.snippet == snippet
        ]
        assert family == FAMILY_LABELS[feature.split(".")[0]]
        assert (evidence.feature, evidence.value) == (
            feature_label(feature),
            value_label(feature, value),
        )
        assert evidence.detector == detector
    mention = next(e for e in page.evidence[0].findings if e.feature == "Mention d'accessibilité")
    assert page.evidence[0].family == "Accessibilité"
    assert mention.value == "totalement conforme"
    assert mention.snippet == "<p>a11y.mention : totalement</p>"
    families = [group.family for group in page.evidence]
    assert families == sorted(families, key=list(dict.fromkeys(FAMILY_LABELS.values())).index)
    assert len(set(families)) == len(families)


def test_a_measured_page_gives_its_score_rank_and_the_scorecards_figures(site: Site) -> None:
    page = site.page("44002")
    [(score, rank, count, low, high)] = sql(
        site,
        "SELECT s.score, s.rank_in_stratum, s.stratum_count, s.rank_low, s.rank_high"
        " FROM scores s JOIN authorities a ON a.id = s.authority_id"
        " WHERE a.code = '44002' AND s.run_id = :run",
        run=site.run,
    )
    assert page.measured
    assert page.score == Figure(french_fixed(score))
    assert page.rank.stated
    assert page.rank.text.startswith(f"{rank}e sur {count}" if rank > 1 else f"1er sur {count}")
    if low != high:
        assert "entre" in page.rank.text
    card = load_scorecard(site.engine, site.run, site.model, "44002")
    assert isinstance(card, Scorecard)
    # The site's medians are the scorecard's, each with the n it rests on.
    for line, row in zip(page.scores, card.scores, strict=True):
        assert line.label == row.label
        assert row.peers is not None
        assert row.departement is not None
        assert line.peers.text.split(f" ({N_IS}")[0] == french_fixed(row.peers)
        assert line.departement.text.split(f" ({N_IS}")[0] == french_fixed(row.departement)
    assert page.scores[0].peers.text.endswith(f"({N_IS}{card.peers.n})")
    assert page.peers.startswith(f"Comparée aux collectivités notées de sa strate : {card.peers.n}")
    assert page.population == "800"
    assert page.stratum == "Communes de 500 à 1\u202f999 habitants"
    assert page.crawled_on == long_date(SECOND_RUN)
    assert page.pages_read == PAGES_READ
    assert page.departement is not None
    assert page.departement.path == "departement/44.html"
    assert page.region is not None
    assert page.region.path == "region/52.html"


def test_a_gap_carries_its_points_and_the_duty_behind_it(site: Site) -> None:
    for code in ("44001", "44002", "44003", "44004"):
        page = site.page(code)
        card = load_scorecard(site.engine, site.run, site.model, code)
        assert isinstance(card, Scorecard)
        # The gaps are the scorecard's actions, in its order, with its points and duties.
        assert [gap.label for gap in page.gaps] == [action.label for action in card.actions]
        for gap, action in zip(page.gaps, card.actions, strict=True):
            assert gap.duty == action.duty_source
            assert gap.points.stated
            if round(action.points, 1) >= 0.1:
                assert gap.points.text.startswith(f"+{french_number(action.points)} point")
    communes = [site.page(f"4400{n}") for n in range(1, 8)]
    lacking = [page for page in communes if "Politique de confidentialité" not in features(page)]
    assert lacking, "the fill leaves some commune without a privacy page"
    for page in lacking:
        [gap] = [gap for gap in page.gaps if gap.label == "Politique de confidentialité"]
        assert gap.duty == "RGPD, art. 13"


def test_gap_points_are_the_scorecards_to_the_last_digit(site: Site) -> None:
    rows = sql(site, "SELECT indicators FROM scores WHERE run_id = :run", run=site.run)
    assert len(rows) > 10
    for (stored,) in rows:
        indicators = json.loads(stored)
        points = gap_points(site.model, indicators)
        assert points == {
            i.key: points_if_met(site.model, indicators, i.key)
            for i in site.model.indicators
            if indicators.get(i.key) is not None and indicators[i.key] < 1 and i.weight > 0
        }


def test_duties_read_met_unmet_unknown_and_not_concerned(site: Site) -> None:
    rows = {
        row.duty: row
        for row in compliance_rows(site.engine, site.run, "44001")
        if row.kind == "commune"
    }
    page = site.page("44001")
    assert [duty.label for duty in page.duties] == [row.label for row in rows.values()]
    texts = {"met": "Respectée", "unmet": "Non trouvée sur les", "n/a": "Non concernée"}
    for duty, row in zip(page.duties, rows.values(), strict=True):
        assert duty.status == row.status
        assert duty.source == row.source
        assert duty.evidence_url == row.evidence_url
        assert duty.status_text.startswith(texts.get(row.status, "Impossible à dire : "))
    statuses = {duty.status for duty in page.duties}
    assert {"met", "unmet", "unknown", "n/a"} <= statuses
    mention = next(d for d in page.duties if d.label.startswith("Mention « Accessibilité"))
    assert mention.status == "met"
    assert mention.evidence_url == "https://commune-44001.fr/page-a11y.mention"
    permit = next(d for d in page.duties if "urbanisme" in d.label)
    assert permit.status == "unknown"
    assert "intercommunalité" in permit.status_text
    # A commune of 800 inhabitants: open data is not its duty; acts may stay on paper.
    assert next(d for d in page.duties if "open data" in d.label).status == "n/a"


def test_an_unmet_duty_says_what_was_seen_and_on_which_page(site: Site) -> None:
    # 44002's home sets Google Analytics before consent; its statement dates its audit 2021.
    duties = {duty.label: duty for duty in site.page("44002").duties}
    consent = duties["Pas de traceur déposé sans consentement"]
    assert consent.status == "unmet"
    assert consent.status_text == (
        "Non respectée : traceur déposé sans consentement (Google Analytics)"
    )
    assert consent.evidence_url == "https://commune-44002.fr/page-trackers.without_consent"
    audit = duties["Audit d'accessibilité de moins de trois ans"]
    assert audit.status == "unmet"
    assert audit.status_text == (
        "Non respectée : dernier audit le 27 janvier 2021, plus de trois ans avant la campagne"
    )
    assert audit.evidence_url == "https://commune-44002.fr/page-a11y.audit_date"


def test_an_unmet_duty_not_found_says_on_how_many_pages_it_was_looked_for(site: Site) -> None:
    page = site.page("44011")  # explored, nothing found
    unmet = [duty for duty in page.duties if duty.status == "unmet"]
    assert len(unmet) >= 4
    for duty in unmet:
        assert duty.status_text == f"Non trouvée sur les {PAGES_READ} pages lues"
        assert duty.evidence_url is None
    assert not_found(1) == "Non trouvée sur la page lue"
    assert not_found(2) == "Non trouvée sur les 2 pages lues"


def test_every_duty_a_finding_can_breach_says_what_was_seen() -> None:
    """A duty unmet although its feature was found (`_absent`, `_recent_audit`) has words for
    what was found: else the page would say "not found" of what Vigie saw."""
    breached = set()
    for duty in DUTIES:
        if duty.absence != UNMET or duty.feature.endswith("."):
            continue
        met, _ = duty.check({duty.feature: {"2000-01-01"}}, SECOND_RUN.date())
        if not met:
            breached.add(duty.feature)
    assert breached == set(BREACHES)


def test_pages_read_are_the_pages_that_answered(site: Site) -> None:
    fetched = dict(
        sql(
            site,
            "SELECT a.code, s.pages_fetched FROM site_scans s"
            " JOIN authorities a ON a.id = s.authority_id"
            " WHERE s.run_id = :run AND a.code IN ('44002', '44008')",
            run=site.run,
        )
    )
    # A 404 is asked for but not read; the failed request of a domain not found neither.
    assert fetched == {"44002": PAGES_READ + 1, "44008": 1}
    assert site.page("44002").pages_read == PAGES_READ
    assert site.page("44008").pages_read == 0
    # The first campaign's pages were pruned: a measured site's pages fetched stand in.
    first = {p.code: p for p in load_site(site.engine, site.first_run, site.model).authority_pages}
    assert first["44002"].pages_read == PAGES_READ + 1
    assert first["44008"].pages_read == 0


def test_a_site_not_measured_says_when_it_was_tried_and_what_the_crawl_recorded(
    site: Site,
) -> None:
    unreachable = site.page("44008")
    assert unreachable.attempted == "le 1er novembre 2026 à 8\u00a0h\u00a005 (heure UTC)"
    assert unreachable.status_detail == DETAILS["dns_failure"]
    assert unreachable.website == "https://commune-44008.fr/"
    assert unreachable.final_address is None
    redirected = site.page("53001")
    assert redirected.status == SCAN_STATUSES["redirected_offsite"].label
    assert redirected.website == "https://commune-53001.fr/"
    assert redirected.final_address == OFFSITE
    assert redirected.status_detail == DETAILS["redirected_offsite"]
    # No site listed: nothing was tried.
    region = site.page("44", "region")
    assert (region.attempted, region.final_address, region.status_detail) == ("", None, "")
    # A measured site shows its findings instead.
    measured = site.page("44002")
    assert (measured.attempted, measured.final_address, measured.status_detail) == ("", None, "")


def test_a_checks_own_message_is_not_shown_as_an_extract(site: Site) -> None:
    found = [e for group in site.page("44002").evidence for e in group.findings]
    [skip] = [e for e in found if e.value == "pas de lien d'évitement valide"]
    assert skip.snippet == ""
    assert skip.snippet_label == (
        "Rien à citer : pas de lien d'évitement valide, constat fait sur l'ensemble de la page."
    )
    assert NO_SKIP_LINK not in [e.snippet for e in found]
    assert all(e.snippet_label == "Extrait lu sur la page" for e in found if e is not skip)
    # The messages Vigie's checks write where the page has nothing to quote, and its quotes.
    for message in (NO_SKIP_LINK, "<html> without lang", "no <title>", 'id="menu" appears 2 times'):
        assert not is_quoted("a11y.check_failed", message)
    for quote in ('<img src="/bandeau.jpg">', '<a href="/actualites">Lire la suite</a>',
                  '<meta name="viewport" content="width=device-width, maximum-scale=1'):  # fmt: skip
        assert is_quoted("a11y.check_failed", quote)
    assert is_quoted("freshness.last_modified", "Last-Modified: Sat, 31 Oct 2026 08:00:00 GMT")


def test_a_site_not_measured_says_why_and_shows_no_score(site: Site) -> None:
    for code, status in (("44008", "dns_failure"), ("44009", "render_failed")):
        page = site.page(code)
        assert not page.measured
        assert (page.status, page.status_meaning) == (
            SCAN_STATUSES[status].label,
            SCAN_STATUSES[status].meaning,
        )
        assert page.score == Figure("non mesuré", stated=False)
        assert not page.rank.stated
        assert page.scores == []
        assert page.evidence == []
        assert page.gaps == []
        assert page.social == []
        assert all(duty.status in ("unknown", "n/a") for duty in page.duties)
        assert all("mesuré" in d.status_text for d in page.duties if d.status == "unknown")
    # 44009 was measured in the first campaign: its history says so, then why not now.
    first, second = site.page("44009").history
    assert first.score.stated
    assert not second.score.stated
    assert second.status == SCAN_STATUSES["render_failed"].label


def test_an_authority_the_campaign_did_not_scan_is_not_explored_not_zero(site: Site) -> None:
    page = site.page("44010")
    assert not page.measured
    assert page.status == "Non exploré dans cette campagne"
    assert "ne figurait pas" in page.status_meaning
    assert page.score == Figure("non mesuré", stated=False)
    assert page.website is None
    assert page.crawled_on == ""
    assert page.pages_read == 0
    assert page.duties == []
    assert page.evidence == []
    assert page.scores == []
    [only] = page.history  # scanned in the first campaign only
    assert only.day == long_date(FIRST_RUN)
    assert only.score.stated


def test_an_account_behind_a_login_wall_is_unknown_never_zero(site: Site) -> None:
    accounts = {account.platform: account for account in site.page("44001").social}
    facebook, x = accounts["Facebook"], accounts["X (Twitter)"]
    walled = [facebook.audience, facebook.per_1000, facebook.posts, facebook.last_activity]
    assert walled == [Figure(UNKNOWN_LABELS["login_wall"], stated=False)] * 4
    assert x.audience == Figure(UNKNOWN_LABELS["unreachable"], stated=False)
    # An account the site links to that `vigie social` did not read is not verified.
    assert accounts["YouTube"].audience == Figure(UNKNOWN_LABELS["not_checked"], stated=False)
    for account in accounts.values():
        for figure in (account.audience, account.per_1000, account.posts, account.last_activity):
            assert not figure.text.startswith("0"), (account.platform, figure)
            assert figure.stated != figure.text.startswith("inconnu"), (account.platform, figure)
    assert facebook.url == "https://www.facebook.com/ville44001"


def test_a_public_account_shows_its_audience_per_resident_and_rhythm(site: Site) -> None:
    [(population,)] = sql(site, "SELECT population FROM authorities WHERE code = '44001'")
    [(followers, posts, last)] = sql(
        site,
        "SELECT followers, posts_90d, last_activity FROM social_profiles"
        " WHERE run_id = :run AND platform = 'mastodon'",
        run=site.run,
    )
    mastodon = next(a for a in site.page("44001").social if a.platform == "Mastodon")
    assert mastodon.audience == Figure(f"{french_count(followers)} abonnés")
    per_1000 = french_number(1000 * followers / population)
    assert mastodon.per_1000 == Figure(f"{per_1000} pour 1\u202f000 habitants")
    assert mastodon.posts == Figure(f"{posts} publications")
    assert mastodon.last_activity == Figure(long_date(date.fromisoformat(last)))
    assert mastodon.linked


def test_a_declared_account_says_so_on_every_figure(site: Site) -> None:
    [(url, followers, posts)] = sql(
        site,
        "SELECT url, followers, posts_90d FROM social_declarations WHERE run_id = :run",
        run=site.run,
    )
    [declared] = [a for a in site.page("44001").social if a.url == url]
    assert not declared.linked  # the commune declared it, its site does not link it
    assert declared.audience == Figure(f"{french_count(followers)} abonnés (déclaré)")
    assert declared.posts == Figure(f"{posts} publications (déclaré)")
    assert declared.per_1000.text.endswith("habitants (déclaré)")
    assert declared.last_activity.text.endswith("(déclaré)")


def test_a_campaign_social_did_not_run_on_says_not_verified(site: Site) -> None:
    first = load_site(site.engine, site.first_run, site.model)
    page = next(p for p in first.authority_pages if p.code == "44001")
    assert page.social
    unknown = Figure(UNKNOWN_LABELS["not_checked"], stated=False)
    assert all(account.audience == unknown for account in page.social)


def test_history_lists_every_campaign_scored_with_the_model_oldest_first(site: Site) -> None:
    page = site.page("44001")
    scores = sql(
        site,
        "SELECT s.score FROM scores s JOIN authorities a ON a.id = s.authority_id"
        " WHERE a.code = '44001' AND a.kind = 'commune' AND s.model_version = :version"
        " ORDER BY s.run_id",
        version=site.model.version,
    )
    assert [point.run_id for point in page.history] == [site.first_run, site.run]
    assert [point.day for point in page.history] == [long_date(FIRST_RUN), long_date(SECOND_RUN)]
    assert [point.score.text for point in page.history] == [french_fixed(s) for (s,) in scores]
    assert all(point.status == "Site exploré" and point.rank.stated for point in page.history)
    assert page.history[-1].rank == page.rank


def test_paths_are_unique_even_where_two_authorities_share_a_code(site: Site) -> None:
    paths = [page.path for page in site.pages]
    assert len(paths) == len(set(paths)) == len(site.content.index)
    departement, region = site.page("44", "departement"), site.page("44", "region")
    assert departement.path == "collectivite/departement-44.html"
    assert region.path == "collectivite/region-44.html"
    assert (departement.kind, region.kind) == ("Département", "Région")
    assert region.status == SCAN_STATUSES["no_website"].label
    assert region.website is None
    territory_paths = [page.path for page in site.content.territories]
    assert len(territory_paths) == len(set(territory_paths))


def test_pages_are_produced_one_at_a_time(site: Site) -> None:
    content = load_site(site.engine, site.run, site.model)
    assert inspect.isgenerator(content.authority_pages)
    first = next(content.authority_pages)
    assert isinstance(first, AuthorityPage)
    assert 1 + sum(1 for _ in content.authority_pages) == len(content.index)


def test_no_raw_code_reaches_a_reader(site: Site) -> None:
    texts = [t for page in site.pages for t in shown_texts(page)]
    assert raw_codes(texts) == []


def test_the_score_social_indicators_are_stated_as_the_score_stored_them(site: Site) -> None:
    """Each measured page states the two social indicators as the score read them: a value
    where the score counted one, greyed "inconnu (why)" where it left it out, and "aucun
    compte lié" for a site linking no account (measured: 0)."""
    labels = {i.key: i.label for i in site.model.indicators}
    stored = {
        (kind, code): json.loads(indicators) if isinstance(indicators, str) else indicators
        for kind, code, indicators in sql(
            site,
            "SELECT a.kind, a.code, s.indicators FROM scores s"
            " JOIN authorities a ON a.id = s.authority_id WHERE s.run_id = :run",
            run=site.run,
        )
    }
    seen = set()
    for page in site.pages:
        if not page.measured:
            assert page.social_indicators == []
            continue
        kind = page.path.split("/")[1].split("-")[0]
        scored = stored[(kind, page.code)]
        shown = {indicator.label: indicator.figure for indicator in page.social_indicators}
        assert list(shown) == [labels["social_active"], labels["social_audience"]]
        for key in ("social_active", "social_audience"):
            figure = shown[labels[key]]
            assert figure.stated == (scored[key] is not None), (page.code, key, figure)
            assert figure.text.startswith("inconnu") == (scored[key] is None), (page.code, figure)
            assert (
                not figure.text.startswith("0")
                or "aucun compte lié par le site ni déclaré" in figure.text
            )
        active = shown[labels["social_active"]].text
        if scored["social_active"] is not None:
            assert active == "oui" if scored["social_active"] else active.startswith("non")
        seen.add(active.split(" (")[0])
    assert seen == {"oui", "non", "inconnu"}  # every case is on some page
    empty = {i.label: i.figure for i in site.page("44011").social_indicators}
    assert list(empty.values()) == [
        Figure("non (aucun compte lié par le site ni déclaré)"),
        Figure("0 (aucun compte lié par le site ni déclaré)"),
    ]
    # 44001: Mastodon active and the largest audience known (its Facebook behind a login
    # wall, its X out of reach); the Instagram it declared is smaller.
    [(population,)] = sql(site, "SELECT population FROM authorities WHERE code = '44001'")
    [(followers,)] = sql(
        site,
        "SELECT followers FROM social_profiles WHERE run_id = :run AND platform = 'mastodon'",
        run=site.run,
    )
    audience = {i.label: i.figure for i in site.page("44001").social_indicators}
    assert audience[labels["social_active"]] == Figure("oui")
    largest = audience[labels["social_audience"]]
    assert (
        f"{french_number(1000 * followers / population)} pour 1\u202f000 habitants (Mastodon)"
        in (largest.text)
    )
    assert largest.stated


def test_every_family_of_findings_has_its_french_heading_none_falls_under_others() -> None:
    assert {family_of(f"{prefix}x") for prefix in FAMILY_PREFIXES} <= set(FAMILY_LABELS.values())
    assert OTHER_FAMILY not in {family_of(feature) for feature in KNOWN_FEATURES}
    assert family_of("quality.load_time") == "Qualité du service en ligne"
