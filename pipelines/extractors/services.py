"""Links to online services (`eservices.platform`), alert apps (`alerts.app`), open data
(`opendata.portal`). Services and alert apps are also read from the frames and scripts a page
embeds (`Page.embeds`): a widget is a trace of the service as much as a link."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.items import Finding

from pipelines.extractors.once import once_per_value
from pipelines.extractors.page import CLASS_VALUES, Link, Page, compiled, on_hosts

DETECTOR = "services/2"

# Host (or parent domain) -> slug. A link to these is a link to a national procedure or a
# local portal run by that vendor; the finding does not say the procedure is completed online.
ESERVICE_HOSTS = {
    "service-public.fr": "service-public",
    "service-public.gouv.fr": "service-public",
    "ants.gouv.fr": "ants",
    "demarches-simplifiees.fr": "demarches-simplifiees",
    "demarche.numerique.gouv.fr": "demarches-simplifiees",
    "payfip.gouv.fr": "payfip",
    "tipi.budget.gouv.fr": "payfip",
    "espace-citoyens.net": "espace-citoyens",
    "synbird.com": "synbird",
    "rdv360.com": "rdv360",
    "clicrdv.com": "clicrdv",
    "franceconnect.gouv.fr": "franceconnect",
    "smartagenda.fr": "smart-agenda",
    "sve.sirap.fr": "sirap",
    "operis.fr": "cartads",
}
# Operis serves more than Cart@ds's planning-permit desk: only its /gnau paths count.
GNAU_PATH = re.compile(r"/gnau\b", re.IGNORECASE)
# Words of the planning-permit desk ("guichet numérique des autorisations d'urbanisme"), for
# vendors without a known host. Off-site only: on the authority's own site such a link leads
# to a page that talks about the procedure, not to the procedure.
GNAU_TEXT = re.compile(
    r"guichet\s+num[ée]rique\s+(?:des\s+)?autorisations?|\bGNAU\b"
    r"|d[ée]p[ôo]t\s+(?:en\s+ligne|d[ée]mat[ée]rialis[ée])\s+(?:des\s+)?(?:demandes|dossiers)\s+d.urbanisme"
    r"|autorisations?\s+d.urbanisme\s+en\s+ligne",
    re.IGNORECASE,
)
# What kind of service each platform gives (`eservices.kind`): a national procedure, a local
# procedure completed online (on a vendor's portal or on the State's Démarches simplifiées,
# where a commune builds its own forms), payment, appointments, identity, and planning permits
# online (a duty of every commune since 2022).
SERVICE_KINDS = {
    "service-public": ("national-procedure",),
    "ants": ("national-procedure",),
    "demarches-simplifiees": ("local-procedure",),
    "espace-citoyens": ("local-procedure",),
    "payfip": ("payment",),
    "synbird": ("appointment",),
    "rdv360": ("appointment",),
    "clicrdv": ("appointment",),
    "smart-agenda": ("appointment",),
    "franceconnect": ("identity",),
    "cartads": ("local-procedure", "planning-permit"),
    "sirap": ("local-procedure", "planning-permit"),
    "gnau": ("local-procedure", "planning-permit"),
}
# On service-public.fr, only procedure pages count, not the site's home or news.
SERVICE_PUBLIC_PROCEDURE = re.compile(
    r"/(particuliers|professionnels-entreprises|associations)/vosdroits/"
)
ALERT_HOSTS = {
    "panneaupocket.com": "panneaupocket",
    "appli-intramuros.fr": "intramuros",
    "appli-intramuros.com": "intramuros",
    "intramuros.org": "intramuros",
    "illiwap.com": "illiwap",
    "citykomi.com": "citykomi",
    "cityall.fr": "cityall",
}
FRANCECONNECT_CLASS = "franceconnect-button"
FRANCECONNECT_BUTTONS = compiled(f'//*[contains(@class, "{FRANCECONNECT_CLASS}")]')


# Words (as `fold` writes them) one of which each match of GNAU_TEXT holds.
GNAU_WORDS = ("guichet", "gnau", "urbanisme")


def _eservice(link: Link, page: Page, line: str) -> str | None:
    """`line`: the link's folded text and address (`Page.folded_link_lines`), empty for an
    embed, which has no text."""
    parts = link.parts
    slug = on_hosts(link, ESERVICE_HOSTS)
    if slug == "service-public" and not SERVICE_PUBLIC_PROCEDURE.search(parts.path):
        return None
    if slug == "cartads" and not GNAU_PATH.search(parts.path):
        return None
    named = any(word in line for word in GNAU_WORDS)
    if slug is None and named and GNAU_TEXT.search(link.text) and not page.is_same_site(link.url):
        return "gnau"
    return slug


def extract_eservices(page: Page) -> list[Finding]:
    """Platforms (`eservices.platform`) and the kinds of service they give (`eservices.kind`)."""
    lines = [*page.folded_link_lines, *([""] * len(page.embeds))]
    found = [
        (slug, link.snippet)
        for link, line in zip([*page.links, *page.embeds], lines, strict=True)
        if (slug := _eservice(link, page, line))
    ]
    # The buttons are looked for only where a class names one (the page's class values are
    # read once, for the DSFR's components too): a query of every element's class costs more.
    named = any(FRANCECONNECT_CLASS in value for value in page.query(CLASS_VALUES))
    for button in FRANCECONNECT_BUTTONS(page.tree) if named else ():
        found.append(("franceconnect", page.markup(button)[:300]))
    kinds = [(kind, snippet) for slug, snippet in found for kind in SERVICE_KINDS[slug]]
    return once_per_value("eservices.platform", found, page.url, DETECTOR) + once_per_value(
        "eservices.kind", kinds, page.url, DETECTOR
    )


def extract_alert_apps(page: Page) -> list[Finding]:
    """An alert app's link, or its widget (a frame or script from its host)."""
    found = []
    for link in [*page.links, *page.embeds]:
        slug = on_hosts(link, ALERT_HOSTS)
        if slug:
            found.append((slug, link.snippet))
    return once_per_value("alerts.app", found, page.url, DETECTOR)


def opendata_portal(url: str) -> str | None:
    """The portal a link points into, as scheme://host/path-of-the-portal, else None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    organisation = re.match(r"(/[a-z]{2})?/organizations/([^/]+)", parts.path)
    if host.endswith("data.gouv.fr") and organisation:
        return f"https://{host}{organisation.group(1) or ''}/organizations/{organisation.group(2)}"
    first_label = host.split(".")[0]
    if first_label in ("data", "opendata", "donnees") and re.match(
        r"/(explore|dataset|datasets)\b", parts.path
    ):
        return f"{parts.scheme}://{parts.netloc}/{parts.path.strip('/').split('/')[0]}"
    return None


def extract_opendata(page: Page) -> list[Finding]:
    found = [(portal, link.snippet) for link in page.links if (portal := opendata_portal(link.url))]
    return once_per_value("opendata.portal", found, page.url, DETECTOR)
