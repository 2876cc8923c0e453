"""The accessibility statement's sentences, for its HTML page and its PDF alike."""

from __future__ import annotations

from farm.model import Site


def statement_lines(site: Site) -> list[str]:
    """The title, then the sentences the site's statement facts call for."""
    facts = site.statement
    lines = [
        f"Déclaration d'accessibilité - {site.name}",
        f"{site.name} s'engage à rendre son site internet accessible conformément à "
        "l'article 47 de la loi n° 2005-102 du 11 février 2005.",
    ]
    version = f" au RGAA {facts.rgaa_version}" if facts and facts.rgaa_version else ""
    lines.append(f"Ce site est {site.a11y_level} conforme{version}.")
    if facts is None:
        return lines
    if facts.audit_date:
        lines.append(f"Date de l'audit : {facts.audit_date:%d/%m/%Y}.")
    else:
        lines.append("Aucun audit n'a encore été réalisé.")
    if facts.rate is not None:
        rate = f"{facts.rate:g}".replace(".", ",")
        lines.append(f"Taux de conformité : {rate} %.")
    if facts.contact:
        lines.append(f"Retour d'information et contact : accessibilite@{site.host}.")
    if facts.recourse:
        lines.append("Voies de recours : Défenseur des droits.")
    if facts.schema:
        lines.append("Schéma pluriannuel de mise en accessibilité 2025-2027.")
    return lines
