"""Transparency, participation, direct channels, DPO, attractiveness and the domain a site lives on."""

from __future__ import annotations

from crawler.items import Finding
from pipelines.extractors.attractiveness import extract_attractiveness
from pipelines.extractors.channels import (
    extract_contact_form,
    extract_mailboxes,
    extract_newsletter,
)
from pipelines.extractors.cms import domain_kind, extract_domain_kind
from pipelines.extractors.inclusion import extract_inclusion
from pipelines.extractors.legal import extract_dpo
from pipelines.extractors.opendata import extract_data_files, extract_licence
from pipelines.extractors.page import Page
from pipelines.extractors.participation import extract_participation
from pipelines.extractors.transparency import (
    extract_acts,
    extract_budget,
    extract_buyer_profile,
    extract_council_video,
)

URL = "https://www.saint-exemple.fr/mairie"


def page(body: str, url: str = URL) -> Page:
    return Page(url, f"<html><body>{body}</body></html>", {})


def pairs(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(finding.feature, finding.value) for finding in findings}


def test_council_acts_are_links_that_name_them() -> None:
    for text in (
        "Délibérations du conseil municipal",
        "Procès-verbaux des séances",
        "Comptes rendus du conseil",
        "Recueil des actes administratifs",
        "Arrêtés municipaux",
    ):
        found = extract_acts(page(f'<a href="/actes">{text}</a>'))
        assert pairs(found) == {("transparency.acts", "true")}, text
        assert found[0].snippet == f'<a href="/actes">{text}</a>'
    # The council's members are not its acts; nor is a word outside a link.
    assert extract_acts(page('<a href="/elus">Le conseil municipal</a>')) == []
    assert extract_acts(page("<p>Les délibérations sont affichées en mairie.</p>")) == []


def test_budget_documents_but_not_the_participatory_budget() -> None:
    for text in (
        "Budget primitif 2026",
        "Compte administratif",
        "Budget 2025",
        "ROB : rapport d'orientation budgétaire",
    ):
        assert pairs(extract_budget(page(f'<a href="/b.pdf">{text}</a>'))) == {
            ("transparency.budget", "true")
        }, text
    assert extract_budget(page('<a href="/bp">Budget participatif 2026</a>')) == []


def test_council_meetings_on_video_by_player_or_link() -> None:
    player = '<iframe title="Conseil municipal du 3 mars" src="https://www.youtube-nocookie.com/embed/x1"></iframe>'
    assert pairs(extract_council_video(page(player))) == {("transparency.council_video", "true")}
    link = '<a href="/direct">Le conseil municipal en direct</a>'
    assert pairs(extract_council_video(page(link))) == {("transparency.council_video", "true")}
    on_platform = (
        '<a href="https://www.dailymotion.com/video/x8">Séance du conseil communautaire</a>'
    )
    assert extract_council_video(page(on_platform))
    # A video that is not the council's, and the council without a video.
    assert (
        extract_council_video(
            page('<iframe title="Fête du village" src="https://www.youtube.com/embed/y"></iframe>')
        )
        == []
    )
    assert extract_council_video(page('<a href="/conseil">Conseil municipal</a>')) == []


def test_buyer_profiles_by_procurement_platform() -> None:
    body = """
      <a href="https://www.marches-securises.fr/entreprise/?acheteur=exemple">Marchés publics</a>
      <a href="https://www.marches-publics.gouv.fr/?page=Entreprise.AccueilEntreprise">PLACE</a>
      <a href="https://www.achatpublic.com/sdm/ent/gen/ent_detail.do?PCSLID=1">Consultation</a>
    """
    assert pairs(extract_buyer_profile(page(body))) == {
        ("transparency.buyer_profile", "marches-securises"),
        ("transparency.buyer_profile", "place"),
        ("transparency.buyer_profile", "achatpublic"),
    }


def test_participation_platforms_and_topics() -> None:
    body = """
      <a href="https://participer.saint-exemple.fr/processes/budget-participatif-2026">Budget participatif</a>
      <a href="https://saint-exemple.cap-collectif.com/project/plu">Concertation sur le PLU</a>
      <a href="https://www.jenparle.net/saint-exemple">Je donne mon avis</a>
      <a href="/conseils-de-quartier">Conseils de quartier</a>
      <a href="/cmj">Conseil municipal des jeunes</a>
      <a href="/enquete">Enquête publique sur la ZAC</a>
    """
    assert pairs(extract_participation(page(body))) == {
        ("participation.platform", "decidim"),
        ("participation.platform", "cap-collectif"),
        ("participation.platform", "jenparle"),
        ("participation.topic", "budget-participatif"),
        ("participation.topic", "concertation"),
        ("participation.topic", "conseil-de-quartier"),
        ("participation.topic", "conseil-des-jeunes"),
        ("participation.topic", "enquete-publique"),
    }
    # A medical consultation is not a public one.
    assert extract_participation(page('<a href="/pmi">Consultations de la PMI</a>')) == []


def test_newsletters_by_vendor_form_or_own_page() -> None:
    form = '<form action="https://exemple.us21.list-manage.com/subscribe/post?u=1"><input name="EMAIL"></form>'
    assert pairs(extract_newsletter(page(form))) == {("alerts.newsletter", "mailchimp")}
    own = '<a href="/newsletter">Abonnez-vous à la lettre d\'information</a>'
    assert pairs(extract_newsletter(page(own))) == {("alerts.newsletter", "own")}
    # Someone else's newsletter is not the authority's channel.
    other = '<a href="https://www.tourisme-exemple.fr/newsletter">Newsletter du tourisme</a>'
    assert extract_newsletter(page(other)) == []


def test_mailboxes_own_domain_personal_or_other() -> None:
    body = """
      <a href="mailto:accueil@saint-exemple.fr">Écrire à la mairie</a>
      <a href="MAILTO:mairie.saint-exemple@wanadoo.fr?subject=Question">Secrétariat</a>
      <a href="mailto:ecole@ac-exemple.fr">École</a>
    """
    assert pairs(extract_mailboxes(page(body))) == {
        ("contact.mailbox", "own-domain"),
        ("contact.mailbox", "personal"),
        ("contact.mailbox", "other"),
    }


def test_dpo_contact_needs_a_way_to_reach_them() -> None:
    written = "<p>Vous pouvez contacter notre délégué à la protection des données : dpo@cdg.fr</p>"
    assert pairs(extract_dpo(page(written))) == {("legal.dpo_contact", "true")}
    mailbox = '<a href="mailto:rgpd@saint-exemple.fr">Vos droits</a>'
    assert pairs(extract_dpo(page(mailbox))) == {("legal.dpo_contact", "true")}
    named_only = "<p>La commune a désigné un délégué à la protection des données.</p>"
    assert extract_dpo(page(named_only)) == []
    # "dpo" in lower case is a word of no meaning here (case matters for the acronym).
    assert extract_dpo(page("<p>Le dépôt (dpo) du marché : écrire à la mairie.</p>")) == []


def test_attractiveness_from_short_section_links() -> None:
    body = """
      <a href="/bienvenue">Nouveaux arrivants</a>
      <a href="https://www.emploi-territorial.fr/offre/1">Agent technique</a>
      <a href="/ecoles">Écoles et périscolaire</a>
      <a href="/pvd">Petites villes de demain</a>
      <a href="/a/1">Le centre de santé ouvre ses portes : les médecins recevront dès lundi
         les habitants de la commune et des villages voisins</a>
    """
    assert pairs(extract_attractiveness(page(body))) == {
        ("attractiveness.topic", "nouveaux-arrivants"),
        ("attractiveness.topic", "emploi"),
        ("attractiveness.topic", "ecoles"),
        ("attractiveness.topic", "petites-villes-de-demain"),
    }


def test_domain_kind() -> None:
    assert domain_kind("www.saint-exemple.fr") == "own"
    assert domain_kind("saint-exemple.e-monsite.com") == "free-host"
    assert domain_kind("mairie-exemple.wixsite.com") == "free-host"
    assert domain_kind("saint-exemple.collectivite.fr") == "collectivite-fr"
    found = extract_domain_kind(page("<p></p>", "https://exemple.jimdofree.com/"))
    assert pairs(found) == {("tech.domain", "free-host")}
    assert found[0].snippet == "exemple.jimdofree.com"


def test_contact_form_has_a_message_box_and_a_way_to_answer() -> None:
    form = (
        '<form method="post"><label>Votre courriel <input name="courriel"></label>'
        "<label>Votre message <textarea name=m></textarea></label><button>Envoyer</button></form>"
    )
    assert pairs(extract_contact_form(page(form))) == {("contact.form", "true")}
    search = '<form action="/recherche"><input name="q"><button>Rechercher</button></form>'
    feedback = (
        "<form><p>Cette page vous a-t-elle été utile ?</p><textarea></textarea>"
        '<input type="email"></form>'
    )
    assert extract_contact_form(page(search + feedback)) == []


def test_data_files_by_format_and_their_licence() -> None:
    body = """
      <a href="/documents/subventions-2025.csv">Subventions (CSV)</a>
      <a href="https://data.exemple.fr/equipements.geojson?download=1">Équipements</a>
      <a href="/documents/budget.xlsx">Budget</a>
      <a href="/documents/rapport.pdf">Rapport</a>
      <p>Données publiées sous la Licence Ouverte / Open Licence version 2.0.</p>
      <a href="https://opendatacommons.org/licenses/odbl/">Conditions</a>
    """
    found = pairs(extract_data_files(page(body))) | pairs(extract_licence(page(body)))
    assert found == {
        ("opendata.file", "csv"),
        ("opendata.file", "geojson"),
        ("opendata.file", "xlsx"),
        ("opendata.licence", "licence-ouverte"),
        ("opendata.licence", "odbl"),
    }
    assert extract_licence(page("<p>Une licence IV pour le café du village.</p>")) == []


def test_a_link_to_a_file_is_a_document_not_a_section() -> None:
    body = '<a href="/donnees/subventions.csv">Subventions aux associations (CSV)</a>'
    assert extract_attractiveness(page(body)) == []


def test_inclusion_help_and_easy_to_read_pages() -> None:
    body = """
      <a href="https://www.france-services.gouv.fr/">Votre espace France Services</a>
      <a href="/aide">Un conseiller numérique vous accompagne</a>
      <a href="https://aidantsconnect.beta.gouv.fr/">Être aidé</a>
      <a href="/falc">Le conseil municipal expliqué facile à lire et à comprendre</a>
      <a href="https://www.acce-o.fr/client/mairie">Accueil des sourds</a>
    """
    assert pairs(extract_inclusion(page(body))) == {
        ("inclusion.topic", "france-services"),
        ("inclusion.topic", "conseiller-numerique"),
        ("inclusion.topic", "aidants-connect"),
        ("inclusion.topic", "falc"),
        ("inclusion.topic", "sign-language"),
    }
    assert extract_inclusion(page('<a href="/f">La falculté</a>')) == []
