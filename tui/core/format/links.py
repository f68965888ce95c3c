"""Links: canonical story keys, X/Twitter handles, and which links may reach a browser."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

MAX_URL_LENGTH = 2048
"""Longer links are refused: no real article needs more."""

_X_HOSTS = frozenset({"x.com", "twitter.com"})
_HANDLE_RE = re.compile(r"^/([A-Za-z0-9_]{1,15})/status(?:es)?/([0-9]+)")
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    for prefix in ("www.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    if host == "twitter.com":
        host = "x.com"
    return host


_SIMPLE_URL_RE = re.compile(r"[hH][tT][tT][pP][sS]?://([A-Za-z0-9.\-]+)(/[^?#\s\\]*)?(?:\?([^#\s]*))?(?:#\S*)?\Z")
_X_STATUS_RE = re.compile(
    r"[hH][tT][tT][pP][sS]?://(?:(?:www|mobile)\.)?(?:[xX]|[tT][wW][iI][tT][tT][eE][rR])\.[cC][oO][mM]"
    r"/([A-Za-z0-9_]{1,15})/status(?:es)?/[0-9]+(?:[/?#]|\Z)"
)


TRACKING = ("utm_", "fbclid=", "gclid=", "ref_src=")
"""Query parameters that say where a click came from, not what it goes to (FORMAT.md 4)."""
_X_STATUS_PATH = re.compile(r"/[A-Za-z0-9_]{1,15}/status(?:es)?/[0-9]+(?:/|\Z)")


_X_MEDIA_TAIL = re.compile(r"(/[A-Za-z0-9_]{1,15}/status(?:es)?/[0-9]+)/(?:photo|video)/[0-9]+\Z")
"""A status link from X's media viewer (`…/status/1/photo/2`): the same post as the status."""


def _path(host: str, path: str) -> str:
    """The path a key keeps: an x.com status link without its media viewer's tail, its handle in
    lower case (X's handles are: `x.com/Sama/status/1` and `x.com/sama/status/1` are one post)."""
    if host != "x.com":
        return path
    if "/photo/" in path or "/video/" in path:
        media = _X_MEDIA_TAIL.fullmatch(path)
        if media is not None:
            path = media.group(1)
    if not path.islower() and _X_STATUS_PATH.match(path + "/"):
        handle_end = path.index("/", 1)
        path = path[:handle_end].lower() + path[handle_end:]
    return path


def _keep(part: str) -> bool:
    lower = part.lower()
    return bool(part) and not lower.startswith(TRACKING) and lower not in ("fbclid", "gclid", "ref_src")


def _query(host: str, path: str, query: str) -> str:
    """The query a key keeps: none on an x.com status link, else all but tracking parameters."""
    if not query or (host == "x.com" and _X_STATUS_PATH.match(path + "/")):
        return ""
    return "&".join(part for part in query.split("&") if _keep(part))


def canonical_key(url: str) -> str:
    """The story key of a link: https, bare lower-case host, no fragment, no tracking parameters
    (every query parameter of an x.com status link, and its media viewer's `/photo/1` tail; its
    handle in lower case), no trailing slash.

    A link that is not http(s) is returned stripped, unchanged otherwise.
    """
    url = url.strip()
    simple = _SIMPLE_URL_RE.match(url)
    if simple is not None:
        host, path, query = simple.groups()
        host = _bare_host(host)
        path = _path(host, (path or "").rstrip("/"))
        query = _query(host, path, query or "")
        return f"https://{host}{path}" + (f"?{query}" if query else "")
    return _canonical_parsed(url)


def _canonical_parsed(url: str) -> str:
    """canonical_key through urlsplit: the reference for the fast path above."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url
    host = _bare_host(parts.hostname)
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = _path(host, parts.path.rstrip("/"))
    query = _query(host, path, parts.query)
    return urlunsplit(("https", host, path, query, ""))


_X_STATUS_AS_KEY = re.compile(r"https://x\.com/([A-Za-z0-9_]{1,15})/status/[0-9]+\Z")
"""An X status link as its key is written (`https://x.com/<handle>/status/<id>`, the handle in any case)."""


def key_and_handle(url: str) -> tuple[str, str | None]:
    """`canonical_key(url)` and `x_handle(url)`, at once for the commonest link of AI digests."""
    status = _X_STATUS_AS_KEY.match(url)
    if status is not None:
        handle = status.group(1)
        if handle.islower():
            return url, None if handle == "i" else handle
        return f"https://x.com/{handle.lower()}{url[14 + len(handle):]}", None if handle == "I" else handle
    return canonical_key(url), x_handle(url)


def headline_key(stem: str, headline: str) -> str:
    """The key of an item without a link: its digest and headline."""
    return f"nolink:{stem}:{headline}"


def x_handle(url: str | None) -> str | None:
    """The handle named by an `x.com/<handle>/status/<id>` link (twitter.com, www., mobile. too)."""
    if not url:
        return None
    fast = _X_STATUS_RE.match(url.strip())
    if fast is not None:
        return None if fast.group(1).lower() == "i" else fast.group(1)
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if not host or parts.scheme.lower() not in ("http", "https") or _bare_host(host) not in _X_HOSTS:
        return None
    match = _HANDLE_RE.match(parts.path)
    if not match or match.group(1).lower() == "i":
        return None
    return match.group(1)


def refuse_reason(url: str | None) -> str | None:
    """Why this link must not be handed to a browser, or None when it may be."""
    if not url:
        return "the item has no link"
    if len(url) > MAX_URL_LENGTH:
        return f"the link is {len(url)} characters long (limit {MAX_URL_LENGTH})"
    if _CONTROL_RE.search(url):
        return "the link contains whitespace or control characters"
    if url.startswith("//"):
        return "the link has no scheme (only http and https are opened)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "the link is not a valid URL"
    scheme = parts.scheme.lower()
    if not scheme:
        return "the link has no scheme (only http and https are opened)"
    if scheme not in ("http", "https"):
        return f"{scheme}: links are not opened (only http and https)"
    if not parts.hostname:
        return "the link has no host"
    return None


def display_host(url: str | None) -> str:
    """The real host a link goes to, for showing beside it."""
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    host = host.lower()
    if host.isascii():
        return host
    # A look-alike (`x.cοm` with a Greek omicron) must not pass for the real one: the host as
    # DNS sees it (punycode) first, its Unicode form after, and a mark when one label mixes scripts.
    shown = f"{_punycode(host)} ({host})"
    return shown + " ⚠ mixed scripts" if any(len(_scripts(label)) > 1 for label in host.split(".")) else shown


def _punycode(host: str) -> str:
    labels = []
    for label in host.split("."):
        if label.isascii():
            labels.append(label)
            continue
        try:
            labels.append("xn--" + label.encode("punycode").decode("ascii"))
        except UnicodeError:
            labels.append(label)
    return ".".join(labels)


def _scripts(label: str) -> set[str]:
    """The scripts of a label's letters (LATIN, GREEK, CYRILLIC, CJK…), by Unicode names."""
    import unicodedata

    found = set()
    for char in label:
        if char.isalpha():
            name = unicodedata.name(char, "")
            found.add(name.split(" ")[0] if name else "?")
    return found
