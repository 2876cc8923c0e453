"""The frame around every farm page, in its CMS family's habits: head, header, menu, footer."""

from __future__ import annotations

import html

from farm.catalogue import Farm
from farm.home import home_blocks
from farm.markup import french_date, link, social_links
from farm.model import FARM_TODAY, Site
from farm.paths import (
    ACTS_PAGE,
    ARCHIVE,
    BUDGET_PAGE,
    HOSTILE_PAGES,
    LARGE_PAGE,
    NEWSLETTER_PAGE,
    OPEN_DATA_PAGE,
    PERMIT_DESK_TEXT,
    PERMIT_INFO_PAGE,
    filler_paths,
)
from farm.real_world import INJECTED_FOOTER, decoy_blocks, footer_extras, tracker_scripts
from farm.service_quality import footer_phone, header_search, viewport_meta
from farm.vendors import BUYER_PROFILES, CONSENT_MANAGERS, TRACKERS

GENERATOR_META = {
    "wordpress": '<meta name="generator" content="WordPress 6.4.2">',
    "spip": '<meta name="generator" content="SPIP 4.2.8 GPL">',
    "drupal": '<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">',
    "joomla": '<meta name="generator" content="Joomla! - Open Source Content Management">',
    "e-monsite": '<meta name="generator" content="e-monsite (e-monsite.com)">',
    "wix": '<meta name="generator" content="Wix.com Website Builder">',
    "campagnol": "",
    "plain": "",
}
ASSET_PATH = {
    "wordpress": "/wp-content/themes/commune/style.css",
    "spip": "/squelettes/css/commune.css",
    "drupal": "/sites/default/files/css/commune.css",
    "joomla": "/templates/commune/css/template.css",
    "e-monsite": "https://static.e-monsite.com/themes/commune.css",
    "campagnol": "/css/site.css",
    "wix": "https://static.parastorage.com/services/wix-thunderbolt/dist/main.js",
    "plain": "/css/site.css",
}
MENTION_PHRASES = (
    "Accessibilité : {level} conforme",
    "Accessibilité&nbsp;: {level} conforme",
    "Accessibilité - {level} conforme",
    "accessibilité : {level} conforme",
)


def head(site: Site, title: str) -> str:
    charset = {
        "utf-8": '<meta charset="utf-8">',
        "windows-1252-meta": '<meta charset="windows-1252">',
    }
    scripts = [CONSENT_MANAGERS[site.consent_manager]] if site.consent_manager else []
    code = str(100000 + site.index)
    scripts += tracker_scripts(site, TRACKERS, code)
    generator = "" if site.no_generator_tag else GENERATOR_META[site.cms]
    return (
        f"<head>{charset.get(site.encoding, '')}{viewport_meta(site)}"
        f"<title>{html.escape(title)} - {html.escape(site.name)}</title>"
        f'{generator}<link rel="stylesheet" href="{ASSET_PATH[site.cms]}">'
        f"{''.join(scripts)}</head>"
    )


def body(farm: Farm, site: Site, title: str, content: str, path: str) -> str:
    """Header with the menu, the main content (with the home page's blocks), the footer."""
    is_home = path == site.home_path
    share = _share_buttons(farm.base_url(site) + path) if site.share_buttons and not is_home else ""
    extra = home_blocks(site, path) if is_home else ""
    banner = (
        '<img src="/images/bandeau.jpg" width="800" height="200"'
        + ("" if site.image_without_alt else ' alt=""')
        + ">"
    )
    footer = (
        INJECTED_FOOTER if site.script_footer else f"<footer>{footer_content(site, path)}</footer>"
    )
    return (
        f"<header>{link(site, site.home_path, 'Accueil', path)} {html.escape(site.name)}"
        f"{social_links(site, 'header')}{header_search(site)}{_nav(site, path)}</header>"
        f'<main id="contenu">{banner}<h1>{html.escape(title)}</h1>{content}{extra}{share}</main>'
        f"{footer}"
    )


def _nav(site: Site, path: str) -> str:
    entries = [("/demarches", "Vos démarches"), ("/actualites", "Actualités")]
    if site.acts_page:
        entries.append((ACTS_PAGE, "Délibérations et procès-verbaux"))
    if site.budget_page:
        entries.append((BUDGET_PAGE, "Budget primitif et compte administratif"))
    if site.permit_info_page:
        entries.append((PERMIT_INFO_PAGE, PERMIT_DESK_TEXT))
    if site.data_files:
        entries.append((OPEN_DATA_PAGE, "Nos données publiques"))
    entries += [(p, p.split("/")[1].replace("-", " ").capitalize()) for p in filler_paths(site)]
    if site.trap == "calendar":
        entries.append((f"/agenda?mois={FARM_TODAY:%Y-%m}", "Agenda"))
    entries += [(f"/ancienne-page-{n}", f"Archives {n}") for n in range(1, site.broken_links + 1)]
    if site.large_page:
        entries.append((LARGE_PAGE, "Bulletin municipal"))
    if site.binary_file:
        entries.append((ARCHIVE, "Archives des délibérations (ZIP)"))
    entries += [HOSTILE_PAGES[kind] for kind in site.hostile]
    return (
        "<nav><ul>"
        + "".join(f"<li>{link(site, p, t, path)}</li>" for p, t in entries)
        + "</ul></nav>"
    )


def footer_content(site: Site, path: str) -> str:
    """What the footer holds on the page at `path` (a site whose footer a script fetches
    serves it apart, `real_world.FOOTER_FRAGMENT`)."""
    credit = ""
    if site.cms == "campagnol":
        credit = '<p class="credit">Site réalisé avec <a href="https://www.campagnol.fr/">Campagnol</a></p>'
    decoys = decoy_blocks(site, "footer") + footer_extras(site)
    copyright = f"© {site.copyright_year} " if site.copyright_year else ""
    if site.updated_on:
        copyright += f"Mis à jour le {french_date(site.updated_on)}. "
    return (
        f"<p>{copyright}{html.escape(site.name)} - {site.code}</p>"
        f"{footer_phone(site)}{social_links(site, 'footer')}"
        f"<p>{' | '.join(_footer_links(site, path))}</p>"
        f"<p>{_mention(site)}</p>{credit}{decoys}"
    )


def _footer_links(site: Site, path: str) -> list[str]:
    links = []
    if site.buyer_profile:
        buyer = BUYER_PROFILES[site.buyer_profile].format(slug=site.slug)
        links.append(f'<a href="{html.escape(buyer)}">Marchés publics</a>')
    if site.newsletter == "own":
        links.append(link(site, NEWSLETTER_PAGE, "Lettre d'information", path))
    if site.notice_path:
        links.append(link(site, site.notice_path, "Mentions légales", path))
    if site.privacy_path:
        links.append(link(site, site.privacy_path, "Politique de confidentialité", path))
    links.append(link(site, "/contact", "Contact", path))
    if site.opendata_portal:
        links.append(f'<a href="{site.opendata_portal}">Données ouvertes</a>')
    return links


def _mention(site: Site) -> str:
    if not site.a11y_level:
        return ""
    phrase = MENTION_PHRASES[site.index % len(MENTION_PHRASES)].format(level=site.a11y_level)
    return (
        f'<a href="{site.statement_path}">{phrase}</a>'
        if site.statement_path
        else f"<span>{phrase}</span>"
    )


def _share_buttons(page_url: str) -> str:
    quoted = html.escape(page_url)
    return (
        '<div class="partage">Partager : '
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={quoted}">Facebook</a> '
        f'<a href="https://twitter.com/intent/tweet?url={quoted}">X</a> '
        f'<a href="https://www.linkedin.com/shareArticle?mini=true&amp;url={quoted}">LinkedIn</a></div>'
    )
