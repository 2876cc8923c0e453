"""Patterns of real authority pages that once fooled the extractors (issue 19), planted in the
farm so that its ground truth checks the fixes at scale, not only on one saved page each.

Each is drawn on a stream of its own (`draw_real_world`), so planting them changed no other
draw of a site. What the truth expects is unchanged by them: the trackers are still loaded,
the alert app still offered, the CMS still the site's own; the decoys are someone else's
accounts that the extractors must not report. One changes how the site is measured: a site
whose footer a script fetches is measured only by a crawl that renders its pages.
"""

from __future__ import annotations

import html
import random

from farm.model import Decoy, Site

# Documented declaration forms of tarteaucitron's services (its README and
# tarteaucitron.services.js): the tracker is loaded by the consent manager once accepted,
# never by a script tag of its own. {code} is the site's measurement id.
TARTEAUCITRON_DECLARATIONS = {
    "google-analytics": "tarteaucitron.user.gtagUa = 'G-{code}';"
    "tarteaucitron.user.gtagMore = function () {{ }};"
    "(tarteaucitron.job = tarteaucitron.job || []).push('gtag');",
    "google-tag-manager": "tarteaucitron.user.googletagmanagerId = 'GTM-{code}';"
    "(tarteaucitron.job = tarteaucitron.job || []).push('googletagmanager');",
    "meta-pixel": "tarteaucitron.user.facebookpixelId = '{code}';"
    "tarteaucitron.user.facebookpixelMore = function () {{ }};"
    "(tarteaucitron.job = tarteaucitron.job || []).push('facebookpixel');",
    "matomo": "tarteaucitron.user.matomoId = 3;"
    "tarteaucitron.user.matomoHost = 'https://stats.{host}/';"
    "(tarteaucitron.job = tarteaucitron.job || []).push('matomo');",
    "hotjar": "tarteaucitron.user.hotjarId = {code};tarteaucitron.user.HotjarSv = 6;"
    "(tarteaucitron.job = tarteaucitron.job || []).push('hotjar');",
}
# PanneauPocket's embeddable widget of a town's panel (the "embeded" spelling is the
# vendor's own path).
WIDGETS = {
    "panneaupocket": '<iframe src="https://app.panneaupocket.com/embeded/{number}?mode=widget" '
    'title="Les alertes de la commune sur PanneauPocket" width="360" height="480"></iframe>',
}
# Someone else's account whose own link text says nothing: only the words around it tell.
# (owner, URL template, link text, the block around the link, where it sits)
CONTEXT_DECOYS = (
    (
        "développeuse",
        "https://www.linkedin.com/in/julie-martin-{slug}",
        "Julie Martin",
        '<p class="credit">Site conçu et développé par {link}, développeuse web</p>',
        "footer",
    ),
    (
        "habitants",
        "https://www.facebook.com/groups/tuesde{handle}si",
        "Tu es de {name} si…",
        "<p>Rejoignez aussi le groupe des habitants : {link}</p>",
        "home",
    ),
    (
        "élue",
        "https://www.facebook.com/marie.durand.{handle}",
        "Facebook",
        '<section class="elus"><h2>Vos élus</h2><div class="elu"><h3>Marie Durand</h3>'
        "<p>Adjointe au maire, chargée de la vie associative</p><p>{link}</p></div></section>",
        "home",
    ),
)
_CONTEXT = {owner: (block, where) for owner, _, _, block, where in CONTEXT_DECOYS}
AGENCY_LOGO = (
    '<p class="credit">Réalisation <a href="https://www.agence-pixel.fr/">'
    '<img src="https://www.agence-pixel.fr/wp-content/uploads/2024/01/logo-agence-pixel.png" '
    'alt="Agence Pixel" width="80" height="20"></a></p>'
)
BUILDER_CREDIT = {
    "e-monsite": '<p>Site créé avec <a href="https://www.e-monsite.com/">e-monsite</a></p>'
}
# A footer fetched at run time, as hand-made sites share one footer between their pages: each
# page serves an empty placeholder and the script that fills it with the fragment the site
# serves apart (never linked, not a page). Only a rendered page shows the footer's links.
FOOTER_FRAGMENT = "/composants/pied-de-page.html"
INJECTED_FOOTER = (
    '<footer id="pied-de-page"></footer>'
    f"<script>fetch('{FOOTER_FRAGMENT}').then(r => r.text()).then(h => {{ "
    "document.getElementById('pied-de-page').innerHTML = h; });</script>"
)


def draw_real_world(rng: random.Random, site: Site) -> None:
    """Which of the patterns the site shows; sites built by JavaScript keep their own markup."""
    if site.js_only:
        return
    handle = "".join(part.capitalize() for part in site.slug.split("-"))
    site.decoys += [
        Decoy(owner, url.format(slug=site.slug, handle=handle), text.format(name=site.name))
        for owner, url, text, _, _ in CONTEXT_DECOYS
        if rng.random() < 0.12
    ]
    site.declared_trackers = site.consent_manager == "tarteaucitron" and rng.random() < 0.6
    site.foreign_cms_logo = site.cms != "wordpress" and rng.random() < 0.15
    site.alert_widgets = tuple(a for a in site.alerts if a in WIDGETS and rng.random() < 0.5)
    site.dead_notice_link = not site.notice_path and rng.random() < 0.3
    site.no_generator_tag = site.cms in BUILDER_CREDIT and rng.random() < 0.5
    site.script_footer = rng.random() < 0.1


def tracker_scripts(site: Site, direct: dict[str, str], code: str) -> list[str]:
    """The trackers' scripts of the page's head: loaded directly, or declared to
    tarteaucitron."""
    if site.declared_trackers:
        declared = "".join(
            TARTEAUCITRON_DECLARATIONS[slug].format(code=code, host=site.host)
            for slug in site.trackers
        )
        return [f"<script>{declared}</script>"]
    return [direct[slug].format(code=code, host=site.host) for slug in site.trackers]


def decoy_blocks(site: Site, where: str) -> str:
    """Someone else's accounts placed in the footer or on the home page, each in its block."""
    blocks = []
    for decoy in site.decoys:
        anchor = f'<a href="{html.escape(decoy.url)}">{html.escape(decoy.text)}</a>'
        block, placed = _CONTEXT.get(
            decoy.owner, ("<p>{link}</p>", "footer" if decoy.owner == "agence web" else "home")
        )
        if placed == where:
            blocks.append(block.format(link=anchor))
    return "".join(blocks)


def footer_extras(site: Site) -> str:
    """The credits a footer adds: the agency's hot-linked logo, the builder's own credit, and
    a "Mentions légales" link that leads nowhere."""
    extras = AGENCY_LOGO if site.foreign_cms_logo else ""
    if site.no_generator_tag:
        extras += BUILDER_CREDIT[site.cms]
    if site.dead_notice_link:
        extras += '<p><a href="#">Mentions légales</a></p>'
    return extras
