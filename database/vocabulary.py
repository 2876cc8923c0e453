"""The French words for the values a finding stores, listed once, beside the statuses
(`database/statuses.py`): the slug an extractor writes in `findings.value` and what a reader
is shown instead. The extractors keep their own constants (they may not import the database,
and the reports may not import the crawl); tests/reports/test_labels.py reads every constant
of `pipelines/extractors` and fails when one of their values has no label here.

Labels are lowercase where they are ordinary words, so that they can sit inside a sentence
("Mention d'accessibilité : non conforme"); brands and acronyms keep their own spelling. A
brand written with a hyphen (e-monsite) uses the no-break hyphen U+2011, which also keeps it
on one line. The values of open vocabularies (URLs, dates, rates, versions) are not listed:
`reports.labels.value_label` formats them."""

from __future__ import annotations

from database.accessibility_rules import ACCESSIBILITY_RULES

YES_NO = {"true": "oui", "false": "non"}

SOCIAL_PLATFORMS = {
    "facebook": "Facebook",
    "x": "X (Twitter)",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "bluesky": "Bluesky",
    "threads": "Threads",
    "dailymotion": "Dailymotion",
    "vimeo": "Vimeo",
    "flickr": "Flickr",
    "pinterest": "Pinterest",
    "whatsapp": "WhatsApp",
    "telegram": "Telegram",
    "mastodon": "Mastodon",
    "peertube": "PeerTube",
}

# An account with a public post dated within this many days up to the campaign's day is
# active; its posts in that window are its rhythm (`social_profiles.posts_90d`).
SOCIAL_WINDOW_DAYS = 90

# Platforms whose public figures `vigie social` reads without login (followers, posts, dates);
# on the others an account is checked for reachability only, its figures unknown ("non lus").
SOCIAL_READ_PLATFORMS = frozenset({"mastodon", "peertube", "youtube", "bluesky", "dailymotion"})
# Platforms that show nothing without logging in: their figures are unknown (login wall).
SOCIAL_LOGIN_WALLED = frozenset({"facebook", "instagram", "x", "linkedin"})

TRACKERS = {
    "google-analytics": "Google Analytics",
    "google-tag-manager": "Google Tag Manager",
    "meta-pixel": "Pixel Meta (Facebook)",
    "matomo": "Matomo",
    "hotjar": "Hotjar",
    "at-internet": "AT Internet (Piano Analytics)",
    "plausible": "Plausible",
}

ESERVICE_PLATFORMS = {
    "service-public": "Service-Public.fr",
    "ants": "ANTS (titres sécurisés)",
    "demarches-simplifiees": "Démarches simplifiées",
    "payfip": "PayFiP",
    "espace-citoyens": "Espace Citoyens",
    "synbird": "Synbird",
    "rdv360": "RDV360",
    "clicrdv": "ClicRDV",
    "franceconnect": "FranceConnect",
    "smart-agenda": "Smart Agenda",
    "sirap": "SIRAP (saisine par voie électronique)",
    "cartads": "Cart@DS",
    "gnau": "GNAU (urbanisme en ligne)",
}

# feature -> {value the extractor stores -> French label}
VALUE_LABELS: dict[str, dict[str, str]] = {
    "a11y.mention": {
        "totalement": "totalement conforme",
        "partiellement": "partiellement conforme",
        "non": "non conforme",
    },
    "a11y.check_failed": ACCESSIBILITY_RULES,
    "a11y.axe_violation": ACCESSIBILITY_RULES,
    "tech.cms": {
        "wordpress": "WordPress",
        "spip": "SPIP",
        "drupal": "Drupal",
        "joomla": "Joomla!",
        "typo3": "TYPO3",
        "wix": "Wix",
        "jimdo": "Jimdo",
        "e-monsite": "e\u2011monsite",
        "kosmos": "Kosmos",
        "jalios": "Jalios",
        "campagnol": "Campagnol",
        "webnode": "Webnode",
        "site123": "SITE123",
        "squarespace": "Squarespace",
        "webflow": "Webflow",
        "google-sites": "Google Sites",
        "sitew": "SiteW",
        "overblog": "Overblog",
    },
    "tech.domain": {
        "own": "nom de domaine propre",
        "free-host": "sous-domaine d'un hébergeur gratuit",
        "collectivite-fr": "adresse en .collectivite.fr (ANCT)",
    },
    "eservices.platform": ESERVICE_PLATFORMS,
    "eservices.kind": {
        "national-procedure": "démarches nationales",
        "local-procedure": "démarches locales en ligne",
        "payment": "paiement en ligne",
        "appointment": "prise de rendez-vous en ligne",
        "identity": "connexion avec FranceConnect",
        "planning-permit": "demande d'urbanisme en ligne",
    },
    "alerts.app": {
        "panneaupocket": "PanneauPocket",
        "intramuros": "IntraMuros",
        "illiwap": "Illiwap",
        "citykomi": "CityKomi",
        "cityall": "CityAll",
    },
    "alerts.newsletter": {
        "mailchimp": "Mailchimp",
        "brevo": "Brevo",
        "mailjet": "Mailjet",
        "sendpulse": "SendPulse",
        "own": "inscription sur le site",
    },
    "contact.mailbox": {
        "own-domain": "adresse au nom du site",
        "personal": "messagerie personnelle (Gmail, Orange…)",
        "other": "adresse d'un autre domaine",
    },
    "opendata.file": {
        "csv": "CSV",
        "json": "JSON",
        "geojson": "GeoJSON",
        "xlsx": "Excel (XLSX)",
        "xls": "Excel (XLS)",
        "ods": "OpenDocument (ODS)",
        "parquet": "Parquet",
        "shp": "Shapefile",
        "gpkg": "GeoPackage",
        "kml": "KML",
    },
    "opendata.licence": {"licence-ouverte": "Licence Ouverte (Etalab)", "odbl": "ODbL"},
    "trackers": TRACKERS,
    "trackers.without_consent": TRACKERS,
    "consent.manager": {
        "tarteaucitron": "Tarteaucitron",
        "axeptio": "Axeptio",
        "didomi": "Didomi",
        "cookiebot": "Cookiebot",
        "onetrust": "OneTrust",
        "complianz": "Complianz",
        "cookieyes": "CookieYes",
        "orejime": "Orejime",
        "klaro": "Klaro",
        "cookieconsent": "CookieConsent (orestbida)",
    },
    "security.header": {
        "content-security-policy": "politique de sécurité du contenu (CSP)",
        "x-content-type-options": "type de contenu verrouillé (X-Content-Type-Options)",
        "referrer-policy": "politique de référent (Referrer-Policy)",
    },
    "transparency.buyer_profile": {
        "achatpublic": "AchatPublic",
        "marches-securises": "Marchés sécurisés",
        "maximilien": "Maximilien",
        "megalis": "Mégalis Bretagne",
        "e-marchespublics": "e\u2011marchespublics",
        "place": "PLACE (plateforme des achats de l'État)",
        "aws-achat": "AWS-Achat",
        "klekoon": "Klekoon",
        "synapse": "Synapse Entreprises",
        "ampa": "AMPA",
    },
    "participation.platform": {
        "cap-collectif": "Cap Collectif",
        "fluicity": "Fluicity",
        "jenparle": "J'en parle",
        "civocracy": "Civocracy",
        "id-city": "ID City",
        "go-vocal": "Go Vocal (CitizenLab)",
        "make-org": "Make.org",
        "decidim": "Decidim",
    },
    "participation.topic": {
        "budget-participatif": "budget participatif",
        "conseil-de-quartier": "conseil de quartier",
        "conseil-des-jeunes": "conseil des jeunes",
        "conseil-citoyen": "conseil citoyen",
        "concertation": "concertation",
        "consultation": "consultation publique",
        "petition": "pétition",
        "enquete-publique": "enquête publique",
    },
    "inclusion.topic": {
        "france-services": "France services",
        "conseiller-numerique": "conseiller numérique",
        "aidants-connect": "Aidants Connect",
        "falc": "FALC (facile à lire et à comprendre)",
        "sign-language": "langue des signes (LSF)",
    },
    "attractiveness.topic": {
        "nouveaux-arrivants": "nouveaux arrivants",
        "emploi": "emploi",
        "logement": "logement",
        "ecoles": "écoles",
        "sante": "santé",
        "commerces": "commerces",
        "associations": "associations",
        "tourisme": "tourisme",
        "petites-villes-de-demain": "Petites villes de demain",
        "villages-d-avenir": "Villages d'avenir",
    },
    "quality.viewport": {"responsive": "adapté à l'écran"},
    "quality.search": {"present": "présent"},
    "contact.hours": {"present": "indiqués"},
    "services.feedback": {"je-donne-mon-avis": "bouton « Je donne mon avis » de l'État"},
    # How the site answers the crawl's address of a page that cannot exist (a probe).
    "quality.not_found": {
        "404": "page introuvable annoncée (erreur 404)",
        "soft-404": "page inexistante présentée comme trouvée",
    },
}

# Features whose value is "true" when seen: shown as "oui".
BOOLEAN_FEATURES = frozenset(
    {
        "tech.dsfr",
        "security.https",
        "security.hsts",
        "contact.form",
        "legal.dpo_contact",
        "a11y.statement_contact",
        "a11y.recourse",
        "a11y.schema",
        "transparency.acts",
        "transparency.budget",
        "transparency.council_video",
    }
)
# Features whose value is an ISO date (shown as a French date).
DATE_FEATURES = frozenset(
    {
        "a11y.audit_date",
        "freshness.latest_news",
        "freshness.sitemap_lastmod",
        "freshness.last_modified",
        "freshness.updated",
    }
)
# Features whose value is a URL (shown as a page of the site, or an address).
URL_FEATURES = frozenset(
    {"a11y.statement_url", "legal.notice_url", "legal.privacy_url", "opendata.portal"}
)


def platform_label(platform: str) -> str:
    """A social platform's name as it spells itself: YouTube, LinkedIn, X (Twitter)."""
    return SOCIAL_PLATFORMS.get(platform, platform.capitalize())
