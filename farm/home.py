"""The blocks only the home page shows: accounts, alert apps, decoys, participation, newsletter,
newcomers."""

from __future__ import annotations

import html

from farm.markup import link, social_links
from farm.model import Site
from farm.paths import NEWCOMERS_PAGE, PARTICIPATION_PAGE
from farm.real_world import WIDGETS, decoy_blocks
from farm.vendors import (
    ALERT_APPS,
    ATTRACTIVENESS_TOPICS,
    NEWSLETTER_FORMS,
    PARTICIPATION_PLATFORMS,
    PARTICIPATION_TOPICS,
)


def home_blocks(site: Site, path: str) -> str:
    """What the home page adds after its content, in page order."""
    blocks = social_links(site, "body")
    blocks += "".join(
        WIDGETS[a].format(number=site.index)
        if a in site.alert_widgets
        else f'<p><a href="{ALERT_APPS[a][0].format(number=site.index, slug=site.slug)}">'
        f"{ALERT_APPS[a][1]}</a></p>"
        for a in site.alerts
    )
    blocks += decoy_blocks(site, "home")
    if site.vague_link:
        blocks += f"<p>{link(site, '/actualites', 'Lire la suite', path)}</p>"
    return blocks + _participation(site, path) + _newsletter_form(site) + _newcomers(site, path)


def _participation(site: Site, path: str) -> str:
    platform = (
        PARTICIPATION_PLATFORMS[site.participation_platform].format(slug=site.slug)
        if site.participation_platform
        else None
    )
    links = [f'<a href="{platform}">Participez en ligne</a>'] if platform else []
    for topic in site.participation_topics:
        text = PARTICIPATION_TOPICS[topic]
        links.append(
            f'<a href="{platform}">{text}</a>'
            if platform
            else link(site, PARTICIPATION_PAGE, text, path)
        )
    if not links:
        return ""
    return f'<section class="participation"><h2>Participer</h2>{" ".join(links)}</section>'


def _newsletter_form(site: Site) -> str:
    if site.newsletter not in NEWSLETTER_FORMS:
        return ""
    action = NEWSLETTER_FORMS[site.newsletter].format(slug=site.slug)
    return (
        f'<form class="inscription" method="post" action="{action}">'
        '<label for="courriel">Votre adresse électronique</label>'
        '<input id="courriel" type="email" name="EMAIL">'
        '<button type="submit">Recevoir nos nouvelles</button></form>'
    )


def _newcomers(site: Site, path: str) -> str:
    if not site.attractiveness_topics:
        return ""
    items = "".join(
        f"<li>{link(site, f'{NEWCOMERS_PAGE}#{ATTRACTIVENESS_TOPICS[t][0]}', ATTRACTIVENESS_TOPICS[t][1], path)}</li>"
        for t in site.attractiveness_topics
    )
    return f"<section><h2>Vivre à {html.escape(site.name)}</h2><ul>{items}</ul></section>"
