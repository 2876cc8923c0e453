"""Real pages of ../shared/corpus, with findings written by hand from reading each page."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.extractors import Page, extract_page

# A readability score is a measurement, not a detection: where the page has French prose, the
# expectation is that it is scored; the scores themselves are checked by the tests below.
MEASURED = "measured"
# (file, URL it was served at, every finding expected as (feature, value)), read by hand.
EXPECTED = [
    (
        "national-sites/code.html",
        "https://code.travail.gouv.fr/",
        {
            ("a11y.mention", "partiellement"),
            ("a11y.statement_url", "https://code.travail.gouv.fr/accessibilite"),
            ("legal.notice_url", "https://code.travail.gouv.fr/mentions-legales"),
            ("legal.privacy_url", "https://code.travail.gouv.fr/politique-confidentialite"),
            ("trackers", "at-internet"),  # <script src="/static/smarttag.js">, self-hosted
            ("tech.domain", "own"),
            # The theme "Santé, sécurité et conditions de travail": health at work, but the
            # detector reads section names, not intent (a limit written in docs/features.md).
            ("attractiveness.topic", "sante"),
        },  # and it passes every automated check; its home is tiles, not prose: no readability
    ),
    (
        "national-sites/fabrique.html",
        "https://www.fabrique.social.gouv.fr/",
        {
            ("a11y.mention", "non"),
            ("a11y.statement_url", "https://www.fabrique.social.gouv.fr/declaration-accessibilite"),
            ("legal.notice_url", "https://www.fabrique.social.gouv.fr/mentions-legales/"),
            ("a11y.check_failed", "skip-link"),  # no link to the content
            ("a11y.check_failed", "heading-order"),  # a second h1 followed by h3
            ("contact.mailbox", "own-domain"),  # mailto:DSI-incubateur@sg.social.gouv.fr
            ("tech.domain", "own"),
            ("readability.kandel_moles", MEASURED),  # 23 sentences of project blurbs
        },
    ),
    (
        "national-sites/beta.html",
        "https://beta.gouv.fr/",
        {
            ("social.linkedin", "https://www.linkedin.com/company/betagouv"),
            ("a11y.mention", "non"),
            ("a11y.statement_url", "https://beta.gouv.fr/accessibilite/"),
            # The footer's "Mentions légales" link points at /apropos/.
            ("legal.notice_url", "https://beta.gouv.fr/apropos/"),
            ("legal.privacy_url", "https://beta.gouv.fr/suivi/"),
            ("trackers", "matomo"),  # stats.data.gouv.fr/piwik.js and _paq.push
            ("a11y.check_failed", "meta-viewport"),  # maximum-scale=1.0 blocks zoom
            ("tech.dsfr", "true"),  # a State site: dsfr.min.css and its components
            ("alerts.newsletter", "brevo"),  # its sign-up form posts to *.sibforms.com
            ("attractiveness.topic", "emploi"),  # "Nous rejoindre" in the main menu
            ("tech.domain", "own"),
            ("readability.kandel_moles", MEASURED),
        },
    ),
    (
        "national-sites/1000jours-blues.html",
        "https://1000jours-blues.fabrique.social.gouv.fr/",
        {
            (
                "legal.notice_url",
                "https://1000jours-blues.fabrique.social.gouv.fr/mentions-legales",
            ),
            (
                "legal.privacy_url",
                "https://1000jours-blues.fabrique.social.gouv.fr/politique-confidentialite",
            ),
            ("a11y.check_failed", "html-lang"),  # a bare <html>
            ("a11y.check_failed", "link-name"),  # <a href="/" class="active ..."></a>
            ("a11y.check_failed", "skip-link"),
            ("tech.dsfr", "true"),  # fr-container, fr-footer, fr-logo
            ("contact.mailbox", "own-domain"),  # contact-nos1000jours@fabrique.social.gouv.fr
            ("tech.domain", "own"),
        },
    ),
    # Templates: follow links and the legal links are "#" placeholders; only the data-protection
    # policy link of the consent banner is real, beside the Orejime banner and a GTM snippet.
    (
        "loire-atlantique-templates/variations/page/LA__accueil.html",
        "https://www.loire-atlantique.fr/",
        {
            (
                "legal.privacy_url",
                "https://www.loire-atlantique.fr/44/donnees-personnelles/"
                "politique-generale-de-protection-des-donnees-personnelles/c_1307338",
            ),
            ("consent.manager", "orejime"),  # unpkg.com/orejime@1.2.3/dist/orejime.js
            ("trackers", "google-tag-manager"),  # the GTM snippet that loads gtm.js
            ("a11y.check_failed", "button-name"),  # the carousel's icon-only "previous" button
            ("a11y.check_failed", "duplicate-id"),  # id="idTitre2" twice
            # "Envoyer un mail au délégué à la protection des données" (mailto:dpd@...)
            ("legal.dpo_contact", "true"),
            ("contact.mailbox", "own-domain"),
            ("contact.form", "true"),  # "Poser une question": a question, the commune, an email
            ("tech.domain", "own"),
            # Its "Budget 2019" menu entries are "#" placeholders in the template: no link.
        },  # a carousel and tiles, four "sentences" of 100 words: not scored for readability
    ),
    (
        "loire-atlantique-templates/variations/page/LA__article.html",
        "https://www.loire-atlantique.fr/le-pean",  # top level: its links are relative
        {
            (
                "legal.privacy_url",
                "https://www.loire-atlantique.fr/44/donnees-personnelles/"
                "politique-generale-de-protection-des-donnees-personnelles/c_1307338",
            ),
            ("consent.manager", "orejime"),
            ("trackers", "google-tag-manager"),
            ("legal.dpo_contact", "true"),
            ("contact.mailbox", "own-domain"),  # contact@ and dpd@loire-atlantique.fr
            # "Poser une question"; the "was this page useful?" form does not count.
            ("contact.form", "true"),
            ("tech.domain", "own"),
            ("readability.kandel_moles", MEASURED),  # an article of 26 sentences
        },
    ),
    # A JavaScript shell: the static HTML shows none of the site's features, and no skip link.
    (
        "murol/index.html",
        "http://www.murol.fr/",
        {("a11y.check_failed", "skip-link"), ("tech.domain", "own")},
    ),
    (
        "murol/mentionsLegales.html",
        "http://www.murol.fr/mentionsLegales.html",
        {("a11y.check_failed", "skip-link"), ("tech.domain", "own")},
    ),
]


@pytest.mark.parametrize(("name", "url", "expected"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_real_page_findings(
    corpus: Path, name: str, url: str, expected: set[tuple[str, str]]
) -> None:
    html = (corpus / name).read_text(encoding="utf-8")
    findings = extract_page(Page(url, html, {}))
    # Saved pages have no response headers: transport security shows only as the URL's scheme.
    served_securely = {("security.https", "true")} if url.startswith("https://") else set()
    found = {
        (f.feature, MEASURED if f.feature == "readability.kandel_moles" else f.value)
        for f in findings
    }
    assert found == expected | served_securely
    assert all(f.snippet and f.evidence_url == url for f in findings)


def test_every_corpus_page_extracts_without_error(corpus: Path) -> None:
    pages = [p for p in corpus.rglob("*.html")]
    assert len(pages) > 20
    for path in pages:
        extract_page(
            Page(f"https://example.fr/{path.name}", path.read_text("utf-8", "replace"), {})
        )
