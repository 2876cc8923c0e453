"""Service quality a farm site shows (issue 23): a layout for phones, a site search, its phone
number, its opening hours, the State's "Je donne mon avis" button; each in the forms real
sites write it, beside the traps that must not count (a fixed-width viewport, a newsletter
form, a fax, the tides' timetable, the site's own opinion page).

Drawn on a stream of its own (`draw_service_quality`), so planting them changed no other draw
of a site. `service_findings` is what a perfect extractor reports of them."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass

from farm.model import Site

# How each form writes its meta; the last three do not adapt to a phone.
RESPONSIVE_VIEWPORTS = (
    "width=device-width, initial-scale=1",
    "initial-scale=1.0, width=device-width",
    "width = device-width",
)
FIXED_VIEWPORTS = ("absent", "width=1024", "initial-scale=1")
SEARCH_FORMS = {
    "role": '<form role="search" action="/recherche"><label for="recherche-site">Rechercher'
    '</label><input type="search" id="recherche-site" name="q"><button type="submit">OK</button>'
    "</form>",
    "wordpress": '<form method="get" action="/"><label for="recherche-site">Rechercher</label>'
    '<input type="text" id="recherche-site" name="s"><button type="submit">OK</button></form>',
    "spip": '<form action="spip.php" method="get"><input type="hidden" name="page" '
    'value="recherche"><input type="text" name="recherche" aria-label="Rechercher sur le site">'
    '<button type="submit">Chercher</button></form>',
    "action": '<form action="/recherche/resultats"><input type="text" name="mots-du-site" '
    'aria-label="Mots à chercher"><button type="submit">Chercher</button></form>',
}
# A sign-up form in the header of some sites without a search: sent by GET, a text box.
NEWSLETTER_TRAP = (
    '<form action="/lettre-information/inscription" method="get"><label for="lettre">Lettre '
    'd\'information : votre adresse</label><input type="text" id="lettre" name="email">'
    '<button type="submit">S\'inscrire</button></form>'
)
PHONE_PLACES = ("footer-text", "footer-link", "contact-text")
HOURS_FORMS = ("list", "table", "json-ld", "microdata", "sentence")
HOURS_TRAPS = ("tides", "no-times", "none")
# Overseas départements: the country code their numbers are written with, and the first
# digits of their ten-digit numbers after the 0 (Mayotte: +262, 0269…).
OVERSEAS = {
    "971": ("590", "590"),
    "972": ("596", "596"),
    "973": ("594", "594"),
    "974": ("262", "262"),
    "976": ("262", "269"),
}
FEEDBACK_FORMS = ("button", "link")
FEEDBACK_HOSTS = {
    "button": "https://voxusagers.numerique.gouv.fr/Demarches/{number}?&view-mode=formulaire-avis"
    "&nd_mode=en-ligne-enti%C3%A8rement&nd_source=button&key={key}",
    "link": "https://jedonnemonavis.numerique.gouv.fr/Demarches/{number}?button={key}",
}


@dataclass(frozen=True)
class ServiceQuality:
    viewport: str  # the viewport meta's content, or "absent"
    search: str | None  # a key of SEARCH_FORMS; None: no search (maybe the newsletter trap)
    newsletter_trap: bool
    phone: str | None  # ten digits, None when the site gives no number
    phone_place: str  # where and how it is written (PHONE_PLACES)
    international: str | None  # the country code it is written with (33, 262…), or None
    fax: str | None  # a fax number written beside the phone, or alone: never a phone
    hours: str | None  # a key of HOURS_FORMS, None when no hours are given
    hours_trap: str  # what the contact page says instead of hours (HOURS_TRAPS)
    feedback: str | None  # a key of FEEDBACK_FORMS
    own_opinion_page: bool  # a "Donnez votre avis" link to the site's own contact page

    @property
    def responsive(self) -> bool:
        return self.viewport in RESPONSIVE_VIEWPORTS


def _number(site: Site, rng: random.Random) -> tuple[str, str | None]:
    """Ten digits, and the country code the site writes it with (None: written from 0)."""
    rest = f"{rng.randrange(10**6):06d}"
    overseas = OVERSEAS.get(site.departement or "")
    if overseas:
        return f"0{overseas[1]}{rest}", overseas[0]
    number = f"0{rng.choice('12345')}{rng.randrange(10, 100)}{rest}"
    return number, "33" if rng.random() < 0.2 else None


def draw_service_quality(rng: random.Random, site: Site, quality: float) -> None:
    responsive = rng.random() < 0.7 + 0.25 * quality
    viewport = rng.choice(RESPONSIVE_VIEWPORTS if responsive else FIXED_VIEWPORTS)
    search = rng.choice(sorted(SEARCH_FORMS)) if rng.random() < 0.3 + 0.6 * quality else None
    has_phone = rng.random() < 0.5 + 0.45 * quality
    phone, international = _number(site, rng)
    fax, _ = _number(site, rng)
    has_fax = rng.random() < 0.3
    hours = rng.choice(HOURS_FORMS) if rng.random() < 0.4 + 0.5 * quality else None
    site.service_quality = ServiceQuality(
        viewport=viewport,
        search=search,
        newsletter_trap=search is None and rng.random() < 0.4,
        phone=phone if has_phone else None,
        phone_place=rng.choice(PHONE_PLACES),
        international=international,
        fax=fax if has_fax and fax != phone else None,
        hours=hours,
        hours_trap=rng.choice(HOURS_TRAPS),
        feedback=rng.choice(FEEDBACK_FORMS) if rng.random() < 0.03 + 0.2 * quality else None,
        own_opinion_page=rng.random() < 0.2,
    )


def service_findings(site: Site) -> list[tuple[str, str]]:
    facts = site.service_quality
    if facts is None:
        return []
    found = [("quality.viewport", "responsive")] if facts.responsive else []
    if facts.search:
        found.append(("quality.search", "present"))
    if facts.phone:
        found.append(("contact.phone", facts.phone))
    if facts.hours:
        found.append(("contact.hours", "present"))
    if facts.feedback:
        found.append(("services.feedback", "je-donne-mon-avis"))
    return found


def viewport_meta(site: Site) -> str:
    """The head's viewport meta (a blocked zoom adds `maximum-scale=1`, and needs a meta)."""
    facts = site.service_quality
    content = facts.viewport if facts else RESPONSIVE_VIEWPORTS[0]
    if content == "absent":
        if not site.zoom_blocked:
            return ""
        content = "width=1024"
    if site.zoom_blocked:
        content += ", maximum-scale=1"
    return f'<meta name="viewport" content="{content}">'


def header_search(site: Site) -> str:
    facts = site.service_quality
    if facts is None:
        return ""
    if facts.search:
        return SEARCH_FORMS[facts.search]
    return NEWSLETTER_TRAP if facts.newsletter_trap else ""


def _written(number: str, international: str | None) -> str:
    """ "02 40 12 34 56", or after the country code: "+33 2 40 12 34 56", "+262 269 12 34 56"."""
    if international is None:
        return " ".join(number[i : i + 2] for i in range(0, 10, 2))
    national = number[1:]
    if international == "33":
        return f"+33 {national[0]} " + " ".join(national[i : i + 2] for i in range(1, 9, 2))
    return f"+{international} {national[:3]} " + " ".join(
        national[i : i + 2] for i in range(3, 9, 2)
    )


def _fax(facts: ServiceQuality) -> str:
    return f" - Fax : {_written(facts.fax, None)}" if facts.fax else ""


def footer_phone(site: Site) -> str:
    """The footer's phone line, when the site writes its number there."""
    facts = site.service_quality
    if facts is None or facts.phone is None or not facts.phone_place.startswith("footer"):
        return ""
    written = _written(facts.phone, facts.international)
    if facts.phone_place == "footer-link":
        code = facts.international
        target = f"+{code}{facts.phone[1:]}" if code else facts.phone
        return f'<p>Mairie : <a href="tel:{target}">{written}</a>{_fax(facts)}</p>'
    return f"<p>Tél. : {written}{_fax(facts)}</p>"


def contact_details(site: Site) -> str:
    """What the contact page says of the phone and the opening hours."""
    facts = site.service_quality
    if facts is None:
        return "<p>Mairie ouverte du lundi au vendredi, 9h-12h.</p>"
    phone = ""
    if facts.phone and facts.phone_place == "contact-text":
        phone = f"<p>Téléphone : {_written(facts.phone, facts.international).replace(' ', '.')}</p>"
    elif facts.phone is None and facts.fax:
        phone = f"<p>Télécopie : {_written(facts.fax, None)}</p>"
    return phone + (HOURS[facts.hours] if facts.hours else HOURS_TRAP_TEXTS[facts.hours_trap])


HOURS = {
    "list": "<h2>Horaires d'ouverture</h2><ul><li>Du lundi au vendredi : 8h30 - 12h00</li>"
    "<li>Samedi : 9h - 12h</li></ul>",
    "table": "<h2>Horaires de la mairie</h2><table><tr><th>Mardi</th><td>08:30 - 12:00</td>"
    "</tr><tr><th>Jeudi</th><td>14:00 - 17:30</td></tr></table>",
    "json-ld": '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
    '"CityHall", "openingHoursSpecification": [{"@type": "OpeningHoursSpecification", '
    '"dayOfWeek": "Monday", "opens": "08:30", "closes": "12:00"}]}</script>'
    "<p>Accueil sur rendez-vous.</p>",
    "microdata": '<p itemscope itemtype="https://schema.org/CityHall">'
    '<meta itemprop="openingHours" content="Mo-Fr 08:30-12:00">'
    "La mairie vous reçoit en semaine, le matin.</p>",
    "sentence": "<p>La mairie est ouverte au public du lundi au vendredi de 9 h à 12 h.</p>",
}
HOURS_TRAP_TEXTS = {
    "tides": "<h2>Horaires des marées</h2><p>Pleine mer lundi 8h12, mardi 8h58.</p>",
    "no-times": "<p>Horaires d'ouverture : se renseigner en mairie.</p>",
    "none": "<p>Renseignements auprès de la mairie.</p>",
}


def feedback_block(site: Site) -> str:
    """The /demarches page's button (or the site's own opinion page, which is not it)."""
    facts = site.service_quality
    if facts is None:
        return ""
    block = ""
    if facts.feedback:
        url = FEEDBACK_HOSTS[facts.feedback].format(number=2000 + site.index, key=site.slug)
        inner = (
            '<img src="https://voxusagers.numerique.gouv.fr/static/bouton-bleu.svg" '
            'alt="Je donne mon avis" title="Je donne mon avis sur cette démarche">'
            if facts.feedback == "button"
            else "Je donne mon avis"
        )
        block += f'<p><a href="{html.escape(url)}">{inner}</a></p>'
    if facts.own_opinion_page:
        block += '<p><a href="/contact">Donnez votre avis sur le site</a></p>'
    return block
