"""The questionnaire as residents read it: their commune found by name or postal code, the
data-protection notice the study fills, "Je ne sais pas" where they may not know, questions
that agree with the service's gender and number, the networks they follow their commune on,
and a paper version that lists the scope's communes. Survey tools accept it (pyxform, and
ODK Validate where Java is installed)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from database.french_dates import long_date
from survey.commune_question import CommuneChoice
from survey.families import FAMILIES, FAMILY_KEYS, Family
from survey.notice import EXAMPLE_NOTICE, NoticeError, read_notice
from survey.printable import INLINE_COMMUNES, write_printable
from survey.questionnaire import YES_NO_DK, build_form
from survey.xlsform import check_xlsform, read_xlsform, write_xlsform

COMMUNES = [
    CommuneChoice("44109", "Nantes", "44", "44000 44100 44200 44300"),
    CommuneChoice("44162", "Saint-Herblain", "44", "44800"),
    CommuneChoice("49007", "Angers", "49", "49000 49100"),
]
PLATFORMS = ["facebook", "instagram", "youtube"]


def family(key: str) -> Family:
    return next(f for f in FAMILIES if f.key == key)


def test_the_tailored_form_with_its_new_questions_passes_pyxform_and_odk(tmp_path: Path) -> None:
    form = build_form(
        {key: True for key in FAMILY_KEYS}, COMMUNES, "région test",
        notice=read_notice(EXAMPLE_NOTICE), platforms=PLATFORMS,
    )  # fmt: skip
    path = write_xlsform(form, tmp_path / "form.xlsx")
    xform = check_xlsform(path, validate=shutil.which("java") is not None).read_text("utf-8")
    for name in ("commune", "protection_donnees", "reseaux_suivis", "connait_demarches"):
        assert f"/{name}" in xform
    assert read_xlsform(path).questions == form.questions


def test_the_commune_is_searched_by_name_or_postal_code_and_answered_as_its_code() -> None:
    form = build_form(communes=COMMUNES)
    question = form.question("commune")
    assert question.type == "select_one commune"
    assert question.appearance == "autocomplete"  # typing filters the list
    assert "code postal" in question.hint
    labels = dict(form.choices["commune"])
    assert set(labels) == {c.code for c in COMMUNES}  # the answer is the INSEE code
    assert labels["44109"] == "Nantes (44000, 44100, 44200, 44300) – Loire-Atlantique"
    assert labels["49007"] == "Angers (49000, 49100) – Maine-et-Loire"
    one = build_form(communes=COMMUNES[:2])  # one département: no need to name it
    assert dict(one.choices["commune"])["44162"] == "Saint-Herblain (44800)"


def test_the_notice_says_what_the_study_filled_in(tmp_path: Path) -> None:
    notice = read_notice(EXAMPLE_NOTICE)
    text = build_form(notice=notice).question("protection_donnees").label
    for field in (notice.responsable, notice.conservation, notice.contact, notice.base_legale):
        assert field in text
    assert "CNIL" in text
    draft = build_form().question("protection_donnees").label
    assert draft.count("[à compléter :") == 4
    bad = tmp_path / "notice.toml"
    bad.write_text('responsable = "Mairie"\nfinalite = "Mesurer"\nduree = "1 an"\n', "utf-8")
    with pytest.raises(NoticeError, match="unknown field"):
        read_notice(bad)
    bad.write_text('responsable = "Mairie"\nfinalite = "Mesurer"\n', "utf-8")
    with pytest.raises(NoticeError, match="fill the field.*conservation, contact"):
        read_notice(bad)


def test_residents_may_answer_that_they_do_not_know_whether_a_service_exists() -> None:
    form = build_form()
    for key in FAMILY_KEYS:
        assert form.question(f"connait_{key}").choice_list == YES_NO_DK
    assert ("nsp", "Je ne sais pas") in form.choices[YES_NO_DK]


@pytest.mark.parametrize(
    ("key", "used", "satisfying"),
    [
        ("paiement", "L'avez-vous utilisé ", "le trouvez-vous satisfaisant ?"),
        ("rendez_vous", "L'avez-vous utilisée ", "la trouvez-vous satisfaisante ?"),
        ("reseaux", "Les avez-vous utilisés ", "les trouvez-vous satisfaisants ?"),
        ("demarches", "Les avez-vous utilisées ", "les trouvez-vous satisfaisantes ?"),
    ],
)
def test_questions_agree_with_the_service_gender_and_number(
    key: str, used: str, satisfying: str
) -> None:
    form = build_form()
    assert form.question(f"usage_{key}").label.startswith(used)
    assert form.question(f"satisf_{key}").label.endswith(satisfying)
    adjective = satisfying.split()[-2]
    assert form.question(f"satisf_{key}").hint == (
        f"De 1 (pas du tout {adjective}) à 5 (tout à fait {adjective})."
    )
    assert family(key).agree("utilisé") in form.question(f"usage_{key}").label


def test_residents_say_which_of_the_scope_networks_they_follow_their_commune_on() -> None:
    form = build_form({key: True for key in FAMILY_KEYS}, platforms=PLATFORMS)
    question = form.question("reseaux_suivis")
    assert question.is_multiple
    assert question.relevant == "${connait_reseaux} = 'oui'"
    codes = [code for code, _ in form.choices[question.choice_list or ""]]
    assert codes == [*PLATFORMS, "autre", "aucun"]
    assert dict(form.choices["reseau"])["youtube"] == "YouTube"
    generic = build_form()
    assert "facebook" in dict(generic.choices["reseau"])
    absent = build_form({key: key != "reseaux" for key in FAMILY_KEYS})
    assert "reseaux_suivis" not in {q.name for q in absent.answered}  # no account to follow


def test_the_paper_version_of_a_scoped_survey_lists_its_communes(tmp_path: Path) -> None:
    form = build_form(communes=COMMUNES)
    document = Document(str(write_printable(form, tmp_path / "q.docx")))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for _, label in form.choices["commune"]:
        assert f"\u2610 {label}" in cells  # a box to tick for each commune
    many = [CommuneChoice(f"44{i:03d}", f"Commune {i:03d}", "44", f"44{i:03d}")
            for i in range(INLINE_COMMUNES + 5)]  # fmt: skip
    long = Document(str(write_printable(build_form(communes=many), tmp_path / "long.docx")))
    paragraphs = [p.text for p in long.paragraphs]
    assert any(p.startswith("Commune : ___") and "Code postal" in p for p in paragraphs)
    assert f"Communes de l'enquête ({len(many)})" in paragraphs  # the annex
    listed = {cell.text for table in long.tables for row in table.rows for cell in row.cells}
    assert {f"Commune {i:03d} (44{i:03d})" for i in range(len(many))} <= listed
    assert any(p.startswith("Protection de vos données") for p in paragraphs)


@pytest.mark.parametrize(
    ("key", "asked", "wished"),
    [
        ("demarches", "Votre commune propose-t-elle des démarches administratives en ligne (état"
         " civil, urbanisme, inscriptions) ?", "Aimeriez-vous que votre commune propose des"
         " démarches administratives en ligne (état civil, urbanisme, inscriptions) ?"),
        ("paiement", "Votre commune propose-t-elle le paiement en ligne (cantine, garderie,"
         " factures) ?", "Aimeriez-vous que votre commune propose le paiement en ligne (cantine,"
         " garderie, factures) ?"),
        ("rendez_vous", "Votre commune propose-t-elle la prise de rendez-vous en ligne ?",
         "Aimeriez-vous que votre commune propose la prise de rendez-vous en ligne ?"),
        ("alertes", "Votre commune envoie-t-elle des alertes sur téléphone par une application ?",
         "Aimeriez-vous que votre commune envoie des alertes sur téléphone par une application ?"),
        ("lettre", "Votre commune envoie-t-elle une lettre d'information par courriel ?",
         "Aimeriez-vous que votre commune envoie une lettre d'information par courriel ?"),
        ("reseaux", "Votre commune a-t-elle des comptes sur les réseaux sociaux ?",
         "Aimeriez-vous que votre commune ait des comptes sur les réseaux sociaux ?"),
        ("conseil", "Votre commune publie-t-elle en ligne les délibérations, les comptes rendus du"
         " conseil municipal et le budget ?", "Aimeriez-vous que votre commune publie en ligne les"
         " délibérations, les comptes rendus du conseil municipal et le budget ?"),
        ("participation", "Votre commune organise-t-elle des consultations en ligne ou d'autres"
         " formes de participation citoyenne ?", "Aimeriez-vous que votre commune organise des"
         " consultations en ligne ou d'autres formes de participation citoyenne ?"),
        ("contact", "Votre commune propose-t-elle un contact en ligne avec la mairie (formulaire,"
         " courriel) ?", "Aimeriez-vous que votre commune propose un contact en ligne avec la"
         " mairie (formulaire, courriel) ?"),
        ("aide", "Votre commune propose-t-elle une aide aux démarches numériques (France services,"
         " conseiller numérique) ?", "Aimeriez-vous que votre commune propose une aide aux"
         " démarches numériques (France services, conseiller numérique) ?"),
    ],
)  # fmt: skip
def test_each_service_is_asked_with_its_own_verb_as_a_resident_would_ask(
    key: str, asked: str, wished: str
) -> None:
    """Not "Votre commune propose-t-elle les comptes de la collectivité sur les réseaux
    sociaux ?": each service takes the verb a resident would use, offered or wished."""
    assert build_form().question(f"connait_{key}").label == asked
    absent = build_form({k: k != key for k in FAMILY_KEYS})
    assert absent.question(f"attente_{key}").label == wished


HEADINGS = {
    "demarches": "Les démarches administratives en ligne (état civil, urbanisme, inscriptions)",
    "paiement": "Le paiement en ligne (cantine, garderie, factures)",
    "rendez_vous": "La prise de rendez-vous en ligne",
    "alertes": "Les alertes de votre commune sur votre téléphone",
    "lettre": "La lettre d'information de votre commune par courriel",
    "reseaux": "Les comptes de votre commune sur les réseaux sociaux",
    "conseil": "Les décisions du conseil municipal et le budget de votre commune en ligne",
    "participation": "Les consultations et la participation des habitants en ligne",
    "contact": "Le contact avec la mairie en ligne (formulaire, courriel)",
    "aide": "L'aide pour faire vos démarches en ligne (France services, conseiller numérique)",
}


def test_each_service_group_is_headed_in_residents_words(tmp_path: Path) -> None:
    """Not "Service : les comptes de la collectivité sur les réseaux sociaux": each group of
    questions is headed as a title residents read naturally, on screen and on paper."""
    form = build_form()
    assert {key: form.question(f"service_{key}").label for key in FAMILY_KEYS} == HEADINGS
    paper = Document(str(write_printable(form, tmp_path / "q.docx")))
    titles = {p.text for p in paper.paragraphs if p.style.name == "Heading 2"}
    assert {heading.replace("'", "’") for heading in HEADINGS.values()} <= {
        title.replace("'", "’") for title in titles
    }


def test_the_services_names_read_naturally_in_the_study_sentences() -> None:
    """The recommendations say "Améliorer {label}": the commune in the third person, never
    the jargon "collectivité"; the headings neither."""
    for service in FAMILIES:
        assert service.label[:1].islower(), service.label
        assert "collectivité" not in service.label
        assert "collectivité" not in service.heading
        assert "Service :" not in service.heading


def test_the_scope_apps_are_given_as_examples_after_the_service() -> None:
    form = build_form(names={"alertes": ["PanneauPocket", "IntraMuros"]})
    assert form.question("connait_alertes").label == (
        "Votre commune envoie-t-elle des alertes sur téléphone par une application, par exemple"
        " PanneauPocket ou IntraMuros ?"
    )


def test_residents_read_a_french_title_never_the_form_identifier(tmp_path: Path) -> None:
    form = build_form()
    path = write_xlsform(form, tmp_path / "form.xlsx")
    settings = list(load_workbook(path)["settings"].values)
    assert dict(zip(settings[0], settings[1], strict=True))["form_id"] == "vigie_citoyens"
    assert (
        dict(zip(settings[0], settings[1], strict=True))["form_title"]
        == "Enquête sur les services en ligne de votre commune"
    )
    paper = Document(str(write_printable(form, tmp_path / "q.docx")))
    shown = "\n".join(p.text for p in paper.paragraphs)
    assert paper.paragraphs[0].text == "Enquête sur les services en ligne de votre commune"
    assert "vigie_citoyens" not in shown
    assert "(France entière)" not in form.question("presentation").label  # "votre commune"
    assert f"Questionnaire du {long_date(date.today())}." in shown
    # A workbook whose settings lost the title still shows residents a French one.
    book = load_workbook(path)
    book["settings"]["A2"] = None
    book.save(path)
    assert read_xlsform(path).title == "Enquête sur les services en ligne de votre commune"
