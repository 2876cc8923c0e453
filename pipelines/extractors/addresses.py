"""The address a link's `href` (or a frame's `src`) leads to, as a browser resolves it against the
page's base, without fragment nor session id. `urljoin` is the reference; the addresses it
gives back as written (absolute ones, paths from the root: most of a page's links) are read
without it, at a tenth of the cost."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urljoin, urlsplit, urlunsplit

from crawler.urls import SESSION_PARAMS, strip_session


def web_address(base_url: str, address: str) -> str | None:
    """The absolute http(s) address a browser would follow, without fragment nor session id;
    None for one it cannot ("http://[", "http://x:99999/", another scheme)."""
    if is_plain_absolute(address):  # most links: read as written, at a tenth of the cost
        url, query = address, address.partition("?")[2]
    elif is_plain_root_relative(address) and (origin := web_origin(base_url)):
        url, query = origin + address, address.partition("?")[2]
    else:
        try:
            parts = urlsplit(urljoin(base_url, address))
            parts.port  # noqa: B018 - raises on a port that is no number
        except ValueError:
            return None
        if parts.scheme not in ("http", "https"):
            return None
        url, query = urlunsplit(parts._replace(fragment="")), parts.query
    if ";jsessionid=" not in url and not _may_name_session(query):
        return url  # `strip_session` would return it as is
    return strip_session(url)


def is_plain_absolute(address: str) -> bool:
    """An absolute http(s) address that `urljoin`, `urlsplit` and `urlunsplit` give back as
    written, whatever the base: printable ASCII (nothing to strip, no host to normalise), one
    colon (no port), a host, and no fragment, path parameter, bracket nor empty query."""
    return (
        address.startswith(("https://", "http://"))
        and address.isascii()
        and address.isprintable()
        and address.count(":") == 1
        and not any(mark in address for mark in "#;[]")
        and not address.endswith("?")
        and address.partition("//")[2][:1] not in ("", "/", "?")
    )


def is_plain_root_relative(address: str) -> bool:
    """A path from the root that `urljoin` appends to the base's scheme and host as written:
    printable ASCII, no dot segment, colon, fragment, path parameter nor empty query."""
    return (
        address.startswith("/")
        and not address.startswith("//")  # a host follows
        and address.isascii()
        and address.isprintable()
        and not any(mark in address for mark in "#;:[]")
        and not address.endswith("?")
        and "/." not in address.partition("?")[0]
    )


@lru_cache(maxsize=1024)
def web_origin(base_url: str) -> str | None:
    """`scheme://host` of an http(s) base with a host and a valid port, as `urljoin` and
    `urlsplit` read it; None for another base (its addresses take the long way)."""
    try:
        parts = urlsplit(base_url)
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def _may_name_session(query: str) -> bool:
    """Whether a parameter of the query may be a session's: its name, lower-cased, is in the
    query lower-cased, unless a %-escape writes it (`parse_qsl` decodes them)."""
    lowered = query.lower()
    return "%" in query or any(name in lowered for name in SESSION_PARAMS)
