"""Adoption: which features the report charts, and the share of crawled sites showing each,
per stratum and over the scope."""

from __future__ import annotations

from collections import Counter

# Feature (or family prefix ending in ".") -> label, in the order the report shows them.
# Each group is one chart: (slide title, [(feature key or family prefix, label), ...]).
ADOPTION_GROUPS = (
    (
        "Accessibilité et pages légales, par strate",
        (
            ("a11y.mention", "Mention d'accessibilité"),
            ("a11y.statement_url", "Déclaration d'accessibilité"),
            ("legal.notice_url", "Mentions légales"),
            ("legal.privacy_url", "Politique de confidentialité"),
        ),
    ),
    (
        "Services, canaux et confiance, par strate",
        (
            ("eservices.", "Au moins un service en ligne"),
            ("social.", "Au moins un réseau social"),
            ("alerts.app", "Application d'alerte"),
            ("opendata.", "Données ouvertes (portail ou fichiers)"),
            ("trackers.without_consent", "Traceurs sans gestion du consentement"),
        ),
    ),
    (
        "Transparence, participation et contact, par strate",
        (
            ("transparency.acts", "Actes publiés en ligne"),
            ("transparency.budget", "Documents budgétaires"),
            ("participation.", "Participation citoyenne"),
            ("alerts.newsletter", "Lettre d'information"),
            ("contact.form", "Formulaire de contact"),
            ("inclusion.topic", "Aide au numérique"),
        ),
    ),
)
ADOPTION_FEATURES = tuple(feature for _, features in ADOPTION_GROUPS for feature in features)


def has_feature(features: set[str], key: str) -> bool:
    if key.endswith("."):
        return any(feature.startswith(key) for feature in features)
    return key in features


def adoption_shares(
    ok_sites: list[tuple[int, str]], features: dict[int, set[str]], strata: list[str]
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Each charted feature's share of the crawled sites (authority id, stratum) showing it,
    in %: per stratum, and over all of them."""
    ok_by_stratum = Counter(stratum for _, stratum in ok_sites)
    adoption: dict[str, dict[str, float]] = {}
    adoption_overall: dict[str, float] = {}
    for key, _label in ADOPTION_FEATURES:
        having = Counter(
            stratum
            for authority_id, stratum in ok_sites
            if has_feature(features[authority_id], key)
        )
        adoption[key] = {s: round(100 * having[s] / ok_by_stratum[s], 1) for s in strata}
        if ok_sites:
            adoption_overall[key] = round(100 * sum(having.values()) / len(ok_sites), 1)
    return adoption, adoption_overall
