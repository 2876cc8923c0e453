"""A small scored run built through the store and the scoring, for the good-practice tests:
each site strong on other axes, some with a screenshot of their home page."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image
from sqlalchemy import Engine, text

from crawler.items import Finding, PageRecord, Screenshot, SiteItem
from database.repository import create_run, finish_run, pending_targets, store_site
from database.targets import import_file
from scoring.compute import score_run
from scoring.model import Model

TAKEN = datetime(2026, 11, 29, 10, 30, tzinfo=UTC)
# name -> findings (feature, value, path); a site's screenshot when its name is in SHOT.
SITES = {
    "Aubusson": [("eservices.kind", "local-procedure", "/demarches"),
                 ("eservices.kind", "payment", "/demarches"),
                 ("eservices.kind", "planning-permit", "/urbanisme"),
                 ("social.facebook", "https://www.facebook.com/aubusson", "/")],
    "Bellac": [("transparency.acts", "https://bellac.fr/actes.pdf", "/conseil"),
               ("transparency.budget", "https://bellac.fr/budget.pdf", "/budget"),
               ("opendata.portal", "https://data.bellac.fr/", "/donnees")],
    "Civray": [("social.facebook", "https://www.facebook.com/civray", "/"),
               ("social.youtube", "https://www.youtube.com/@civray", "/"),
               ("alerts.app", "panneaupocket", "/"),
               ("alerts.newsletter", "https://civray.fr/lettre", "/lettre")],
    "Dun": [("contact.form", "https://dun.fr/contact", "/contact")],
    "Eymoutiers": [("eservices.kind", "local-procedure", "/demarches")],
}  # fmt: skip
SHOT = {"Aubusson"}


def jpeg(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1280, 800), colour).save(buffer, "JPEG", quality=60)
    return buffer.getvalue()


def build(engine: Engine, folder: Path, model: Model) -> int:
    """Import the sites, store each as a crawl would, score the run; its id."""
    targets = folder / "targets.csv"
    lines = ["code,name,kind,url,population"]
    lines += [f"8700{index},{name},commune,https://{name.lower()}.fr/,2500"
              for index, name in enumerate(SITES, 1)]  # fmt: skip
    targets.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_file(engine, targets)
    run_id = create_run(engine, {"VIGIE_SCREENSHOTS": "home"})
    for target in pending_targets(engine, run_id):
        home = str(target.url)
        base = home.rstrip("/")
        found = [
            Finding(feature, value, base + path, value, "test/1")
            for feature, value, path in SITES[target.name]
        ]
        shot = Screenshot(home, TAKEN, "image/jpeg", jpeg("navy")) if target.name in SHOT else None
        page = PageRecord(home, home, 200, "text/html", 100, TAKEN, 1.0, "0" * 64, 0)
        store_site(engine, SiteItem(run_id, target.authority_id, target.website_id, "ok", None,
                                    home, home, TAKEN, TAKEN, [page], found, shot))  # fmt: skip
    finish_run(engine, run_id)
    score_run(engine, run_id, model)
    return run_id


def stored_image(engine: Engine, name: str) -> bytes | None:
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT s.image FROM screenshots s JOIN authorities a ON a.id = s.authority_id "
                "WHERE a.name = :name"
            ),
            {"name": name},
        ).scalar_one_or_none()
