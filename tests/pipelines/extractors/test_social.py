"""social.<platform>: links to the authority's accounts, normalised; never share buttons."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.extractors.page import Link, Page
from pipelines.extractors.social import extract_social, profile_of
from tests.conftest import FILES

PAGE_URL = "https://www.saint-exemple.fr/"


def link(url: str, rel: str = "") -> Link:
    return Link(url=url, text="", rel=rel, snippet="")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://fr-fr.facebook.com/MairieX/?ref=page_internal",
            ("facebook", "https://www.facebook.com/MairieX"),
        ),
        (
            "https://m.facebook.com/profile.php?id=1000123",
            ("facebook", "https://www.facebook.com/profile.php?id=1000123"),
        ),
        ("https://twitter.com/VilleX?lang=fr", ("x", "https://x.com/VilleX")),
        ("https://x.com/VilleX/", ("x", "https://x.com/VilleX")),
        ("https://instagram.com/ville_x/", ("instagram", "https://www.instagram.com/ville_x")),
        (
            "https://fr.linkedin.com/company/ville-x/",
            ("linkedin", "https://www.linkedin.com/company/ville-x"),
        ),
        ("https://www.youtube.com/@VilleX/videos", ("youtube", "https://www.youtube.com/@VilleX")),
        ("https://www.youtube.com/@VilleX", ("youtube", "https://www.youtube.com/@VilleX")),
        ("https://www.youtube.com/c/VilleX", ("youtube", "https://www.youtube.com/c/VilleX")),
        ("https://www.tiktok.com/@villex", ("tiktok", "https://www.tiktok.com/@villex")),
        (
            "https://bsky.app/profile/villex.bsky.social",
            ("bluesky", "https://bsky.app/profile/villex.bsky.social"),
        ),
        ("https://www.threads.net/@villex", ("threads", "https://www.threads.net/@villex")),
        ("https://vimeo.com/villex", ("vimeo", "https://vimeo.com/villex")),
        ("https://vimeo.com/123456", None),
        (
            "https://www.flickr.com/photos/villex/",
            ("flickr", "https://www.flickr.com/photos/villex"),
        ),
        ("https://t.me/villex", ("telegram", "https://t.me/villex")),
        (
            "https://www.whatsapp.com/channel/0029Va",
            ("whatsapp", "https://www.whatsapp.com/channel/0029Va"),
        ),
        (
            "https://tube.numerique.gouv.fr/a/villex",
            ("peertube", "https://tube.numerique.gouv.fr/a/villex"),
        ),
        (
            "https://social.numerique.gouv.fr/@villex",
            ("mastodon", "https://social.numerique.gouv.fr/@villex"),
        ),
        ("https://www.facebook.com/sharer/sharer.php?u=x", None),
        ("https://www.facebook.com/dialog/share?href=x", None),
        ("https://twitter.com/intent/tweet?url=x", None),
        ("https://twitter.com/share?url=x", None),
        ("https://www.linkedin.com/shareArticle?mini=true", None),
        ("https://www.instagram.com/p/Cx1234/", None),
        ("https://www.youtube.com/watch?v=abc", None),
        ("https://www.youtube.com/embed/abc", None),
        ("https://www.facebook.com/", None),
        ("https://example.org/@someone", None),
        ("https://www.facebook.com/MairieX/posts/123", None),
        ("https://www.linkedin.com/sharing/share-offsite/?url=x", None),
    ],
)
def test_profile_or_not(url: str, expected: tuple[str, str] | None) -> None:
    assert profile_of(link(url)) == expected


def test_mastodon_on_any_instance_needs_rel_me() -> None:
    assert profile_of(link("https://piaille.fr/@villex")) is None
    assert profile_of(link("https://piaille.fr/@villex", rel="me")) == (
        "mastodon",
        "https://piaille.fr/@villex",
    )


def test_a_commune_page_gives_its_profiles_and_not_its_share_buttons() -> None:
    html = (FILES / "commune-wordpress.html").read_text(encoding="utf-8")
    findings = extract_social(Page(PAGE_URL, html, {}))
    assert sorted((f.feature, f.value) for f in findings) == [
        ("social.facebook", "https://www.facebook.com/MairieSaintExemple"),
        ("social.facebook", "https://www.facebook.com/profile.php?id=100064123456789"),
        ("social.instagram", "https://www.instagram.com/saint_exemple"),
        ("social.mastodon", "https://mastodon.social/@saintexemple"),
        ("social.x", "https://x.com/StExemple"),
        ("social.youtube", "https://www.youtube.com/channel/UC1234567890abcdef"),
    ]
    assert all(f.evidence_url == PAGE_URL and f.detector == "social/2" for f in findings)
    facebook = next(f for f in findings if f.value.endswith("MairieSaintExemple"))
    assert (
        'href="https://fr-fr.facebook.com/MairieSaintExemple/?ref=page_internal"'
        in facebook.snippet
    )


def test_placeholder_follow_links_and_share_links_of_loire_atlantique_give_nothing(
    corpus: Path,
) -> None:
    for name in ("LA__accueil.html", "LA__article.html", "LA__contact.html"):
        html = (corpus / "loire-atlantique-templates/variations/page" / name).read_text(
            encoding="utf-8"
        )
        assert extract_social(Page("https://www.loire-atlantique.fr/44/", html, {})) == []


def accounts(body: str) -> list[str]:
    """The accounts extract_social keeps on a page of Saint-Exemple holding `body`."""
    html = (
        '<!DOCTYPE html><html lang="fr"><head><title>Mairie de Saint-Exemple</title></head>'
        f"<body>{body}</body></html>"
    )
    return sorted(f.value for f in extract_social(Page(PAGE_URL, html, {})))


OWN = "https://www.facebook.com/MairieSaintExemple"
OTHER = "https://www.facebook.com/someone.else"


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://www.linkedin.com/in/julien-martin-dev/", False),
        ("https://fr.linkedin.com/in/paul-bernard-42", False),
        ("https://www.facebook.com/groups/tuesdesaintexemplesi/", False),
        ("https://m.facebook.com/groups/412345678901234", False),
        ("https://www.linkedin.com/company/ville-x/", True),
        ("https://www.linkedin.com/school/ecole-x/", True),
        # Pages without a username share the person's forms: the URL alone cannot tell.
        ("https://www.facebook.com/profile.php?id=100064123456789", True),
        ("https://www.facebook.com/people/Mairie-de-X/100064123456789/", True),
    ],
)
def test_people_and_groups_by_their_url_form(url: str, kept: bool) -> None:
    assert (accounts(f'<footer><a href="{url}">Suivez-nous</a></footer>') != []) is kept


@pytest.mark.parametrize(
    "card",
    [
        '<div class="elu"><h3>Marie Dupont</h3><a href="{url}">Facebook</a></div>',
        '<div class="vcard"><span class="fn">Marie Dupont</span> <a href="{url}">F</a></div>',
        '<div class="h-card"><p class="p-name">Marie Dupont</p><a href="{url}">F</a></div>',
        '<div itemscope itemtype="https://schema.org/Person"><a href="{url}">Facebook</a></div>',
        '<div class="card"><h3>Paul Bernard</h3><p>1<sup>er</sup> adjoint</p><a href="{url}">F</a></div>',
        '<ul><li><strong>Paul Martin</strong>, conseiller municipal — <a href="{url}">@pm</a></li></ul>',
        "<table><tr><td>Jean Petit</td><td>Conseillère déléguée</td>"
        '<td><a href="{url}">Facebook</a></td></tr></table>',
        '<p class="credit">Photo : <a href="{url}">Léa Garnier</a></p>',
        '<p>Webdesign <a href="https://pixel.fr/">Pixel</a> - <a href="{url}">Facebook</a></p>',
        '<p>Site hébergé par Nuage SARL <a href="{url}">Facebook</a></p>',
        '<div class="signature">© 2024 Studio Oréade <a href="{url}">Facebook</a></div>',
        '<p>Copyright Pixel Ouest - <a href="{url}">Facebook</a></p>',
    ],
)
def test_a_link_on_a_person_card_or_in_a_credit_is_not_the_authority(card: str) -> None:
    body = f'<main>{card.format(url=OTHER)}</main><footer><a href="{OWN}">Facebook</a></footer>'
    assert accounts(body) == [OWN]


@pytest.mark.parametrize(
    "block",
    [
        # An organisation's card: its name is its organisation.
        '<div class="vcard"><span class="fn org">Mairie de Saint-Exemple</span>'
        '<a href="{url}">Facebook</a></div>',
        '<div itemscope itemtype="https://schema.org/GovernmentOrganization">'
        '<span>Mairie</span><a href="{url}">Facebook</a></div>',
        # A role named in passing is no person's card.
        '<div class="contact"><p>Mairie de Saint-Exemple</p><p>Permanence du maire le samedi</p>'
        '<ul><li><a href="{url}">Facebook</a></li></ul></div>',
        "<div><p>Délégué à la protection des données : dpo@saint-exemple.fr</p>"
        '<a href="{url}">Facebook</a></div>',
        '<p>Agence postale communale ouverte le mardi · <a href="{url}">Facebook</a></p>',
        # A "©" naming the authority, by its kind or by the site's own name.
        '<p>© 2024 Mairie de Saint-Exemple · <a href="{url}">Facebook</a></p>',
        '<div class="credits">© Saint-Exemple 2024 <a href="{url}">Facebook</a></div>',
        '<p>© 2024 · <a href="{url}">Facebook</a></p>',
        # The credit is another block of the same footer (the second: a WordPress theme's).
        '<div class="container"><ul class="et-social-icons"><li class="et-social-facebook">'
        '<a href="{url}" class="icon"><span>Facebook</span></a></li></ul>'
        '<div id="footer-info">Conçu par <a href="https://www.elegantthemes.com/">Elegant'
        ' Themes</a> | Propulsé par <a href="https://wordpress.org/">WordPress</a></div></div>',
        '<div class="social"><a href="{url}"><img src="/fb.svg" alt=""></a></div>'
        '<div class="credits"><p>Réalisation : <a href="https://pixel.fr/">Pixel</a></p></div>',
    ],
)
def test_the_authority_s_own_account_beside_its_name_or_a_credit_is_kept(block: str) -> None:
    assert accounts(f"<footer>{block.format(url=OWN)}</footer>") == [OWN]


def test_a_link_directly_in_a_footer_is_read_with_the_text_right_before_it() -> None:
    filler = "Mairie de Saint-Exemple, ouverte du lundi au vendredi. " * 10  # over a line
    body = (
        f'<div id="wrap">{filler}<a href="{OWN}">Facebook</a> '
        f'Conception : <a href="{OTHER}">CréaNet</a></div>'
    )
    assert accounts(body) == [OWN]
    assert accounts(f'<footer>Réalisé par <a href="{OTHER}">Pixel</a></footer>') == []


def test_an_account_credited_in_one_place_and_followed_in_another_is_kept() -> None:
    body = (
        f'<main><p>Site réalisé par la commune, <a href="{OWN}">Facebook</a></p></main>'
        f'<footer><ul class="social"><li><a href="{OWN}/" title="Facebook">F</a></li></ul></footer>'
    )
    (finding,) = extract_social(
        Page(PAGE_URL, f"<html><head><title>T</title></head><body>{body}</body></html>", {})
    )
    assert finding.value == OWN
    assert 'title="Facebook"' in finding.snippet


def test_each_link_is_read_in_its_own_anchor_even_when_written_twice() -> None:
    twice = f'<a href="{OTHER}">Facebook</a>'
    body = (
        '<p><a href="mailto:contact@saint-exemple.fr">Écrire</a></p>'
        f'<div class="elu"><h3>Marie Dupont</h3>{twice}</div>'
        f'<p><a href="{OWN}">Facebook</a> {twice}</p>'
    )
    assert accounts(body) == sorted([OTHER, OWN])
