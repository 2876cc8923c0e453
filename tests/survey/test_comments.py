"""The open comments coded into themes: the codebook's rules on hand-written French comments,
anonymised quotes, quadrants, and recovery of a planted distribution of themes."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from survey.codebook import CodebookError, fold, read_codebook
from survey.comments import Comment, anonymise, code_comments, respondent_quadrant, wilson
from survey.ipa import PRIORITY, QUADRANTS
from survey.synthetic_comments import NEUTRAL, PHRASES, PLANTED, UNCODED_SHARE, synthetic_comment

CODEBOOK = read_codebook()


def themes(comment: str) -> list[str]:
    return CODEBOOK.code(comment)


def test_accents_case_and_apostrophes_are_folded() -> None:
    assert fold("L'ÉTAT-civil, Dématérialisé !") == "l etat civil dematerialise"
    assert themes("DÉMARCHES D'ÉTAT CIVIL") == themes("demarches d etat civil") == ["demarches"]


@pytest.mark.parametrize(
    ("comment", "theme"),
    [
        ("Une démarche simple", "demarches"),  # singular
        ("Les démarches sont longues", "demarches"),  # plural by the stem
        ("La procédure est dématérialisée", "demarches"),  # stem with any ending
        ("Le site est lent", "navigation"),  # "site .. lent"
        ("Le site est vraiment très lent", "navigation"),  # three words between
        ("Les pages sont illisibles", "navigation"),  # plural of a plain word
        ("Les informations sont introuvables", "information"),
        ("Les travaux durent", "voirie"),  # travail/travaux
        ("Trop de nids de poule", "voirie"),
        ("Mettez les horaires des déchetteries", "dechets"),
        ("Je suis satisfaite", "satisfaction"),  # feminine of a plain word
        ("Rien à redire", "satisfaction"),
        ("Je ne suis pas satisfait", "insatisfaction"),
    ],
)
def test_inflected_forms_find_their_theme(comment: str, theme: str) -> None:
    assert theme in themes(comment)


def test_whole_words_only() -> None:
    assert "transports" not in themes("Un abus de pouvoir")  # "bus" is not inside "abus"
    assert "transports" not in themes("Je suis en train de remplir le formulaire")
    assert themes("Sans avis") == []


def test_negation_cancels_satisfaction_but_not_a_topic() -> None:
    assert "satisfaction" not in themes("Je ne suis pas satisfait du site")
    assert "satisfaction" not in themes("Le site n'est pas très pratique")
    assert "satisfaction" not in themes("Un site peu efficace")
    assert "satisfaction" in themes("Un site efficace")
    # A topic stays a topic when negated: "pas accessible" is about accessibility.
    assert "accessibilite" in themes("Le site n'est pas accessible")


def test_sauf_blanks_a_phrase_before_matching() -> None:
    assert "satisfaction" not in themes("Merci de publier l'agenda")
    assert "satisfaction" in themes("Merci pour ce site")


def test_a_comment_may_have_several_themes() -> None:
    found = themes("Les horaires de la mairie sont introuvables et la cantine se paie en ligne")
    assert {"contact", "information", "enfance"} <= set(found)


def test_what_the_rules_miss() -> None:
    """Documented limits (docs/survey.md): spelling mistakes, synonyms outside the codebook,
    and a negation beyond three words are not seen."""
    assert "demarches" not in themes("Les démmarches")  # misspelt
    assert "satisfaction" in themes("Je ne dirais vraiment pas que je suis satisfait")


def test_planted_phrasings_code_to_their_theme_only() -> None:
    for key, phrases in PHRASES.items():
        for phrase in phrases:
            assert themes(phrase) == [key], phrase
    assert all(themes(phrase) == [] for phrase in NEUTRAL)


def test_recovered_shares_hold_the_planted_ones_at_the_stated_rate() -> None:
    """Five surveys of 600 comments: each theme's 95 % interval holds its planted share (and
    the uncoded share its own) at least 90 % of the time; each comment's themes are exactly
    the planted ones."""
    held = total = 0
    for seed in range(5):
        rng = np.random.default_rng(seed)
        drawn = [synthetic_comment(rng) for _ in range(600)]
        coding = code_comments([Comment(text) for text, _ in drawn], CODEBOOK)
        assert coding.commented == 600
        for key, p in PLANTED.items():
            planted = sum(key in themes for _, themes in drawn)
            assert coding.counts[key] == planted, key  # no comment lost nor gained
            low, high = wilson(coding.counts[key], coding.commented)
            held += low <= p <= high
        assert coding.uncoded == sum(not themes for _, themes in drawn)
        low, high = wilson(coding.uncoded, coding.commented)
        held += low <= UNCODED_SHARE <= high
        total += len(PLANTED) + 1
    assert held / total >= 0.90, f"{held} of {total}"


def test_counts_n_and_uncoded_are_of_those_who_commented() -> None:
    comments = [Comment(""), Comment("  "), Comment("Le site plante souvent"), Comment("RAS")]
    coding = code_comments(comments, CODEBOOK)
    assert coding.commented == 2
    assert coding.counts["navigation"] == 1
    assert coding.uncoded == 1
    assert coding.share("navigation") == 0.5


def test_quotes_are_short_anonymised_and_at_most_three() -> None:
    comments = [
        Comment("Écrivez à jean.dupont@example.fr ou au 06 12 34 56 78 pour les démarches."),
        Comment("Madame Martin de l'accueil ne répond jamais"),
        Comment("Je m'appelle Paul Durand, j'habite 12 rue des Lilas, la voirie est en ruine"),
        *[Comment(f"Les démarches en ligne, version {n}") for n in range(5)],
        Comment("Les démarches " + "sont longues " * 30),
    ]
    coding = code_comments(comments, CODEBOOK)
    quoted = [q for quotes in coding.quotes.values() for q in quotes]
    assert all(len(q) <= 165 for q in quoted)
    assert len(coding.quotes["demarches"]) == 3
    text = " ".join(quoted)
    for private in ("dupont", "06 12", "Martin", "Paul", "Durand", "12 rue", "Lilas"):
        assert private not in text
    assert "[nom]" in anonymise("Merci à M. Bernard")
    assert anonymise("Je suis content du site") == "Je suis content du site"  # no name
    assert anonymise("je suis Paul Durand") == "je suis [nom]"
    assert "[téléphone]" in anonymise("+33 6 12 34 56 78")


def test_quotes_by_quadrant_come_from_its_respondents() -> None:
    comments = [
        Comment("Les démarches sont trop longues", PRIORITY),
        Comment("Le site plante", PRIORITY),
        Comment("Bravo", "Atout à préserver"),
        Comment("Les poubelles", None),
    ]
    coding = code_comments(comments, CODEBOOK)
    assert set(coding.by_quadrant[PRIORITY]) == {
        "Les démarches sont trop longues",
        "Le site plante",
    }
    assert coding.by_quadrant["Atout à préserver"] == ["Bravo"]
    assert set(coding.by_quadrant) <= set(QUADRANTS.values())


def test_a_respondent_is_placed_by_their_own_means() -> None:
    split = (3.5, 3.0)
    assert respondent_quadrant({"a": (5, 2), "b": (4, None)}, split) == PRIORITY
    assert respondent_quadrant({"a": (2, 5)}, split) == "Effort peut-être excessif"
    assert respondent_quadrant({"a": (5, None)}, split) is None  # rated no satisfaction
    assert respondent_quadrant({"a": (5, 2)}, None) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not toml [", "not a TOML codebook"),
        ("x = 1", "no [[theme]]"),
        ('[[theme]]\ncle = "A b"\nlibelle = "x"\nmots = ["y"]', "cle = 'A b'"),
        ('[[theme]]\ncle = "a"\nmots = ["y"]', "libelle is missing"),
        ('[[theme]]\ncle = "a"\nlibelle = "A"\nmots = []', "mots is empty"),
        ('[[theme]]\ncle = "a"\nlibelle = "A"\nmots = "y"', "give a list"),
        ('[[theme]]\ncle = "a"\nlibelle = "A"\nmots = [".. y"]', "is not an expression"),
        ('[[theme]]\ncle = "a"\nlibelle = "A"\nmots = ["y"]\nmot = ["z"]', "unknown field"),
        ('[[theme]]\ncle = "a"\nlibelle = "A"\nmots = ["y"]\n' * 2, "given twice"),
    ],
)
def test_a_malformed_codebook_is_refused_with_where_and_how(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "codebook.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=re.escape(message)):
        read_codebook(path)


def test_an_edited_codebook_codes_with_its_own_themes(tmp_path: Path) -> None:
    path = tmp_path / "codebook.toml"
    path.write_text(
        '[[theme]]\ncle = "marche"\nlibelle = "Marché"\nmots = ["marche* .. dimanche"]\n',
        encoding="utf-8",
    )
    edited = read_codebook(path)
    assert edited.code("Le marché du dimanche") == ["marche"]
    assert edited.code("Les démarches") == []
