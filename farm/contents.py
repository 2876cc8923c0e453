"""What each farm page says between its header and footer: path -> (title, content)."""

from __future__ import annotations

import html

from farm.markup import french_date
from farm.model import Site
from farm.paths import (
    ACTS_PAGE,
    BUDGET_PAGE,
    DATA_FILES,
    NEWCOMERS_PAGE,
    NEWSLETTER_PAGE,
    OPEN_DATA_PAGE,
    PARTICIPATION_PAGE,
    PERMIT_DESK_TEXT,
    PERMIT_INFO_PAGE,
    filler_paths,
)
from farm.service_quality import contact_details, feedback_block
from farm.statement import statement_lines
from farm.vendors import (
    ATTRACTIVENESS_TOPICS,
    ESERVICES,
    FRANCECONNECT_BUTTON,
    INCLUSION_LINKS,
    PERMIT_DESKS,
    SMART_AGENDA,
)

Pages = dict[str, tuple[str, str]]

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


def text_pages(site: Site) -> Pages:
    """Path -> (title, content) of every HTML page of the site (the calendar aside)."""
    pages = _everyday_pages(site)
    for step in (_legal_pages, _transparency_pages, _civic_pages):
        pages.update(step(site))
    for number, filler in enumerate(filler_paths(site), start=1):
        pages[filler] = (f"Page {number}", "<p>Informations municipales.</p>")
    return pages


def calendar_content(month: str) -> str:
    """The calendar trap's page for `month` (YYYY-MM), linking to the months either side."""
    year, number = (int(part) for part in month.split("-"))
    following = f"{year + number // 12}-{number % 12 + 1:02d}"
    previous = f"{year - (number == 1)}-{(number - 2) % 12 + 1:02d}"
    return (
        f"<p>Agenda de {month}</p>"
        f'<a href="/agenda?mois={previous}">Mois précédent</a> <a href="/agenda?mois={following}">Mois suivant</a>'
    )


def _everyday_pages(site: Site) -> Pages:
    """The pages every site has: home, contact, procedures, news."""
    return {
        site.home_path: (
            "Accueil",
            f"<p>Bienvenue sur le site de {html.escape(site.name)}, "
            f"{site.population} habitants.</p>",
        ),
        "/contact": (
            "Contact",
            contact_details(site) + _mailbox(site) + (CONTACT_FORM if site.contact_form else ""),
        ),
        "/demarches": ("Vos démarches", _demarches(site)),
        "/actualites": ("Actualités", _news(site)),
    }


def _legal_pages(site: Site) -> Pages:
    """Legal notice, privacy policy and accessibility statement, when the site has them."""
    pages: Pages = {}
    if site.notice_path:
        pages[site.notice_path] = (
            "Mentions légales",
            "<p>Directeur de la publication : le maire.</p>",
        )
    if site.privacy_path:
        dpo = f"<p>Délégué à la protection des données : dpo@cdg{site.departement or '00'}.fr</p>"
        pages[site.privacy_path] = (
            "Politique de confidentialité",
            "<p>Vos données personnelles.</p>" + (dpo if site.dpo_contact else ""),
        )
    if site.statement_path and not site.statement_path.endswith(".pdf"):
        pages[site.statement_path] = (
            "Déclaration d'accessibilité",
            "".join(f"<p>{html.escape(line)}</p>" for line in statement_lines(site)[1:]),
        )
    return pages


def _transparency_pages(site: Site) -> Pages:
    """Council acts, budget, the planning-permit desk's page, open data."""
    pages: Pages = {}
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
    return pages


def _civic_pages(site: Site) -> Pages:
    """Participation, newsletter and newcomers' pages."""
    pages: Pages = {}
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
    return pages


def _mailbox(site: Site) -> str:
    if site.mailbox == "own-domain":
        address = f"mairie@{site.host}"
    elif site.mailbox == "personal":
        address = f"mairie.{site.slug}@wanadoo.fr"
    else:
        return ""
    return f'<p><a href="mailto:{address}">Écrire à la mairie</a></p>'


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
    return (
        f"<p>Carte d'identité, passeport, état civil.</p><ul>{links}</ul>{button}"
        + feedback_block(site)
    )


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
