"""HTML of the farm's sites, in the habits of each CMS family; pure: (farm, site, path) -> response."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from farm.catalogue import Farm
from farm.model import Site

GENERATOR_META = {
    "wordpress": '<meta name="generator" content="WordPress 6.4.2">',
    "spip": '<meta name="generator" content="SPIP 4.2.8 GPL">',
    "drupal": '<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">',
    "joomla": '<meta name="generator" content="Joomla! - Open Source Content Management">',
    "plain": "",
}
ASSET_PATH = {
    "wordpress": "/wp-content/themes/commune/style.css",
    "spip": "/squelettes/css/commune.css",
    "drupal": "/sites/default/files/css/commune.css",
    "joomla": "/templates/commune/css/template.css",
    "plain": "/css/site.css",
}
MENTION_PHRASES = (
    "Accessibilité : {level} conforme",
    "Accessibilité&nbsp;: {level} conforme",
    "Accessibilité - {level} conforme",
    "accessibilité : {level} conforme",
)
SECTIONS = (
    "vie-municipale",
    "enfance-jeunesse",
    "urbanisme",
    "associations",
    "environnement",
    "culture",
)


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(
        default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"}
    )


def _mention(site: Site) -> str:
    if not site.a11y_level:
        return ""
    phrase = MENTION_PHRASES[site.index % len(MENTION_PHRASES)].format(level=site.a11y_level)
    if site.statement_path:
        return f'<a href="{site.statement_path}">{phrase}</a>'
    return f"<span>{phrase}</span>"


def _socials(site: Site, placement: str) -> str:
    links = [s for s in site.socials if s.placement == placement]
    if not links:
        return ""
    items = "".join(
        f'<li><a href="{html.escape(s.url)}" title="{s.platform}">Suivez-nous sur {s.platform}</a></li>'
        for s in links
    )
    return f'<ul class="social">{items}</ul>'


def _share_buttons(page_url: str) -> str:
    quoted = html.escape(page_url)
    return (
        '<div class="partage">Partager : '
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={quoted}">Facebook</a> '
        f'<a href="https://twitter.com/intent/tweet?url={quoted}">X</a> '
        f'<a href="https://www.linkedin.com/shareArticle?mini=true&amp;url={quoted}">LinkedIn</a></div>'
    )


def _filler_paths(site: Site) -> list[str]:
    return [f"/{SECTIONS[i % len(SECTIONS)]}/page-{i + 1}" for i in range(site.filler_pages)]


def _layout(farm: Farm, site: Site, title: str, content: str, path: str) -> bytes:
    nav = "".join(
        f'<li><a href="{p}">{p.split("/")[1].replace("-", " ").capitalize()} {i + 1}</a></li>'
        for i, p in enumerate(_filler_paths(site))
    )
    footer_links = []
    if site.notice_path:
        footer_links.append(f'<a href="{site.notice_path}">Mentions légales</a>')
    if site.privacy_path:
        footer_links.append(f'<a href="{site.privacy_path}">Politique de confidentialité</a>')
    footer_links.append('<a href="/contact">Contact</a>')
    share = _share_buttons(farm.base_url(site) + path) if site.share_buttons and path != "/" else ""
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)} - {html.escape(site.name)}</title>
{GENERATOR_META[site.cms]}
<link rel="stylesheet" href="{ASSET_PATH[site.cms]}"></head>
<body><header><a href="/" class="logo">Commune de {html.escape(site.name)}</a>{_socials(site, "header")}
<nav><ul><li><a href="/demarches">Vos démarches</a></li><li><a href="/actualites">Actualités</a></li>
{nav}</ul></nav></header>
<main><h1>{html.escape(title)}</h1>{content}{_socials(site, "body") if path == "/" else ""}{share}</main>
<footer><p>Mairie de {html.escape(site.name)} - {site.code}</p>{_socials(site, "footer")}
<p>{" | ".join(footer_links)}</p><p>{_mention(site)}</p></footer></body></html>"""
    return page.encode("utf-8")


def _text_pages(site: Site) -> dict[str, tuple[str, str]]:
    pages = {
        "/": (
            "Accueil",
            f"<p>Bienvenue sur le site de la commune de {html.escape(site.name)}, "
            f"{site.population} habitants.</p>",
        ),
        "/contact": ("Contact", "<p>Mairie ouverte du lundi au vendredi, 9h-12h.</p>"),
        "/demarches": ("Vos démarches", "<p>Carte d'identité, passeport, état civil.</p>"),
        "/actualites": ("Actualités", "<p>Conseil municipal du 12 mars.</p>"),
    }
    if site.notice_path:
        pages[site.notice_path] = (
            "Mentions légales",
            "<p>Directeur de la publication : le maire.</p>",
        )
    if site.privacy_path:
        pages[site.privacy_path] = (
            "Politique de confidentialité",
            "<p>Vos données personnelles.</p>",
        )
    if site.statement_path:
        pages[site.statement_path] = (
            "Déclaration d'accessibilité",
            f"<p>La commune s'engage à rendre son site accessible. Ce site est "
            f"{site.a11y_level} conforme au RGAA 4.1.</p>",
        )
    for number, filler in enumerate(_filler_paths(site), start=1):
        pages[filler] = (f"Page {number}", "<p>Informations municipales.</p>")
    return pages


def _robots(site: Site) -> Response:
    rules = (
        "User-agent: *\nDisallow: /\n"
        if site.robots_disallow_all
        else "User-agent: *\nDisallow: /admin/\n"
    )
    return Response(200, rules.encode(), {"Content-Type": "text/plain"})


def render(farm: Farm, site: Site, host: str, path: str) -> Response:
    if site.www_redirect and host.startswith("www."):
        return Response(301, b"", {"Location": f"{farm.base_url(site)}{path}"})
    if path == "/robots.txt":
        return _robots(site)
    if path == "/" and site.home_error:
        return Response(500, b"<h1>Erreur interne</h1>")
    pages = _text_pages(site)
    if path not in pages:
        return Response(404, b"<h1>Page introuvable</h1>")
    title, content = pages[path]
    return Response(200, _layout(farm, site, title, content, path))


def site_paths(site: Site) -> list[str]:
    """Every page a complete crawl of the site can reach, for tests."""
    return list(_text_pages(site))
