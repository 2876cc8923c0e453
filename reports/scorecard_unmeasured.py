"""The scorecard of an authority whose site was not measured in the run (no site listed, a site
that did not answer, a page the browser could not draw, or not scanned at all): one page that
says so and what can be done, never a page of zeros (docs/statuses.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches
from sqlalchemy import Connection, select

from database.models import Authority, CrawlRun, SiteScan
from database.statuses import NOT_MEASURED, SCAN_STATUSES
from reports.layout import CONTENT_TOP, CONTENT_WIDTH, MARGIN, add_bullets, titled_slide
from reports.scorecard_source import source

# What the authority can do, for each status but "ok" (docs/statuses.md, last column).
STATUS_ADVICE = {
    "no_website": "déclarer le site de la collectivité dans l'Annuaire de l'administration"
    " (service-public.fr).",
    "dns_failure": "vérifier le renouvellement du nom de domaine et ses enregistrements DNS.",
    "connection_failure": "vérifier que le serveur du site est en service et joignable.",
    "timeout": "vérifier la charge et l'hébergement du serveur du site.",
    "tls_error": "renouveler ou corriger le certificat HTTPS du site.",
    "robots_blocked": "autoriser les robots d'exploration sur les pages publiques (robots.txt).",
    "http_error": "corriger la page d'accueil, qui répond par une erreur.",
    "redirect_loop": "corriger les règles de redirection du serveur.",
    "redirected_offsite": "mettre à jour l'adresse du site dans l'Annuaire de l'administration.",
    "not_html": "publier une page d'accueil au format web (HTML).",
    "parked": "renouveler l'hébergement du site, ou déclarer le vrai site dans l'Annuaire de"
    " l'administration.",
    "private_address": "corriger les enregistrements DNS du nom de domaine.",
    "render_failed": "rien : l'exploration a échoué, pas votre site ; il sera exploré de nouveau.",
    "no_browser": "rien : l'exploration a échoué, pas votre site ; il sera exploré de nouveau.",
}
NOT_SCORED = (
    "Aucun score n'est calculé pour cette campagne : ce qui n'a pas pu être vu n'est ni compté"
    " comme absent, ni noté zéro, et votre collectivité n'est pas classée."
)


@dataclass(frozen=True)
class UnmeasuredCard:
    """An authority of the run without a score: its scan status (None when not scanned)."""

    code: str
    name: str
    run_id: int
    run_started: datetime
    model_version: str
    status: str | None
    start_url: str | None

    def title(self) -> str:
        if self.status == "no_website":
            return f"{self.name} : pas de site référencé"
        if self.status is None:
            return f"{self.name} : non explorée dans cette campagne"
        return f"{self.name} : site non mesuré"

    def lines(self) -> list[str]:
        if self.status is None:
            found = (
                "Votre collectivité ne figurait pas parmi les sites à explorer de cette campagne."
            )
            return [found, NOT_SCORED]
        meaning = SCAN_STATUSES[self.status].meaning
        found = f"Constat de l'exploration : {meaning[0].lower()}{meaning[1:]}"
        if self.status in NOT_MEASURED:
            found += " Ce n'est pas un constat sur votre site."
        lines = [found]
        if self.start_url:
            lines.append(f"Adresse explorée : {self.start_url}")
        lines.append(NOT_SCORED)
        advice = STATUS_ADVICE.get(self.status)
        if advice:
            lines.append(f"Ce que vous pouvez faire : {advice}")
        return lines


def load_unmeasured(
    connection: Connection, run_id: int, model_version: str, code: str
) -> UnmeasuredCard | None:
    """The authority of that code, not scored in the run; None when no authority has it, or
    when its site was explored but not scored (the command line says to run `vigie score`)."""
    authority = connection.execute(
        select(Authority.id, Authority.name).where(Authority.code == code).order_by(Authority.id)
    ).first()
    if authority is None:
        return None
    started = connection.execute(
        select(CrawlRun.started_at).where(CrawlRun.id == run_id)
    ).scalar_one()
    scan = connection.execute(
        select(SiteScan.status, SiteScan.start_url).where(
            SiteScan.run_id == run_id, SiteScan.authority_id == authority.id
        )
    ).first()
    if scan is not None and scan.status == "ok":
        return None  # explored but not scored with this model: `vigie score` was not run
    return UnmeasuredCard(
        code,
        authority.name,
        run_id,
        started,
        model_version,
        scan.status if scan is not None else None,
        scan.start_url if scan is not None else None,
    )


def unmeasured_slide(presentation: PresentationType, card: UnmeasuredCard) -> None:
    slide = titled_slide(presentation, card.title(), source(card))
    add_bullets(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(5), card.lines(), size=18)
