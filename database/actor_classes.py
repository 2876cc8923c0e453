"""Who an authority's site links to: the classes of the organisations of `outbound_links`,
their French labels and the rules that name them, by registered domain (`docs/actors.md`).

Read in order, the first rule that matches wins; a domain no rule names stays `autre`. Another
authority is not a rule here: it is recognised by its domain among the targets' websites (and
the sites' final addresses), before any rule (`reports/actors.py`). A rule matches a domain
equal to one of its `domains` (or under one of them, where it says so: `x.gouv.fr` under
`gouv.fr`), or whose name holds one of its `words` as whole parts between dots or hyphens
(`tourisme` in `tourisme-val-de-loire.fr`, `comite-des-fetes` in `comite-des-fetes-bron.fr`).

The vendors' list is the extractors' (their lines in order: online services and appointments,
alert apps, participation platforms, newsletters, site builders and CMS, buyer profiles),
written again here because the study side may not import the
crawl's modules: `tests/database/test_actor_classes.py` fails when one of their hosts is
missing.
"""

from __future__ import annotations

from dataclasses import dataclass

AUTHORITY = "autorite"
OTHER = "autre"

# class: French label (plural, lowercase where an ordinary word), in the order reports list them.
CLASS_LABELS = {
    AUTHORITY: "autres collectivités",
    "etat": "services de l'État",
    "france_services": "France Services",
    "tourisme": "offices de tourisme",
    "ecole": "écoles et académies",
    "association": "associations",
    "presse": "presse locale",
    "prestataire": "prestataires",
    "reseau": "réseaux sociaux",
    OTHER: "autres organisations",
}


@dataclass(frozen=True)
class Rule:
    actor_class: str
    domains: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    subdomains: bool = False  # a domain under one of `domains` too (`x.gouv.fr`)
    # Platforms that host many organisations of the class (domain, brand): a link to one is
    # a link to one of those organisations, so it is labelled "brand (platform_kind)".
    platforms: tuple[tuple[str, str], ...] = ()
    platform_kind: str = ""


def _names(text: str) -> tuple[str, ...]:
    """Names written a few to a line, separated by spaces."""
    return tuple(text.split())


RULES = (
    Rule("france_services", _names("france-services.gouv.fr"), _names("france-services")),
    Rule(
        "reseau",
        _names("""
            facebook.com fb.com fb.me twitter.com x.com instagram.com linkedin.com youtube.com
            youtu.be tiktok.com bsky.app threads.net dailymotion.com vimeo.com flickr.com
            pinterest.com pinterest.fr whatsapp.com t.me telegram.org mastodon.social
            snapchat.com
        """),
    ),
    Rule(
        "ecole",
        _names("""
            education.gouv.fr index-education.net skolengo.com toutatice.fr e-lyco.fr
            monlycee.net
        """),
        _names("ecole college lycee ac ent maternelle elementaire"),
        subdomains=True,
    ),
    Rule(
        "etat",
        _names("""
            gouv.fr service-public.fr demarches-simplifiees.fr ameli.fr caf.fr msa.fr urssaf.fr
            pole-emploi.fr francetravail.fr insee.fr ign.fr cnil.fr defenseurdesdroits.fr
            vie-publique.fr sante.fr ademe.fr anah.fr onf.fr info-retraite.fr legifrance.fr
        """),
        _names("prefecture"),
        subdomains=True,
    ),
    Rule("tourisme", (), _names("tourisme tourism ot office-de-tourisme")),
    Rule(
        "association",
        _names("helloasso.com assoconnect.com net1901.org"),
        _names("asso association associations comite-des-fetes club amicale"),
        platforms=(
            ("helloasso.com", "HelloAsso"),
            ("assoconnect.com", "AssoConnect"),
            ("net1901.org", "Net1901"),
        ),
        platform_kind="plateforme d'associations",
    ),
    Rule(
        "presse",
        _names("""
            ouest-france.fr letelegramme.fr lavoixdunord.fr leprogres.fr ladepeche.fr
            sudouest.fr lamontagne.fr estrepublicain.fr dna.fr lalsace.fr midilibre.fr
            lejsl.com ledauphine.com leparisien.fr actu.fr francebleu.fr francetvinfo.fr
            courrier-picard.fr paris-normandie.fr nicematin.com varmatin.com laprovence.com
            lindependant.fr charentelibre.fr lanouvellerepublique.fr lunion.fr lest-eclair.fr
            lejdc.fr leberry.fr lechorepublicain.fr larep.fr lyonne.fr lepopulaire.fr
            le-pays.fr republicain-lorrain.fr bienpublic.com lamanchelibre.fr
        """),
        _names("journal gazette hebdo"),
    ),
    Rule(
        "prestataire",
        _names("""
            espace-citoyens.net synbird.com rdv360.com clicrdv.com smartagenda.fr sirap.fr
            operis.fr
            panneaupocket.com appli-intramuros.fr appli-intramuros.com intramuros.org
            illiwap.com citykomi.com cityall.fr
            cap-collectif.com fluicity.co fluicity.com jenparle.net civocracy.org id-city.com
            citizenlab.co govocal.com make.org decidim.org participation-citoyenne.fr
            list-manage.com mailchimp.com eepurl.com sibforms.com sendinblue.com brevo.com
            mailjet.com mjt.lu sendpulse.com
            campagnol.fr e-monsite.com wix.com jimdo.com webnode.fr webnode.com site123.com
            squarespace.com webflow.com sitew.com sitew.fr over-blog.com wordpress.org
            wordpress.com drupal.org joomla.org spip.net
            marches-securises.fr achatpublic.com e-marchespublics.com marches-publics.info
            klekoon.com synapse-entreprises.com demat-ampa.fr
        """),
    ),
)


def classify(domain: str) -> str:
    """The class of an organisation by its registered domain (not another authority: the
    caller knows the targets); `autre` when no rule names it."""
    domain = domain.lower().removeprefix("www.")
    name = "-" + domain.rsplit(".", 1)[0].replace(".", "-") + "-"
    for rule in RULES:
        if domain in rule.domains or (
            rule.subdomains and any(domain.endswith("." + d) for d in rule.domains)
        ):
            return rule.actor_class
        if any(f"-{word}-" in name for word in rule.words):
            return rule.actor_class
    return OTHER


def class_label(actor_class: str) -> str:
    return CLASS_LABELS.get(actor_class, CLASS_LABELS[OTHER])


def organisation_label(domain: str) -> str:
    """How reports name an organisation: a platform hosting many organisations as what it is
    ('HelloAsso (plateforme d'associations)'), any other by its domain."""
    bare = domain.lower().removeprefix("www.")
    for rule in RULES:
        for platform, brand in rule.platforms:
            if bare == platform:
                return f"{brand} ({rule.platform_kind})"
    return domain
