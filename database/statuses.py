"""The scan statuses, listed once: the code stored in `site_scans.status`, the short French
label the reports show, and the sentence that explains it (the command line, the workbook).
docs/statuses.md says what each means and what the authority can do; a test keeps its table
and this list the same. `NOT_MEASURED` are the statuses where the fault is the crawl's, not
the site's: such a site is scanned again by `vigie crawl --resume`."""

from __future__ import annotations

from typing import NamedTuple


class ScanStatus(NamedTuple):
    label: str  # short, for a table's cell or a chart's legend
    meaning: str  # one sentence, for whoever reads a site's status


SCAN_STATUSES: dict[str, ScanStatus] = {
    "ok": ScanStatus("Site exploré", "Le site a été exploré."),
    "no_website": ScanStatus(
        "Pas de site référencé", "Aucun site internet n'est référencé pour cette collectivité."
    ),
    "dns_failure": ScanStatus(
        "Domaine introuvable",
        "Le nom de domaine du site ne répond pas (DNS) : vérifier son renouvellement.",
    ),
    "connection_failure": ScanStatus(
        "Connexion impossible", "Le serveur du site refuse ou coupe la connexion."
    ),
    "timeout": ScanStatus("Délai dépassé", "Le site n'a pas répondu dans le délai imparti."),
    "tls_error": ScanStatus(
        "Erreur HTTPS", "Le certificat ou la connexion sécurisée (HTTPS) du site est en erreur."
    ),
    "robots_blocked": ScanStatus(
        "Exploration interdite (robots.txt)",
        "Le fichier robots.txt du site interdit l'exploration de la page d'accueil.",
    ),
    "http_error": ScanStatus(
        "Erreur HTTP", "La page d'accueil répond par une erreur HTTP (4xx ou 5xx)."
    ),
    "redirect_loop": ScanStatus(
        "Redirections sans fin",
        "La page d'accueil redirige sans fin (boucle ou chaîne trop longue).",
    ),
    "redirected_offsite": ScanStatus(
        "Redirigé vers un autre organisme",
        "La page d'accueil redirige vers le domaine d'un autre organisme.",
    ),
    "not_html": ScanStatus("Pas une page web", "La page d'accueil n'est pas une page web (HTML)."),
    "parked": ScanStatus(
        "Domaine parqué",
        "Le nom de domaine est « parqué » : une page d'attente ou de vente, pas le site.",
    ),
    "private_address": ScanStatus(
        "Adresse privée",
        "Le nom du site pointe vers une adresse privée, injoignable depuis Internet.",
    ),
    "render_failed": ScanStatus(
        "Non mesuré : rendu impossible",
        "Le site est construit en JavaScript et n'a pas pu être affiché dans un navigateur"
        " (navigateur en échec ou trop lent) : non mesuré.",
    ),
    "no_browser": ScanStatus(
        "Non mesuré : sans navigateur",
        "Le site est construit en JavaScript et l'exploration s'est faite sans navigateur :"
        " non mesuré.",
    ),
}

# "We could not look", not "the site lacks it": the crawl, not the site, failed (its browser
# was missing, crashed or too slow on a page built by JavaScript). Such a site has no
# findings, is never scored, and counts as still to scan for `vigie crawl --resume`, whose
# new scan replaces it.
NOT_MEASURED: frozenset[str] = frozenset({"render_failed", "no_browser"})
