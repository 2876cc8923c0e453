"""The small database of `site_database.py`, filled and scored once per session, and the
website's content for its second campaign, its authorities' pages read into a list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from database import open_database
from reports.website.content import AuthorityPage, SiteContent
from reports.website.load import load_site
from scoring.model import Model, load_model
from tests.reports.website.site_database import fill


@dataclass
class Site:
    engine: Engine
    model: Model
    first_run: int
    run: int
    content: SiteContent
    pages: list[AuthorityPage]

    def page(self, code: str, kind: str = "commune") -> AuthorityPage:
        return next(
            p for p in self.pages if p.code == code and p.path.startswith(f"collectivite/{kind}-")
        )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('website') / 'vigie.db'}")
    model = load_model()
    first, second = fill(engine, model)
    content = load_site(engine, second, model)
    pages = list(content.authority_pages)
    yield Site(engine, model, first, second, content, pages)
    engine.dispose()
