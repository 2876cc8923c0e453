"""Publishing the website into a folder: read the content (`load.py`), write the exports
the site offers for download, write the pages (`build.py`) into a staging folder beside the
target, then put it in place. A rebuild therefore never leaves the pages of an authority
that left the scope, and a build that fails half-way leaves the previous site whole."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine, select

from database.models import CrawlRun
from database.scope import Scope
from database.validation import run_validation
from reports.datapackage import DESCRIPTOR, README, write_datapackage
from reports.export import authority_table, describe, write_export
from reports.labels import feature_label
from reports.website.build import SiteSummary, write_site
from reports.website.content import Link
from reports.website.load import load_site
from scoring.model import Model

# Written in every site Vigie builds: a folder without it is not replaced, since it may hold
# someone's files.
MARKER = ".vigie-site"
DOWNLOADS = "donnees"
PACKAGE = "paquet"  # the citable data package, in the downloads' folder
# The contact address a crawl's user agent gives ("Vigie/1.0 (+https://…; …)"): whom the
# authorities already know as the crawl's operator, hence whom a dispute goes to.
USER_AGENT_CONTACT = re.compile(r"\(\+([^;)\s]+)")


class NotASite(ValueError):
    """The output folder holds files that are not a site Vigie built."""


def check_target(out: Path) -> None:
    """Refuse a folder Vigie would have to empty but did not build."""
    resolved = out.resolve()
    if not resolved.name or resolved == Path.cwd().resolve():
        # The new site replaces the folder whole: it cannot be the one the command runs in.
        raise NotASite(f"{out}: the site needs a folder of its own, not the current one")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise NotASite(
            f"{out} is not empty and is not a site Vigie built (no {MARKER} file);"
            " give an empty or new folder"
        )


def publish_site(
    engine: Engine,
    run_id: int,
    model: Model,
    scope: Scope,
    out: Path,
    contact_url: str | None = None,
) -> SiteSummary:
    """Build the site of the run and scope into `out`. Disputes go to `contact_url`, or else
    to the contact address the run's user agent gave."""
    check_target(out)
    out = out.resolve()
    staging = out.with_name(f".{out.name}.building")
    if staging.exists():
        shutil.rmtree(staging)  # left by a build that was stopped
    staging.mkdir(parents=True)
    downloads = _write_downloads(engine, run_id, model, scope, staging / DOWNLOADS)
    content = replace(
        load_site(engine, run_id, model, scope),
        downloads=downloads,
        contact_url=contact_url or run_contact(engine, run_id),
    )
    summary = write_site(content, staging)
    (staging / MARKER).write_text(
        f"Built by Vigie from run {run_id}, model {model.version}.\n", encoding="utf-8"
    )
    _swap(staging, out)
    # The size of everything published, the downloads included.
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    return replace(summary, out=out, bytes=size)


def run_contact(engine: Engine, run_id: int) -> str | None:
    """The contact address in the user agent the run crawled with, if it gave one."""
    with engine.connect() as connection:
        settings = connection.execute(
            select(CrawlRun.settings).where(CrawlRun.id == run_id)
        ).scalar_one()
    found = USER_AGENT_CONTACT.search(str((settings or {}).get("USER_AGENT") or ""))
    return found.group(1) if found else None


def _write_downloads(
    engine: Engine, run_id: int, model: Model, scope: Scope, folder: Path
) -> list[Link]:
    """The scope's table of authorities (one row each, every finding a column) and its
    dictionary, both CSV: a workbook of 36,000 rows took 30 s and raised the build's peak
    from 957 MB to 1,540 MB (openpyxl holds every cell), for what `vigie export --format
    xlsx` gives on demand."""
    table = authority_table(engine, run_id, model.version, scope)
    stem = f"vigie-campagne-{run_id}"
    data = write_export(table, folder / f"{stem}.csv", "csv")
    dictionary = describe(list(table.columns), run_validation(engine, run_id))
    del table  # the pages are read next: the table's memory is not held beside theirs
    dictionary.insert(1, "libelle", [_french_label(column) for column in dictionary["column"]])
    dictionary_file = folder / f"{stem}-colonnes.csv"
    dictionary.to_csv(dictionary_file, index=False)
    # The package researchers cite (docs/research.md): the same scope and run, every finding
    # with its evidence, the scores' parts, the codebook and the licence. Published beside
    # the table so that its descriptor has an address frictionless can read from.
    package = folder / PACKAGE
    write_datapackage(engine, run_id, model.version, package, scope, model=model)
    return [
        Link("Tableau des collectivités (CSV, une ligne par collectivité)", _relative(data)),
        Link("Dictionnaire de ses colonnes (CSV)", _relative(dictionary_file)),
        Link(
            "Paquet de données citable, au format Frictionless Data : son descripteur"
            " (datapackage.json), qui décrit chacune de ses tables",
            f"{DOWNLOADS}/{PACKAGE}/{DESCRIPTOR}",
        ),
        Link(
            "Le mode d'emploi du paquet : tables, codes, licence et citation (README, en anglais)",
            f"{DOWNLOADS}/{PACKAGE}/{README}",
        ),
    ]


def _french_label(column: str) -> str:
    """A finding column's French label; "" for the identity, status and score columns, which
    the dictionary's own text describes."""
    label = feature_label(column)
    return "" if label == column else label


def _relative(path: Path) -> str:
    return f"{DOWNLOADS}/{path.name}"


def _swap(staging: Path, out: Path) -> None:
    """Put the new site where the old one was: the old one is moved aside first, so at every
    moment one complete site is on disk."""
    old = out.with_name(f".{out.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    if old.exists():
        shutil.rmtree(old)
