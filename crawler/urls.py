"""URL normalisation and domain helpers shared by targets import, spider and extractors (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import tldextract
from w3lib.url import safe_url_string

# Parameters that track a visit and never identify a page.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "xtor", "mc_cid", "mc_eid", "_ga", "igshid", "ref_src"}
)

# Free hosts where each subdomain is a different owner's site, missing from the public
# suffix list: without them every e-monsite commune would look like one site.
FREE_HOST_SUFFIXES = (
    "e-monsite.com",
    "wixsite.com",
    "jimdofree.com",
    "jimdosite.com",
    "jimdo.com",
    "over-blog.com",
    "webnode.fr",
    "sitew.fr",
    "wordpress.com",
    "blogspot.com",
    "free.fr",
    "collectivite.fr",
    "pagesperso-orange.fr",
    "monsite-orange.fr",
)
# The bundled public-suffix snapshot: no download at run time.
_extract = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, extra_suffixes=FREE_HOST_SUFFIXES
)


# Parameters that carry a visitor's session: a new URL for the same page at every visit.
SESSION_PARAMS = frozenset(
    {"sid", "phpsessid", "jsessionid", "sessionid", "session_id", "cfid", "cftoken", "aspsessionid"}
)


def strip_session(url: str) -> str:
    """The URL without session identifiers (query parameters or a ;jsessionid= path suffix)."""
    parts = urlsplit(url)
    path = parts.path.split(";jsessionid=", 1)[0]
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(key, value) for key, value in pairs if key.lower() not in SESSION_PARAMS]
    if path == parts.path and len(kept) == len(pairs):
        return url  # untouched: re-encoding a query could change what the server sees
    return urlunsplit(parts._replace(path=path, query=urlencode(kept)))


V = TypeVar("V")


class InvalidUrl(ValueError):
    """A target URL that cannot name a website."""


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


def normalize_url(raw: str) -> str:
    """A website URL in canonical form: scheme, lower-case IDNA host, no fragment or tracking."""
    text = raw.strip()
    if not text:
        raise InvalidUrl("empty URL")
    if text.startswith("//"):
        text = "http:" + text
    elif "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
    except ValueError as error:  # "Invalid IPv6 URL": an unclosed "["
        raise InvalidUrl(f"not a URL: {raw!r} ({error})") from None
    if "@" in parts.netloc:
        raise InvalidUrl(f"a website URL has no user part: {raw!r}")
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidUrl(f"scheme {parts.scheme!r} is not http or https: {raw!r}")
    try:
        host = (parts.hostname or "").encode("idna").decode("ascii").lower()
        port = parts.port
    except (UnicodeError, ValueError) as error:
        raise InvalidUrl(f"bad host in {raw!r}: {error}") from None
    if "." not in host or any(char in host for char in " _,;"):
        raise InvalidUrl(f"no valid host name in {raw!r}")
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not is_tracking_param(key)
        ]
    )
    path = parts.path or "/"
    return safe_url_string(urlunsplit((scheme, netloc, path, query, "")))


def by_host_suffix(host: str, table: Mapping[str, V]) -> V | None:
    """The entry of `table` for `host` or the nearest parent domain it lists (a.b.fr -> b.fr)."""
    labels = host.lower().split(".")
    for start in range(len(labels) - 1):
        entry = table.get(".".join(labels[start:]))
        if entry is not None:
            return entry
    return None


def host_of(url: str) -> str:
    """The host name, lower case; empty when there is none, or the URL cannot be read (a
    page may write `http://[` in a link)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


@lru_cache(maxsize=65536)
def registered_domain(host: str) -> str:
    """The domain an organisation registers ("saint-denis.re" for "www.mairie.saint-denis.re")."""
    extracted = _extract(host)
    return extracted.top_domain_under_public_suffix or extracted.domain or host


def same_site(url: str, site_domain: str) -> bool:
    return registered_domain(host_of(url)) == site_domain
