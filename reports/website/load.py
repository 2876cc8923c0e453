"""The website's content read from the database (`content.py` says what each page holds): a few
bulk queries for the whole scope (`facts.py`, `history.py`, and the deck's figures for the home
page), the pages built in memory, the authorities' pages produced one at a time as the writer
asks for them (`authority_pages.py`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from database.scope import Scope
from reports.data import load_overview
from reports.french import long_date
from reports.website.authority_pages import authority_line, authority_pages, is_measured
from reports.website.content import SiteContent
from reports.website.evidence import social_rules
from reports.website.facts import read_facts
from reports.website.history import read_history
from reports.website.home_page import home_page
from reports.website.territory_pages import territory_pages
from scoring.model import Model


def load_site(engine: Engine, run_id: int, model: Model, scope: Scope | None = None) -> SiteContent:
    """Everything the site of the run and scope shows, scored under the model; the
    authorities' pages are a generator, read from the database as they are written."""
    scope = scope or Scope("national")
    facts = read_facts(engine, run_id, model, scope)
    history = read_history(engine, run_id, model.version, scope)
    lines = {authority.id: authority_line(facts, authority) for authority in facts.authorities}
    measured = {
        authority.id: float(facts.scores[authority.id].score)
        for authority in facts.authorities
        if is_measured(facts, authority)
    }
    territories = territory_pages(facts, lines, measured)
    index = list(lines.values())
    return SiteContent(
        run_id=run_id,
        run_day=long_date(facts.run_started),
        model_version=model.version,
        scope=scope_label(scope),
        home=home_page(
            load_overview(engine, run_id, model, scope), index, len(measured), territories
        ),
        territories=territories,
        index=index,
        authority_pages=authority_pages(engine, facts, history),
        generated_on=date.today(),
        social_rules=social_rules(model),
    )


def scope_label(scope: Scope) -> str:
    """The scope as the site names it: 'France entière', 'Loire-Atlantique (44)',
    'Région Bretagne', 'Liste « communes-test »'."""
    label = scope.label
    return label[:1].upper() + label[1:]
