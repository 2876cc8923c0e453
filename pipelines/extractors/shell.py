"""Pages whose static HTML is a JavaScript shell: only a rendered page shows what they say."""

from __future__ import annotations

from pipelines.extractors.page import Page

# Less visible text than a cookie banner, at most a skip link and a logo link.
SHELL_TEXT_CHARACTERS = 200
SHELL_LINKS = 2


def is_javascript_shell(page: Page) -> bool:
    """Scripts, and almost no text nor links: a site builder's page, built in the browser."""
    return (
        page.kind == "html"
        and bool(page.scripts)
        and len(page.text) < SHELL_TEXT_CHARACTERS
        and len(page.links) <= SHELL_LINKS
    )
