"""Browser rendering with scrapy-playwright and Debian's Chromium, for JavaScript-built pages.

Off unless VIGIE_RENDERING is on and a browser is found: a crawl asked to render without a
browser says so once and crawls without rendering (the run records VIGIE_RENDERING as off,
so that nothing that only a rendered page shows is expected from it).
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import shutil
from urllib.parse import urlsplit

from scrapy.settings import Settings

from crawler.addresses import is_public

PLAYWRIGHT_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
# What ../shared/recipes.md found Chromium needs here: no sandbox as root, and none of its
# background traffic (this machine's closed network refuses it, many times a second).
CHROMIUM_ARGS = [
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
# Resources a rendered page does not need for its text and links.
SKIPPED_RESOURCES = frozenset({"image", "media", "font", "stylesheet"})


def chromium_arguments(as_root: bool) -> list[str]:
    """Chromium's flags. Its sandbox (what keeps a page's scripts from the machine, should
    the renderer be exploited) stays on, except as root, where Chromium refuses to start with
    it: a national campaign runs its crawl as an unprivileged user (docs/operations.md)."""
    return [*CHROMIUM_ARGS, "--no-sandbox"] if as_root else list(CHROMIUM_ARGS)


def browser_path(settings: Settings) -> str | None:
    """The Chromium executable to use, if there is one."""
    configured = settings.get("VIGIE_CHROMIUM") or ""
    if configured and os.access(configured, os.X_OK):
        return str(configured)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def apply_rendering(settings: Settings) -> str | None:
    """Switch the download handlers to scrapy-playwright when rendering is on and possible.

    Returns a message for the operator when rendering was asked for but cannot happen.
    """
    if not settings.getbool("VIGIE_RENDERING"):
        return None
    executable = browser_path(settings)
    if executable is None:
        settings.set("VIGIE_RENDERING", False, priority="cmdline")
        return (
            "Rendering is on, but no Chromium was found (VIGIE_CHROMIUM, or `chromium` on "
            "PATH): pages built by JavaScript are read as served. Install Debian's "
            "`chromium` package to render them."
        )
    arguments = chromium_arguments(os.geteuid() == 0)
    if settings.get("VIGIE_FARM_HOSTS"):
        # The farm's names exist only on loopback; the browser must never ask real DNS.
        arguments.append("--host-resolver-rules=MAP * 127.0.0.1")
        settings.set("PLAYWRIGHT_CONTEXTS", {"default": {"ignore_https_errors": True}}, "cmdline")
    handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
    handlers.update({"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER})
    settings.set("DOWNLOAD_HANDLERS", handlers, priority="cmdline")
    settings.set("PLAYWRIGHT_BROWSER_TYPE", "chromium", priority="cmdline")
    launch = {"executable_path": executable, "headless": True, "args": arguments}
    settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", launch, priority="cmdline")
    # The page request went through AddressGuardMiddleware; what the page then loads is asked
    # by Chromium itself, so it is checked here (the farm lives on loopback: not there).
    guard = "skip_resource" if settings.get("VIGIE_FARM_HOSTS") else "skip_resource_or_private"
    if not settings.getbool("VIGIE_PUBLIC_ADDRESSES_ONLY"):
        guard = "skip_resource"
    settings.set("PLAYWRIGHT_ABORT_REQUEST", f"crawler.rendering.{guard}", "cmdline")
    return None


def skip_resource(request: object) -> bool:
    """Images, media, fonts and styles are not loaded, nor anything but http(s)."""
    url = str(getattr(request, "url", ""))
    kind = str(getattr(request, "resource_type", ""))
    return kind in SKIPPED_RESOURCES or not url.startswith(("http://", "https://"))


async def skip_resource_or_private(request: object) -> bool:
    """As `skip_resource`, and whatever is on, or resolves to, an address that is not public.

    Known limit: Chromium resolves the name again when it connects; a name whose answer
    changes in between (DNS rebinding) is not caught.
    """
    if skip_resource(request):
        return True
    host = urlsplit(str(getattr(request, "url", ""))).hostname or ""
    try:
        addresses = {str(ipaddress.ip_address(host))}
    except ValueError:
        try:
            answers = await asyncio.get_running_loop().getaddrinfo(host, None)
        except OSError:
            return True  # Chromium would not reach it either
        addresses = {str(answer[4][0]) for answer in answers}
    return not addresses or not all(is_public(address) for address in addresses)
