"""Third-party services French local sites link to or embed, as their pages really show them.

Each entry: the slug the ground truth reports (the vocabulary of docs/features.md) and the
markup a site writes. `{slug}`, `{handle}` and `{host}` are filled per site.
"""

from __future__ import annotations

# slug: (link URL, link text)
ESERVICES = {
    "service-public": (
        "https://www.service-public.fr/particuliers/vosdroits/F1427",
        "Demande d'acte de naissance (service-public.fr)",
    ),
    "ants": ("https://ants.gouv.fr/", "Carte d'identité, passeport : pré-demande ANTS"),
    "demarches-simplifiees": (
        "https://www.demarches-simplifiees.fr/commencer/{slug}-inscription-cantine",
        "Inscription à la cantine en ligne",
    ),
    "payfip": (
        "https://www.payfip.gouv.fr/tpi/paiement.web?numcli=012345",
        "Payer vos factures en ligne (PayFiP)",
    ),
    "espace-citoyens": (
        "https://www.espace-citoyens.net/{slug}/espace-citoyens/",
        "Portail famille - Espace citoyens",
    ),
    "synbird": ("https://www.synbird.com/{slug}", "Prendre rendez-vous pour une carte d'identité"),
    "rdv360": (
        "https://www.rdv360.com/mairie-de-{slug}",
        "Rendez-vous en ligne (titres d'identité)",
    ),
}
FRANCECONNECT_BUTTON = (
    '<a class="franceconnect-button" href="https://app.franceconnect.gouv.fr/api/v1/authorize">'
    "S'identifier avec FranceConnect</a>"
)
ALERT_APPS = {
    "panneaupocket": (
        "https://app.panneaupocket.com/ville/{number}-{slug}",
        "Suivez nos alertes sur PanneauPocket",
    ),
    "intramuros": ("https://www.appli-intramuros.fr/", "Téléchargez l'application IntraMuros"),
    "illiwap": ("https://www.illiwap.com/fr/", "Restez informés avec Illiwap"),
    "citykomi": ("https://www.citykomi.com/", "Recevez nos messages avec CityKomi"),
}
# slug: script tag in <head>
TRACKERS = {
    "google-analytics": '<script async src="https://www.googletagmanager.com/gtag/js?id=G-{code}"></script>'
    "<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}"
    "gtag('js',new Date());gtag('config','G-{code}');</script>",
    "google-tag-manager": "<script>(function(w,d,s,l,i){{w[l]=w[l]||[];var f=d.getElementsByTagName(s)[0],"
    "j=d.createElement(s);j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i;"
    "f.parentNode.insertBefore(j,f);}})(window,document,'script','dataLayer','GTM-{code}');</script>",
    "meta-pixel": "<script>!function(f,b,e,v,n,t,s){{n=f.fbq=function(){{}};t=b.createElement(e);t.async=!0;"
    "t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}}(window,document,"
    "'script','https://connect.facebook.net/en_US/fbevents.js');fbq('init','{code}');</script>",
    "matomo": "<script>var _paq=window._paq=window._paq||[];_paq.push(['trackPageView']);(function(){{"
    "var u='https://stats.{host}/';_paq.push(['setTrackerUrl',u+'matomo.php']);"
    "var g=document.createElement('script');g.src=u+'matomo.js';document.head.appendChild(g);}})();</script>",
    "hotjar": "<script>(function(h,o,t,j,a,r){{h._hjSettings={{hjid:{code}}};a=o.getElementsByTagName('head')[0];"
    "r=o.createElement('script');r.src='https://static.hotjar.com/c/hotjar-'+h._hjSettings.hjid+'.js';"
    "a.appendChild(r);}})(window,document);</script>",
}
CONSENT_MANAGERS = {
    "tarteaucitron": '<script src="/tarteaucitron/tarteaucitron.js"></script>'
    '<script>tarteaucitron.init({"privacyUrl": "", "orientation": "bottom"});</script>',
    "axeptio": '<script>window.axeptioSettings={clientId:"5f1a"};</script>'
    '<script async src="https://static.axept.io/sdk.js"></script>',
    "didomi": '<script type="text/javascript">window.didomiConfig={};</script>'
    '<script async src="https://sdk.privacy-center.org/loader.js"></script>',
    "cookiebot": '<script id="Cookiebot" src="https://consent.cookiebot.com/uc.js" '
    'data-cbid="0a1b" type="text/javascript"></script>',
}
# Links that look like the authority's social accounts and are not: (owner, URL template, text)
DECOY_ACCOUNTS = (
    (
        "office de tourisme",
        "https://www.facebook.com/OfficeDeTourisme{handle}",
        "L'office de tourisme sur Facebook",
    ),
    (
        "agence web",
        "https://www.facebook.com/AgencePixelWeb",
        "Réalisation : Agence Pixel, suivez-nous",
    ),
    (
        "intercommunalité",
        "https://www.instagram.com/cc_du_{slug}",
        "La communauté de communes sur Instagram",
    ),
)
# slug: link URL of the authority's space on the platform
PARTICIPATION_PLATFORMS = {
    "decidim": "https://{slug}.participation-citoyenne.fr/processes/projets-2026",
    "cap-collectif": "https://{slug}.cap-collectif.com/project/budget-participatif",
    "fluicity": "https://app.fluicity.co/{slug}",
    "jenparle": "https://www.jenparle.net/{slug}",
    "id-city": "https://{slug}.id-city.com/",
}
# slug: link text
PARTICIPATION_TOPICS = {
    "budget-participatif": "Budget participatif",
    "conseil-de-quartier": "Conseils de quartier",
    "conseil-des-jeunes": "Conseil municipal des jeunes",
    "concertation": "Concertation : réaménagement du centre-bourg",
    "consultation": "Consultation citoyenne sur les mobilités",
    "petition": "Pétitions en ligne",
    "enquete-publique": "Enquête publique : révision du PLU",
}
# slug: link URL of the authority's buyer profile
BUYER_PROFILES = {
    "marches-securises": "https://www.marches-securises.fr/entreprise/?module=liste_consultations&acheteur={slug}",
    "achatpublic": "https://www.achatpublic.com/sdm/ent/gen/ent_recherche.do?acheteur={slug}",
    "megalis": "https://marches.megalis.bretagne.bzh/?page=entreprise.EntrepriseAdvancedSearch&org={slug}",
    "place": "https://www.marches-publics.gouv.fr/?page=Entreprise.EntrepriseAdvancedSearch&orgAcronyme={slug}",
}
# slug: sign-up form action
NEWSLETTER_FORMS = {
    "mailchimp": "https://{slug}.us21.list-manage.com/subscribe/post?u=5f2a&amp;id=91c0",
    "brevo": "https://a1b2c3.sibforms.com/serve/{slug}",
}
# slug: (anchor on the /vivre-ici page, link text)
ATTRACTIVENESS_TOPICS = {
    "nouveaux-arrivants": ("bienvenue", "Nouveaux arrivants"),
    "emploi": ("emploi", "Offres d'emploi"),
    "logement": ("logement", "Logement"),
    "ecoles": ("ecoles", "Écoles et périscolaire"),
    "sante": ("sante", "Santé et médecins"),
    "commerces": ("commerces", "Commerces et marché"),
    "petites-villes-de-demain": ("pvd", "Petites villes de demain"),
}
# Planning-permit desks (the "guichet numérique des autorisations d'urbanisme"): slug -> link
PERMIT_DESKS = {
    "cartads": "https://gnau{number}.operis.fr/{slug}/gnau/",
    "sirap": "https://sve.sirap.fr/#/{number}/",
    # A desk of a vendor the truth knows only by the link's words, on a host of its own.
    "gnau": "https://depot-urbanisme.fr/{slug}",
}
SMART_AGENDA = "https://www.smartagenda.fr/pro/mairie-{slug}/rendez-vous/"
# The kinds of service each platform gives, as a person who knows the vendors says it
# (ClicRDV too, though no farm site links to it: see tests/farm/test_parity.py).
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
# slug: (link URL, link text); "{base}" links stay on the /demarches page
INCLUSION_LINKS = {
    "france-services": ("https://www.france-services.gouv.fr/", "Votre espace France Services"),
    "conseiller-numerique": ("/demarches#aide", "Un conseiller numérique vous accompagne"),
    "aidants-connect": ("/demarches#aide", "Aidants Connect : faites-vous aider"),
    "falc": ("/demarches#falc", "Nos démarches en FALC"),
}
