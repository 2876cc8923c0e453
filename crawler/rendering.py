"""Browser rendering with scrapy-playwright and Debian's Chromium, for JavaScript-built pages.

Off unless VIGIE_RENDERING is on and a browser is found: a crawl asked to render without a
browser says so once and crawls without rendering (the run records VIGIE_RENDERING as off,
so that nothing that only a rendered page shows is expected from it).
"""

from __future__ import annotations

import asyncio
import ctypes
import ipaddress
import os
import shutil
import weakref
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import Settings

from crawler.addresses import farm_hosts, is_public

# scrapy-playwright's handler, with a bound on a whole rendering (crawler/render_handler.py).
PLAYWRIGHT_HANDLER = "crawler.render_handler.BoundedPlaywrightHandler"
# None of Chromium's background traffic (a closed network refuses it, many times a second);
# its sandbox is a separate question (`sandbox_possible`).
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
# What a page opened for a screenshot loads besides (VIGIE_SCREENSHOTS): what a reader sees.
SHOWN_RESOURCES = frozenset({"image", "font", "stylesheet"})
SCREENSHOT_VIEWPORT = {"width": 1280, "height": 800}
# The pages opened for a screenshot, marked before their navigation (a page's init callback).
SCREENSHOT_PAGES: weakref.WeakSet[Any] = weakref.WeakSet()


# The kernel's switches that close user namespaces to unprivileged processes, with the value
# that closes them (the second is Debian's, the third Ubuntu's AppArmor restriction).
USER_NAMESPACE_SWITCHES = (
    ("/proc/sys/user/max_user_namespaces", "0"),
    ("/proc/sys/kernel/unprivileged_userns_clone", "0"),
    ("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1"),
)
CLONE_NEWUSER = 0x10000000


def user_namespaces_available() -> bool:
    """Whether this (unprivileged) process may create a user namespace: Chromium's sandbox
    on Linux is built on them (Debian ships no setuid sandbox helper). A container's seccomp
    profile may refuse them whatever the switches say, hence the probe, in a child process
    (creating a namespace changes the process that does it)."""
    for switch, closed in USER_NAMESPACE_SWITCHES:
        try:
            if Path(switch).read_text(encoding="ascii").strip() == closed:
                return False
        except OSError:
            continue
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        child = os.fork()
    except (OSError, AttributeError):
        return False
    if child == 0:  # pragma: no cover - the child only answers
        os._exit(0 if libc.unshare(CLONE_NEWUSER) == 0 else 1)
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status) == 0


def sandbox_possible(as_root: bool) -> bool:
    """Chromium refuses to start sandboxed as root, and cannot without user namespaces."""
    return not as_root and user_namespaces_available()


def chromium_arguments(sandbox: bool) -> list[str]:
    """Chromium's flags. Its sandbox (what keeps a page's scripts from the machine, should
    the renderer be exploited) stays on wherever Chromium can have it: a national campaign
    runs its crawl as an unprivileged user (docs/operations.md)."""
    return list(CHROMIUM_ARGS) if sandbox else [*CHROMIUM_ARGS, "--no-sandbox"]


def launch_options(executable: str, sandbox: bool, farm: bool) -> dict[str, Any]:
    """What Playwright launches Chromium with. `chromium_sandbox` must be said: without it,
    Playwright adds --no-sandbox itself, whoever runs the crawl."""
    arguments = chromium_arguments(sandbox)
    if farm:
        # The farm's names exist only on loopback; the browser must never ask real DNS.
        arguments.append("--host-resolver-rules=MAP * 127.0.0.1")
    return {
        "executable_path": executable,
        "headless": True,
        "args": arguments,
        "chromium_sandbox": sandbox,
    }


def browser_path(settings: Settings) -> str | None:
    """The Chromium executable to use, if there is one."""
    configured = settings.get("VIGIE_CHROMIUM") or ""
    if configured and os.access(configured, os.X_OK):
        return str(configured)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def apply_rendering(settings: Settings) -> str | None:
    """Switch the download handlers to scrapy-playwright when rendering is on and possible.

    Returns a message for the operator when rendering was asked for but cannot happen. The
    parent process of a crawl calls it before anything else: a farm hosts file that names no
    host (`crawler.addresses.farm_hosts`) stops the command here, rendering or not.
    """
    farm = farm_hosts(settings)
    if not settings.getbool("VIGIE_RENDERING"):
        return None
    executable = browser_path(settings)
    if executable is None:
        settings.set("VIGIE_RENDERING", False, priority="cmdline")
        return (
            "Rendering is on, but no Chromium was found (VIGIE_CHROMIUM, or `chromium` on "
            "PATH): sites built by JavaScript are stored as not measured (status no_browser). "
            "Install Debian's `chromium` package, then `vigie crawl --resume RUN` measures them."
        )
    if farm is not None:
        settings.set("PLAYWRIGHT_CONTEXTS", {"default": {"ignore_https_errors": True}}, "cmdline")
    handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
    handlers.update({"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER})
    settings.set("DOWNLOAD_HANDLERS", handlers, priority="cmdline")
    settings.set("PLAYWRIGHT_BROWSER_TYPE", "chromium", priority="cmdline")
    sandbox = sandbox_possible(os.geteuid() == 0)
    launch = launch_options(executable, sandbox, farm is not None)
    settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", launch, priority="cmdline")
    settings.set("PLAYWRIGHT_ABORT_REQUEST", abort_hook(settings, farm), "cmdline")
    return None


def abort_hook(settings: Settings, farm: frozenset[str] | None) -> Any:
    """The page request went through AddressGuardMiddleware; what the page then loads is asked
    by Chromium itself, so it is checked here, by the same rule: in a farm crawl only the
    farm's names (Chromium maps every name to loopback, and would reach any address given as
    such), else only public addresses (unless the address check is off)."""
    if farm is not None:
        return FarmRequestsOnly(farm)
    if settings.getbool("VIGIE_PUBLIC_ADDRESSES_ONLY"):
        return "crawler.rendering.skip_resource_or_private"
    return "crawler.rendering.skip_resource"


async def prepare_screenshot_page(page: Any, request: object) -> None:
    """scrapy-playwright's page init callback of a screenshot request: the page loads its
    styles, images and fonts (still through the same address rules), at a laptop's size."""
    SCREENSHOT_PAGES.add(page)
    await page.set_viewport_size(SCREENSHOT_VIEWPORT)


def _for_screenshot(request: Any) -> bool:
    try:
        return request.frame.page in SCREENSHOT_PAGES
    except Exception:  # a service worker's request has no frame
        return False


def skip_resource(request: object) -> bool:
    """Images, media, fonts and styles are not loaded (but for a screenshot: its images,
    fonts and styles), nor anything but http(s)."""
    url = str(getattr(request, "url", ""))
    kind = str(getattr(request, "resource_type", ""))
    if not url.startswith(("http://", "https://")):
        return True
    return kind in SKIPPED_RESOURCES and not (kind in SHOWN_RESOURCES and _for_screenshot(request))


def _host(request: object) -> str | None:
    """The request's host name, lower case; None for a URL without one, or malformed."""
    try:
        host = urlsplit(str(getattr(request, "url", ""))).hostname
    except ValueError:
        return None
    return host.rstrip(".") if host else None


class FarmRequestsOnly:
    """The abort hook of a farm crawl: as `skip_resource`, and whatever is not on a farm name
    (an address given as such included: Chromium's resolver rules do not touch those)."""

    def __init__(self, hosts: frozenset[str]):
        self.hosts = hosts

    def __call__(self, request: object) -> bool:
        return skip_resource(request) or _host(request) not in self.hosts


async def skip_resource_or_private(request: object) -> bool:
    """As `skip_resource`, and whatever is on, or resolves to, an address that is not public.

    Known limit: Chromium resolves the name again when it connects; a name whose answer
    changes in between (DNS rebinding) is not caught.
    """
    if skip_resource(request):
        return True
    host = _host(request)
    if not host:
        return True
    try:
        addresses = {str(ipaddress.ip_address(host))}
    except ValueError:
        try:
            answers = await asyncio.get_running_loop().getaddrinfo(host, None)
        except OSError:
            return True  # Chromium would not reach it either
        addresses = {str(answer[4][0]) for answer in answers}
    return not addresses or not all(is_public(address) for address in addresses)
