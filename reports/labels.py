"""The French words the report uses for the crawl's and the scoring's codes."""

from __future__ import annotations

STATUS_LABELS = {
    "ok": "Site exploré",
    "no_website": "Pas de site référencé",
    "dns_failure": "Domaine introuvable",
    "connection_failure": "Connexion impossible",
    "timeout": "Délai dépassé",
    "tls_error": "Erreur HTTPS",
    "robots_blocked": "Exploration interdite (robots.txt)",
    "http_error": "Erreur HTTP",
    "redirect_loop": "Redirections sans fin",
    "redirected_offsite": "Redirigé vers un autre organisme",
    "not_html": "Pas une page web",
    "parked": "Domaine parqué",
    "private_address": "Adresse privée",
}
STRATUM_LABELS = {
    "0-499": "< 500 hab.",
    "500-1999": "500 – 1 999",
    "2000-3499": "2 000 – 3 499",
    "3500-9999": "3 500 – 9 999",
    "10000-49999": "10 000 – 49 999",
    "50000-99999": "50 000 – 99 999",
    "100000+": "≥ 100 000",
    "epci": "EPCI",
    "departement": "Départements",
    "region": "Régions",
}


def french_number(value: float) -> str:
    return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",").removesuffix(",0")


def french_count(value: int) -> str:
    """A whole number as French text sets it: 36 000, with a narrow no-break space."""
    return f"{value:,}".replace(",", "\u202f")


def plural(count: int, word: str) -> str:
    """The word for that many things, in French: 1 autre, 2 autres."""
    return word if count <= 1 else f"{word}s"
