"""Service quality read from pages (docs/features.md: `quality.viewport`, `quality.search`,
`contact.phone`, `contact.hours`, `services.feedback`): the ways a French number is written,
the words that label it a phone or a fax, the words that announce opening hours, and the site
rule that reads the viewport on the home page alone. Whole pages are in cases/quality and
cases/contact."""

from __future__ import annotations

import pytest

from crawler.items import Finding
from pipelines.extractors import extract_page
from pipelines.extractors.aggregate import aggregate_site
from pipelines.extractors.contact import extract_hours, extract_phone, national_number
from pipelines.extractors.documents import page_from_bytes
from pipelines.extractors.page import Page
from pipelines.extractors.quality import extract_search, extract_viewport

HOME = "https://www.saint-exemple.fr/"


def page(body: str, url: str = HOME, head: str = "") -> Page:
    html = f"<!DOCTYPE html><html lang='fr'><head><title>Mairie</title>{head}</head><body>{body}</body></html>"
    return page_from_bytes(url, html.encode(), "text/html", {})


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("0240123456", "0240123456"),
        ("02 40 12 34 56", "0240123456"),
        ("02.40.12.34.56", "0240123456"),
        ("02-40-12-34-56", "0240123456"),
        ("+33240123456", "0240123456"),
        ("+33 (0)2 40 12 34 56", "0240123456"),
        ("+33 02 40 12 34 56", "0240123456"),  # the 0 kept after the country code, as written
        ("0033240123456", "0240123456"),
        ("+33%202%2040%2012%2034%2056", "0240123456"),
        ("+262 262 12 34 56", "0262123456"),  # La Réunion
        ("+590 590 12 34 56", "0590123456"),  # Guadeloupe
        ("+596 696 12 34 56", "0696123456"),  # a Martinique mobile
        ("+594594123456", "0594123456"),  # Guyane
        ("3939", None),  # Allô Service Public: a short number, not the authority's line
        ("112", None),
        ("+44 20 7946 0018", None),  # another country
        ("024012345", None),  # a digit short
        ("02401234567", None),  # a digit too many
    ],
)
def test_a_tel_link_gives_the_ten_digits_of_a_french_number(
    written: str, number: str | None
) -> None:
    assert national_number(written) == number


@pytest.mark.parametrize(
    ("footer", "number"),
    [
        ("Tél. : 02 40 12 34 56", "0240123456"),
        ("Tel 02 40 12 34 56", "0240123456"),
        ("Téléphone 02.40.12.34.56", "0240123456"),
        ("Standard : +33 2 40 12 34 56", "0240123456"),
        ("Accueil : 0240123456", "0240123456"),
        ("☎ 02 40 12 34 56", "0240123456"),
        ("Tél./Fax : 02 40 12 34 56", "0240123456"),  # one line for both: a phone
        ("Tél : 02 40 12 34 56 - Fax : 02 40 12 34 57", "0240123456"),
        ("Fax : 02 40 12 34 57 - Tél : 02 40 12 34 56", "0240123456"),
        ("Fax : 02 40 12 34 57", None),
        ("Télécopie 02 40 12 34 57", None),
        ("Mairie de Saint-Exemple 02 40 12 34 56", None),  # no word says it is a phone
        ("Tél. : 02 40 12 34 56 78", None),  # twelve digits: not a French number
        ("Hôtel de ville 02 40 12 34 56", None),  # "tel" inside a word is no label
        ("SIRET 21440012300018 Tél.", None),
        ("Téléphone (ex. : 01 23 45 67 89)", None),  # a form's example
        ("Tél. : +33.2.40.12.34.56", "0240123456"),
    ],
)
def test_a_number_written_in_the_footer_counts_when_a_phone_word_labels_it(
    footer: str, number: str | None
) -> None:
    found = extract_phone(page(f"<main><h1>Actualités</h1></main><footer><p>{footer}</p></footer>"))
    assert [f.value for f in found] == ([number] if number else [])


def test_a_tel_link_comes_before_a_number_written_as_text() -> None:
    body = "<footer>Tél. : 02 40 12 34 56</footer><a href='tel:0240999999'>Appeler</a>"
    assert [f.value for f in extract_phone(page(body))] == ["0240999999"]


@pytest.mark.parametrize(
    ("card", "number"),
    [
        ("<p><i class='icon icon-phone'></i>02 44 76 73 06</p>", "0244767306"),
        ("<p><span class='fa fa-phone-alt'></span> <b>02 44 76 73 06</b></p>", "0244767306"),
        ("<p><svg class='picto-tel'></svg>Mairie : +33 2 44 76 73 06</p>", "0244767306"),
        ("<p><i class='icon-phone'></i>Nous appeler</p><p>02 44 76 73 06</p>", None),
        ("<p><i class='icon-hotel'></i>02 44 76 73 06</p>", None),
        ("<p><i class='icon-phone'></i>Fax : 02 44 76 73 06</p>", None),
        ("<p><input class='champ-tel'>02 44 76 73 06</p>", None),
    ],
)
def test_a_phone_icon_labels_the_number_right_after_it(card: str, number: str | None) -> None:
    found = extract_phone(page(f"<main><h1>Aide</h1><aside>{card}</aside></main>"))
    assert [f.value for f in found] == ([number] if number else [])


def test_a_labelled_number_outside_the_footer_counts_only_on_a_contact_page() -> None:
    body = "<main><h1>Informations</h1><p>Tél. : 02 40 12 34 56</p></main>"
    assert extract_phone(page(body, HOME + "infos")) == []
    assert [f.value for f in extract_phone(page(body, HOME + "contactez-nous"))] == ["0240123456"]
    titled = body.replace("Informations", "Coordonnées de la mairie")
    assert [f.value for f in extract_phone(page(titled, HOME + "infos"))] == ["0240123456"]


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("<h2>Horaires d'ouverture</h2><p>Lundi : 8h30 - 12h00</p>", True),
        ("<h2>Horaires</h2><p>Du lundi au vendredi de 8 h 30 à 12 h</p>", True),
        ("<h2>Horaires de la mairie</h2><p>Mardi 08:30-12:00</p>", True),
        ("<p>Horaires d'accueil : mercredi 8h-12h</p>", True),
        ("<p>Heures d'ouverture : samedi 9h</p>", True),
        ("<h2>Horaires des marées</h2><p>Lundi pleine mer 8h12</p>", False),
        ("<h2>Horaires des bus</h2><p>Lundi départ 7h45</p>", False),
        ("<h2>Horaires des messes</h2><p>Dimanche 10h30</p>", False),
        ("<h2>Horaires d'ouverture</h2><p>Se renseigner en mairie.</p>", False),
        ("<h2>Horaires d'ouverture</h2><p>Du lundi au vendredi.</p>", False),  # no time
        ("<p>Conseil municipal lundi 12 mars à 20h30</p>", False),  # no announcement
    ],
)
def test_opening_hours_are_an_announcement_then_a_day_and_a_time(text: str, present: bool) -> None:
    found = extract_hours(page(f"<main><h1>La mairie</h1>{text}</main>"))
    assert [f.value for f in found] == (["present"] if present else [])


def test_opening_hours_evidence_is_the_matched_text() -> None:
    found = extract_hours(page("<h2>Horaires</h2><p>Lundi : 8h30 - 12h00</p>"))
    assert found[0].snippet == "Horaires Lundi : 8h30"


@pytest.mark.parametrize(
    ("form", "present"),
    [
        ("<form role='search' action='/r'><input name='x'></form>", True),
        ("<search><form action='/r'><input name='x'></form></search>", True),
        ("<input type='search' name='x'>", True),
        ("<form><input type='text' name='q'></form>", True),
        ("<form method='GET' action='/'><input name='keywords'></form>", True),
        ("<form action='/search/node'><input type='text' name='x'></form>", True),
        ("<form method='post' action='/'><input type='text' name='q'></form>", False),
        ("<form action='/'><input type='text' name='nom'></form>", False),
        ("<form action='/recherche'><input type='hidden' name='page'></form>", False),
        ("<form action='/'><input type='email' name='s'></form>", False),
        ("<form action='/'><p>Newsletter</p><input type='text' name='q'></form>", False),
        ("<form action='/search'><input name='login'><input type='password'></form>", False),
    ],
)
def test_a_site_search_is_a_search_block_or_field_or_a_get_form_named_so(
    form: str, present: bool
) -> None:
    assert [f.value for f in extract_search(page(form))] == (["present"] if present else [])


def test_a_pdf_gives_none_of_these_findings() -> None:
    pdf = Page(HOME + "bulletin.pdf", "Horaires d'ouverture : lundi 8h30. Tél. 02 40 12 34 56", {})
    pdf.kind = "pdf"
    assert [f for f in extract_page(pdf) if f.detector in ("quality/1", "contact/1")] == []


def test_the_viewport_is_the_home_pages() -> None:
    """A site whose home page does not adapt to phones is not responsive because an inner
    page is; the home page's finding is the site's."""
    meta = "<meta name='viewport' content='width=device-width'>"
    inner = extract_viewport(page("<p>Page</p>", HOME + "page", meta))
    assert [f.value for f in inner] == ["responsive"]
    assert aggregate_site([(0, HOME, []), (1, HOME + "page", inner)]) == []
    home = extract_viewport(page("<p>Accueil</p>", HOME, meta))
    site = aggregate_site([(0, HOME, home), (1, HOME + "page", inner)])
    assert [(f.feature, f.value, f.evidence_url) for f in site] == [
        ("quality.viewport", "responsive", HOME)
    ]


def test_each_feature_is_kept_once_a_site_from_the_first_page() -> None:
    def phone(number: str, url: str) -> Finding:
        return Finding("contact.phone", number, url, "Tél.", "contact/1")

    pages = [
        (1, HOME + "contact", [phone("0240999999", HOME + "contact")]),
        (0, HOME, [phone("0240123456", HOME)]),
    ]
    assert [(f.value, f.evidence_url) for f in aggregate_site(pages)] == [("0240123456", HOME)]
