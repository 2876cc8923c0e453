"""HTML pages of the farm's sites, in each CMS family's habits; pure: (farm, site, path) -> text."""

from __future__ import annotations

import hashlib
import html
import json
import re
from datetime import date

from farm.catalogue import Farm
from farm.model import FARM_TODAY, Site
from farm.vendors import (
    ALERT_APPS,
    ATTRACTIVENESS_TOPICS,
    BUYER_PROFILES,
    CONSENT_MANAGERS,
    ESERVICES,
    FRANCECONNECT_BUTTON,
    INCLUSION_LINKS,
    NEWSLETTER_FORMS,
    PARTICIPATION_PLATFORMS,
    PARTICIPATION_TOPICS,
    PERMIT_DESKS,
    SMART_AGENDA,
    TRACKERS,
)

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
SECTIONS = (
    "vie-municipale",
    "enfance-jeunesse",
    "urbanisme",
    "associations",
    "environnement",
    "culture",
)
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
LARGE_PAGE, ARCHIVE = "/bulletin-municipal.html", "/documents/archives.zip"
# Hostile pages: path and link text (texts a crawler ranks high, so that it goes there).
HOSTILE_PAGES = {
    "gzip_bomb": ("/publications/recueil.html", "Publications"),
    "endless_body": ("/deliberations/registre.html", "Délibérations du conseil"),
    "slow_drip": ("/agenda/manifestations.html", "Agenda des manifestations"),
}
ACTS_PAGE, BUDGET_PAGE = "/conseil-municipal/deliberations", "/finances/budget"
PERMIT_INFO_PAGE = "/urbanisme/guichet-numerique"
OPEN_DATA_PAGE = "/donnees-ouvertes"
DATA_FILES = {
    "csv": ("/documents/donnees/subventions-2025.csv", "Subventions aux associations (CSV)"),
    "geojson": ("/documents/donnees/equipements.geojson", "Équipements publics (GeoJSON)"),
    "xlsx": ("/documents/donnees/budget-primitif-2026.xlsx", "Budget 2026 (tableur)"),
    "json": ("/documents/donnees/deliberations.json", "Délibérations (JSON)"),
}
LICENCE_TEXTS = {
    "licence-ouverte": "Ces données sont publiées sous la Licence Ouverte / Open Licence 2.0.",
    "odbl": "Ces données sont publiées sous licence ODbL.",
}
CONTACT_FORM = (
    '<form method="post" action="/contact"><label for="courriel">Votre adresse électronique'
    '</label><input id="courriel" type="email" name="courriel"><label for="message">Votre '
    'message</label><textarea id="message" name="message"></textarea>'
    '<button type="submit">Envoyer</button></form>'
)
PERMIT_DESK_TEXT = "Guichet numérique des autorisations d'urbanisme"
PARTICIPATION_PAGE, NEWSLETTER_PAGE, NEWCOMERS_PAGE = (
    "/participation",
    "/lettre-information",
    "/vivre-ici",
)
# Prose for the newcomers' page: short sentences, as a commune writes for the public.
NEWCOMERS_PROSE = (
    "Vous venez de vous installer dans la commune ? Bienvenue ! La mairie vous accueille du "
    "lundi au vendredi. Pensez à vous inscrire sur les listes électorales. Vous pouvez aussi "
    "inscrire vos enfants à l'école et à la cantine. Les services de la mairie vous aident "
    "dans vos démarches. Le marché a lieu chaque samedi matin sur la place. Les associations "
    "vous attendent au forum de septembre. La bibliothèque est ouverte le mercredi et le "
    "samedi. Un médecin et une pharmacie sont installés au centre du bourg. Les bus relient "
    "la commune à la gare en vingt minutes. N'hésitez pas à poser vos questions à l'accueil. "
    "Nous serons heureux de vous rencontrer lors de la réception des nouveaux habitants."
)


def french_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def skip_link(site: Site) -> str:
    return '<a href="#contenu" class="evitement">Aller au contenu</a>' if site.skip_link else ""


def filler_paths(site: Site) -> list[str]:
    return [f"/{SECTIONS[i % len(SECTIONS)]}/page-{i + 1}" for i in range(site.filler_pages)]


def session_id(path: str) -> str:
    return hashlib.sha1(path.encode()).hexdigest()[:10]


def _link(site: Site, path: str, text: str, current: str) -> str:
    if site.trap == "session" and path.startswith("/"):
        path = f"{path}{'&' if '?' in path else '?'}sid={session_id(current + path)}"
    return f'<a href="{html.escape(path)}">{text}</a>'


def _mention(site: Site) -> str:
    if not site.a11y_level:
        return ""
    phrase = MENTION_PHRASES[site.index % len(MENTION_PHRASES)].format(level=site.a11y_level)
    return (
        f'<a href="{site.statement_path}">{phrase}</a>'
        if site.statement_path
        else f"<span>{phrase}</span>"
    )


def _socials(site: Site, placement: str) -> str:
    items = "".join(
        f'<li><a href="{html.escape(s.url)}" title="{s.platform}">Suivez-nous sur {s.platform}</a></li>'
        for s in site.socials
        if s.placement == placement
    )
    return f'<ul class="social">{items}</ul>' if items else ""


def _share_buttons(page_url: str) -> str:
    quoted = html.escape(page_url)
    return (
        '<div class="partage">Partager : '
        f'<a href="https://www.facebook.com/sharer/sharer.php?u={quoted}">Facebook</a> '
        f'<a href="https://twitter.com/intent/tweet?url={quoted}">X</a> '
        f'<a href="https://www.linkedin.com/shareArticle?mini=true&amp;url={quoted}">LinkedIn</a></div>'
    )


def _head(farm: Farm, site: Site, title: str) -> str:
    charset = {
        "utf-8": '<meta charset="utf-8">',
        "windows-1252-meta": '<meta charset="windows-1252">',
    }
    scripts = [CONSENT_MANAGERS[site.consent_manager]] if site.consent_manager else []
    code = str(100000 + site.index)
    scripts += [TRACKERS[slug].format(code=code, host=site.host) for slug in site.trackers]
    viewport = "width=device-width, initial-scale=1" + (
        ", maximum-scale=1" if site.zoom_blocked else ""
    )
    return (
        f'<head>{charset.get(site.encoding, "")}<meta name="viewport" content="{viewport}">'
        f"<title>{html.escape(title)} - {html.escape(site.name)}</title>"
        f'{GENERATOR_META[site.cms]}<link rel="stylesheet" href="{ASSET_PATH[site.cms]}">'
        f"{''.join(scripts)}</head>"
    )


def _footer(farm: Farm, site: Site, path: str) -> str:
    links = []
    if site.buyer_profile:
        buyer = BUYER_PROFILES[site.buyer_profile].format(slug=site.slug)
        links.append(f'<a href="{html.escape(buyer)}">Marchés publics</a>')
    if site.newsletter == "own":
        links.append(_link(site, NEWSLETTER_PAGE, "Lettre d'information", path))
    if site.notice_path:
        links.append(_link(site, site.notice_path, "Mentions légales", path))
    if site.privacy_path:
        links.append(_link(site, site.privacy_path, "Politique de confidentialité", path))
    links.append(_link(site, "/contact", "Contact", path))
    if site.opendata_portal:
        links.append(f'<a href="{site.opendata_portal}">Données ouvertes</a>')
    credit = ""
    if site.cms == "campagnol":
        credit = '<p class="credit">Site réalisé avec <a href="https://www.campagnol.fr/">Campagnol</a></p>'
    decoys = "".join(
        f'<p><a href="{d.url}">{d.text}</a></p>' for d in site.decoys if d.owner == "agence web"
    )
    copyright = f"© {site.copyright_year} " if site.copyright_year else ""
    if site.updated_on:
        copyright += f"Mis à jour le {french_date(site.updated_on)}. "
    return (
        f"<footer><p>{copyright}{html.escape(site.name)} - {site.code}</p>{_socials(site, 'footer')}"
        f"<p>{' | '.join(links)}</p><p>{_mention(site)}</p>{credit}{decoys}</footer>"
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
        + "".join(f"<li>{_link(site, p, t, path)}</li>" for p, t in entries)
        + "</ul></nav>"
    )


def _body(farm: Farm, site: Site, title: str, content: str, path: str) -> str:
    is_home = path == site.home_path
    share = _share_buttons(farm.base_url(site) + path) if site.share_buttons and not is_home else ""
    extra = _socials(site, "body") if is_home else ""
    if is_home:
        extra += "".join(
            f'<p><a href="{ALERT_APPS[a][0].format(number=site.index, slug=site.slug)}">'
            f"{ALERT_APPS[a][1]}</a></p>"
            for a in site.alerts
        )
        extra += "".join(
            f'<p><a href="{d.url}">{d.text}</a></p>' for d in site.decoys if d.owner != "agence web"
        )
        if site.vague_link:
            extra += f"<p>{_link(site, '/actualites', 'Lire la suite', path)}</p>"
        extra += _home_civic(site, path)
    banner = (
        '<img src="/images/bandeau.jpg" width="800" height="200"'
        + ("" if site.image_without_alt else ' alt=""')
        + ">"
    )
    return (
        f"<header>{_link(site, site.home_path, 'Accueil', path)} {html.escape(site.name)}"
        f"{_socials(site, 'header')}{_nav(site, path)}</header>"
        f'<main id="contenu">{banner}<h1>{html.escape(title)}</h1>{content}{extra}{share}</main>'
        f"{_footer(farm, site, path)}"
    )


def _home_civic(site: Site, path: str) -> str:
    """The home page's blocks for participation, the newsletter and newcomers."""
    blocks = []
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
            else _link(site, PARTICIPATION_PAGE, text, path)
        )
    if links:
        blocks.append(
            f'<section class="participation"><h2>Participer</h2>{" ".join(links)}</section>'
        )
    if site.newsletter in NEWSLETTER_FORMS:
        action = NEWSLETTER_FORMS[site.newsletter].format(slug=site.slug)
        blocks.append(
            f'<form class="inscription" method="post" action="{action}">'
            '<label for="courriel">Votre adresse électronique</label>'
            '<input id="courriel" type="email" name="EMAIL">'
            '<button type="submit">Recevoir nos nouvelles</button></form>'
        )
    if site.attractiveness_topics:
        items = "".join(
            f"<li>{_link(site, f'{NEWCOMERS_PAGE}#{ATTRACTIVENESS_TOPICS[t][0]}', ATTRACTIVENESS_TOPICS[t][1], path)}</li>"
            for t in site.attractiveness_topics
        )
        blocks.append(
            f"<section><h2>Vivre à {html.escape(site.name)}</h2><ul>{items}</ul></section>"
        )
    return "".join(blocks)


def statement_lines(site: Site) -> list[str]:
    """The accessibility statement's sentences, for its HTML page and its PDF alike."""
    facts = site.statement
    lines = [
        f"Déclaration d'accessibilité - {site.name}",
        f"{site.name} s'engage à rendre son site internet accessible conformément à "
        "l'article 47 de la loi n° 2005-102 du 11 février 2005.",
    ]
    version = f" au RGAA {facts.rgaa_version}" if facts and facts.rgaa_version else ""
    lines.append(f"Ce site est {site.a11y_level} conforme{version}.")
    if facts is None:
        return lines
    if facts.audit_date:
        lines.append(f"Date de l'audit : {facts.audit_date:%d/%m/%Y}.")
    else:
        lines.append("Aucun audit n'a encore été réalisé.")
    if facts.rate is not None:
        rate = f"{facts.rate:g}".replace(".", ",")
        lines.append(f"Taux de conformité : {rate} %.")
    if facts.contact:
        lines.append(f"Retour d'information et contact : accessibilite@{site.host}.")
    if facts.recourse:
        lines.append("Voies de recours : Défenseur des droits.")
    if facts.schema:
        lines.append("Schéma pluriannuel de mise en accessibilité 2025-2027.")
    return lines


def _demarches(site: Site) -> str:
    links = "".join(
        f'<li><a href="{ESERVICES[s][0].format(slug=site.slug)}">{ESERVICES[s][1]}</a></li>'
        for s in site.eservices
    )
    if site.smart_agenda:
        links += (
            f'<li><a href="{SMART_AGENDA.format(slug=site.slug)}">Rendez-vous en mairie</a></li>'
        )
    if site.permit_desk:
        links += f"<li>{_permit_desk_link(site)}</li>"
    for topic in site.inclusion_topics:
        url, text = INCLUSION_LINKS[topic]
        links += f'<li><a href="{url}">{text}</a></li>'

    button = FRANCECONNECT_BUTTON if site.franceconnect else ""
    return f"<p>Carte d'identité, passeport, état civil.</p><ul>{links}</ul>{button}"


def _permit_desk_link(site: Site) -> str:
    assert site.permit_desk
    url = PERMIT_DESKS[site.permit_desk].format(number=site.index % 40 + 10, slug=site.slug)
    return f'<a href="{html.escape(url)}">{PERMIT_DESK_TEXT}</a>'


def _permit_info(site: Site) -> str:
    """A page that explains the desk: it is the desk only through its link, when there is one."""
    text = (
        "<p>Depuis le 1er janvier 2022, vous pouvez déposer vos demandes d'autorisation "
        "d'urbanisme en ligne.</p>"
    )
    if site.permit_desk:
        return text + f"<p>{_permit_desk_link(site)}</p>"
    return text + "<p>Le guichet ouvrira prochainement. Renseignements en mairie.</p>"


def _news(site: Site) -> str:
    items = "".join(
        f'<article><h2>Conseil municipal</h2><time datetime="{day.isoformat()}">'
        f"{french_date(day)}</time></article>"
        for day in site.news_dates
    )
    return items or "<p>Aucune actualité.</p>"


def _calendar(site: Site, month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    following = f"{year + number // 12}-{number % 12 + 1:02d}"
    previous = f"{year - (number == 1)}-{(number - 2) % 12 + 1:02d}"
    return (
        f"<p>Agenda de {month}</p>"
        f'<a href="/agenda?mois={previous}">Mois précédent</a> <a href="/agenda?mois={following}">Mois suivant</a>'
    )


def text_pages(site: Site) -> dict[str, tuple[str, str]]:
    """Path -> (title, content) of every HTML page of the site (the calendar aside)."""
    pages = {
        site.home_path: (
            "Accueil",
            f"<p>Bienvenue sur le site de {html.escape(site.name)}, "
            f"{site.population} habitants.</p>",
        ),
        "/contact": (
            "Contact",
            "<p>Mairie ouverte du lundi au vendredi, 9h-12h.</p>"
            + _mailbox(site)
            + (CONTACT_FORM if site.contact_form else ""),
        ),
        "/demarches": ("Vos démarches", _demarches(site)),
        "/actualites": ("Actualités", _news(site)),
    }
    if site.notice_path:
        pages[site.notice_path] = (
            "Mentions légales",
            "<p>Directeur de la publication : le maire.</p>",
        )
    if site.privacy_path:
        pages[site.privacy_path] = (
            "Politique de confidentialité",
            "<p>Vos données personnelles.</p>"
            + (
                f"<p>Délégué à la protection des données : dpo@cdg{site.departement or '00'}.fr</p>"
                if site.dpo_contact
                else ""
            ),
        )
    if site.statement_path and not site.statement_path.endswith(".pdf"):
        pages[site.statement_path] = (
            "Déclaration d'accessibilité",
            "".join(f"<p>{html.escape(line)}</p>" for line in statement_lines(site)[1:]),
        )
    if site.acts_page:
        video = (
            f'<iframe title="Conseil municipal en direct" src="https://www.youtube-nocookie.com/'
            f'embed/live_stream?channel=UC{site.index:06d}"></iframe>'
            if site.council_video
            else ""
        )
        pages[ACTS_PAGE] = (
            "Délibérations",
            f"<p>Les actes du conseil sont publiés ici après chaque séance.</p>{video}",
        )
    if site.budget_page:
        pages[BUDGET_PAGE] = ("Budget", "<p>Les documents budgétaires de l'année.</p>")
    if site.permit_info_page:
        pages[PERMIT_INFO_PAGE] = ("Urbanisme", _permit_info(site))
    if site.data_files:
        files = "".join(
            f'<li><a href="{DATA_FILES[f][0]}">{DATA_FILES[f][1]}</a></li>' for f in site.data_files
        )
        licence = f"<p>{LICENCE_TEXTS[site.data_licence]}</p>" if site.data_licence else ""
        pages[OPEN_DATA_PAGE] = ("Données publiques", f"<ul>{files}</ul>{licence}")
    if site.participation_topics and not site.participation_platform:
        pages[PARTICIPATION_PAGE] = ("Participer", "<p>La commune associe ses habitants.</p>")
    if site.newsletter == "own":
        pages[NEWSLETTER_PAGE] = ("Lettre d'information", "<p>Inscrivez-vous à l'accueil.</p>")
    if site.attractiveness_topics:
        sections = "".join(
            f'<h2 id="{ATTRACTIVENESS_TOPICS[t][0]}">{ATTRACTIVENESS_TOPICS[t][1]}</h2>'
            for t in site.attractiveness_topics
        )
        pages[NEWCOMERS_PAGE] = ("Vivre ici", f"<p>{NEWCOMERS_PROSE}</p>{sections}")
    for number, filler in enumerate(filler_paths(site), start=1):
        pages[filler] = (f"Page {number}", "<p>Informations municipales.</p>")
    return pages


def _mailbox(site: Site) -> str:
    if site.mailbox == "own-domain":
        address = f"mairie@{site.host}"
    elif site.mailbox == "personal":
        address = f"mairie.{site.slug}@wanadoo.fr"
    else:
        return ""
    return f'<p><a href="mailto:{address}">Écrire à la mairie</a></p>'


def _break(markup: str) -> str:
    """Markup as hand-edited sites write it: unclosed items, unquoted attributes, stray tags."""
    markup = re.sub(r"</(li|p)>", "", markup)
    markup = re.sub(r'href="(/[^"\s<>]*)"', r"href=\1", markup)
    return markup.replace("</main>", "</div></div></main>").replace("</body></html>", "")


def _wrap_for_javascript(body: str) -> str:
    """A Wix-like page: the body is an empty shell that a script fills in."""
    return f'<div id="SITE_CONTAINER"></div><script>document.getElementById("SITE_CONTAINER").innerHTML = {json.dumps(body)};</script>'


def page_html(farm: Farm, site: Site, path: str) -> str | None:
    """The page at `path` (query included), or None when the site has no such page."""
    if site.trap == "calendar" and path.startswith("/agenda?mois="):
        month = path.split("=", 1)[1]
        if not re.fullmatch(r"\d{4}-\d{2}", month):
            return None
        title, content = "Agenda", _calendar(site, month)
    else:
        page = text_pages(site).get(re.sub(r"[?&]sid=[0-9a-f]+$", "", path))
        if page is None:
            return None
        title, content = page
    body = _body(farm, site, title, content, path)
    if site.js_only:
        body = _wrap_for_javascript(body)
    # Outside what a script builds: site builders serve their skip link in the static shell.
    body = skip_link(site) + body
    document = (
        f'<!DOCTYPE html>\n<html lang="fr">{_head(farm, site, title)}<body>{body}</body></html>'
    )
    return _break(document) if site.broken_html else document
