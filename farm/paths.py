"""Where things live on a farm site: the paths of its pages and files, with their link texts."""

from __future__ import annotations

from farm.model import Site

SECTIONS = (
    "vie-municipale",
    "enfance-jeunesse",
    "urbanisme",
    "associations",
    "environnement",
    "culture",
)
LARGE_PAGE, ARCHIVE = "/bulletin-municipal.html", "/documents/archives.zip"
# Hostile pages: path and link text (texts a crawler ranks high, so that it goes there).
HOSTILE_PAGES = {
    "gzip_bomb": ("/publications/recueil.html", "Publications"),
    "endless_body": ("/deliberations/registre.html", "Délibérations du conseil"),
    "slow_drip": ("/agenda/manifestations.html", "Agenda des manifestations"),
}
ACTS_PAGE, BUDGET_PAGE = "/conseil-municipal/deliberations", "/finances/budget"
PERMIT_INFO_PAGE = "/urbanisme/guichet-numerique"
PERMIT_DESK_TEXT = "Guichet numérique des autorisations d'urbanisme"
OPEN_DATA_PAGE = "/donnees-ouvertes"
DATA_FILES = {
    "csv": ("/documents/donnees/subventions-2025.csv", "Subventions aux associations (CSV)"),
    "geojson": ("/documents/donnees/equipements.geojson", "Équipements publics (GeoJSON)"),
    "xlsx": ("/documents/donnees/budget-primitif-2026.xlsx", "Budget 2026 (tableur)"),
    "json": ("/documents/donnees/deliberations.json", "Délibérations (JSON)"),
}
PARTICIPATION_PAGE, NEWSLETTER_PAGE, NEWCOMERS_PAGE = (
    "/participation",
    "/lettre-information",
    "/vivre-ici",
)


def filler_paths(site: Site) -> list[str]:
    return [f"/{SECTIONS[i % len(SECTIONS)]}/page-{i + 1}" for i in range(site.filler_pages)]
